import type {Account, StoredToken} from './model.js';

/** The token a request authenticated with, and its account. */
export interface Caller {
	readonly account: Account;
	readonly token: StoredToken;
}

/** Where each secret (current or replaced by a reset) points. */
export type KeyIndex = Map<string, {readonly account: Account; readonly tokenId: string}>;

/**
Resolves the `Authorization` header. LaunchDarkly wants the raw token there, no scheme (FACTS [S]
`securitySchemes.ApiKey`), so `Bearer <key>` matches no key and is a 401 like an unknown key.
A key replaced by a reset keeps working until its expiry (FACTS [S] reset). A personal token whose member
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

/**
The "Admin" role of the tag text (FACTS [S] Auth): the `admin` or `owner` base role, or an inline policy
that allows every action on every resource.
*/
export function hasAdminRole(token: StoredToken): boolean {
	if (token.role === 'admin' || token.role === 'owner') {
		return true;
	}

	return token.inlineRole.some(statement => statement.effect === 'allow' && (statement.actions ?? []).includes('*') && (statement.resources ?? []).includes('*'));
}

/** Managing tokens (create, update, delete, reset) needs the Admin role or a custom role that grants it (FACTS [S] Auth). */
export function canManageTokens(caller: Caller): boolean {
	return hasAdminRole(caller.token) || caller.token.customRoleIds.some(id => caller.account.customRoles.some(role => role.id === id && role.manageTokens));
}

/**
Which tokens a caller sees (FACTS [S] Auth):
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

	return showAll && hasAdminRole(caller.token);
}

/**
Every token `canSee` lets the caller see, in list order. The rule splits the callers into three views of
the account (everything; service tokens; service tokens and one member's personal tokens), each kept by the
account rather than filtered per request. Which view applies is decided per request, since a patch may
change the caller's role.
*/
export function visibleTokens(caller: Caller, showAll: boolean): readonly StoredToken[] {
	const {account, token} = caller;
	if (showAll && hasAdminRole(token)) {
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
