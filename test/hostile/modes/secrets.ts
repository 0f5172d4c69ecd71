import {randomBytes} from 'node:crypto';
import {isObject, json, rewriteJson, type HostileExchange, type HostileMode, type HostileRequest, type VendorAnswer} from '../vendor.js';

/*
Vendors that hand secrets back: a minted key echoed by a later failing call, the credential echoed in part or
encoded in an error text, and list records that carry a whole key where a mask belongs. Each mode keeps what it
planted, so a test can search for it as well as for the keys the simulators know.
*/

/** The key of the Authorization header, without its scheme (Mist `Token`, Opal `Bearer`, LaunchDarkly none). */
export function credentialOf(request: HostileRequest): string {
	const header = request.headers.authorization ?? '';
	return header.replace(/^(Token|Bearer) /, '');
}

/** The key a create or reset answer carries: Mist's `key`, LaunchDarkly's `token` (a bare object or a one-element array). */
function mintedKeyIn(request: HostileRequest, answer: VendorAnswer): string | undefined {
	if (request.method !== 'POST' || answer.status >= 300 || answer.body === '') {
		return undefined;
	}

	const parsed: unknown = JSON.parse(answer.body);
	const record: unknown = Array.isArray(parsed) ? parsed[0] : parsed;
	if (!isObject(record)) {
		return undefined;
	}

	const key = record['key'] ?? record['token'];
	return typeof key === 'string' && key.length > 8 ? key : undefined;
}

export interface MintEcho {
	readonly mode: HostileMode;
	/** Every key the vendor minted through this server, in order. */
	readonly minted: string[];
}

/**
Forwards everything but DELETE, and remembers each key a create or reset answer carries. A DELETE (the old token
of a Mist replace) fails with 403, its error text or its `x-request-id` header holding the newest key.
*/
export function mintedKeyEchoedByDelete(where: 'body' | 'header'): MintEcho {
	const minted: string[] = [];
	const mode: HostileMode = async exchange => {
		if (exchange.request.method === 'DELETE') {
			const key = minted.at(-1) ?? 'no key minted yet';
			return where === 'body'
				? json(403, {detail: `this token cannot be deleted while its replacement ${key} is being provisioned`})
				: json(403, {detail: 'this token cannot be deleted right now'}, {'x-request-id': key});
		}

		const answer = await exchange.forward();
		const key = mintedKeyIn(exchange.request, answer);
		if (key !== undefined) {
			minted.push(key);
		}

		return answer;
	};
	return {mode, minted};
}

/**
Forwards everything, and remembers each key a reset answers with; from the second reset on, the reset fails with
400, its message holding every key minted so far: whole, URL-encoded, and in base64 after `Bearer ` and in `Basic`.
*/
export function mintedKeysEchoedByLaterReset(): MintEcho {
	const minted: string[] = [];
	const mode: HostileMode = async exchange => {
		const {request} = exchange;
		if (request.method === 'POST' && request.pathname.endsWith('/reset') && minted.length > 0) {
			const echoes = minted.map(key => `${key} ${encodeURIComponent(key)} Bearer ${base64(key)} Basic ${base64(`user:${key}`)}`);
			return json(400, {code: 'invalid_request', message: `reset refused; keys in flight: ${echoes.join(' ')}`});
		}

		const answer = await exchange.forward();
		const key = mintedKeyIn(request, answer);
		if (key !== undefined) {
			minted.push(key);
		}

		return answer;
	};
	return {mode, minted};
}

const base64 = (text: string): string => Buffer.from(text).toString('base64');

/** The ways a vendor's error text may carry the credential, or part of it. */
export const credentialEchoes = {
	prefix: (key: string) => `token ${key.slice(0, 14)}… is not valid`,
	suffix: (key: string) => `token ending ${key.slice(-13)} is not valid`,
	middle: (key: string) => `token …${key.slice(3, 16)}… is not valid`,
	'url-encoded': (key: string) => `rejected request /auth?token=${encodeURIComponent(key)}&retry=0`,
	'basic-base64': (key: string) => `rejected Authorization: Basic ${base64(`user:${key}`)}`,
	'basic-base64-shifted': (key: string) => `rejected Authorization: Basic ${base64(`ops:${key}`)}`,
	'bearer-base64': (key: string) => `rejected Authorization: Bearer ${base64(key)}`,
} as const satisfies Record<string, (key: string) => string>;

