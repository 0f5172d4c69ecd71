import {atLeast} from '../base-roles.js';
import {policyGrantsEverything} from '../full-access.js';
import type {Statement} from '../schema.js';
import type {Account, Member, StoredToken} from './model.js';

/** The token a request authenticated with, and its account. */
export interface Caller {
	readonly account: Account;
	readonly token: StoredToken;
}

/** Where each secret (current or replaced by a reset) points. */
export type KeyIndex = Map<string, {readonly account: Account; readonly tokenId: string}>;

/**
Resolves the `Authorization` header. LaunchDarkly wants the raw token there, no scheme (docs/vendors/launchdarkly.md [S]
`securitySchemes.ApiKey`), so `Bearer <key>` matches no key and is a 401 like an unknown key.
A key replaced by a reset keeps working until its expiry (docs/vendors/launchdarkly.md [S] reset). A personal token whose member
has been removed authenticates nobody: a personal token can never do more than its member ([I]).
*/
export function authenticate(index: KeyIndex, header: string | undefined, now: number): Caller | null {
	if (header === undefined || header === '') {
		return null;
	}

	const entry = index.get(header);
	const token = entry?.account.tokens.get(entry.tokenId);
	if (entry === undefined || token === undefined) {
		return null;
	}

	const current = token.secret === header;
	if (!current && !token.graceKeys.some(grace => grace.secret === header && now < grace.expiresAt)) {
		return null;
	}

	if (!token.serviceToken && !entry.account.members.has(token.memberId)) {
		return null;
	}

	return {account: entry.account, token};
}

/** The token's own custom roles and inline statements, as one policy. */
function policyOf(account: Account, token: StoredToken): Statement[] {
	const statements: Statement[] = [...token.inlineRole];
	for (const id of token.customRoleIds) {
		statements.push(...account.customRoles.find(role => role.id === id)?.policy ?? []);
	}

	return statements;
}

/**
The member whose role caps a personal token: a personal token can never do more than its member ([I], the
rule the adapter reports by; see base-roles.ts). Null for a service token, which stands on its own role.
*/
function capOf(account: Account, token: StoredToken): Member | null {
	return token.serviceToken ? null : account.members.get(token.memberId) ?? null;
}

/**
The "Admin" role of the tag text (docs/vendors/launchdarkly.md [S] Auth): the `admin` or `owner` base role, or a policy (inline
or from its custom roles) that allows every action on every resource; and for a personal token, a member
who is an admin or the owner. A demoted member's admin token acts as the member's role.
*/
export function hasAdminRole(account: Account, token: StoredToken): boolean {
	const own = (token.role !== undefined && atLeast(token.role, 'admin') === true) || policyGrantsEverything(policyOf(account, token));
	const member = capOf(account, token);
	return own && (member === null || atLeast(member.role, 'admin') === true);
}

/** Managing tokens (create, update, delete, reset) needs the Admin role or a custom role that grants it (docs/vendors/launchdarkly.md [S] Auth), within the member's own role. */
export function canManageTokens(caller: Caller): boolean {
	const {account, token} = caller;
	if (hasAdminRole(account, token)) {
		return true;
	}

	const member = capOf(account, token);
	// [I] A custom role's grant is capped like a base role: a reader or writer member cannot manage tokens through one.
	return (member === null || atLeast(member.role, 'admin') === true)
		&& token.customRoleIds.some(id => account.customRoles.some(role => role.id === id && role.manageTokens));
}

/**
Reading the custom roles ([I]: the spec says only that the route may answer 403). A base role of `reader` or
more (capped by the member's), or a policy that allows something on every resource (`*`) or on roles
(`role/…`), may; a token whose access is custom roles or an inline policy about flags alone may not.
*/
export function canReadRoles(caller: Caller): boolean {
	const {account, token} = caller;
	const member = capOf(account, token);
	if (token.role !== undefined && atLeast(token.role, 'reader') === true && (member === null || atLeast(member.role, 'reader') === true)) {
		return true;
	}

	return policyOf(account, token).some(statement => statement.effect === 'allow'
		&& (statement.resources ?? []).some(resource => resource === '*' || resource.startsWith('role/')));
}

/**
Which tokens a caller sees (docs/vendors/launchdarkly.md [S] Auth):
- every service token;
- a personal token: the personal tokens of its own member;
- with the Admin role and `showAll`: every member's personal tokens. The list needs `showAll=true` for that,
  for service and personal callers alike ([I]: the parameter's text names no token kind); a single-token
  read or change counts as asked for (`showAll` is true there).
*/
export function canSee(caller: Caller, target: StoredToken, showAll: boolean): boolean {
	if (target.serviceToken) {
		return true;
	}

	if (!caller.token.serviceToken && target.memberId === caller.token.memberId) {
		return true;
	}

	return showAll && hasAdminRole(caller.account, caller.token);
}

/**
Every token `canSee` lets the caller see, in list order. The rule splits the callers into three views of
the account (everything; service tokens; service tokens and one member's personal tokens), each kept by the
account rather than filtered per request. Which view applies is decided per request, since a patch may
change the caller's role.
*/
export function visibleTokens(caller: Caller, showAll: boolean): readonly StoredToken[] {
	const {account, token} = caller;
	if (showAll && hasAdminRole(account, token)) {
		return account.tokens.all();
	}

	if (token.serviceToken) {
		return serviceTokensOf(account);
	}

	const {memberId} = token;
	return account.tokens.view(`member:${memberId}`, target => target.serviceToken || target.memberId === memberId);
}

/** The account's service tokens, in list order. */
export function serviceTokensOf(account: Account): readonly StoredToken[] {
	return account.tokens.view('service', target => target.serviceToken);
}
