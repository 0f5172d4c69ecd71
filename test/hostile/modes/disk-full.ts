import {json, type HostileMode} from '../vendor.js';

/*
Modes for the full-disk tests: the vendor behaves, and the test acts at the moment that matters, just before
the vendor's answer to a write that mints a key goes back (so the next thing the client writes is that key).
*/

/** A request that mints a key: a Mist create, a LaunchDarkly reset. */
export function isMint(request: {readonly method: string; readonly url: string}): boolean {
	const {pathname} = new URL(request.url, 'http://vendor');
	return request.method === 'POST' && (/\/apitokens$/.test(pathname) || /\/tokens\/[^/]+\/reset$/.test(pathname));
}

/** Forwards everything; calls `before(n)` (n counting from 1) before the answer to the n-th mint is sent. */
export function onMint(before: (count: number) => void): HostileMode {
	let count = 0;
	return async exchange => {
		const answer = await exchange.forward();
		if (isMint(exchange.request) && answer.status < 300) {
			count++;
			before(count);
		}

		return answer;
	};
}

/** Forwards everything but the deletes of token `id`, which get an outage (Retry-After: 0, so retries are quick). */
export function failDeleteOf(id: string, inner: HostileMode): HostileMode {
	return async exchange => exchange.request.method === 'DELETE' && exchange.request.pathname.endsWith(`/${id}`)
		? json(503, {detail: 'outage'}, {'retry-after': '0'})
		: inner(exchange);
}
