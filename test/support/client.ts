import {expect} from 'vitest';
import {createHttpClient, type HttpClient, type HttpClientOptions} from '../../src/http/client.js';
import type {HttpEvent} from '../../src/http/options.js';
import {Secret} from '../../src/secret.js';

/** A key distinctive enough that finding it anywhere it should not be is unambiguous. */
export const fakeKey = 'tk-SEEDED-secret-0001';

export interface TestClient {
	readonly client: HttpClient;
	/** Every event the client emitted, in order. */
	readonly events: HttpEvent[];
}

/**
A client for the test vendor against `baseUrl`, with short retry delays and no jitter so waits are exact.
Any option can be overridden.
*/
export function testClient(baseUrl: string, overrides: Partial<HttpClientOptions> = {}): TestClient {
	const events: HttpEvent[] = [];
	const client = createHttpClient({
		provider: 'testvendor',
		account: 'acme',
		baseUrl,
		credential: new Secret(fakeKey),
		authorization: key => `Bearer ${key}`,
		retry: {baseDelay: 10},
		random: () => 0,
		onEvent(event) {
			events.push(event);
		},
		...overrides,
	});
	return {client, events};
}

/** Awaits a promise that must reject with an instance of `type`, and returns the error typed. */
export async function rejection<T>(promise: Promise<unknown>, type: abstract new (...args: never[]) => T): Promise<T> {
	let error: unknown;
	try {
		await promise;
	} catch (caught) {
		error = caught;
	}

	expect(error).toBeInstanceOf(type);
	if (!(error instanceof type)) {
		throw new TypeError('unreachable: the assertion above failed');
	}

	return error;
}
