import type {Owner, Privilege, Token} from '../../src/token.js';
import {launchDarklyScopes, statementToPrivilege} from './privileges.js';
import type {Statement, Token as LaunchDarklyToken} from './schema.js';

/**
Turns one validated LaunchDarkly token into the normalized record. Pure, so it is tested with tables of cases.
- `creationDate` and `lastUsed` are epoch milliseconds (LaunchDarkly FACTS, schemas [D]); `lastUsed` absent
  or 0 means never used ([I]: the spec's examples show 0, and the field is not nullable).
- LaunchDarkly tokens never expire and have no IP allow-list (FACTS, schemas [S]: no such fields), so
  `expiresAt` is null and `allowedIps` is null (not "unrestricted": the concept does not exist).
- `serviceToken` true is a service token; anything else a personal one (the create default is personal).
- The owner is the member who made the token, from `_member`. When that member has left the account,
  LaunchDarkly sends no `_member` ([I]), and the owner is null ("gone", as the Token contract says), so an
  audit can flag the token as orphaned; the former member's id stays in `raw.memberId`.
- `createdBy` is that same member (LaunchDarkly records the creator as `memberId`): present with `_member`,
  gone (known by `memberId` only) without it.
- Privileges follow the convention of {@link launchDarklyScopes}; `admin` is derived by {@link grantsAdmin}.
- `token` in a list or get answer is the key's last four characters (FACTS, schemas [S]) and becomes the
  hint `…abcd`. `raw` keeps only those four characters even if a longer value came in (create and reset
  answers carry the whole key): `raw` must never hold a secret. A record whose `token` is already that short
  (every list answer) is `raw` as it is; only a longer one is copied with the tail in its place.
*/
export function launchDarklyTokenToToken(record: LaunchDarklyToken, account: string): Token {
	const privileges = privilegesOf(record);
	const {token} = record;
	const tail = token === undefined || token === '' ? null : token.slice(-4);
	const member: Owner | null = record._member === undefined ? null : {id: record._member._id, email: record._member.email, status: 'present'};
	return {
		provider: 'launchdarkly',
		account,
		id: record._id,
		name: record.name ?? '',
		description: record.description === undefined || record.description === '' ? null : record.description,
		kind: record.serviceToken === true ? 'service' : 'personal',
		owner: member,
		// The member who made the token is its owner; once they have left, only their id remains.
		createdBy: member ?? {id: record.memberId, email: null, status: 'gone'},
		createdAt: new Date(record.creationDate),
		lastUsedAt: record.lastUsed === undefined || record.lastUsed <= 0 ? null : new Date(record.lastUsed),
		expiresAt: null,
		privileges,
		admin: grantsAdmin(record),
		allowedIps: null,
		secretHint: tail === null ? null : `…${tail}`,
		raw: tail === null || tail === token ? record : {...record, token: tail},
	};
}

function privilegesOf(record: LaunchDarklyToken): Privilege[] {
	// Pushed one by one rather than spread together: this runs for every token of every listing.
	const privileges: Privilege[] = [];
	if (record.role !== undefined) {
		privileges.push({role: record.role, scope: launchDarklyScopes.account, resource: null});
	}

	for (const id of record.customRoleIds ?? []) {
		privileges.push({role: id, scope: launchDarklyScopes.customRole, resource: null});
	}

	for (const statement of record.inlineRole ?? []) {
		privileges.push(statementToPrivilege(statement));
	}

	return privileges;
}

/**
Whether a token holds LaunchDarkly's Admin role (FACTS, auth [S]): the `admin` or `owner` base role, or an
inline policy with an `allow` statement for every action (`*`) on every resource (`*`).
- A statement with `notActions` or `notResources` withholds something by construction: it does not count.
- A `deny` that takes back every action on every resource leaves nothing: not admin.
- A narrower `deny` still leaves a token that can do nearly everything, so it stays admin; an audit should
  see it. Its privileges show what is denied.
- Custom roles are not admin here: their policies live in the account's roles, not in the token record.
*/
export function grantsAdmin(record: {readonly role?: string | undefined; readonly inlineRole?: readonly Statement[] | undefined}): boolean {
	if (record.role === 'admin' || record.role === 'owner') {
		return true;
	}

	const statements = record.inlineRole ?? [];
	return statements.some(statement => statement.effect === 'allow' && coversEverything(statement))
		&& !statements.some(statement => statement.effect === 'deny' && coversEverything(statement));
}

function coversEverything(statement: Statement): boolean {
	return (statement.actions ?? []).includes('*') && (statement.resources ?? []).includes('*')
		&& (statement.notActions ?? []).length === 0 && (statement.notResources ?? []).length === 0;
}
