import {json, type HostileMode} from '../vendor.js';

/*
GitLab's rotate applied by the vendor, and its answer lost on the way back: the old key is revoked and the new one
is gone with the answer. A client that sends the rotate again learns nothing (GitLab refuses to rotate a revoked
token) or worse, with the old key as credential, has the whole token family revoked.
*/

/** Whether the request is one of GitLab's rotate calls. */
export function isRotate(method: string, pathname: string): boolean {
	return method === 'POST' && /access_tokens\/(?:\d+|self)\/rotate$/.test(pathname);
}

/** The first rotate reaches GitLab, which applies it; its answer becomes a 502 (`reset`: the connection is cut instead). */
export function firstRotateLost(how: '502' | 'reset'): HostileMode {
	let lost = false;
	return async exchange => {
		const answer = await exchange.forward();
		const {method, pathname} = exchange.request;
		if (lost || !isRotate(method, pathname)) {
			return answer;
		}

		lost = true;
		if (how === 'reset') {
			exchange.response.socket?.resetAndDestroy();
			return 'sent';
		}

		return json(502, {message: '502 Bad Gateway'});
	};
}

/** The first rotate is refused with a 429 before it reaches GitLab: safe to send again in principle, but tokenkit never does. */
export function firstRotateThrottled(): HostileMode {
	let throttled = false;
	return async exchange => {
		const {method, pathname} = exchange.request;
		if (!throttled && isRotate(method, pathname)) {
			throttled = true;
			return {status: 429, headers: {'content-type': 'text/plain', 'retry-after': '1'}, body: 'Retry later\n'};
		}

		return exchange.forward();
	};
}
