import type * as v from 'valibot';
import {markOwnCredentialInPages} from '../../src/own-credential.js';
import type {ReadAheadBudget} from '../../src/read-ahead.js';
import type {Token} from '../../src/token.js';
import type {DatadogAccount} from './account.js';
import {explainMissing, explainRefusal} from './api.js';
import {accessTokenAddress, accessTokenToToken, apiKeyToToken, applicationKeyToToken} from './map.js';
import {datadogPages} from './pages.js';
import {DatadogAccessTokenSchema, DatadogApiKeySchema, DatadogApplicationKeySchema, type DatadogAccessToken, type DatadogApplicationKey} from './schema.js';

/** Pages of one kind's tokens, mapped and scrubbed. */
export type TokenPages = AsyncGenerator<readonly Token[], void, undefined>;

/** Pages of one list asked for side by side once its total is known; few, since every list shares the org's limits. */
export const pagesInFlight = 4;

/** How the lists of one listing are read. */
export interface ListingTerms {
	readonly pageSize: number;
	readonly signal: AbortSignal | undefined;
	/** Room for pages ahead of the reader, shared with the other listings of a run (src/read-ahead.ts). */
	readonly readAhead?: ReadAheadBudget | undefined;
}

/**
Every token the provider lists, kind after kind (docs/vendors/datadog.md; each kind's list is checked against its
total, pages.ts): API keys; application keys, the org's and then each named service account's; access tokens, the
org's and then each named service account's. The key tokenkit authenticates with is marked in each kind by its last
four characters (src/own-credential.ts): `…` and `last4` of the API key among API keys, and of the application key
among the caller's application keys (any owner's when the caller is unknown). A match that is not the only one marks
none.
*/
export async function* everyTokenPages(account: DatadogAccount, terms: ListingTerms): AsyncGenerator<Iterable<Token>, void, undefined> {
	const {signal} = terms;
	const {options} = account;
	if (options.kinds.has('api-keys')) {
		yield* markOwnCredentialInPages(apiKeyPages(account, terms), token => token.secretHint === account.hints.apiKey);
	}

	const listsKeys = options.kinds.has('application-keys') || options.serviceAccounts.length > 0;
	const listsTokens = options.kinds.has('access-tokens');
	// Asked once, before the keys it tells apart: whose keys the caller's are, and so which Datadog lets tokenkit mint again.
	const caller = listsKeys || listsTokens ? await account.caller(signal) : null;
	if (listsKeys) {
		yield* markOwnCredentialInPages(applicationKeyPages(account, terms), token => isOwnApplicationKey(account, token, caller));
	}

	if (listsTokens) {
		yield* accessTokenPages(account, terms);
	}
}

/** Whether a listed application key shows the credential's last four (and, where the caller is known, is theirs). */
export function isOwnApplicationKey(account: DatadogAccount, token: Token, caller: string | null): boolean {
	return token.secretHint === account.hints.applicationKey && (caller === null || token.owner?.id === caller);
}

/** `GET /api/v2/api_keys`, with each key's creator looked up. */
export async function* apiKeyPages(account: DatadogAccount, terms: ListingTerms): TokenPages {
	const {signal} = terms;
	const pages = listPages(account, 'api/v2/api_keys', DatadogApiKeySchema, terms, error => explainRefusal(error, 'api_keys_read', 'leave "api-keys" out of field "kinds"'));
	for await (const page of pages) {
		const person = await account.people(page.flatMap(record => present(record.relationships?.created_by?.data?.id)), signal);
		yield page.map(record => {
			const creator = record.relationships?.created_by?.data?.id;
			return account.scrub(apiKeyToToken(record, creator === undefined ? null : person(creator), account.account));
		});
	}
}

/**
The org's application keys (but those of the service accounts named in `serviceAccounts`), then each named service
account's, through its own endpoint.
*/
export async function* applicationKeyPages(account: DatadogAccount, terms: ListingTerms): TokenPages {
	const {signal} = terms;
	const named = new Set(account.options.serviceAccounts);
	if (account.options.kinds.has('application-keys')) {
		const pages = listPages(account, 'api/v2/application_keys', DatadogApplicationKeySchema, terms, error => explainRefusal(error, 'org_app_keys_read', 'leave "application-keys" out of field "kinds"'));
		for await (const page of pages) {
			const kept = page.filter(record => !named.has(ownerOf(record)?.toLowerCase() ?? ''));
			yield await applicationKeys(account, kept, null, signal);
		}
	}

	for (const serviceAccount of account.options.serviceAccounts) {
		const path = `api/v2/service_accounts/${encodeURIComponent(serviceAccount)}/application_keys`;
		const pages = listPages(account, path, DatadogApplicationKeySchema, terms, error => serviceAccountProblem(error, serviceAccount));
		for await (const page of pages) {
			yield await applicationKeys(account, page, serviceAccount, signal);
		}
	}
}