/** Every request fails with 401, and the error text carries the credential the request was sent with, in the form `echo` gives it. */
export function credentialEchoedInError(echo: (key: string) => string): HostileMode {
	return async exchange => {
		const message = echo(credentialOf(exchange.request));
		return Promise.resolve(json(401, {code: 'unauthorized', message, detail: message}));
	};
}

export interface PlantedKeys {
	readonly mode: HostileMode;
	/** The whole keys the mode put into records: no simulator knows them. */
	readonly planted: string[];
}

/** A key nobody minted, of the length and alphabet of a real one (Mist: 40 letters and digits; Opal: 64 hex digits). */
function plantKey(planted: string[], alphabet: 'alphanumeric' | 'hex'): string {
	const key = alphabet === 'hex' ? randomBytes(32).toString('hex') : randomBytes(40).toString('base64').replaceAll(/[^A-Za-z\d]/g, '').slice(0, 40);
	planted.push(key);
	return key;
}

/** Mist list records whose `key` is a whole key, not the `abcd...wxyz` preview. */
export function mistFullKeyInRecords(): PlantedKeys {
	const planted: string[] = [];
	const mode = rewriteJson((body, request) => {
		if (request.method === 'GET' && Array.isArray(body)) {
			for (const record of body) {
				if (isObject(record)) {
					record['key'] = plantKey(planted, 'alphanumeric');
				}
			}
		}

		return body;
	});
	return {mode, planted};
}

/** Opal list records whose `token_preview` is a whole key, not its first few characters. */
export function opalFullKeyAsPreview(): PlantedKeys {
	const planted: string[] = [];
	const mode = rewriteJson((body, request) => {
		if (request.method === 'GET' && isObject(body) && Array.isArray(body['results'])) {
			for (const record of body['results']) {
				if (isObject(record)) {
					record['token_preview'] = plantKey(planted, 'hex');
				}
			}
		}

		return body;
	});
	return {mode, planted};
}

/**
Forwards the exchange, and hands each record of a token list answer to `plant` to change in place: Mist's answer is
the list, Opal's holds it under `results`, LaunchDarkly's under `items`.
*/
async function plantInListRecords(exchange: HostileExchange, plant: (record: Record<string, unknown>) => void): Promise<VendorAnswer | 'sent'> {
	return rewriteJson((body, request) => {
		const records: unknown = Array.isArray(body) ? body : isObject(body) ? body['items'] ?? body['results'] : undefined;
		if (request.method === 'GET' && Array.isArray(records)) {
			for (const record of records) {
				if (isObject(record)) {
					plant(record);
				}
			}
		}

		return body;
	})(exchange);
}

/** Fields no schema names, holding `key` whole: plain, nested, and as a field's name. */
function plantWholeKey(record: Record<string, unknown>, key: string): void {
	record['api_key'] = key;
	record['debug'] = {sentWith: `Authorization: Bearer ${key}`, [key]: true};
}

/** List records with fields no schema names, holding the credential the request was sent with: plain, nested, as a key, in a list. */
export const credentialInExtraFields: HostileMode = async exchange => {
	const key = credentialOf(exchange.request);
	return plantInListRecords(exchange, record => {
		plantWholeKey(record, key);
		record['notes'] = [`issued for ${key.slice(2, 18)}`];
	});
};

/**
List records with fields no schema names holding the credential, every character of it written as a JSON escape
(`\u0061…`): the answer's text never holds the key as it is, only its parsed strings do.
*/
export const credentialEscapedInRecords: HostileMode = async exchange => {
	const placeholder = 'planted-credential-placeholder';
	const answer = await plantInListRecords(exchange, record => {
		plantWholeKey(record, placeholder);
	});
	return answer === 'sent' ? answer : {...answer, body: answer.body.replaceAll(placeholder, jsonEscaped(credentialOf(exchange.request)))};
};

/** `text` as the inside of a JSON string, every character written as an escape: it parses back to `text`. */
function jsonEscaped(text: string): string {
	return Array.from({length: text.length}, (_, index) => `\\u${text.charCodeAt(index).toString(16).padStart(4, '0')}`).join('');
}
