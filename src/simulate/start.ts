import {ConfigError} from '../errors/index.js';
import type {VendorDefinition} from '../vendor.js';
import {startSimulatorServer, type RunningSimulatorServer, type SimulatorServerOptions} from './server.js';
import type {SimAccountInfo, VendorSimulator} from './types.js';

/** Latency, faults, churn and the seed apply to every vendor; `port` is the first of consecutive ports. */
export interface StartSimulatorsOptions extends Omit<SimulatorServerOptions, 'host'> {
	/** Vendor names to start. @default every built-in vendor */
	readonly vendors?: readonly string[] | undefined;
	/** Accounts per vendor. @default 2 */
	readonly accounts?: number | undefined;
	/** Tokens seeded per account. @default 25 */
	readonly tokens?: number | undefined;
	/** Enforce each vendor's rate limits. @default true */
	readonly rateLimits?: boolean | undefined;
	/** Clock for seeded times and expiries. @default Date.now */
	readonly now?: (() => number) | undefined;
}

export interface RunningVendorSimulator {
	readonly vendor: string;
	readonly baseUrl: string;
	readonly simulator: VendorSimulator;
	readonly server: RunningSimulatorServer;
	/** Accounts with their admin keys and current token counts. */
	accounts(): SimAccountInfo[];
	/** The config-file entries that point tokenkit at this vendor's accounts (one or more per account). */
	configEntries(): Array<Readonly<Record<string, string>>>;
}

export interface RunningSimulators {
	readonly vendors: readonly RunningVendorSimulator[];
	/** The running simulator of one vendor; throws when it was not started. */
	get(vendor: string): RunningVendorSimulator;
	/** Every key any simulator has seeded or minted, for leak checks. */
	allSecrets(): string[];
	/** Stops every server and closes every connection. */
	close(): Promise<void>;
}

/**
Starts the simulators of the given vendor definitions on loopback, each on its own port, with shared seed,
latency and fault settings. The registry-bound version, `startSimulators`, is exported from the package root.
*/
export async function startSimulatorsOf(definitions: readonly VendorDefinition[], options: StartSimulatorsOptions = {}): Promise<RunningSimulators> {
	const wanted = options.vendors ?? definitions.map(definition => definition.name);
	const unknown = wanted.filter(name => !definitions.some(definition => definition.name === name));
	if (unknown.length > 0) {
		throw new ConfigError(`unknown vendor ${unknown.map(name => `"${name}"`).join(', ')}; known vendors: ${definitions.map(definition => definition.name).join(', ')}`);
	}

	checkCount('accounts', options.accounts, 1);
	checkCount('tokens', options.tokens, 0);
	checkCount('port', options.port, 0);

	const started: RunningVendorSimulator[] = [];
	try {
		for (const [index, name] of wanted.entries()) {
			const definition = definitions.find(candidate => candidate.name === name);
			if (definition === undefined) {
				continue;
			}

			const simulator = await definition.createSimulator({
				seed: options.seed,
				accounts: options.accounts,
				tokens: options.tokens,
				now: options.now,
				rateLimits: options.rateLimits,
			});
			const server = await startSimulatorServer(simulator, {
				port: options.port === undefined || options.port === 0 ? 0 : options.port + index,
				seed: options.seed,
				latency: options.latency,
				faults: options.faults,
				retryAfterSeconds: options.retryAfterSeconds,
				slowBodyMs: options.slowBodyMs,
				churn: options.churn,
			});
			started.push({
				vendor: name,
				baseUrl: server.baseUrl,
				simulator,
				server,
				accounts: () => simulator.accounts(),
				configEntries: () => simulator.accounts().flatMap(account => definition.simulatedAccountConfig(account, server.baseUrl)),
			});
		}
	} catch (error) {
		await Promise.all(started.map(async running => running.server.close()));
		throw error;
	}

	return {
		vendors: started,
		get(vendor) {
			const found = started.find(running => running.vendor === vendor);
			if (found === undefined) {
				throw new ConfigError(`the ${vendor} simulator was not started`);
			}

			return found;
		},
		allSecrets: () => started.flatMap(running => running.simulator.allSecrets()),
		async close() {
			await Promise.all(started.map(async running => running.server.close()));
		},
	};
}

function checkCount(name: string, value: number | undefined, minimum: number): void {
	if (value !== undefined && (!Number.isInteger(value) || value < minimum)) {
		throw new ConfigError(`${name} must be a whole number of at least ${minimum}; got ${value}`);
	}
}
