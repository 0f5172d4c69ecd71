import {createCloudflareProvider, type CloudflareProvider, type CloudflareProviderOptions} from '../../../providers/cloudflare/index.js';
import {createCloudflareSimulator, type CloudflareKeyRole, type CloudflareSimulator, type CloudflareSimulatorOptions} from '../../../providers/cloudflare/simulator.js';
import {useSimulatorServers, type ServedSimulator} from '../../support/simulator-servers.js';

export {collect} from '../../support/collect.js';

/** The seeded account the tests work in unless they say otherwise. */
export const account = 'cloudflare-account-1';

export interface Running extends ServedSimulator<CloudflareSimulator> {
	/** A provider for the account's tokens (or, with `scope: 'user'`, its administrator's user tokens). */
	provider(options?: Partial<CloudflareProviderOptions> & {readonly role?: CloudflareKeyRole}): CloudflareProvider;
}

/** Starts a recording simulator on loopback per call; every one is closed after each test. */
export function useCloudflare(): (options?: CloudflareSimulatorOptions) => Promise<Running> {
	const serve = useSimulatorServers();
	return async (options = {}) => {
		const simulator = createCloudflareSimulator({rateLimit: false, ...options});
		const served = await serve(simulator);
		return {
			...served,
			provider({role, ...overrides} = {}) {
				const user = overrides.scope === 'user';
				return createCloudflareProvider({
					apiKey: simulator.keyFor(account, role ?? (user ? 'user-admin' : 'admin')),
					baseUrl: served.server.baseUrl,
					account: user ? 'cloudflare-user-1' : account,
					...(user ? {} : {accountId: simulator.accountId(account)}),
					retry: {baseDelay: 5},
					...overrides,
				});
			},
		};
	};
}

export {expectNoSecrets, failure} from '../../support/error-checks.js';
