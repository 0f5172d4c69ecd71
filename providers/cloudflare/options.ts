import {ConfigError, type ErrorContext} from '../../src/errors/index.js';
import type {ProviderOptions} from '../../src/provider-options.js';

/**
Which tokens a Cloudflare provider manages.
- `account`: the tokens an account owns (`/accounts/{account_id}/tokens`); needs `accountId`.
- `user`: the user tokens of the user whose token tokenkit authenticates with (`/user/tokens`): Cloudflare lists
  only the caller's own (docs/vendors/cloudflare.md, auth [S]).
*/
export type CloudflareTokenScope = 'account' | 'user';

/** Cloudflare's one API root (docs/vendors/cloudflare.md, base URL [S]). */
export const cloudflareBaseUrl = 'https://api.cloudflare.com/client/v4';

/** `per_page` runs from 5 to 50 on the token lists [S]. */
export const cloudflareMinPageSize = 5;
export const cloudflareMaxPageSize = 50;

export interface CloudflareProviderOptions extends ProviderOptions {
	/**
	Account tokens or the caller's own user tokens.
	@default 'account'
	*/
	readonly scope?: CloudflareTokenScope | undefined;
	/**
	The account whose tokens to manage: 32 hexadecimal digits (in the dashboard's URL, and under Account ID on an
	account's overview). Required for scope `account`; not allowed for scope `user`, whose tokens belong to a person.
	@example '023e105f4ecef8ad9ca31a8372d0c353'
	*/
	readonly accountId?: string | undefined;
	/**
	Tokens per list request, from 5 to 50.
	@default 50
	*/
	readonly pageSize?: number | undefined;
}

export type CheckedCloudflareOptions =
	| {readonly scope: 'account'; readonly accountId: string; readonly pageSize: number}
	| {readonly scope: 'user'; readonly accountId: null; readonly pageSize: number};

const accountIdPattern = /^[\da-f]{32}$/;

/** What is wrong with one of Cloudflare's own options, by field. */
export interface OptionProblem {
	readonly field: 'scope' | 'accountId' | 'pageSize';
	readonly problem: string;
}

/** Validates Cloudflare's own options at construction, so a wrong scope or account id fails before any request. */
export function checkCloudflareOptions(options: CloudflareProviderOptions, context: ErrorContext): CheckedCloudflareOptions {
	const checked = readCloudflareOptions(options);
	if ('problem' in checked) {
		throw new ConfigError(`field "${checked.field}" ${checked.problem}`, context);
	}

	return checked;
}

/** The options, checked; or the first problem, for a caller that words the error itself (a config file's line). */
export function readCloudflareOptions(options: Pick<CloudflareProviderOptions, 'scope' | 'accountId' | 'pageSize'>): CheckedCloudflareOptions | OptionProblem {
	// Read as plain values: a config file may hold anything here.
	const scope: unknown = options.scope ?? 'account';
	if (scope !== 'account' && scope !== 'user') {
		return {field: 'scope', problem: `must be 'account' or 'user'; got ${JSON.stringify(scope)}`};
	}

	const pageSize: unknown = options.pageSize ?? cloudflareMaxPageSize;
	if (typeof pageSize !== 'number' || !Number.isInteger(pageSize) || pageSize < cloudflareMinPageSize || pageSize > cloudflareMaxPageSize) {
		return {field: 'pageSize', problem: `must be a whole number from ${cloudflareMinPageSize} to ${cloudflareMaxPageSize} (Cloudflare's per_page); got ${String(pageSize)}`};
	}

	const accountId: unknown = options.accountId;
	if (scope === 'user') {
		return accountId === undefined
			? {scope, accountId: null, pageSize}
			: {field: 'accountId', problem: 'is for scope \'account\'; user tokens (scope \'user\') belong to a person, not to one account, so leave accountId out'};
	}

	if (accountId === undefined || accountId === '') {
		return {field: 'accountId', problem: 'is required for scope \'account\' (the Account ID on the account\'s overview in the Cloudflare dashboard)'};
	}

	if (typeof accountId !== 'string' || !accountIdPattern.test(accountId)) {
		return {field: 'accountId', problem: 'must be 32 lowercase hexadecimal digits, such as 023e105f4ecef8ad9ca31a8372d0c353 (the Account ID in the Cloudflare dashboard)'};
	}

	return {scope, accountId, pageSize};
}
