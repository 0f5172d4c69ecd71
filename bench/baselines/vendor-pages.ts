import {customRolesPageSize} from '../../providers/launchdarkly/custom-roles.js';
import {launchDarklyApiVersion, launchDarklyMaxPageSize} from '../../providers/launchdarkly/index.js';
import {launchDarklyPageAt, launchDarklyTokensFrom, type LaunchDarklyWire} from './launchdarkly-wire.js';

/** One GET of a list page: its address and the vendor's auth header. */
export interface PageRequest {
	readonly url: string;
	readonly headers: Readonly<Record<string, string>>;
}

interface Account {
	readonly id: string;
	readonly apiKey: string;
	readonly baseUrl: string;
}

/**
The list requests the baselines send, built from the adapters' own constants (API version, largest page), so
that the peers ask what tokenkit asks and a change to a vendor fact reaches them too.
*/
export function mistTokenList(account: Account): PageRequest {
	return {url: `${account.baseUrl}/api/v1/orgs/${account.id}/apitokens`, headers: {authorization: `Token ${account.apiKey}`}};
}

/** `pageSize` undefined sends none, as a quick script does, and gets Opal's default. */
export function opalTokenPage(account: Account, cursor: string | undefined, pageSize: number | undefined): PageRequest {
	const url = new URL(`${account.baseUrl}/tokens`);
	if (pageSize !== undefined) {
		url.searchParams.set('page_size', String(pageSize));
	}

	if (cursor !== undefined) {
		url.searchParams.set('cursor', cursor);
	}

	return {url: url.href, headers: {authorization: `Bearer ${account.apiKey}`}};
}

/** The adapters' own LaunchDarkly constants, in the form a client in a child process is handed them. */
export const launchDarklyWire: LaunchDarklyWire = {apiVersion: launchDarklyApiVersion, pageSize: launchDarklyMaxPageSize, rolesPageSize: customRolesPageSize};

/** A page of LaunchDarkly's token list at `url` (a `_links.next` href resolved against the base URL, say). */
export function launchDarklyTokenPage(account: Account, url: string): PageRequest {
	return launchDarklyPageAt(account, url, launchDarklyWire);
}

/** LaunchDarkly's token list from `offset`, the largest page. */
export function launchDarklyOffsetPage(account: Account, offset: number): PageRequest {
	return launchDarklyTokensFrom(account, offset, launchDarklyWire);
}
