import type {Owner, Privilege, Token} from '../../src/token.js';
import type {MistOrgApiToken, MistUserApiToken} from './schema.js';

/** Mist removes a user token that has not been used for 90 days (docs/vendors/mist.md, rotation [S]: apiToken scheme notes). */
export const mistUserTokenIdleDays = 90;

const dayMs = 86_400_000;

/**
A privilege as Mist writes one: a role, a scope, and the id(s) of whatever the scope names. An org token's
privilege names one site or site group (`site_id`, `sitegroup_id`); an admin's (`GET /api/v1/self`) names
site groups and org groups as lists (`sitegroup_ids`, `orggroup_ids`) and may have `msp` scope.
*/
interface MistPrivilegeLike {
	readonly role: string;
	readonly scope: string;
	readonly org_id?: string | undefined;
	readonly site_id?: string | undefined;
	readonly sitegroup_id?: string | undefined;
	readonly sitegroup_ids?: readonly string[] | undefined;
	readonly orggroup_ids?: readonly string[] | undefined;
	readonly msp_id?: string | undefined;
}

/** The admin a user token acts as, from `GET /api/v1/self`: whose token it is and what it may therefore do. */
export interface MistTokenAdmin {
	/** Null when Mist's answer has no email (it then describes an org token, not an admin). */
	readonly email: string | null;
	readonly privileges: readonly MistPrivilegeLike[];
}

/**
Turns one validated org token into the normalized record. Pure, so it is tested with tables of cases.
- `created_time` and `last_used` are epoch seconds, possibly fractional (docs/vendors/mist.md, schemas [S]); `last_used`
  null, absent or 0 means never used.
- Org tokens never expire (docs/vendors/mist.md, gotchas [S]): `expiresAt` is null.
- The owner is `created_by`, the creator's email; null when Mist sends null (the creator was deleted). It is
  also `createdBy`: Mist records who made an org token and nothing else about whom it belongs to.
- Admin means the `admin` role over a whole org (see {@link isMistAdmin}).
- `src_ips` is the allow-list; Mist leaves it out for an unrestricted token, which becomes `[]`.
- `key` outside a create response is a masked preview (`abcd...wxyz`); its tail becomes the hint. A `key` that
  is not shaped like that preview may be a whole key: it is left out of `raw` and gives no hint.
- Mist has no description, so it is null. `views` (UI-only narrowing of a role) has no normalized field; it
  stays in `raw`, and a rotation copies it from the wire record.
*/
export function mistOrgTokenToToken(record: MistOrgApiToken, account: string): Token {
	const privileges = (record.privileges ?? []).flatMap(privilege => toPrivileges(privilege));
	const creator = ownerFromEmail(record.created_by);
	return {
		provider: 'mist',
		account,
		id: record.id,
		name: record.name,
		description: null,
		kind: 'org',
		status: 'active',
		ownCredential: false,
		owner: creator,
		createdBy: creator,
		createdAt: record.created_time === undefined ? null : fromEpochSeconds(record.created_time),
		lastUsedAt: lastUsed(record.last_used),
		expiresAt: null,
		privileges,
		admin: privileges.some(privilege => isMistAdmin(privilege)),
		allowedIps: record.src_ips ?? [],
		secretHint: hintFromMaskedKey(record.key),
		raw: withMaskedKeyOnly(record),
	};
}

/**
An org token as far as it is known when Mist minted it but neither its create answer nor a read-back could be
read: the id, and the name, privileges and allow-list that were sent. Times and creator are unknown (null);
`raw` holds what was sent, since no vendor record was read.
*/
export function mistOrgTokenFromRequest(
	id: string,
	orgId: string,
	sent: {readonly name: string; readonly src_ips?: readonly string[] | undefined},
	privileges: readonly MistPrivilegeLike[],
	account: string,
): Token {
	const normalized = privileges.flatMap(privilege => toPrivileges(privilege));
	const allowedIps = [...(sent.src_ips ?? [])];
	return {
		provider: 'mist',
		account,
		id,
		name: sent.name,
		description: null,
		kind: 'org',
		status: 'active',
		ownCredential: false,
		owner: null,
		createdBy: null,
		createdAt: null,
		lastUsedAt: null,
		expiresAt: null,
		privileges: normalized,
		admin: normalized.some(privilege => isMistAdmin(privilege)),
		allowedIps,
		secretHint: null,
		raw: {id, org_id: orgId, name: sent.name, privileges, ...(allowedIps.length === 0 ? {} : {src_ips: allowedIps})},
	};
}

