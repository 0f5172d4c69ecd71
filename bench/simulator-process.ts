import {spawn} from 'node:child_process';
import * as v from 'valibot';
import {builtBenchScript} from './built-cli.js';

/** Every built-in vendor, as `tokenkit simulate --vendors` names them, in the registry's order. */
export const vendorNames = ['mist', 'opal', 'launchdarkly', 'gitlab', 'github', 'cloudflare', 'okta', 'datadog', 'openai'] as const;
export type VendorName = (typeof vendorNames)[number];

/**
Which of a vendor account's tokens one account of tokenkit lists, where the vendor has more than one kind:
GitHub's fine-grained PAT grants or SSO authorizations, Cloudflare's account tokens or its administrator's user
tokens (both announced by the simulator), Okta's API tokens or its apps' client secrets (one simulated org, two
entries of the fleet: fleet-vendors.ts).
*/
export const accountScopes = ['grants', 'sso', 'account', 'user', 'api-tokens', 'client-secrets'] as const;
export type AccountScope = (typeof accountScopes)[number];

/**
The vendors the politeness scenario covers, each with its rate limit described there, and whose pipeline the CPU
scenario also splits into steps (stages.ts). The fleet and the CPU scenario cover every vendor.
*/
export const measuredVendorNames = ['mist', 'opal', 'launchdarkly'] as const satisfies readonly VendorName[];
export type MeasuredVendorName = (typeof measuredVendorNames)[number];

/** One line of `tokenkit simulate`'s output. */
const VendorLineSchema = v.object({
	vendor: v.picklist(vendorNames),
	baseUrl: v.string(),
	accounts: v.array(v.object({
		name: v.string(),
		id: v.string(),
		apiKey: v.string(),
		tokens: v.number(),
		// A GitHub account is a GitHub App's installation on an org, listing one scope; its apiKey is the App's private key.
		appId: v.optional(v.number()),
		installationId: v.optional(v.number()),
		org: v.optional(v.string()),
		scope: v.optional(v.picklist(accountScopes)),
		// A Datadog org's application key, sent beside its API key (`apiKey`) on every call.
		applicationKey: v.optional(v.string()),
	})),
});

export type SimulatedVendor = v.InferOutput<typeof VendorLineSchema>;
export type SimulatedAccount = SimulatedVendor['accounts'][number];

export interface SimulatorSpec {
	readonly vendor: VendorName;
	readonly accounts: number;
	/** Tokens seeded per account (the simulator adds a few keys of its own). */
	readonly tokens: number;
	/** Same seed, same accounts, keys and tokens. @default 1 */
	readonly seed?: number | undefined;
	/**
	Options of the vendor's simulator that `tokenkit simulate` does not take (Okta's `apiTokenPageSize`). With any,
	the simulator runs in bench/simulator-child.ts instead, which takes the same flags and prints the same line.
	*/
	readonly simulatorOptions?: Readonly<Record<string, number>> | undefined;
	/**
	Where `tokenkit simulate --write-config` writes the config of these accounts (and, beside it, any key too long
	for one line), before it announces them. Not with `simulatorOptions`: simulator-child.ts writes none.
	*/
	readonly writeConfig?: string | undefined;
}

export interface SimulatorProcessOptions {
	readonly cliPath: string;
	/** Added delay per request in milliseconds. */
	readonly latency: number;
	/** Enforce the vendors' rate limits at their documented values. */
	readonly rateLimits: boolean;
	/** The longest the simulators may take to seed their data and start listening. */
	readonly startTimeoutMs: number;
}

export interface SimulatorProcess {
	readonly vendors: readonly SimulatedVendor[];
	stop(): Promise<void>;
}

