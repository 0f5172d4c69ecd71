import type {Owner, Privilege, Token, TokenKind} from '../../src/token.js';
import type {DatadogAccessToken, DatadogApiKey, DatadogApplicationKey} from './schema.js';
import {formatTokenId, type DatadogTokenAddress} from './token-id.js';

/** The user a key names (its owner, or an API key's creator), as far as tokenkit learned them. */
export interface DatadogPerson {
	readonly owner: Owner;
	/** Whether the user is a service account; null when not known. */
	readonly serviceAccount: boolean | null;
	/** The names of their roles; null when they could not be read. */
	readonly roles: readonly string[] | null;
}

/** Nobody looked up: the id alone, standing unknown. */
export function unresolvedPerson(userId: string): DatadogPerson {
	return {owner: {id: userId, email: null, status: 'unknown'}, serviceAccount: null, roles: null};
}

/** Datadog's managed role with every permission (docs/vendors/datadog.md, mapping [D cassette]: the name `included` roles carry). */
export const datadogAdminRole = 'Datadog Admin Role';

/** The other managed roles: neither holds the permissions below, so a key acting with only these is not admin. */
export const datadogLimitedRoles: ReadonlySet<string> = new Set(['Datadog Standard Role', 'Datadog Read Only Role']);

/**
Permissions that reach every credential or identity of the org ([I], docs/vendors/datadog.md, mapping): who holds one
can mint or delete any API key, any application key, any service account's key, or make themselves (or anyone)
admin. A key scoped to one of them is full access by Datadog's own means.
*/
export const datadogManagementPermissions: ReadonlySet<string> = new Set([
	'org_management',
	'user_access_manage',
	'api_keys_write',
	'api_keys_delete',
	'org_app_keys_write',
	'service_account_write',
]);

/**
An API key (docs/vendors/datadog.md, mapping):
- it belongs to the org, not to a person, and keeps working whoever leaves [D]: kind `org`, and the owner is the org
  (present, named by nothing); `createdBy` is the creator from `created_by`, looked up. A creator who is disabled or
  gone leaves the key working: the audit says the creator left and may still hold the key;
- it has no scopes and cannot call a management API without an application key [I]: no privileges, not admin;
- it never expires [S]; `date_last_used` null means not used in the last 90 days as far as Datadog tells [D];
- the hint is `…` and `last4`; `key`, which a single key's answer carries whole, is never kept in `raw`.
*/
export function apiKeyToToken(record: DatadogApiKey, creator: DatadogPerson | null, account: string): Token {
	const {attributes} = record;
	return {
		provider: 'datadog',
		account,
		id: formatTokenId({kind: 'api-key', id: record.id}),
		name: attributes.name ?? '',
		description: null,
		kind: 'org',
		status: 'active',
		ownCredential: false,
		owner: orgOwner,
		createdBy: creator?.owner ?? null,
		createdAt: dateOrNull(attributes.created_at),
		lastUsedAt: dateOrNull(attributes.date_last_used),
		expiresAt: null,
		privileges: [],
		admin: false,
		allowedIps: null,
		secretHint: hintOf(attributes.last4),
		raw: withoutKey(record),
	};
}

/** What an API key belongs to: the org, which is there as long as the key is listed. */
const orgOwner: Owner = {id: null, email: null, status: 'present'};

/**
An application key (docs/vendors/datadog.md, mapping):
- it acts as its owner (`owned_by`, looked up): kind `service` for a service account's key, `personal` for a person's,
  `unknown` when the owner could not be read;
- a disabled owner is gone, and their keys stop working [D service-accounts doc]: status `disabled` (Datadog revives
  them if the user is enabled again), owner `gone`, and the audit says it acts as an identity no longer in the org;
- `scopes` are its privileges (`{role: <permission>, scope: 'org'}`); `scopes: null` means all of its owner's access
  [S][D], so its privileges are then the owner's roles and it is admin exactly when they hold the Datadog Admin Role;
  a custom role, or roles that could not be read, leave admin unknown (tokenkit does not read a role's permissions);
- it never expires; the hint is `…` and `last4`; `key` is never kept in `raw`.
*/
export function applicationKeyToToken(record: DatadogApplicationKey, serviceAccount: string | null, person: DatadogPerson | null, account: string): Token {
	const {attributes} = record;
	const address: DatadogTokenAddress = {kind: 'application-key', id: record.id, serviceAccount};
	const access = accessOf(attributes.scopes ?? null, person);
	return {
		provider: 'datadog',
		account,
		id: formatTokenId(address),
		name: attributes.name ?? '',
		description: null,
		kind: serviceAccount === null ? kindOf(person) : 'service',
		status: person?.owner.status === 'gone' ? 'disabled' : 'active',
		ownCredential: false,
		owner: person?.owner ?? null,
		createdBy: null,
		createdAt: dateOrNull(attributes.created_at),
		lastUsedAt: dateOrNull(attributes.last_used_at),
		expiresAt: null,
		...access,
		allowedIps: null,
		secretHint: hintOf(attributes.last4),
		raw: withoutKey(record),
	};
}

