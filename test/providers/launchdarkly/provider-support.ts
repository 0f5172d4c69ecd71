import {createServer, type RequestListener} from 'node:http';
import {inspect} from 'node:util';
import {expect} from 'vitest';
import {createLaunchDarklyProvider, type LaunchDarklyProvider, type LaunchDarklyProviderOptions} from '../../../providers/launchdarkly/index.js';
import type {FetchFunction} from '../../../src/http/proxy.js';
import {account1, type Running} from './support.js';

/** A provider for account 1 of the simulator, with its admin service key, its clock and quick retries. */
export function providerFor(sim: Running, options: Partial<LaunchDarklyProviderOptions> = {}): LaunchDarklyProvider {
	return createLaunchDarklyProvider({
		apiKey: sim.simulator.keyFor(account1),
		baseUrl: sim.url,
		account: account1,
		retry: {baseDelay: 5},
		now: sim.clock.now,
		...options,
	});
}

export {collect} from '../../support/collect.js';

export {rejectionOf} from '../../support/collect.js';

/** Asserts that no key the simulator ever handed out (admin keys, minted keys, keys replaced by a reset) shows in `values`. */
export function expectNoSecrets(sim: Running, ...values: unknown[]): void {
	const printed = values.map(value => `${String(value)}\n${inspect(value, {depth: 10})}\n${JSON.stringify(value)}`).join('\n');
	for (const secret of sim.simulator.allSecrets()) {
		expect(printed).not.toContain(secret);
	}
}

export interface WatchedFetch {
	readonly fetch: FetchFunction;
	/** Method, URL and headers of every request, in the order sent. */
	readonly requests: Array<{readonly method: string; readonly url: URL; readonly headers: Headers}>;
	/** The most requests that were waiting for an answer at once; with `path`, only requests to that path. */
	readonly maxInFlight: (path?: string) => number;
}

/** The global fetch, with every request recorded and the requests in flight counted. */
export function watchedFetch(): WatchedFetch {
	const requests: WatchedFetch['requests'] = [];
	const inFlight = new Map<string, number>();
	const most = new Map<string, number>();
	const count = (key: string, change: number): void => {
		const now = (inFlight.get(key) ?? 0) + change;
		inFlight.set(key, now);
		most.set(key, Math.max(most.get(key) ?? 0, now));
	};

	return {
		requests,
		maxInFlight: (path = '') => most.get(path) ?? 0,
		async fetch(input, init) {
			const request = new Request(input, init);
			const url = new URL(request.url);
			requests.push({method: request.method, url, headers: request.headers});
			count('', 1);
			count(url.pathname, 1);
			try {
				return await fetch(request);
			} finally {
				count('', -1);
				count(url.pathname, -1);
			}
		},
	};
}

/** A loopback server that answers with `listener`; closed by the returned function. */
export async function loopback(listener: RequestListener): Promise<{readonly url: string; close(): Promise<void>}> {
	const server = createServer(listener);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address !== null ? address.port : 0;
	return {
		url: `http://127.0.0.1:${port}`,
		close: async () => new Promise<void>(resolve => {
			server.closeAllConnections();
			server.close(() => {
				resolve();
			});
		}),
	};
}
