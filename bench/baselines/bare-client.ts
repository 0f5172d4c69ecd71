import type {VendorName} from '../simulator-process.js';
import {listLaunchDarklyBare, type BareListing} from './bare-launchdarkly.js';
import {fetchJson, fetchTransport} from './json-get.js';
import {listAccount, type BaselineClient, type ScriptAccount} from './sequential-script.js';
import {launchDarklyWire} from './vendor-pages.js';

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
			? listLaunchDarklyBare(account, launchDarklyWire, launchDarklyConcurrency, signal)
			: listAccount(account, 'largest', bareFetch, signal)),
	})));
	return {
		tokens: listings.reduce((sum, listing) => sum + listing.tokens, 0),
		requests: listings.reduce((sum, listing) => sum + listing.requests, 0),
		accounts: listings,
	};
}
