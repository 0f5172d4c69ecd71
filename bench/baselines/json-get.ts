import {withRequestSignal} from './request-signal.js';

/** GETs a URL and returns its parsed JSON body. The baselines differ in how they do this, and in nothing else. */
export type GetJson = (url: string, headers: Readonly<Record<string, string>>, signal: AbortSignal) => Promise<unknown>;

/** Bare `fetch` of a body as text, waiting out a 429 as the vendor asks: the transport any client pays. */
export async function fetchText(url: string, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<string> {
	return (await fetchRaw(url, {method: 'GET', headers, notFoundIsAnAnswer: false}, signal)).text;
}

interface RawRequest {
	readonly method: 'GET' | 'POST';
	readonly headers: Readonly<Record<string, string>>;
	/** A lookup of something that may be gone (an org membership, say): its 404 is what it says, not a failure. */
	readonly notFoundIsAnAnswer: boolean;
}

interface RawAnswer {
	readonly status: number;
	readonly text: string;
	readonly headers: Headers;
}

async function fetchRaw(url: string, request: RawRequest, signal: AbortSignal): Promise<RawAnswer> {
	for (let attempt = 1; ; attempt++) {
		const answer = await withRequestSignal(signal, async (own): Promise<RawAnswer | {readonly retryAfterMs: number}> => {
			const response = await fetch(url, {method: request.method, headers: {accept: 'application/json', ...request.headers}, signal: own});
			if (response.status === 429 && attempt < 10) {
				await response.body?.cancel();
				// LaunchDarkly's own limits say when their window resets (epoch ms) instead of Retry-After.
				const reset = Number(response.headers.get('x-ratelimit-reset'));
				const seconds = Number(response.headers.get('retry-after') ?? '1');
				return {retryAfterMs: response.headers.has('retry-after') || !Number.isFinite(reset) || reset <= Date.now() ? (Number.isFinite(seconds) ? seconds : 1) * 1000 : reset - Date.now()};
			}

			if (!response.ok && !(response.status === 404 && request.notFoundIsAnAnswer)) {
				throw new Error(`${request.method} ${new URL(url).pathname} answered ${response.status}`);
			}

			return {status: response.status, text: await response.text(), headers: response.headers};
		});
		if ('text' in answer) {
			return answer;
		}

		await new Promise(resolve => setTimeout(resolve, answer.retryAfterMs));
	}
}

/** {@link fetchText} and `JSON.parse` of the body: the least any client does. */
export const fetchJson: GetJson = async (url, headers, signal) => {
	const body: unknown = JSON.parse(await fetchText(url, headers, signal));
	return body;
};

/** One answer as the walked plans (<vendor>-plan.ts) read it: the body, and the headers that name the next page. */
export interface JsonAnswer {
	readonly status: number;
	/** The parsed body; null for a 404 the request allowed. */
	readonly body: unknown;
	readonly headers: Headers;
}

/** How a baseline talks to a vendor whose plan needs answer headers, a POST, or a 404 taken as an answer. */
export interface JsonTransport {
	/** A GET; a 404 is returned (with a null body) when `notFoundIsAnAnswer`, and is a failure otherwise. */
	get(url: string, headers: Readonly<Record<string, string>>, signal: AbortSignal, notFoundIsAnAnswer?: boolean): Promise<JsonAnswer>;
	/** A POST with no body, its parsed answer. */
	post(url: string, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<unknown>;
}

/** {@link JsonTransport} over bare `fetch` and `JSON.parse`, as {@link fetchJson}. */
export const fetchTransport: JsonTransport = {
	async get(url, headers, signal, notFoundIsAnAnswer = false) {
		const answer = await fetchRaw(url, {method: 'GET', headers, notFoundIsAnAnswer}, signal);
		const body: unknown = answer.status === 404 ? null : JSON.parse(answer.text);
		return {status: answer.status, body, headers: answer.headers};
	},
	async post(url, headers, signal) {
		const body: unknown = JSON.parse((await fetchRaw(url, {method: 'POST', headers, notFoundIsAnAnswer: false}, signal)).text);
		return body;
	},
};

/** `url` with `query` set on it, each value as text: the address of a list page. */
export function withQuery(url: URL, query: Readonly<Record<string, string | number>>): string {
	for (const [name, value] of Object.entries(query)) {
		url.searchParams.set(name, String(value));
	}

	return url.href;
}

/** The baselines trust the vendor's shape, as quick scripts do; they only refuse to read a field of something that is not an object. */
export function field(value: unknown, name: string): unknown {
	return typeof value === 'object' && value !== null ? Reflect.get(value, name) : undefined;
}

export function arrayOf(value: unknown): unknown[] {
	if (!Array.isArray(value)) {
		throw new TypeError('expected a list of tokens');
	}

	return value;
}
