import {inspect} from 'node:util';
import {afterEach, expect} from 'vitest';
import {createCloudflareProvider, type CloudflareProvider, type CloudflareProviderOptions} from '../../../providers/cloudflare/index.js';
import {createCloudflareSimulator, type CloudflareKeyRole, type CloudflareSimulator, type CloudflareSimulatorOptions} from '../../../providers/cloudflare/simulator.js';
import {startSimulatorServer, type RunningSimulatorServer} from '../../../src/simulate/server.js';
import type {SimRequest, VendorSimulator} from '../../../src/simulate/types.js';

export {collect} from '../../support/collect.js';

/** The seeded account the tests work in unless they say otherwise. */
export const account = 'cloudflare-account-1';

export interface Running {
	readonly simulator: CloudflareSimulator;
	readonly server: RunningSimulatorServer;
	/** Every request the simulator answered, in order. */
	readonly seen: SimRequest[];
	/** A provider for the account's tokens (or, with `scope: 'user'`, its administrator's user tokens). */
	provider(options?: Partial<CloudflareProviderOptions> & {readonly role?: CloudflareKeyRole}): CloudflareProvider;
}

/** Starts a recording simulator on loopback per call; every one is closed after each test. */
export function useCloudflare(): (options?: CloudflareSimulatorOptions) => Promise<Running> {
	const open: RunningSimulatorServer[] = [];
	afterEach(async () => {
		await Promise.all(open.splice(0).map(async server => server.close()));
	});
	return async (options = {}) => {
		const simulator = createCloudflareSimulator({rateLimit: false, ...options});
		const seen: SimRequest[] = [];
		const recording: VendorSimulator = {
			...simulator,
			handle(request) {
				seen.push(request);
				return simulator.handle(request);
			},
		};
		const server = await startSimulatorServer(recording);
		open.push(server);
		return {
			simulator,
			server,
			seen,
			provider({role, ...overrides} = {}) {
				const user = overrides.scope === 'user';
				return createCloudflareProvider({
					apiKey: simulator.keyFor(account, role ?? (user ? 'user-admin' : 'admin')),
					baseUrl: server.baseUrl,
					account: user ? 'cloudflare-user-1' : account,
					...(user ? {} : {accountId: simulator.accountId(account)}),
					retry: {baseDelay: 5},
					...overrides,
				});
			},
		};
	};
}

/** Awaits a promise that must reject, and returns what it rejected with. */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
	try {
		await promise;
	} catch (error) {
		return error;
	}

	return expect.fail('expected the call to fail');
}

/** Asserts that none of `secrets` shows in any printed form of `error`. */
export function expectNoSecrets(error: unknown, secrets: readonly string[]): void {
	const printed = [String(error), inspect(error, {depth: 10}), JSON.stringify(error)].join('\n');
	expect(secrets.length).toBeGreaterThan(0);
	for (const secret of secrets) {
		expect(printed.includes(secret), 'an error shows a key').toBe(false);
	}
}
