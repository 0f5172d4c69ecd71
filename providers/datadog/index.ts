import type {LimiterOptions} from '../../src/http/limiter.js';
import {flattenPages} from '../../src/flatten-pages.js';
import type {CallOptions, Capabilities, MintedToken, TokenProvider} from '../../src/provider.js';
import {checkProviderOptions} from '../../src/provider-options.js';
import {createRedactor} from '../../src/redaction/redactor.js';
import {rotateByReplace} from '../../src/rotation/replace.js';
import {Secret} from '../../src/secret.js';
import type {Token} from '../../src/token.js';
import {createDatadogAccount} from './account.js';
import {createDatadogApi} from './api.js';
import {createCallerLookup} from './caller.js';
import {datadogCapabilities, datadogTokenCapabilities} from './capabilities.js';
import {deleteKey, updateKey, type DatadogUpdateTokenInput} from './changes.js';
import {everyTokenPages} from './listing.js';
import {createKey, mintTwin, type DatadogCreateTokenInput} from './minting.js';
import {checkDatadogOptions, checkPageSize, type DatadogKeyKind, type DatadogProviderOptions} from './options.js';
import {createDatadogPeople} from './people.js';
import {readToken} from './reading.js';
import {datadogRotation} from './rotation.js';
import type {DatadogSite} from './sites.js';
import {parseTokenId} from './token-id.js';

/*
Datadog's API keys, application keys and access tokens behind one TokenProvider per org and site. Where Datadog's
documents are silent, this adapter chooses (docs/vendors/datadog.md):
- Token ids are the key's path under /api/v2 (token-id.ts): Datadog's ids live in separate collections.
- Every list is paged by number with `page[size]` always sent, sorted by creation, and checked against its total
  (pages.ts); owners are looked up once per user per run (people.ts).
- Single-key answers may carry the whole key: registered with the redactor as read, never kept (reading.ts).
- Who the credential acts as is learned from the caller's own application keys (caller.ts), since Datadog mints an
  application key or a personal access token only for the caller: another user's are refused at plan time.
- Rotation replaces: a twin, then the old key deleted, or left for `tokenkit revoke` after the grace period.
*/

export {accessTokenToToken, apiKeyToToken, applicationKeyToToken, datadogAdminRole, datadogManagementPermissions, type DatadogPerson} from './map.js';
export {datadogCapabilities, datadogTokenCapabilities} from './capabilities.js';
export {datadogRotation} from './rotation.js';
export {datadogSites, datadogSiteAliases, datadogDefaultSite, type DatadogSite} from './sites.js';
export {datadogKeyKinds, datadogMaxPageSize, type DatadogKeyKind, type DatadogProviderOptions} from './options.js';
export type {DatadogCreateTokenInput, DatadogMintType} from './minting.js';
export type {DatadogUpdateTokenInput} from './changes.js';

/**
Datadog publishes no numbers for the key-management endpoints (docs/vendors/datadog.md, rate limits [D]): the pace is
what each answer's `X-RateLimit-*` headers say (api.ts), a 429 waits for `X-RateLimit-Reset`, and a few requests in
flight keep a listing from spending a window at once.
*/
export const datadogRateLimits = {concurrency: 6} as const satisfies LimiterOptions;

export interface DatadogProvider extends TokenProvider {
	/** The site, or null when `baseUrl` was given. */
	readonly site: DatadogSite | null;
	readonly kinds: readonly DatadogKeyKind[];
	/** Mints an application key (the default), an API key or an access token; see DatadogCreateTokenInput. */
	create(input: DatadogCreateTokenInput, options?: CallOptions): Promise<MintedToken>;
	/** Renames a key, or changes an application key's or access token's scopes (`privileges`). */
	update(id: string, change: DatadogUpdateTokenInput, options?: CallOptions): Promise<Token>;
}

/**
Datadog, one org on one site: its API keys, every user's and service account's application keys, and its personal
and service access tokens. Rotation mints a twin and deletes the old key (or leaves it for the grace period), for
API keys, service accounts' keys and tokens, and the caller's own application keys and personal access tokens;
Datadog's API cannot mint one for another user.

@example
const datadog = createDatadogProvider({apiKey: process.env.DD_API_KEY ?? '', applicationKey: process.env.DD_APP_KEY ?? '', site: 'datadoghq.eu', account: 'dd-eu'});
for await (const token of datadog.list()) {
	if (token.admin && token.owner?.status === 'gone') console.log(`${token.id}: full access of a disabled user`);
}
*/
export function createDatadogProvider(options: DatadogProviderOptions): DatadogProvider {
	const {credential, account} = checkProviderOptions('datadog', options);
	const context = {provider: 'datadog', account};
	const checked = checkDatadogOptions(options, context);
	const applicationKey = new Secret(checked.applicationKey);
	const now = options.now ?? Date.now;
	const redactor = options.redactor ?? createRedactor();
	redactor.add(applicationKey);
	const api = createDatadogApi({
		...options,
		provider: 'datadog',
		account,
		baseUrl: checked.baseUrl,
		credential,
		redactor,
		// Both keys on every call, in Datadog's own headers and nothing else (docs/vendors/datadog.md, auth [S]).
		authorization: apiKey => ({'dd-api-key': apiKey, 'dd-application-key': applicationKey.reveal()}),
		vendorLimits: datadogRateLimits,
		now,
	});
	const datadog = createDatadogAccount({
		api,
		account,
		options: checked,
		// Only what Datadog shows of every key is kept for telling the credential apart: `…` and the last four.
		hints: {apiKey: `…${credential.reveal().slice(-4)}`, applicationKey: `…${applicationKey.reveal().slice(-4)}`},
		people: createDatadogPeople(api),
		caller: createCallerLookup(api),
		now,
	});
	const capabilities: Capabilities = {...datadogCapabilities, forToken: token => datadogTokenCapabilities(token, datadog.knownCaller())};

	return {
		provider: 'datadog',
		account,
		site: checked.site,
		kinds: [...checked.kinds],
		capabilities,
		list(listOptions = {}) {
			const pageSize = listOptions.pageSize === undefined ? checked.pageSize : checkPageSize(listOptions.pageSize, context);
			return flattenPages(everyTokenPages(datadog, {pageSize, signal: listOptions.signal, readAhead: listOptions.readAhead}));
		},
		async get(id, callOptions = {}) {
			return readToken(datadog, parseTokenId(id, context), callOptions.signal);
		},
		async create(input, callOptions = {}) {
			return createKey(datadog, input, callOptions.signal);
		},
		async update(id, change, callOptions = {}) {
			return updateKey(datadog, parseTokenId(id, context), change, callOptions.signal);
		},
		async delete(id, callOptions = {}) {
			await deleteKey(datadog, parseTokenId(id, context), callOptions.signal);
		},
		async rotate(id, rotateOptions = {}) {
			const address = parseTokenId(id, context);
			return rotateByReplace(id, rotateOptions, {
				read: async (tokenId, call) => readToken(datadog, parseTokenId(tokenId, context), call.signal),
				createTwin: async (original, call) => mintTwin(datadog, original, call.signal),
				revoke: async (_tokenId, call) => deleteKey(datadog, address, call.signal),
				now,
				name: datadogRotation.name,
				context,
			});
		},
	};
}
