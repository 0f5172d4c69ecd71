/**
The script a user writes in an afternoon instead of using tokenkit: ky, every account one after another and
every page one after another, following each vendor's documented paging. Naive (nothing runs side by side)
but correct: it reads every page to the end, and ky's retry waits out a 429 instead of losing the list.
*/

import ky from 'ky';
import {arrayOf, field, type GetJson} from './json-get.js';
import {withRequestSignal} from './request-signal.js';

export interface ScriptAccount {
	readonly vendor: 'mist' | 'opal' | 'launchdarkly';
	readonly name: string;
	readonly id: string;
	readonly apiKey: string;
	readonly baseUrl: string;
}

/** `vendor-default`: no page size sent, as a quick script does; `largest`: the largest page each vendor allows. */
export type PageChoice = 'vendor-default' | 'largest';

export interface ScriptAccountResult {
	readonly account: string;
	readonly tokens: number;
	readonly requests: number;
	readonly ms: number;
}

export async function sequentialScript(accounts: readonly ScriptAccount[], pages: PageChoice, signal: AbortSignal): Promise<ScriptAccountResult[]> {
	const results: ScriptAccountResult[] = [];
	for (const account of accounts) {
		const started = performance.now();
		const {tokens, requests} = await listAccount(account, pages, kyJson, signal);
		results.push({account: account.name, tokens, requests, ms: performance.now() - started});
	}

	return results;
}

/** One account, page after page, each page read with `getJson`. The bare client walks Mist and Opal the same way. */
export async function listAccount(account: ScriptAccount, pages: PageChoice, getJson: GetJson, signal: AbortSignal): Promise<{tokens: number; requests: number}> {
	switch (account.vendor) {
		case 'mist': {
			const list = await getJson(`${account.baseUrl}/api/v1/orgs/${account.id}/apitokens`, {authorization: `Token ${account.apiKey}`}, signal);
			return {tokens: arrayOf(list).length, requests: 1};
		}

		case 'opal': {
			let tokens = 0;
			let requests = 0;
			let cursor: string | undefined;
			do {
				const url = new URL(`${account.baseUrl}/tokens`);
				if (pages === 'largest') {
					url.searchParams.set('page_size', '1000');
				}

				if (cursor !== undefined) {
					url.searchParams.set('cursor', cursor);
				}

				const page = await getJson(url.href, {authorization: `Bearer ${account.apiKey}`}, signal);
				requests++;
				tokens += arrayOf(field(page, 'results')).length;
				const next = field(page, 'next');
				cursor = typeof next === 'string' && next !== '' ? next : undefined;
			} while (cursor !== undefined);

			return {tokens, requests};
		}

		case 'launchdarkly': {
			let tokens = 0;
			let requests = 0;
			// LaunchDarkly pages the token list only from API version 20240415 on; its `_links.next` says where the next page is.
			let next: string | undefined = `/api/v2/tokens?showAll=true${pages === 'largest' ? '&limit=1000' : ''}`;
			while (next !== undefined) {
				const page = await getJson(new URL(next, account.baseUrl).href, {'authorization': account.apiKey, 'ld-api-version': '20240415'}, signal);
				requests++;
				tokens += arrayOf(field(page, 'items')).length;
				const href = field(field(field(page, '_links'), 'next'), 'href');
				next = typeof href === 'string' ? href : undefined;
			}

			return {tokens, requests};
		}
	}
}

/**
ky as a script uses it: `ky.get(url).json()`, with more retries than ky's default two so that a rate limit is
waited out (ky honours Retry-After on a 429, and backs off where there is none).
*/
const kyJson: GetJson = async (url, headers, signal) => withRequestSignal(signal, async own => ky.get(url, {headers, signal: own, retry: {limit: 10}}).json());
