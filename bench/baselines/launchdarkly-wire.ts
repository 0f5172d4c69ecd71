import type {PageRequest} from './vendor-pages.js';

/**
What LaunchDarkly's list requests need besides the account: the adapter's API version and page sizes. They are
values rather than imports here so that a client in a child process (launchdarkly-child.ts) can be handed them
on its command line and need not load tokenkit's adapter, whose start-up is not the client's.
*/
export interface LaunchDarklyWire {
	readonly apiVersion: string;
	/** Tokens asked for per page (the largest LaunchDarkly serves). */
	readonly pageSize: number;
	/** Custom roles asked for per page. */
	readonly rolesPageSize: number;
}

/** Where the requests go and with which key. */
export interface LaunchDarklyAccount {
	readonly apiKey: string;
	readonly baseUrl: string;
}

/** A page of LaunchDarkly's token list at `url` (a `_links.next` href resolved against the base URL, say). */
export function launchDarklyPageAt(account: LaunchDarklyAccount, url: string, wire: LaunchDarklyWire): PageRequest {
	return {url, headers: {'authorization': account.apiKey, 'ld-api-version': wire.apiVersion}};
}

/** LaunchDarkly's token list from `offset`, the largest page. */
export function launchDarklyTokensFrom(account: LaunchDarklyAccount, offset: number, wire: LaunchDarklyWire): PageRequest {
	return launchDarklyPageAt(account, `${account.baseUrl}/api/v2/tokens?showAll=true&limit=${wire.pageSize}&offset=${offset}`, wire);
}

/** LaunchDarkly's custom roles from `offset`, as many as tokenkit asks for: it lists them once a token names one. */
export function launchDarklyRolesFrom(account: LaunchDarklyAccount, offset: number, wire: LaunchDarklyWire): PageRequest {
	return launchDarklyPageAt(account, `${account.baseUrl}/api/v2/roles?limit=${wire.rolesPageSize}&offset=${offset}`, wire);
}
