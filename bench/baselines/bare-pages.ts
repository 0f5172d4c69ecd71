import type {SimulatedAccount, VendorName} from '../simulator-process.js';
import {field} from './json-get.js';
import {withRequestSignal} from './request-signal.js';

/** One GET of a list page, as tokenkit sends it: the largest page, the vendor's auth header. */
export interface PageRequest {
	readonly url: string;
	readonly headers: Readonly<Record<string, string>>;
}

/**
The floor under tokenkit's CPU per token: the same pages fetched with bare fetch and read as text (the
transport), and then `JSON.parse` of those texts. What tokenkit spends beyond these is its own work:
validating, normalizing and serializing.

The page addresses are found first, in a pass that is not timed, so the timed passes do nothing but fetch or
parse: Opal's cursors come from the previous page's body, LaunchDarkly's offsets from `totalCount`.
*/
export async function pageRequests(vendor: VendorName, account: SimulatedAccount & {readonly baseUrl: string}, signal: AbortSignal): Promise<PageRequest[]> {
	switch (vendor) {
		case 'mist': {
			return [{url: `${account.baseUrl}/api/v1/orgs/${account.id}/apitokens`, headers: {authorization: `Token ${account.apiKey}`}}];
		}

		case 'opal': {
			const headers = {authorization: `Bearer ${account.apiKey}`};
			const requests: PageRequest[] = [];
			let cursor: string | undefined;
			do {
				const url = new URL(`${account.baseUrl}/tokens`);
				url.searchParams.set('page_size', '1000');
				if (cursor !== undefined) {
					url.searchParams.set('cursor', cursor);
				}

				requests.push({url: url.href, headers});
				const next = field(JSON.parse(await text({url: url.href, headers}, signal)), 'next');
				cursor = typeof next === 'string' && next !== '' ? next : undefined;
			} while (cursor !== undefined);

			return requests;
		}

		case 'launchdarkly': {
			const headers = {'authorization': account.apiKey, 'ld-api-version': '20240415'};
			const at = (offset: number): PageRequest => ({url: `${account.baseUrl}/api/v2/tokens?showAll=true&limit=1000&offset=${offset}`, headers});
			const total = field(JSON.parse(await text(at(0), signal)), 'totalCount');
			const count = typeof total === 'number' ? Math.max(1, Math.ceil(total / 1000)) : 1;
			return Array.from({length: count}, (_, index) => at(index * 1000));
		}
	}
}

/** Fetches every page one after another and keeps the bodies as text. */
export async function fetchTexts(requests: readonly PageRequest[], signal: AbortSignal): Promise<string[]> {
	const texts: string[] = [];
	for (const request of requests) {
		texts.push(await text(request, signal));
	}

	return texts;
}

/** `JSON.parse` of every body, nothing more; returns how many tokens the pages held so the work cannot be skipped. */
export function parseTexts(texts: readonly string[]): number {
	let tokens = 0;
	for (const body of texts) {
		const parsed: unknown = JSON.parse(body);
		const items = Array.isArray(parsed) ? parsed : field(parsed, 'results') ?? field(parsed, 'items');
		tokens += Array.isArray(items) ? items.length : 0;
	}

	return tokens;
}

async function text(request: PageRequest, signal: AbortSignal): Promise<string> {
	return withRequestSignal(signal, async own => {
		const response = await fetch(request.url, {headers: {accept: 'application/json', ...request.headers}, signal: own});
		if (!response.ok) {
			throw new Error(`GET ${new URL(request.url).pathname} answered ${response.status}`);
		}

		return response.text();
	});
}
