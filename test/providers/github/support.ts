import {generateKeyPairSync} from 'node:crypto';
import {afterEach} from 'vitest';
import {createGitHubProvider, type GitHubProvider, type GitHubProviderOptions} from '../../../providers/github/index.js';
import {createGitHubSimulator, type GitHubSimulator, type GitHubSimulatorOptions} from '../../../providers/github/simulator.js';
import {startSimulatorServer, type RunningSimulatorServer, type SimulatorServerOptions} from '../../../src/simulate/server.js';
import type {SimRequest, VendorSimulator} from '../../../src/simulate/types.js';
import type {Token} from '../../../src/token.js';

/** One App key for a whole test file: RSA keys take a while to make, and the simulator takes one in. */
export const appPrivateKey = generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey.export({type: 'pkcs1', format: 'pem'}).toString();

/** A clock the test moves by hand; it starts at the real time, since JWTs are signed and checked against it. */
export interface Clock {
	readonly now: () => number;
	advance(ms: number): void;
}

export function createClock(): Clock {
	let offset = 0;
	return {
		now: () => Date.now() + offset,
		advance(ms) {
			offset += ms;
		},
	};
}

export interface RunningGitHub {
	readonly simulator: GitHubSimulator;
	readonly server: RunningSimulatorServer;
	readonly clock: Clock;
	/** Every request the simulator answered, in order. */
	readonly seen: SimRequest[];
	/** A provider for org 1 (or `org`), with the simulator's App. */
	provider(options?: Partial<GitHubProviderOptions>): GitHubProvider;
}

/** Starts simulators on loopback for the tests of one file, closed after each test. */
export function useGitHub(): (options?: GitHubSimulatorOptions & {server?: SimulatorServerOptions}) => Promise<RunningGitHub> {
	const open: RunningSimulatorServer[] = [];
	afterEach(async () => {
		await Promise.all(open.splice(0).map(async server => server.close()));
	});

	return async (options = {}) => {
		const clock = createClock();
		const simulator = createGitHubSimulator({privateKey: appPrivateKey, now: clock.now, ...options});
		const seen: SimRequest[] = [];
		const recording: VendorSimulator = {
			...simulator,
			handle(request) {
				seen.push(request);
				return simulator.handle(request);
			},
		};
		const server = await startSimulatorServer(recording, options.server);
		open.push(server);
		const org = simulator.org('github-org-1');
		return {
			simulator,
			server,
			clock,
			seen,
			provider: (overrides = {}) => createGitHubProvider({
				appId: simulator.app.id,
				privateKey: simulator.app.privateKey,
				org: org.login,
				baseUrl: server.baseUrl,
				account: 'gh-test',
				now: clock.now,
				retry: {baseDelay: 1, maxWait: 5000},
				...overrides,
			}),
		};
	};
}

/** Every token of a provider. */
export async function listAll(provider: GitHubProvider): Promise<Token[]> {
	const tokens: Token[] = [];
	for await (const token of provider.list()) {
		tokens.push(token);
	}

	return tokens;
}
