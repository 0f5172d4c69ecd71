import {withRequestSignal} from './request-signal.js';

/** GETs a URL and returns its parsed JSON body. The baselines differ in how they do this, and in nothing else. */
export type GetJson = (url: string, headers: Readonly<Record<string, string>>, signal: AbortSignal) => Promise<unknown>;

/** Bare `fetch` of a body as text, waiting out a 429 as the vendor asks: the transport any client pays. */
export async function fetchText(url: string, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<string> {
	for (let attempt = 1; ; attempt++) {
		const answer = await withRequestSignal(signal, async own => {
			const response = await fetch(url, {headers: {accept: 'application/json', ...headers}, signal: own});
			if (response.status === 429 && attempt < 10) {
				await response.body?.cancel();
				// LaunchDarkly's own limits say when their window resets (epoch ms) instead of Retry-After.
				const reset = Number(response.headers.get('x-ratelimit-reset'));
				const seconds = Number(response.headers.get('retry-after') ?? '1');
				return {retryAfterMs: response.headers.has('retry-after') || !Number.isFinite(reset) || reset <= Date.now() ? (Number.isFinite(seconds) ? seconds : 1) * 1000 : reset - Date.now()};
			}

			if (!response.ok) {
				throw new Error(`GET ${new URL(url).pathname} answered ${response.status}`);
			}

			return {body: await response.text()};
		});
		if ('body' in answer) {
			return answer.body;
		}

		await new Promise(resolve => setTimeout(resolve, answer.retryAfterMs));
	}
}

/** {@link fetchText} and `JSON.parse` of the body: the least any client does. */
export const fetchJson: GetJson = async (url, headers, signal) => {
	const body: unknown = JSON.parse(await fetchText(url, headers, signal));
	return body;
};

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
