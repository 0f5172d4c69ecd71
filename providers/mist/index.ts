import {createHttpClient} from '../../src/http/client.js';
import type {LimiterOptions} from '../../src/http/limiter.js';
import type {Capabilities, CallOptions, TokenProvider} from '../../src/provider.js';
import {checkProviderOptions} from '../../src/provider-options.js';
import type {Token} from '../../src/token.js';
import {createMistApi} from './api.js';
import {checkMistOptions, type MistProviderOptions, type MistTokenScope} from './options.js';
import {maskedKey} from './map.js';
import {orgTokenOperations} from './org-tokens.js';
import {mistOwnCredential} from './own-credential.js';
import {mistRotation} from './rotation.js';
import {selfTokenOperations} from './self-tokens.js';
import type {MistUpdateTokenInput} from './types.js';

/*
Juniper Mist behind one TokenProvider. Where Mist's documents are silent, this adapter chooses:
- Paging: the token lists are one bare array (docs/vendors/mist.md, pagination [S]): one request. Should an answer ever
  carry `X-Page-*` headers announcing more than it holds, the rest is fetched with `page`/`limit` as Mist's
  other lists page, and a page that adds nothing is a PaginationError (page-headers.ts).
- A 2xx body with an `error` field is an HttpError, as in Mist's Python SDK (docs/vendors/mist.md, errors [D]) (api.ts).
- Create reads the token back with a GET, since the create answer may lack privileges; if that read fails,
  the create answer (and the privileges sent) serve, so a minted key is never lost (org-tokens.ts).
- Update sends name and privileges together, reading the current ones when only one changes; an allow-list
  other than the current one is a ConfigError that points at replacement, since Mist fixes `src_ips` at
  creation. The same list is accepted.
- Rotation copies privileges from the wire record (with `views`, which the normalized Privilege cannot hold)
  and `src_ips` exactly; `org_id` is left for Mist to fill in (it is read-only).
- User ("self") tokens: privileges are their admin's (from `GET /api/v1/self`), the owner is the admin's
  email, `allowedIps` is null, and `expiresAt` is when Mist's 90-day idle rule would delete them (map.ts).
*/

export {mistClouds, mistDefaultCloud, type MistCloud} from './clouds.js';
export {mistOrgTokenToToken, mistUserTokenToToken, mistUserTokenIdleDays, type MistTokenAdmin} from './map.js';
export type {MistProviderOptions, MistTokenScope} from './options.js';
export type {MistUpdateTokenInput} from './types.js';

/** Org tokens: every operation; no expiry (Mist has none for them), an IP allow-list (`src_ips`), no description. */
export const mistOrgCapabilities = {
	operations: {list: true, get: true, create: true, update: true, delete: true, rotate: true},
	pagination: 'none',
	rotation: mistRotation,
	maxPageSize: null,
	fields: {expiry: false, lastUsed: true, ipAllowList: true, description: false, owner: true},
} as const satisfies Capabilities;

/**
User ("self") tokens: every operation. `expiry` is true because Mist deletes a user token after 90 days without
use, and `expiresAt` says when that will happen; there is no allow-list and no description.
*/
export const mistSelfCapabilities = {
	operations: {list: true, get: true, create: true, update: true, delete: true, rotate: true},
	pagination: 'none',
	rotation: mistRotation,
	maxPageSize: null,
	fields: {expiry: true, lastUsed: true, ipAllowList: false, description: false, owner: true},
} as const satisfies Capabilities;

/**
Mist's pacing: 5,000 calls an hour per key (docs/vendors/mist.md, rate limits [S]); `limiter` in the options overrides
it. For user tokens the budget is shared by every token of the same admin, so several providers on one admin
should be given smaller shares.
*/
export const mistRateLimits = {requestsPerHour: 5000} as const satisfies LimiterOptions;

export interface MistProvider extends TokenProvider {
	readonly scope: MistTokenScope;
	/** The org whose tokens this provider manages; null for scope `self`. */
	readonly orgId: string | null;
	/** Renames a token or replaces its privileges; a different `allowedIps` is refused (Mist fixes it at creation). */
	update(id: string, change: MistUpdateTokenInput, options?: CallOptions): Promise<Token>;
}

/**
Juniper Mist API tokens: an org's tokens (scope `org`, the default) or the caller's own user tokens (scope
`self`). Every operation is supported; rotation replaces the token with a twin of the same name, privileges
and allow-list, since Mist has no way to renew a key (docs/vendors/mist.md, rotation [S]).

Rotating the very key the provider uses works: the twin's key is handed to `onMinted`, then the old token is
deleted with the old key. The provider then holds a dead key; make a new one with the new key. A listed token
whose masked key is the credential's is marked `ownCredential` (own-credential.ts).

@example
const mist = createMistProvider({apiKey: process.env.MIST_API_TOKEN ?? '', orgId: '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', cloud: 'emea01', account: 'mist-eu'});
for await (const token of mist.list()) {
	if (token.admin && token.allowedIps?.length === 0) console.log(`${token.name}: org admin usable from anywhere`);
}
*/
export function createMistProvider(options: MistProviderOptions): MistProvider {
	const {credential, account} = checkProviderOptions('mist', options);
	const context = {provider: 'mist', account};
	const mist = checkMistOptions(options, context);
	const client = createHttpClient({
		...options,
		provider: 'mist',
		account,
		baseUrl: mist.baseUrl,
		credential,
		// Mist's `apiToken` scheme: `Authorization: Token <key>` (docs/vendors/mist.md, auth [S]).
		authorization: key => `Token ${key}`,
		vendorLimits: mistRateLimits,
	});
	const api = createMistApi(client, account);
	// Only the mask is kept for telling the credential apart: what Mist shows of every key anyway.
	const own = mistOwnCredential(maskedKey(credential.reveal()));
	const operations = mist.scope === 'org' ? orgTokenOperations(api, mist.orgId, own) : selfTokenOperations(api, own);
	return {
		provider: 'mist',
		account,
		scope: mist.scope,
		orgId: mist.orgId,
		capabilities: mist.scope === 'org' ? mistOrgCapabilities : mistSelfCapabilities,
		...operations,
	};
}
