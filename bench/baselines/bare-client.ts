import type {VendorName} from '../simulator-process.js';
import {arrayOf, fetchJson, fetchTransport, field} from './json-get.js';
import {listAccount, type BaselineClient, type ScriptAccount} from './sequential-script.js';
import {launchDarklyOffsetPage, launchDarklyRolesPage} from './vendor-pages.js';

export interface BareListing {
	readonly tokens: number;
	readonly requests: number;
}

/** What the bare client listed, in all and account by account. */
export interface BareFleetListing extends BareListing {
	readonly accounts: ReadonlyArray<BareListing & {readonly vendor: VendorName; readonly account: string}>;
}

/** Bare fetch and `JSON.parse`, in tokenkit's style where the plan overlaps pages and lookups. */
export const bareFetch: BaselineClient = {getJson: fetchJson, transport: fetchTransport, style: 'tokenkit'};

/**
The fastest listing any JSON client could make of these accounts on this machine: tokenkit's request plan
(every account at once; Mist one request per org; Opal's cursor chain one page after another; LaunchDarkly the
first page, then `concurrency` pages at a time, and its custom roles once a page names one; the walked vendors
page after page, the next page asked for while a page's lookups and reads run, a few at a time, as their
<vendor>-plan.ts says) with nothing but fetch and `JSON.parse` of each body. No validation, no records, no retries beyond
waiting out a 429. What tokenkit takes beyond this is its own work; what this takes beyond the lower bound is
the transport, the parsing and the simulators' serving.
*/
export async function bareClient(accounts: readonly ScriptAccount[], launchDarklyConcurrency: number, signal: AbortSignal): Promise<BareFleetListing> {
	const listings = await Promise.all(accounts.map(async account => ({
		vendor: account.vendor,
		account: account.name,
		...await (account.vendor === 'launchdarkly'
			? listLaunchDarkly(account, launchDarklyConcurrency, signal)
			: listAccount(account, 'largest', bareFetch, signal)),
	})));
	return {
		tokens: listings.reduce((sum, listing) => sum + listing.tokens, 0),
		requests: listings.reduce((sum, listing) => sum + listing.requests, 0),
		accounts: listings,
	};
}

/** The first page tells `totalCount`; the other offsets are then fetched `concurrency` at a time. */
async function listLaunchDarkly(account: ScriptAccount, concurrency: number, signal: AbortSignal): Promise<BareListing> {
	let roles: Promise<number> | undefined;
	const pageAt = async (offset: number): Promise<unknown> => {
		const {url, headers} = launchDarklyOffsetPage(account, offset);
		const page = await fetchJson(url, headers, signal);
		roles ??= namesCustomRoles(page) ? listRoles(account, signal) : undefined;
		return page;
	};

	const first = await pageAt(0);
	const served = arrayOf(field(first, 'items')).length;
	const total = field(first, 'totalCount');
	const offsets: number[] = [];
	for (let offset = served; served > 0 && typeof total === 'number' && offset < total; offset += served) {
		offsets.push(offset);
	}

	let tokens = served;
	let next = 0;
	const worker = async (): Promise<void> => {
		for (let offset = offsets[next]; offset !== undefined; offset = offsets[next]) {
			next++;
			// Read before adding: `tokens += await …` would add to the count as it was before the wait.
			const count = arrayOf(field(await pageAt(offset), 'items')).length;
			tokens += count;
		}
	};

	await Promise.all(Array.from({length: Math.max(1, concurrency)}, worker));
	return {tokens, requests: 1 + offsets.length + (roles === undefined ? 0 : await roles)};
}

function namesCustomRoles(page: unknown): boolean {
	return arrayOf(field(page, 'items')).some(item => {
		const ids = field(item, 'customRoleIds');
		return Array.isArray(ids) && ids.length > 0;
	});
}

/** Every page of the custom roles, one after another; returns how many requests it took. */
async function listRoles(account: ScriptAccount, signal: AbortSignal): Promise<number> {
	let read = 0;
	for (let requests = 1; ; requests++) {
		const {url, headers} = launchDarklyRolesPage(account, read);
		const page = await fetchJson(url, headers, signal);
		const count = arrayOf(field(page, 'items')).length;
		read += count;
		const total = field(page, 'totalCount');
		if (count === 0 || typeof total !== 'number' || read >= total) {
			return requests;
		}
	}
}
