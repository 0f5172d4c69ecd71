import {inspect} from 'node:util';
import {expect} from 'vitest';

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
