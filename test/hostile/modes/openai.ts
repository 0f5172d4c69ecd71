import {isObject, json, rewriteJson, type HostileMode, type HostileRequest} from '../vendor.js';

/*
OpenAI's answers bent: a mint whose answer is lost after OpenAI made the key, list pages that disagree with
themselves, and answers that echo the credential or a freshly minted key.
*/

/** Whether the request mints a key: an admin key, a service account with its key, or a service account's key. */
export function mintsKey(request: Pick<HostileRequest, 'method' | 'pathname'>): boolean {
	return request.method === 'POST' && /^\/v1\/organization\/(admin_api_keys|projects\/[^/]+\/service_accounts(\/[^/]+\/api_keys)?)$/.test(request.pathname);
}

/**
The first mint reaches OpenAI, which makes the key; its answer then never arrives whole: a 500 in OpenAI's words, or
the connection reset. Every other request passes.
*/
export function loseFirstMint(how: '500' | 'reset'): HostileMode {
	let lost = false;
	return async exchange => {
		const answer = await exchange.forward();
		if (lost || !mintsKey(exchange.request)) {
			return answer;
		}

		lost = true;
		if (how === 'reset') {
			exchange.response.socket?.resetAndDestroy();
			return 'sent';
		}

		return json(500, {error: {message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null}});
	};
}

const isList = (request: HostileRequest, path: RegExp): boolean => request.method === 'GET' && path.test(request.pathname);

/** The admin key list's pages bent by `bend`, every other answer as it is. */
function bendAdminKeyPages(bend: (page: Record<string, unknown>, request: HostileRequest) => Record<string, unknown>): HostileMode {
	return rewriteJson((body, request) => (isList(request, /\/organization\/admin_api_keys$/) && isObject(body) ? bend(body, request) : body));
}

/** A page that says more follow (`has_more`) but names no `last_id`, which the official client would loop on. */
export const moreWithoutLastId = bendAdminKeyPages(page => ({...page, has_more: true, last_id: null}));

/** A page that says more follow under a `last_id` that is not its last item: the next cursor cannot be trusted. */
export const strayLastId = bendAdminKeyPages(page => ({...page, has_more: true, last_id: 'key_notOnThisPage'}));

/** Every page is the first one again, saying more follow, whatever `after` says: a cursor that never moves on. */
export function ignoresCursor(): HostileMode {
	let first: unknown;
	return async exchange => {
		const answer = await exchange.forward();
		if (!isList(exchange.request, /\/organization\/admin_api_keys$/) || new URL(exchange.request.url, 'http://x').searchParams.has('after')) {
			return first === undefined ? answer : {...answer, body: JSON.stringify(first)};
		}

		const page: unknown = JSON.parse(answer.body);
		first = isObject(page) ? {...page, has_more: true} : page;
		return {...answer, body: JSON.stringify(first)};
	};
}

/**
A project's key list repeats a key: on a later page, the first key of its first page; where there is one page only,
that key a second time at its end.
*/
export function repeatsAKey(): HostileMode {
	const firstOf = new Map<string, unknown>();
	return rewriteJson((body, request) => {
		if (!isList(request, /\/organization\/projects\/[^/]+\/api_keys$/) || !isObject(body) || !Array.isArray(body['data']) || body['data'].length === 0) {
			return body;
		}

		const data: unknown[] = body['data'];
		const seen = firstOf.get(request.pathname);
		if (seen !== undefined && new URL(request.url, 'http://x').searchParams.has('after')) {
			return {...body, data: [seen, ...data.slice(1)]};
		}

		firstOf.set(request.pathname, data[0]);
		return body['has_more'] === true ? body : {...body, data: [...data, data[0]]};
	});
}

/** Every key's name and every error message repeat the credential the request carried. */
export const echoCredential: HostileMode = rewriteJson((body, request) => {
	const credential = (request.headers.authorization ?? '').replace(/^Bearer /, '');
	if (!isObject(body)) {
		return body;
	}

	const error: unknown = body['error'];
	if (isObject(error)) {
		return {...body, error: {...error, message: `no access for ${credential}`}};
	}

	const data: unknown = body['data'];
	return Array.isArray(data) ? {...body, data: data.map((record: unknown) => (isObject(record) ? {...record, name: `stolen ${credential}`} : record))} : body;
});

/**
Every key minted is echoed afterwards: in the name of every key listed or read, and in the `name` and `redacted_value`
of the create answer itself.
*/
export function echoMintedKeys(): HostileMode {
	const minted: string[] = [];
	return async exchange => {
		const answer = await exchange.forward();
		if (!answer.headers['content-type']?.includes('json') || answer.body === '') {
			return answer;
		}

		const body: unknown = JSON.parse(answer.body);
		if (!isObject(body)) {
			return answer;
		}

		if (mintsKey(exchange.request)) {
			const record = isObject(body['api_key']) ? body['api_key'] : body;
			const value = record['value'];
			if (typeof value === 'string') {
				minted.push(value);
				const echoed = {...record, name: `made ${value}`, redacted_value: value};
				return {...answer, body: JSON.stringify(isObject(body['api_key']) ? {...body, api_key: echoed} : echoed)};
			}
		}

		const echo = (record: unknown): unknown => (isObject(record) && minted.length > 0 ? {...record, name: `${String(record['name'])} ${minted.join(' ')}`} : record);
		const data: unknown = body['data'];
		return {...answer, body: JSON.stringify(Array.isArray(data) ? {...body, data: data.map(echo)} : echo(body))};
	};
}
