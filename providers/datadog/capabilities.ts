import type {Capabilities} from '../../src/provider.js';
import type {Token} from '../../src/token.js';
import {datadogMaxPageSize} from './options.js';
import {datadogRotation} from './rotation.js';

/**
What a Datadog provider does, across the kinds it lists: every operation; pages by number with a total (`offset`:
pages after the first are asked for side by side); rotation by replacement. Access tokens expire, keys do not, so
`expiry` is true for the provider and told per token by {@link datadogTokenCapabilities}. No key has an allow-list
(Datadog's IP allowlist is org-wide [S absence][I]) or a description.
*/
export const datadogCapabilities = {
	operations: {list: true, get: true, create: true, update: true, delete: true, rotate: true},
	pagination: 'pages',
	rotation: datadogRotation,
	maxPageSize: datadogMaxPageSize,
	fields: {expiry: true, lastUsed: true, ipAllowList: false, description: false, owner: true},
	remedies: {
		narrow: {remedy: 'none', advice: 'narrow its scopes in place (Datadog edits an application key\'s or access token\'s scopes without a new key), or replace an unscoped key with a scoped one'},
	},
} as const satisfies Capabilities;

/** Advice where Datadog's API cannot mint the twin: the owner must. */
export const notMintableAdvice = {
	applicationKey: 'Datadog\'s API mints an application key only for the calling user or for a service account, and this one belongs to another user: ask them to create a new key (Personal Settings › Application Keys), switch to it, then revoke this one (tokenkit revoke)',
	unknownOwner: 'tokenkit could not tell whether this application key belongs to the calling user or to a service account (its owner could not be read, or the caller could not be told), and Datadog mints one only for those: rotate it in Datadog, or with a credential that may read users (user_access_read) and its own keys (user_app_keys)',
	personalAccessToken: 'Datadog creates a personal access token only for the calling user, and this one belongs to another user: ask them to create a new one (Personal Settings › Access Tokens), switch to it, then revoke this one (tokenkit revoke)',
} as const;

/**
Why Datadog's API cannot mint a twin of this token, or null when it can (docs/vendors/datadog.md, rotation [S][S+]):
API keys and service accounts' keys and tokens are minted by anyone allowed to; an application key or a personal
access token only for the calling user (`/current_user/application_keys`, `POST /personal_access_tokens`), so only
the caller's own are rotated. `caller` is the user the credential acts as; null or undefined when unknown, and then
no user's key counts as the caller's.
*/
export function twinRefusal(token: Token, caller: string | null | undefined): string | null {
	const owner = token.owner?.id ?? null;
	const callers = owner !== null && caller !== null && caller !== undefined && owner === caller;
	if (token.id.startsWith('application_keys/')) {
		if (token.kind === 'service' || callers) {
			return null;
		}

		return token.kind === 'personal' && caller !== null && caller !== undefined ? notMintableAdvice.applicationKey : notMintableAdvice.unknownOwner;
	}

	if (token.id.startsWith('personal_access_tokens/')) {
		return callers ? null : notMintableAdvice.personalAccessToken;
	}

	return null;
}

/**
What holds for one token (Capabilities.forToken): only access tokens have an expiry, so keys are not called
"never expires" (Datadog offers none for them: age is what `too-old` judges, and rotation is the remedy); a token
Datadog's API cannot mint again is not rotated, and the audit says what to do instead; a service access token's
missing expiry is fixed by rotating it, since tokenkit gives every twin an expiry (minting.ts).
*/
export function datadogTokenCapabilities(token: Token, caller: string | null | undefined): Capabilities {
	const accessToken = token.id.startsWith('personal_access_tokens/') || /^service_accounts\/[^/]+\/access_tokens\//.test(token.id);
	const refusal = twinRefusal(token, caller);
	return {
		...datadogCapabilities,
		operations: {...datadogCapabilities.operations, rotate: refusal === null},
		fields: {...datadogCapabilities.fields, expiry: accessToken},
		remedies: {
			...datadogCapabilities.remedies,
			...(refusal === null ? {} : {rotate: {remedy: 'none', advice: refusal}}),
			expire: {remedy: 'rotate', advice: 'rotate it (tokenkit rotate): Datadog cannot add an expiry to an existing access token, but the new one expires within a year'},
		},
	};
}
