/**
The script a user writes in an afternoon instead of using tokenkit: ky, every account one after another and
every request one after another, following each vendor's documented paging (and, for the vendors walked in tokenkit's
plan, asking for the owners, roles, zones, repositories and secrets tokenkit asks for). Naive (nothing runs side by
side) but correct: it reads every page to the end, and ky's retry waits out a 429 instead of losing the list.
*/

import ky from 'ky';
import {launchDarklyMaxPageSize} from '../../providers/launchdarkly/index.js';
import {opalMaxPageSize} from '../../providers/opal/index.js';
import {fleetVendors} from '../fleet-vendors.js';
import type {SimulatedAccount, VendorName} from '../simulator-process.js';
import {arrayOf, field, type GetJson, type JsonTransport} from './json-get.js';
import type {PlanStyle} from './page-walk.js';
import {withRequestSignal} from './request-signal.js';
import {launchDarklyTokenPage, mistTokenList, opalTokenPage} from './vendor-pages.js';

/**
An account of the fleet as tokenkit and the baselines reach it: a GitHub one carries its App's fields as well, and
one of a vendor with more than one kind of token its scope.
*/
export type ScriptAccount = SimulatedAccount & {readonly vendor: VendorName; readonly baseUrl: string};

/** How a baseline sends its requests. */
export interface BaselineClient {
	/** A GET of a list page, its parsed body. */
	readonly getJson: GetJson;
	/** For the walked plans (<vendor>-plan.ts), which read answer headers, POST, and take some 404s as answers. */
	readonly transport: JsonTransport;
	/** tokenkit's overlap of pages and lookups, or one request at a time. */
	readonly style: PlanStyle;
}

/** `vendor-default`: no page size sent, as a quick script does; `largest`: the largest page each vendor allows. */
export type PageChoice = 'vendor-default' | 'largest';

export interface ScriptAccountResult {
	readonly vendor: VendorName;
	readonly account: string;
	readonly tokens: number;
	readonly requests: number;
	readonly ms: number;
}

export async function sequentialScript(accounts: readonly ScriptAccount[], pages: PageChoice, signal: AbortSignal): Promise<ScriptAccountResult[]> {
	const results: ScriptAccountResult[] = [];
	for (const account of accounts) {
		const started = performance.now();
		const {tokens, requests} = await listAccount(account, pages, kyClient, signal);
		results.push({vendor: account.vendor, account: account.name, tokens, requests, ms: performance.now() - started});
	}

	return results;
}

/**
One account, page after page, each page read with the client's `getJson`. The bare client walks Mist and Opal the
same way, and every other vendor in tokenkit's style, as its plan walks it (<vendor>-plan.ts, fleet-vendors.ts).
*/
export async function listAccount(account: ScriptAccount, pages: PageChoice, client: BaselineClient, signal: AbortSignal): Promise<{tokens: number; requests: number}> {
	const {getJson} = client;
	const {vendor} = account;
	switch (vendor) {
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

		default: {
			// Every other vendor: walked in tokenkit's plan, in the client's style (fleet-vendors.ts).
			return fleetVendors[vendor].plan.walk(account, {transport: client.transport, style: client.style, pages, signal});
		}
	}
}

/**
ky as a script uses it: `ky.get(url).json()`, with more retries than ky's default two so that a rate limit is
waited out (ky honours Retry-After on a 429, and backs off where there is none).
*/
const kyJson: GetJson = async (url, headers, signal) => withRequestSignal(signal, async own => ky.get(url, {headers, signal: own, retry: {limit: 10}}).json());

const kyClient: BaselineClient = {
	getJson: kyJson,
	transport: {
		async get(url, headers, signal, notFoundIsAnAnswer = false) {
			return withRequestSignal(signal, async own => {
				const response = await ky.get(url, {headers, signal: own, retry: {limit: 10}, throwHttpErrors: status => !(notFoundIsAnAnswer && status === 404)});
				const body: unknown = response.status === 404 ? null : await response.json();
				return {status: response.status, body, headers: response.headers};
			});
		},
		// ky does not retry a POST, and neither would a script: a mint may have happened.
		async post(url, headers, signal) {
			return withRequestSignal(signal, async own => ky.post(url, {headers, signal: own}).json());
		},
	},
	style: 'sequential',
};
