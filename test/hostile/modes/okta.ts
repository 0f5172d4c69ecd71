import {isObject, json, rewriteJson, type HostileMode, type HostileRequest} from '../vendor.js';

/*
Okta misbehaving: a client-secret create whose answer is lost after Okta made the secret, a next-page link that
points at another origin, and records that echo the caller's credential back.
*/

/** Whether the request creates a client secret (`POST /api/v1/apps/{appId}/credentials/secrets`). */
export function createsSecret(request: HostileRequest): boolean {
	return request.method === 'POST' && /^\/api\/v1\/apps\/[^/]+\/credentials\/secrets$/.test(request.pathname);
}

/**
The first secret create reaches Okta, which makes the secret; its answer then never arrives whole: a 500 in
Okta's words, or the connection reset. Every other request passes.
*/
export function loseFirstSecretCreate(how: '500' | 'reset'): HostileMode {
	let lost = false;
	return async exchange => {
		const answer = await exchange.forward();
		if (lost || !createsSecret(exchange.request)) {
			return answer;
		}

		lost = true;
		if (how === 'reset') {
			exchange.response.socket?.resetAndDestroy();
			return 'sent';
		}

		return json(500, {errorCode: 'E0000009', errorSummary: 'Internal Server Error', errorLink: 'E0000009', errorId: 'lost-answer', errorCauses: []});
	};
}

/** The API token list names a next page at `elsewhere`: following it would send the credential there. */
export function foreignNextLink(elsewhere: string): HostileMode {
	return async exchange => {
		const answer = await exchange.forward();
		if (exchange.request.method !== 'GET' || exchange.request.pathname !== '/api/v1/api-tokens') {
			return answer;
		}

		return {...answer, headers: {...answer.headers, link: `<${elsewhere}/api/v1/api-tokens?after=00Tzzzz&limit=20>; rel="next"`}};
	};
}

/** Every API token is named after the credential the request carried, and every error summary repeats it. */
export const echoCredential: HostileMode = rewriteJson((body, request) => {
	const credential = (request.headers.authorization ?? '').replace(/^(SSWS|Bearer) /, '');
	if (Array.isArray(body) && request.pathname === '/api/v1/api-tokens') {
		return body.map((record: unknown) => (isObject(record) ? {...record, name: `stolen ${credential}`} : record));
	}

	return isObject(body) && 'errorSummary' in body ? {...body, errorSummary: `no access for ${credential}`} : body;
});

/** The first app with secrets is gone by the time they are asked for: 404, in Okta's words. */
export const firstAppGone: HostileMode = (() => {
	let gone = false;
	return async exchange => {
		const answer = await exchange.forward();
		if (!gone && exchange.request.method === 'GET' && /^\/api\/v1\/apps\/[^/]+\/credentials\/secrets$/.test(exchange.request.pathname) && answer.body !== '[]') {
			gone = true;
			return json(404, {errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: app (AppInstance)', errorLink: 'E0000007', errorId: 'gone', errorCauses: []});
		}

		return answer;
	};
})();
