import {isObject, json, rewriteJson, type HostileMode, type HostileRequest, type VendorAnswer} from '../vendor.js';

/*
Datadog misbehaving: a key create whose answer is lost after Datadog made the key, lists cut short or paged wrong,
answers that echo the caller's keys back, and single-key answers that carry whole keys of every kind.
*/

/** Whether the request creates an API key (`POST /api/v2/api_keys`). */
export function createsApiKey(request: Pick<HostileRequest, 'method' | 'pathname'>): boolean {
	return request.method === 'POST' && request.pathname === '/api/v2/api_keys';
}

/**
The first API key create reaches Datadog, which makes the key; its answer then never arrives whole: a 500 in
Datadog's words, or the connection reset. Every other request passes.
*/
export function loseFirstKeyCreate(how: '500' | 'reset'): HostileMode {
	let lost = false;
	return async exchange => {
		const answer = await exchange.forward();
		if (lost || !createsApiKey(exchange.request)) {
			return answer;
		}

		lost = true;
		if (how === 'reset') {
			exchange.response.socket?.resetAndDestroy();
			return 'sent';
		}

		return json(500, {errors: ['Internal Server Error']});
	};
}

const apiKeyList = (request: HostileRequest): boolean => request.method === 'GET' && request.pathname === '/api/v2/api_keys';

/** The API key list's first page comes back one key short, though its total says the list goes on. */
export const shortFirstPage: HostileMode = rewriteJson((body, request) => {
	if (!apiKeyList(request) || !isObject(body) || !Array.isArray(body['data']) || new URL(request.url, 'http://x').searchParams.get('page[number]') !== '0') {
		return body;
	}

	return {...body, data: body['data'].slice(0, -1)};
});

/** Every page of the API key list is the first page: `page[number]` is ignored, as a broken proxy cache might. */
export function samePageEveryTime(): HostileMode {
	let first: VendorAnswer | undefined;
	return async exchange => {
		const answer = await exchange.forward();
		if (!apiKeyList(exchange.request)) {
			return answer;
		}

		first ??= answer;
		return first;
	};
}

/** Every key's name is the two keys the request carried, and every error repeats them. */
export const echoCredential: HostileMode = rewriteJson((body, request) => {
	const carried = `${String(request.headers['dd-api-key'] ?? '')} ${String(request.headers['dd-application-key'] ?? '')}`;
	if (isObject(body) && Array.isArray(body['errors'])) {
		return {...body, errors: [`no access for ${carried}`]};
	}

	if (isObject(body) && Array.isArray(body['data'])) {
		return {...body, data: body['data'].map((record: unknown) => (isObject(record) && isObject(record['attributes']) ? {...record, attributes: {...record['attributes'], name: `stolen ${carried}`}} : record))};
	}

	return body;
});

/**
Every key's answer, in lists too, carries the whole key: the API key's as Datadog's own get does, and every other
kind's as no documented answer does. `secretOf` gives a key's secret by its Datadog id.
*/
export function wholeKeysEverywhere(secretOf: () => (id: string) => string | undefined): HostileMode {
	const withKey = (record: unknown): unknown => {
		if (!isObject(record) || typeof record['id'] !== 'string' || !isObject(record['attributes'])) {
			return record;
		}

		const key = secretOf()(record['id']);
		return key === undefined ? record : {...record, attributes: {...record['attributes'], key}};
	};

	return rewriteJson(body => {
		if (!isObject(body)) {
			return body;
		}

		return {...body, data: Array.isArray(body['data']) ? body['data'].map(withKey) : withKey(body['data'])};
	});
}
