import {isObject, json, passThrough, rewriteJson, type HostileMode} from '../vendor.js';

/*
Cloudflare's answers bent: a roll whose answer is lost after Cloudflare rolled, a listing cut short, an envelope
that says failure under a 200, and answers that echo the credential.
*/

/** Whether the request is a roll: `PUT …/tokens/{id}/value`. */
export function isRoll(method: string, pathname: string): boolean {
	return method === 'PUT' && /\/tokens\/[^/]+\/value$/.test(pathname);
}

/**
The first roll reaches Cloudflare, which rolls (the old secret dies, a new one is minted), and its answer is then
lost: a 500 in Cloudflare's envelope, or the connection reset. Everything else passes.
*/
export function lostRoll(how: '500' | 'reset'): HostileMode {
	let rolled = false;
	return async exchange => {
		const {method, pathname} = exchange.request;
		if (rolled || !isRoll(method, pathname)) {
			return exchange.forward();
		}

		rolled = true;
		await exchange.forward();
		if (how === 'reset') {
			exchange.response.socket?.resetAndDestroy();
			return 'sent';
		}

		return json(500, {success: false, errors: [{code: 10002, message: 'An unknown error has occurred'}], messages: [], result: null});
	};
}

/**
A listing whose second page comes back empty although the first announced more (`result_info.total_count`):
tokens hidden from the listing, or a server that gave up early.
*/
export const cutShort: HostileMode = rewriteJson((body, request) => {
	if (request.method !== 'GET' || !request.pathname.endsWith('/tokens') || !isObject(body)) {
		return body;
	}

	const page = new URL(request.url, 'http://x').searchParams.get('page');
	return page === '2' ? {...body, result: []} : body;
});

/** Token lists answer 200 with `success: false` and an error, as a proxy or a partial outage may. */
export const failureUnder200: HostileMode = rewriteJson((body, request) => request.method === 'GET' && request.pathname.endsWith('/tokens') && isObject(body)
	? {...body, success: false, errors: [{code: 10000, message: 'Authentication error'}], result: []}
	: body);

/** Every answer echoes the bearer token it was sent with: in the envelope's messages and in each token's name. */
export const echoCredential: HostileMode = async exchange => {
	const answer = await passThrough(exchange);
	if (answer === 'sent' || !answer.headers['content-type']?.includes('json')) {
		return answer;
	}

	const key = (exchange.request.headers.authorization ?? '').replace(/^Bearer /, '');
	const body: unknown = JSON.parse(answer.body);
	if (!isObject(body)) {
		return answer;
	}

	const listed: unknown = body['result'];
	const result: unknown = Array.isArray(listed)
		? listed.map((item: unknown) => (isObject(item) ? {...item, name: `${String(item['name'])} ${key}`} : item))
		: listed;
	return {...answer, body: JSON.stringify({...body, messages: [{code: 10000, message: `valid: ${key}`}], result})};
};