/** Application keys as tokens: owned by `serviceAccount` when listed under it, else by their `owned_by`. */
export async function applicationKeys(account: DatadogAccount, records: readonly DatadogApplicationKey[], serviceAccount: string | null, signal: AbortSignal | undefined): Promise<Token[]> {
	const ownerIds = serviceAccount === null ? records.flatMap(record => present(ownerOf(record))) : [serviceAccount];
	const person = await account.people(ownerIds, signal);
	return records.map(record => {
		const owner = serviceAccount ?? ownerOf(record);
		return account.scrub(applicationKeyToToken(record, serviceAccount, owner === undefined ? null : person(owner), account.account));
	});
}

/**
`GET /api/v2/personal_access_tokens`, which lists personal and service access tokens alike [S+] (but those of the
service accounts named in `serviceAccounts`), then each named service account's.
*/
export async function* accessTokenPages(account: DatadogAccount, terms: ListingTerms): TokenPages {
	const {signal} = terms;
	const named = new Set(account.options.serviceAccounts);
	const orgWide = listPages(account, 'api/v2/personal_access_tokens', DatadogAccessTokenSchema, terms, error => accessTokenProblem(error));
	for await (const page of orgWide) {
		const kept = page.filter(record => {
			const address = accessTokenAddress(record);
			return address.kind !== 'service-access-token' || !named.has(address.serviceAccount.toLowerCase());
		});
		yield await accessTokens(account, kept, null, signal);
	}

	for (const serviceAccount of account.options.serviceAccounts) {
		const path = `api/v2/service_accounts/${encodeURIComponent(serviceAccount)}/access_tokens`;
		for await (const page of listPages(account, path, DatadogAccessTokenSchema, terms, error => serviceAccountProblem(error, serviceAccount))) {
			yield await accessTokens(account, page, serviceAccount, signal);
		}
	}
}

/** Access tokens as tokens: service access tokens of `serviceAccount` when listed under it, else by their record. */
export async function accessTokens(account: DatadogAccount, records: readonly DatadogAccessToken[], serviceAccount: string | null, signal: AbortSignal | undefined): Promise<Token[]> {
	const ownerIds = serviceAccount === null ? records.flatMap(record => present(record.relationships?.owned_by?.data?.id)) : [serviceAccount];
	const person = await account.people(ownerIds, signal);
	return records.map(record => {
		const address = serviceAccount === null ? accessTokenAddress(record) : {kind: 'service-access-token' as const, id: record.id, serviceAccount};
		const owner = serviceAccount ?? record.relationships?.owned_by?.data?.id;
		return account.scrub(accessTokenToToken(record, address, owner === undefined ? null : person(owner), account.account));
	});
}

function listPages<TItem extends v.GenericSchema>(account: DatadogAccount, path: string, item: TItem, terms: ListingTerms, explain: (error: unknown) => unknown) {
	return datadogPages({api: account.api, path, item, pageSize: terms.pageSize, concurrency: pagesInFlight, readAhead: terms.readAhead, explain, signal: terms.signal});
}

function ownerOf(record: DatadogApplicationKey): string | undefined {
	return record.relationships?.owned_by?.data?.id;
}

function present(id: string | undefined): string[] {
	return id === undefined ? [] : [id];
}

/** A service account's list refused or not found: say which field named it. */
function serviceAccountProblem(error: unknown, serviceAccount: string): unknown {
	const refused = explainRefusal(error, 'service_account_write', `leave ${serviceAccount} out of field "serviceAccounts"`);
	return explainMissing(refused, `field "serviceAccounts": service account ${serviceAccount} does not exist in this org (or is a user, not a service account); check its id in Organization Settings › Service Accounts`);
}

/**
The org's access-token list refused or missing. Personal access tokens are a Preview on some sites (docs/vendors/
datadog.md, endpoints [S+][D]); where Datadog answers 404 for the list itself, the org has none to list.
*/
function accessTokenProblem(error: unknown): unknown {
	const refused = explainRefusal(error, 'org_app_keys_read', 'leave "access-tokens" out of field "kinds"');
	return explainMissing(refused, 'this Datadog site or org has no access-token API (personal access tokens are a Preview); leave "access-tokens" out of field "kinds"');
}