/**
The form Mist shows a key in outside its create answer: the first and last four characters around `...`
(the spec's examples show `1qkb...QQCL`; inferred, docs/vendors/mist.md gotchas [I]).
*/
export function maskedKey(key: string): string {
	return `${key.slice(0, 4)}...${key.slice(-4)}`;
}

/**
Turns one validated user ("self") token into the normalized record, given the admin it belongs to.
- A user token has no privileges of its own: it acts with its admin's (docs/vendors/mist.md, schemas [S]). So its
  privileges are the admin's, from `GET /api/v1/self`, one per resource: an admin of two site groups has two
  `sitegroup` privileges. Admin follows the same rule as for org tokens ({@link isMistAdmin}).
- It has no allow-list: `allowedIps` is null (the vendor has no such field), not `[]` (unrestricted).
- Mist deletes it after 90 days without use (docs/vendors/mist.md, rotation [S]). `expiresAt` is when that happens if
  it is not used again: 90 days after the last use, or after creation when never used. Each use moves it.
  Without either time (the spec requires neither) it is unknown: null.
- The owner is the admin, known by email only; a token created without a name has the name `''`. Mist
  records no creator for a user token, so `createdBy` is null.
- `key`, as for org tokens: a masked preview gives the hint; anything else is left out of `raw`.
*/
export function mistUserTokenToToken(record: MistUserApiToken, account: string, admin: MistTokenAdmin): Token {
	const privileges = admin.privileges.flatMap(privilege => toPrivileges(privilege));
	const lastUsedAt = lastUsed(record.last_used);
	const createdAt = record.created_time === undefined ? null : fromEpochSeconds(record.created_time);
	const idleSince = lastUsedAt ?? createdAt;
	return {
		provider: 'mist',
		account,
		id: record.id,
		name: record.name ?? '',
		description: null,
		kind: 'personal',
		status: 'active',
		ownCredential: false,
		owner: ownerFromEmail(admin.email),
		createdBy: null,
		createdAt,
		lastUsedAt,
		expiresAt: idleSince === null ? null : new Date(idleSince.getTime() + mistUserTokenIdleDays * dayMs),
		privileges,
		admin: privileges.some(privilege => isMistAdmin(privilege)),
		allowedIps: null,
		secretHint: hintFromMaskedKey(record.key),
		raw: withMaskedKeyOnly(record),
	};
}

/**
A user token as far as it is known when Mist minted it but neither its create answer nor a read-back could
be read: the id, the name that was sent, and its admin. Times are unknown (null), and so is when the idle
rule would remove it.
*/
export function mistUserTokenFromRequest(id: string, name: string, account: string, admin: MistTokenAdmin): Token {
	const privileges = admin.privileges.flatMap(privilege => toPrivileges(privilege));
	return {
		provider: 'mist',
		account,
		id,
		name,
		description: null,
		kind: 'personal',
		status: 'active',
		ownCredential: false,
		owner: ownerFromEmail(admin.email),
		createdBy: null,
		createdAt: null,
		lastUsedAt: null,
		expiresAt: null,
		privileges,
		admin: privileges.some(privilege => isMistAdmin(privilege)),
		allowedIps: null,
		secretHint: null,
		raw: {id, ...(name === '' ? {} : {name})},
	};
}

