/**
The script a user writes in an afternoon instead of using tokenkit: ky, every account one after another and
every page one after another, following each vendor's documented paging. Naive (nothing runs side by side)
but correct: it reads every page to the end, and ky's retry waits out a 429 instead of losing the list.
*/

import ky from 'ky';
import {launchDarklyMaxPageSize} from '../../providers/launchdarkly/index.js';
import {opalMaxPageSize} from '../../providers/opal/index.js';
import {arrayOf, field, type GetJson} from './json-get.js';
import {withRequestSignal} from './request-signal.js';
import {launchDarklyTokenPage, mistTokenList, opalTokenPage} from './vendor-pages.js';

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
			const {url, headers} = mistTokenList(account);
			return {tokens: arrayOf(await getJson(url, headers, signal)).length, requests: 1};
		}

		case 'opal': {
			let tokens = 0;
			let requests = 0;
			let cursor: string | undefined;
			do {
				const {url, headers} = opalTokenPage(account, cursor, pages === 'largest' ? opalMaxPageSize : undefined);
				const page = await getJson(url, headers, signal);
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
			// The API version tokenkit sends pages the token list; each page's `_links.next` says where the next one is.
			let next: string | undefined = `/api/v2/tokens?showAll=true${pages === 'largest' ? `&limit=${launchDarklyMaxPageSize}` : ''}`;
			while (next !== undefined) {
				const {url, headers} = launchDarklyTokenPage(account, new URL(next, account.baseUrl).href);
				const page = await getJson(url, headers, signal);
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