/**
Starts `tokenkit simulate` in a child process, one per vendor because each vendor needs its own account and
token counts. The child does the serving, so the benchmark process holds only the client: its CPU time and
memory are the client's.
*/
export async function startSimulatorProcess(spec: SimulatorSpec, options: SimulatorProcessOptions): Promise<SimulatorProcess> {
	if (spec.writeConfig !== undefined && spec.simulatorOptions !== undefined) {
		throw new Error(`${spec.vendor}: a simulator started with options of its own writes no config`);
	}

	const command = spec.simulatorOptions === undefined
		? [options.cliPath, 'simulate']
		: [builtBenchScript(options.cliPath, 'simulator-child.js'), '--options', JSON.stringify(spec.simulatorOptions)];
	const argv = [
		...command,
		'--vendors', spec.vendor,
		'--accounts', String(spec.accounts),
		'--tokens', String(spec.tokens),
		'--latency', String(options.latency),
		'--seed', String(spec.seed ?? 1),
		...(options.rateLimits ? [] : ['--no-rate-limits']),
		...(spec.writeConfig === undefined ? [] : ['--write-config', spec.writeConfig]),
	];
	const child = spawn(process.execPath, argv, {stdio: ['ignore', 'pipe', 'pipe']});
	// A benchmark that dies must not leave a simulator listening forever: it only stops on a signal.
	const killOnExit = (): void => {
		child.kill('SIGKILL');
	};

	process.once('exit', killOnExit);
	const exited = new Promise<number | null>(resolve => {
		child.once('close', code => {
			process.off('exit', killOnExit);
			resolve(code);
		});
	});
	let stderr = '';
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (chunk: string) => {
		// Kept short: only the start of it is useful when the child fails.
		stderr = (stderr + chunk).slice(0, 4000);
	});

	const stop = async (): Promise<void> => {
		if (child.exitCode !== null || child.signalCode !== null) {
			return;
		}

		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
		await exited;
		clearTimeout(timer);
	};

	try {
		const line = await firstLine(child.stdout, exited, options.startTimeoutMs);
		return {vendors: [v.parse(VendorLineSchema, JSON.parse(line))], stop};
	} catch (error) {
		await stop();
		throw new Error(`tokenkit simulate (${spec.vendor}, ${spec.accounts} × ${spec.tokens}) did not start: ${error instanceof Error ? error.message : String(error)}\n${stderr}`, {cause: error});
	}
}

/** Starts one simulator process per spec, side by side, and stops them all if one fails. */
export async function startSimulatorProcesses(specs: readonly SimulatorSpec[], options: SimulatorProcessOptions): Promise<SimulatorProcess> {
	const settled = await Promise.allSettled(specs.map(async spec => startSimulatorProcess(spec, options)));
	const started = settled.flatMap(result => result.status === 'fulfilled' ? [result.value] : []);
	const stopAll = async (): Promise<void> => {
		await Promise.all(started.map(async running => running.stop()));
	};

	const failure = settled.find(result => result.status === 'rejected');
	if (failure !== undefined) {
		await stopAll();
		throw failure.reason;
	}

	return {vendors: started.flatMap(running => running.vendors), stop: stopAll};
}

async function firstLine(stream: NodeJS.ReadableStream, exited: Promise<number | null>, timeoutMs: number): Promise<string> {
	return new Promise<string>((resolve, reject) => {
		let text = '';
		const timer = setTimeout(() => {
			reject(new Error(`no output within ${timeoutMs} ms`));
		}, timeoutMs);
		const onData = (chunk: Buffer): void => {
			text += chunk.toString('utf8');
			const end = text.indexOf('\n');
			if (end !== -1) {
				clearTimeout(timer);
				stream.off('data', onData);
				resolve(text.slice(0, end));
			}
		};

		stream.on('data', onData);
		void exited.then(code => {
			clearTimeout(timer);
			reject(new Error(`exited with code ${code} before printing its address`));
		});
	});
}

/** Every account of one vendor, each with its vendor's base URL. */
export function accountsOf(vendors: readonly SimulatedVendor[], vendor: VendorName): Array<SimulatedAccount & {readonly baseUrl: string}> {
	return vendors.filter(running => running.vendor === vendor).flatMap(running => running.accounts.map(account => ({...account, baseUrl: running.baseUrl})));
}

/** A simulated GitHub account: the App, its installation on the org, and which of the org's tokens the account lists. */
export interface GitHubApp {
	readonly appId: number;
	readonly installationId: number;
	readonly org: string;
	readonly scope: 'grants' | 'sso';
}

/** The App fields a GitHub account carries besides the common ones; an account without them is not a GitHub one. */
export function gitHubAppOf(account: SimulatedAccount): GitHubApp {
	const {appId, installationId, org, scope} = account;
	if (appId === undefined || installationId === undefined || org === undefined || (scope !== 'grants' && scope !== 'sso')) {
		throw new Error(`${account.name}: tokenkit simulate announced no GitHub App fields (appId, installationId, org, scope)`);
	}

	return {appId, installationId, org, scope};
}

/** The application key a Datadog account carries beside its API key; an account without one is not a Datadog one. */
export function datadogApplicationKeyOf(account: SimulatedAccount): string {
	if (account.applicationKey === undefined) {
		throw new Error(`${account.name}: tokenkit simulate announced no Datadog application key (applicationKey)`);
	}

	return account.applicationKey;
}

/** Tokens the simulators announced, the count every listing must reach. */
export function announcedTokens(simulators: SimulatorProcess): number {
	return simulators.vendors.reduce((sum, running) => sum + running.accounts.reduce((inner, account) => inner + account.tokens, 0), 0);
}
