import {isObject, json, type HostileMode} from '../vendor.js';
import {credentialOf} from './secrets.js';

/*
An Opal that tests the request log: the first list request of each key is refused with 429 (Retry-After: 0), so
the log shows a retry; the page after that names a cursor made of the credential, so the next request's query
carries the key, URL-encoded, and the log must scrub it.
*/
export function rateLimitedThenCursorOfKey(): HostileMode {
	const refused = new Set<string>();
	return async exchange => {
		const {request} = exchange;
		const key = credentialOf(request);
		if (request.method !== 'GET' || request.pathname !== '/v1/tokens') {
			return exchange.forward();
		}

		if (!refused.has(key)) {
			refused.add(key);
			return json(429, {message: 'slow down'}, {'retry-after': '0'});
		}

		if (new URL(request.url, 'http://x').searchParams.has('cursor')) {
			return json(200, {next: null, results: []});
		}

		const answer = await exchange.forward();
		const body: unknown = JSON.parse(answer.body);
		return isObject(body) ? json(answer.status, {...body, next: `page-2/${key}`}) : answer;
	};
}
