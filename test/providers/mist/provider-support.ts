import {inspect} from 'node:util';
import {expect} from 'vitest';
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

/** Awaits a promise that must reject, and returns what it rejected with. */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
	try {
		await promise;
	} catch (error) {
		return error;
	}

	return expect.fail('expected the call to fail');
}

/** Asserts that none of `secrets` (credentials, minted keys) shows in any printed form of `error`. */
export function expectNoSecrets(error: unknown, secrets: readonly string[]): void {
	const printed = [String(error), inspect(error, {depth: 10}), JSON.stringify(error)].join('\n');
	expect(secrets.length).toBeGreaterThan(0);
	for (const secret of secrets) {
		expect(printed.includes(secret), 'an error shows a key').toBe(false);
	}
}
