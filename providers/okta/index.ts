import type {Capabilities, CallOptions, TokenProvider} from '../../src/provider.js';
import {checkProviderOptions} from '../../src/provider-options.js';
import type {Token} from '../../src/token.js';
import {createOktaApi} from './api.js';
import {oktaApiTokenOperations} from './api-tokens.js';
import {oktaClientSecretOperations, oktaMaxAppsPage} from './client-secrets.js';
import {checkOktaOptions, type OktaCredentialKind, type OktaProviderOptions} from './options.js';
import {oktaClientSecretRotation} from './rotation.js';
import type {OktaUpdateTokenInput} from './types.js';

export {oktaApiTokenToToken, oktaClientSecretToToken, oktaTokenWindowMs} from './map.js';
export {oktaMaxClientSecrets} from './client-secrets.js';
export type {OktaAuthScheme, OktaCredentialKind, OktaProviderOptions} from './options.js';
export type {OktaNetworkChange, OktaUpdateTokenInput} from './types.js';

/**
API tokens (SSWS): list, get, revoke and a change of the network condition; Okta's API cannot create or rotate
them. Every token expires after 30 days unused (`expiresAt`); `lastUsedAt` is derived from it (map.ts). The
list takes no page size: pages are followed by `Link: rel="next"` when Okta sends them.
*/
export const oktaApiTokenCapabilities = {
	operations: {list: true, get: true, create: false, update: true, delete: true, rotate: false},
	pagination: 'cursor',
	rotation: null,
	maxPageSize: null,
	fields: {expiry: true, lastUsed: true, ipAllowList: true, description: false, owner: true},
	// Where tokenkit cannot act, Okta's own way: a token keeps its owner's roles and is restricted in place.
	remedies: {
		rotate: {remedy: 'none', advice: 'create a new token in the Admin Console (Security > API > Tokens), switch to it, then revoke this one'},
		restrict: {remedy: 'none', advice: 'set its network condition to the zones it is used from (Admin Console, or update with a network condition)'},
		narrow: {remedy: 'none', advice: 'use a token of an admin with fewer roles: a token has exactly its owner\'s roles'},
	},
} as const satisfies Capabilities;

/**
OAuth 2.0 client secrets of the org's apps: list (apps paged by `Link: rel="next"`, 200 at a time), get, revoke
and rotate (a second secret, then the old one deactivated and deleted). A secret has no expiry, no record of
use, no allow-list and no owner.
*/
export const oktaClientSecretCapabilities = {
	operations: {list: true, get: true, create: false, update: false, delete: true, rotate: true},
	pagination: 'cursor',
	rotation: oktaClientSecretRotation,
	maxPageSize: oktaMaxAppsPage,
	fields: {expiry: false, lastUsed: false, ipAllowList: false, description: false, owner: false},
	remedies: {
		review: {remedy: 'none', advice: 'check the app\'s granted Okta API scopes and admin roles in the Admin Console (Applications > the app > Okta API Scopes, Admin roles)'},
	},
} as const satisfies Capabilities;

export interface OktaProvider extends TokenProvider {
	readonly credentials: OktaCredentialKind;
	/** API tokens: sets the network condition (the only change Okta allows); client secrets: unsupported. */
	update(id: string, change: OktaUpdateTokenInput, options?: CallOptions): Promise<Token>;
}

/**
Okta, one org: its SSWS API tokens (`credentials: 'api-tokens'`, the default) or its OAuth 2.0 apps' client secrets
(`credentials: 'client-secrets'`). Give two accounts with the same org URL and credential to inventory both.
Every Okta endpoint bucket has its own limiter, paced by Okta's `X-Rate-Limit-*` headers (docs/vendors/okta.md,
rate limits).

@example
const okta = createOktaProvider({apiKey: process.env.OKTA_API_TOKEN ?? '', baseUrl: 'https://acme.okta.com', account: 'okta-prod'});
for await (const token of okta.list()) {
	if (token.admin && token.allowedIps?.length === 0) console.log(`${token.name}: super admin token usable from anywhere`);
}
*/
export function createOktaProvider(options: OktaProviderOptions): OktaProvider {
	const {credential, account} = checkProviderOptions('okta', options);
	const context = {provider: 'okta', account};
	const okta = checkOktaOptions(options, context);
	const api = createOktaApi({
		...options,
		provider: 'okta',
		account,
		baseUrl: okta.baseUrl,
		credential,
		authorization: key => (okta.auth === 'ssws' ? `SSWS ${key}` : `Bearer ${key}`),
		// Okta publishes no fixed numbers (they depend on the org's plan): its X-Rate-Limit-Remaining and
		// X-Rate-Limit-Reset (epoch seconds) pace each bucket's limiter, and a 429 waits for the reset. A few requests
		// in flight keep well inside the org's concurrent limit of 75, which every client of the org shares ([D]).
		vendorLimits: {concurrency: 8},
	});

	if (okta.credentials === 'client-secrets') {
		return {provider: 'okta', account, credentials: 'client-secrets', capabilities: oktaClientSecretCapabilities, ...oktaClientSecretOperations(api, account)};
	}

	return {
		provider: 'okta',
		account,
		credentials: 'api-tokens',
		capabilities: oktaApiTokenCapabilities,
		...oktaApiTokenOperations(api, {account, context, resolveOwners: okta.resolveOwners, credentialIsApiToken: okta.auth === 'ssws'}),
	};
}
