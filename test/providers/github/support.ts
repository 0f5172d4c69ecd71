import {generateKeyPairSync} from 'node:crypto';
import {createGitHubProvider, type GitHubProvider, type GitHubProviderOptions} from '../../../providers/github/index.js';
import {createGitHubSimulator, type GitHubSimulator, type GitHubSimulatorOptions} from '../../../providers/github/simulator.js';
import type {SimulatorServerOptions} from '../../../src/simulate/server.js';
import type {Token} from '../../../src/token.js';
import {useSimulatorServers, type ServedSimulator} from '../../support/simulator-servers.js';

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

export interface RunningGitHub extends ServedSimulator<GitHubSimulator> {
	readonly clock: Clock;
	/** A provider for org 1 (or `org`), with the simulator's App. */
	provider(options?: Partial<GitHubProviderOptions>): GitHubProvider;
}

/** Starts simulators on loopback for the tests of one file, closed after each test. */
export function useGitHub(): (options?: GitHubSimulatorOptions & {server?: SimulatorServerOptions}) => Promise<RunningGitHub> {
	const serve = useSimulatorServers();
	return async (options = {}) => {
		const clock = createClock();
		const simulator = createGitHubSimulator({privateKey: appPrivateKey, now: clock.now, ...options});
		const served = await serve(simulator, options.server);
		const org = simulator.org('github-org-1');
		return {
			...served,
			clock,
			provider: (overrides = {}) => createGitHubProvider({
				appId: simulator.app.id,
				privateKey: simulator.app.privateKey,
				org: org.login,
				baseUrl: served.server.baseUrl,
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