/**
A personal or service access token [S+] (docs/vendors/datadog.md, mapping): a personal one acts as its user, a
service one as its service account (`owned_by` of type `service_account`); its scopes are its privileges (never
null); `expires_at` is its expiry, required for a personal one, null for a service one made without. A disabled owner
is gone and the token stops working, as for application keys. The hint is the last four characters of
`public_portion`, which is the front of the key itself: it is not kept in `raw` whole, nor is `key`.
*/
export function accessTokenToToken(record: DatadogAccessToken, address: DatadogTokenAddress, person: DatadogPerson | null, account: string): Token {
	const {attributes} = record;
	const access = accessOf(attributes.scopes ?? [], person);
	return {
		provider: 'datadog',
		account,
		id: formatTokenId(address),
		name: attributes.name ?? '',
		description: null,
		kind: address.kind === 'service-access-token' ? 'service' : 'personal',
		status: person?.owner.status === 'gone' ? 'disabled' : 'active',
		ownCredential: false,
		owner: person?.owner ?? null,
		createdBy: null,
		createdAt: dateOrNull(attributes.created_at),
		lastUsedAt: dateOrNull(attributes.last_used_at),
		expiresAt: dateOrNull(attributes.expires_at),
		...access,
		allowedIps: null,
		secretHint: hintOf(attributes.public_portion),
		raw: withoutKey(record, ['key', 'public_portion']),
	};
}

/**
Which collection an access token of the org-wide list belongs to: its `type`, and for a service access token the
service account that owns it (docs/vendors/datadog.md, schemas [S+]). A service token listed as a personal one, as
Datadog once did [D cassette], is addressed as what it says it is.
*/
export function accessTokenAddress(record: DatadogAccessToken): DatadogTokenAddress {
	const owner = record.relationships?.owned_by?.data;
	if (record.type === 'service_access_tokens' && owner !== undefined && owner !== null) {
		return {kind: 'service-access-token', id: record.id, serviceAccount: owner.id};
	}

	return {kind: 'personal-access-token', id: record.id};
}

/** The privileges and admin of a key: its scopes, or with none (`null`) its owner's roles. */
function accessOf(scopes: readonly string[] | null, person: DatadogPerson | null): {readonly privileges: readonly Privilege[]; readonly admin: boolean | null} {
	if (scopes !== null) {
		return {
			privileges: scopes.map(scope => ({role: scope, scope: 'org', resource: null})),
			admin: scopes.some(scope => datadogManagementPermissions.has(scope)),
		};
	}

	const roles = person?.roles ?? null;
	if (roles === null) {
		return {privileges: [], admin: null};
	}

	const privileges = roles.map(role => ({role, scope: 'org', resource: null}));
	if (roles.includes(datadogAdminRole)) {
		return {privileges, admin: true};
	}

	return {privileges, admin: roles.every(role => datadogLimitedRoles.has(role)) ? false : null};
}

function kindOf(person: DatadogPerson | null): TokenKind {
	if (person?.serviceAccount === true) {
		return 'service';
	}

	return person?.serviceAccount === false ? 'personal' : 'unknown';
}

/** `…abcd`: the last four characters Datadog shows of every key. */
function hintOf(text: string | undefined): string | null {
	return text === undefined || text.length < 4 ? null : `…${text.slice(-4)}`;
}

function dateOrNull(text: string | null | undefined): Date | null {
	return text === undefined || text === null ? null : new Date(text);
}

/** The record with the named attributes removed: `raw` never carries a key, whole or in part. */
function withoutKey<T extends {readonly attributes: Readonly<Record<string, unknown>>}>(record: T, fields: readonly string[] = ['key']): T {
	if (!fields.some(field => field in record.attributes)) {
		return record;
	}

	const attributes = Object.fromEntries(Object.entries(record.attributes).filter(([field]) => !fields.includes(field)));
	return {...record, attributes};
}