/**
One normalized privilege per resource the scope names: `org_id` for `org`, `site_id` for `site`, each of
`sitegroup_ids` (or an org token's single `sitegroup_id`) for `sitegroup`, each of `orggroup_ids` for
`orggroup`, `msp_id` for `msp`. A scope that names no resource at all gives one privilege with a null
resource, so the role still shows.
*/
function toPrivileges(privilege: MistPrivilegeLike): Privilege[] {
	const {role, scope} = privilege;
	const resources = resourcesOf(privilege);
	return resources.length === 0 ? [{role, scope, resource: null}] : resources.map(resource => ({role, scope, resource}));
}

function resourcesOf(privilege: MistPrivilegeLike): readonly string[] {
	switch (privilege.scope) {
		case 'org': {
			return present(privilege.org_id);
		}

		case 'site': {
			return present(privilege.site_id);
		}

		case 'sitegroup': {
			return privilege.sitegroup_ids ?? present(privilege.sitegroup_id);
		}

		case 'orggroup': {
			return privilege.orggroup_ids ?? [];
		}

		case 'msp': {
			return present(privilege.msp_id);
		}

		default: {
			// A scope Mist adds later: the narrowest id it carries is the best guess at what it names.
			return present(privilege.site_id ?? privilege.sitegroup_id ?? privilege.org_id ?? privilege.msp_id);
		}
	}
}

function present(id: string | undefined): readonly string[] {
	return id === undefined || id === '' ? [] : [id];
}

/**
Scopes that cover at least one whole org: `org`; `orggroup`, a group of orgs; `msp`, every org of a managed
service provider. Mist's admin scopes are `msp`, `org`, `orggroup`, `site` and `sitegroup` (`admin_privilege_scope`).
*/
const wholeOrgScopes: ReadonlySet<string> = new Set(['org', 'orggroup', 'msp']);

/**
Mist's admin rule: the `admin` role (Mist's "Super User") over at least one whole org, the role that may
manage an org's tokens and admins. An `admin` of sites or site groups only manages those sites, so it is not.
*/
export function isMistAdmin(privilege: Privilege): boolean {
	return privilege.role === 'admin' && wholeOrgScopes.has(privilege.scope);
}

/** Mist names people by email only; one it still names is present (a deleted creator is `created_by: null`). */
function ownerFromEmail(email: string | null | undefined): Owner | null {
	return email === undefined || email === null || email === '' ? null : {id: null, email, status: 'present'};
}

/** Epoch seconds (whole or fractional) to a Date, rounded to the millisecond a Date can hold. */
function fromEpochSeconds(seconds: number): Date {
	return new Date(Math.round(seconds * 1000));
}

/** Null, absent or 0 (no real use happens at the epoch) mean never used. */
function lastUsed(seconds: number | null | undefined): Date | null {
	return seconds === undefined || seconds === null || seconds <= 0 ? null : fromEpochSeconds(seconds);
}

/**
Mist's preview of a key: a few characters, `...`, a few characters (`1qkb...QQCL`, four and four in docs/vendors/mist.md,
schemas [S]: the examples). Up to six on either side are taken for a preview, which still shows no stretch of the
key long enough to matter; anything longer is not a preview but most of a key, or all of it.
*/
const previewPattern = /^[^.\s]{1,6}\.\.\.(?<tail>[^.\s]{1,6})$/;

/** The tail of a masked key (`1qkb...QQCL` gives `…QQCL`), at most four characters; a value that is not the preview gives no hint at all. */
function hintFromMaskedKey(key: string | undefined): string | null {
	const tail = key === undefined ? undefined : previewPattern.exec(key)?.groups?.tail;
	return tail === undefined ? null : `…${tail.slice(-4)}`;
}

/** The record as `raw` may hold it: a `key` that is not the preview (a whole key, sent where it should not be) is left out. */
function withMaskedKeyOnly<TRecord extends {key?: string | undefined}>(record: TRecord): TRecord {
	if (record.key === undefined || previewPattern.test(record.key)) {
		return record;
	}

	const copy = {...record};
	delete copy.key;
	return copy;
}
