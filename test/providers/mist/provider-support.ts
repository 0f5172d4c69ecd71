import {createMistProvider, type MistProvider, type MistProviderOptions} from '../../../providers/mist/index.js';
import type {Running} from './support.js';

/** The seeded account every provider test works in unless it says otherwise. */
export const account = 'mist-org-1';

/**
An org-scope provider for `account` against the running simulator, with the org-admin key and short retry
delays. Any option can be overridden.
*/
export function orgProvider(mist: Running, options: Partial<MistProviderOptions> = {}): MistProvider {
	return createMistProvider({
		apiKey: mist.simulator.keyFor(account),
		baseUrl: mist.server.baseUrl,
		orgId: mist.simulator.orgId(account),
		account,
		retry: {baseDelay: 5},
		...options,
	});
}

/** A self-scope provider with the key of the account's admin (`self-admin`), unless overridden. */
export function selfProvider(mist: Running, options: Partial<MistProviderOptions> = {}): MistProvider {
	return createMistProvider({
		apiKey: mist.simulator.keyFor(account, 'self-admin'),
		baseUrl: mist.server.baseUrl,
		scope: 'self',
		account,
		retry: {baseDelay: 5},
		...options,
	});
}

export {collect} from '../../support/collect.js';

export {expectNoSecrets, failure} from '../../support/error-checks.js';
