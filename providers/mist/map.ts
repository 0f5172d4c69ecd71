import type {Owner, Privilege, Token} from '../../src/token.js';
import type {MistOrgApiToken, MistUserApiToken} from './schema.js';

/** Mist removes a user token that has not been used for 90 days (Mist FACTS, rotation [S]: apiToken scheme notes). */
export const mistUserTokenIdleDays = 90;

const dayMs = 86_400_000;

/** A privilege as Mist writes one: a role, a scope, and the id of whatever the scope names. */
interface MistPrivilegeLike {
	readonly role: string;
	readonly scope: string;
	readonly org_id?: string | undefined;
	readonly site_id?: string | undefined;
	readonly sitegroup_id?: string | undefined;
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
- `created_time` and `last_used` are epoch seconds, possibly fractional (Mist FACTS, schemas [S]); `last_used`
  null, absent or 0 means never used.
- Org tokens never expire (Mist FACTS, gotchas [S]): `expiresAt` is null.
- The owner is `created_by`, the creator's email; null when Mist sends null (the creator was deleted).
- Admin means the `admin` role at `org` scope: the role that may manage the whole org, its tokens included.
- `src_ips` is the allow-list; Mist leaves it out for an unrestricted token, which becomes `[]`.
- `key` outside a create response is a masked preview (`abcd...wxyz`); its tail becomes the hint. A `key` that
  is not shaped like that preview may be a whole key: it is left out of `raw` and gives no hint.
- Mist has no description, so it is null. `views` (UI-only narrowing of a role) has no normalized field; it
  stays in `raw`, and a rotation copies it from the wire record.
*/
export function mistOrgTokenToToken(record: MistOrgApiToken, account: string): Token {
	const privileges = (record.privileges ?? []).map(privilege => toPrivilege(privilege));
	return {
		provider: 'mist',
		account,
		id: record.id,
		name: record.name,
		description: null,
		kind: 'org',
		owner: ownerFromEmail(record.created_by),
		createdAt: fromEpochSeconds(record.created_time),
		lastUsedAt: lastUsed(record.last_used),
		expiresAt: null,
		privileges,
		admin: privileges.some(privilege => isAdmin(privilege)),
		allowedIps: record.src_ips ?? [],
		secretHint: hintFromMaskedKey(record.key),
		raw: withMaskedKeyOnly(record),
	};
}

/**
Turns one validated user ("self") token into the normalized record, given the admin it belongs to.
- A user token has no privileges of its own: it acts with its admin's (Mist FACTS, schemas [S]). So its
  privileges are the admin's, from `GET /api/v1/self`, and admin means an `admin` role at `org` scope, or at
  `msp` scope, which covers every org of the MSP.
- It has no allow-list: `allowedIps` is null (the vendor has no such field), not `[]` (unrestricted).
- Mist deletes it after 90 days without use (Mist FACTS, rotation [S]). `expiresAt` is when that happens if
  it is not used again: 90 days after the last use, or after creation when never used. Each use moves it.
- The owner is the admin, known by email only; a token created without a name has the name `''`.
- `key`, as for org tokens: a masked preview gives the hint; anything else is left out of `raw`.
*/
export function mistUserTokenToToken(record: MistUserApiToken, account: string, admin: MistTokenAdmin): Token {
	const privileges = admin.privileges.map(privilege => toPrivilege(privilege));
	const lastUsedAt = lastUsed(record.last_used);
	const createdAt = fromEpochSeconds(record.created_time);
	const idleSince = lastUsedAt ?? createdAt;
	return {
		provider: 'mist',
		account,
		id: record.id,
		name: record.name ?? '',
		description: null,
		kind: 'personal',
		owner: admin.email === null ? null : {id: null, email: admin.email},
		createdAt,
		lastUsedAt,
		expiresAt: new Date(idleSince.getTime() + mistUserTokenIdleDays * dayMs),
		privileges,
		admin: privileges.some(privilege => isAdmin(privilege) || (privilege.role === 'admin' && privilege.scope === 'msp')),
		allowedIps: null,
		secretHint: hintFromMaskedKey(record.key),
		raw: withMaskedKeyOnly(record),
	};
}

/** The id a privilege's scope narrows to: `org_id` for `org`, `site_id` for `site`, and so on. */
function toPrivilege(privilege: MistPrivilegeLike): Privilege {
	return {role: privilege.role, scope: privilege.scope, resource: resourceOf(privilege) ?? null};
}

function resourceOf(privilege: MistPrivilegeLike): string | undefined {
	switch (privilege.scope) {
		case 'org': {
			return privilege.org_id;
		}

		case 'site': {
			return privilege.site_id;
		}

		case 'sitegroup': {
			return privilege.sitegroup_id;
		}

		case 'msp': {
			return privilege.msp_id;
		}

		default: {
			// A scope Mist adds later: the narrowest id it carries is the best guess at what it names.
			return privilege.site_id ?? privilege.sitegroup_id ?? privilege.org_id ?? privilege.msp_id;
		}
	}
}

function isAdmin(privilege: Privilege): boolean {
	return privilege.role === 'admin' && privilege.scope === 'org';
}

function ownerFromEmail(email: string | null | undefined): Owner | null {
	return email === undefined || email === null || email === '' ? null : {id: null, email};
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
Mist's preview of a key: a few characters, `...`, a few characters (`1qkb...QQCL`, four and four in Mist FACTS,
schemas [S]: the examples). Up to six on either side are taken for a preview, which still shows no stretch of the
key long enough to matter; anything longer is not a preview but most of a key, or all of it.
*/
const maskedKey = /^[^.\s]{1,6}\.\.\.(?<tail>[^.\s]{1,6})$/;

/** The tail of a masked key (`1qkb...QQCL` gives `…QQCL`), at most four characters; a value that is not the preview gives no hint at all. */
function hintFromMaskedKey(key: string | undefined): string | null {
	const tail = key === undefined ? undefined : maskedKey.exec(key)?.groups?.tail;
	return tail === undefined ? null : `…${tail.slice(-4)}`;
}

/** The record as `raw` may hold it: a `key` that is not the preview (a whole key, sent where it should not be) is left out. */
function withMaskedKeyOnly<TRecord extends {key?: string | undefined}>(record: TRecord): TRecord {
	if (record.key === undefined || maskedKey.test(record.key)) {
		return record;
	}

	const copy = {...record};
	delete copy.key;
	return copy;
}
