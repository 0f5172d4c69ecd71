import type {Owner, Privilege, Token} from '../../src/token.js';
import {atLeast, memberAllowsAdmin} from './base-roles.js';
import type {CustomRoleDirectory} from './custom-roles.js';
import {policyGrantsEverything} from './full-access.js';
import {launchDarklyScopes, statementToPrivilege} from './privileges.js';
import type {MemberSummary, Statement, Token as LaunchDarklyToken} from './schema.js';

/**
Turns one validated LaunchDarkly token into the normalized record. Pure, so it is tested with tables of cases.
- `creationDate` and `lastUsed` are epoch milliseconds (docs/vendors/launchdarkly.md, schemas [D]); `lastUsed` absent
  or 0 means never used ([I]: the spec's examples show 0, and the field is not nullable).
- LaunchDarkly tokens never expire and have no IP allow-list (docs/vendors/launchdarkly.md, schemas [S]: no such fields), so
  `expiresAt` is null and `allowedIps` is null (not "unrestricted": the concept does not exist).
- `serviceToken` true is a service token; anything else a personal one (the create default is personal).
- The owner is the member who made the token, from `_member`. When that member has left the account,
  LaunchDarkly sends no `_member` ([I]), and the owner is null ("gone", as the Token contract says), so an
  audit can flag the token as orphaned; the former member's id stays in `raw.memberId`.
- `createdBy` is that same member (LaunchDarkly records the creator as `memberId`): present with `_member`,
  gone (known by `memberId` only) without it.
- Privileges follow the convention of {@link launchDarklyScopes}; `admin` is derived by {@link grantsAdmin}.
  Custom roles are read from `roles`, the account's listing (the record names them by id only); without
  it, or for an id it does not hold, a custom role is unknown: its bare id is shown and `admin` may be null.
- `token` in a list or get answer is the key's last four characters (docs/vendors/launchdarkly.md, schemas [S]) and becomes the
  hint `…abcd`. `raw` keeps only those four characters even if a longer value came in (create and reset
  answers carry the whole key): `raw` must never hold a secret. A record whose `token` is already that short
  (every list answer) is `raw` as it is; only a longer one is copied with the tail in its place.
*/
export function launchDarklyTokenToToken(record: LaunchDarklyToken, account: string, roles?: CustomRoleDirectory): Token {
	const privileges = privilegesOf(record, roles);
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
		status: 'active',
		ownCredential: false,
		owner: member,
		// The member who made the token is its owner; once they have left, only their id remains.
		createdBy: member ?? {id: record.memberId, email: null, status: 'gone'},
		createdAt: new Date(record.creationDate),
		lastUsedAt: record.lastUsed === undefined || record.lastUsed <= 0 ? null : new Date(record.lastUsed),
		expiresAt: null,
		privileges,
		admin: grantsAdmin(record, roles),
		allowedIps: null,
		secretHint: tail === null ? null : `…${tail}`,
		raw: tail === null || tail === token ? record : {...record, token: tail},
	};
}

function privilegesOf(record: LaunchDarklyToken, roles: CustomRoleDirectory | undefined): Privilege[] {
	// Pushed one by one rather than spread together: this runs for every token of every listing.
	const privileges: Privilege[] = [];
	if (record.role !== undefined) {
		privileges.push({role: record.role, scope: launchDarklyScopes.account, resource: null});
	}

	for (const id of record.customRoleIds ?? []) {
		const role = roles?.readable === true ? roles.byId.get(id) : undefined;
		privileges.push(role === undefined
			? {role: id, scope: launchDarklyScopes.customRole, resource: null}
			: {role: role.key, scope: launchDarklyScopes.customRole, resource: role.name});
	}

	for (const statement of record.inlineRole ?? []) {
		privileges.push(statementToPrivilege(statement));
	}

	const member = capOf(record);
	if (member !== null && memberAllowsAdmin(member.role) !== true) {
		// The member's role is what stops this token doing more: shown so an auditor sees why `admin` is what it is.
		privileges.push({role: member.role, scope: launchDarklyScopes.memberCap, resource: member._id});
	}

	return privileges;
}

/**
The member whose role caps a token: a personal token acts as its member and can never do more than the
member may ([I]; the docs/vendors/launchdarkly.md auth text ties personal tokens to their member's view), while a service token is
nobody's and stands on its own role. When the member has left the account, the record has no `_member` and
nothing caps it here (such a token is the `owner-gone` finding's business).
*/
function capOf(record: Pick<LaunchDarklyToken, 'serviceToken' | '_member'>): MemberSummary | null {
	return record.serviceToken === true ? null : record._member ?? null;
}

/**
Whether a token holds LaunchDarkly's Admin role (docs/vendors/launchdarkly.md [S] auth); null when tokenkit cannot tell.
- Its own access: the `admin` or `owner` base role, or a policy that grants everything (see
  {@link policyGrantsEverything}), counting its inline statements and the policies of its custom roles
  together. A custom role tokenkit could not read makes the answer null, unless the rest already grants
  everything.
- Capped by its member for a personal token ({@link capOf}, {@link memberAllowsAdmin}): a `reader` or
  `writer` member makes it not admin, whatever the token's own role; a member role that says nothing makes
  an admin token's answer null.
*/
export function grantsAdmin(record: Pick<LaunchDarklyToken, 'role' | 'inlineRole' | 'customRoleIds' | 'serviceToken' | '_member'>, roles?: CustomRoleDirectory): boolean | null {
	const member = capOf(record);
	return both(ownAccessIsAdmin(record, roles), member === null ? true : memberAllowsAdmin(member.role));
}

function ownAccessIsAdmin(record: Pick<LaunchDarklyToken, 'role' | 'inlineRole' | 'customRoleIds'>, roles: CustomRoleDirectory | undefined): boolean | null {
	if (record.role !== undefined && atLeast(record.role, 'admin') === true) {
		return true;
	}

	const statements: Statement[] = [...record.inlineRole ?? []];
	let unknown = false;
	for (const id of record.customRoleIds ?? []) {
		const role = roles?.readable === true ? roles.byId.get(id) : undefined;
		if (role === undefined) {
			unknown = true;
		} else {
			statements.push(...role.policy);
		}
	}

	if (policyGrantsEverything(statements)) {
		return true;
	}

	return unknown ? null : false;
}

/** Three-valued "and": false wins, then unknown. */
function both(first: boolean | null, second: boolean | null): boolean | null {
	if (first === false || second === false) {
		return false;
	}

	return first === true && second === true ? true : null;
}
