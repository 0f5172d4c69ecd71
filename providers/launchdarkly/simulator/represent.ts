import type {CustomRole as CustomRoleRep, CustomRoles, Link, Links, MemberSummary, Statement, Token, Tokens} from '../schema.js';
import {rolesPath, tokensPath, type Account, type CustomRole, type Member, type StoredToken} from './model.js';

const json = 'application/json';

function link(href: string): Link {
	return {href, type: json};
}

/**
A token as the API shows it. `token` is the full secret only in create and reset answers, the last four
characters everywhere else (docs/vendors/launchdarkly.md [S] `Token.token`). When the member who made the token is gone, there is
no member to summarize, so `_member` (optional in the spec) is left out while `memberId` stays ([I]).

Fields are added one by one, in the order they are sent: a list page builds a thousand of these, and
conditional spreads made that several times slower.
*/
export function tokenRepresentation(account: Account, token: StoredToken, showSecret: boolean): Token {
	const representation: Partial<Token> = {_id: token.id, ownerId: account.id, memberId: token.memberId};
	const member = account.members.get(token.memberId);
	if (member !== undefined) {
		representation._member = memberSummary(member);
	}

	if (token.name !== undefined) {
		representation.name = token.name;
	}

	if (token.description !== undefined) {
		representation.description = token.description;
	}

	representation.creationDate = token.creationDate;
	representation.lastModified = token.lastModified;
	representation.customRoleIds = [...token.customRoleIds];
	representation.inlineRole = token.inlineRole.map(statement => copyStatement(statement));
	if (token.role !== undefined) {
		representation.role = token.role;
	}

	representation.token = showSecret ? token.secret : token.secret.slice(-4);
	representation.serviceToken = token.serviceToken;
	representation._links = {parent: link(tokensPath), self: link(`${tokensPath}/${token.id}`)};
	representation.defaultApiVersion = token.defaultApiVersion;
	representation.lastUsed = token.lastUsed;
	if (!isComplete(representation)) {
		throw new Error('unreachable: every required field of a token was just set');
	}

	return representation;
}

function isComplete(representation: Partial<Token>): representation is Token {
	return representation._id !== undefined && representation.ownerId !== undefined && representation.memberId !== undefined
		&& representation.creationDate !== undefined && representation.lastModified !== undefined && representation._links !== undefined;
}

function memberSummary(member: Member): MemberSummary {
	return {
		_links: {self: link(`/api/v2/members/${member.id}`)},
		_id: member.id,
		firstName: member.firstName,
		lastName: member.lastName,
		role: member.role,
		email: member.email,
	};
}

/**
A deep copy, so that an answer never shares a list with the stored token. Stored statements hold JSON values
only (they were checked on the way in), which is all this copies.
*/
function copyStatement(statement: Statement): Statement {
	const copy: Statement = {...statement};
	for (const [key, value] of Object.entries(statement)) {
		copy[key] = copyJson(value);
	}

	return copy;
}

function copyJson(value: unknown): unknown {
	if (Array.isArray(value)) {
		return value.map((item: unknown) => copyJson(item));
	}

	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyJson(item)]));
	}

	return value;
}

export interface PageRequest {
	readonly limit: number;
	readonly offset: number;
	readonly showAll: boolean;
}

/**
One page of the paginated list (API version 20240415 and later). `totalCount` is the size of the whole
filtered collection (docs/vendors/launchdarkly.md [I]: the mintlify example pairs 123 with one item). `_links` carries `self`,
`first` and `last` always, `prev` and `next` when such a page exists, as relative URLs the way the API's
other links are written (docs/vendors/launchdarkly.md [S] "Links and addressability").
*/
export function tokenPage(account: Account, visible: readonly StoredToken[], page: PageRequest): Tokens {
	const total = visible.length;
	const href = (offset: number): Link => link(`${tokensPath}?limit=${page.limit}&offset=${offset}${page.showAll ? '&showAll=true' : ''}`);
	const links: Links = {
		self: href(page.offset),
		first: href(0),
		last: href(total === 0 ? 0 : Math.floor((total - 1) / page.limit) * page.limit),
	};
	if (page.offset > 0) {
		links['prev'] = href(Math.max(0, Math.min(page.offset, total) - page.limit));
	}

	if (page.offset + page.limit < total) {
		links['next'] = href(page.offset + page.limit);
	}

	return {
		items: visible.slice(page.offset, page.offset + page.limit).map(token => tokenRepresentation(account, token, false)),
		_links: links,
		totalCount: total,
	};
}

/**
The list before API version 20240415: every visible token at once, `limit` and `offset` ignored (docs/vendors/launchdarkly.md [I]
"may still get the unpaginated list shape"). `totalCount` is the number of items, which is also the total.
*/
export function unpaginatedTokens(account: Account, visible: readonly StoredToken[]): Tokens {
	return {
		items: visible.map(token => tokenRepresentation(account, token, false)),
		_links: {self: link(tokensPath)},
		totalCount: visible.length,
	};
}

/**
A custom role as `GET /api/v2/roles` shows it (the spec's `CustomRole`): the required `_id`, `_links`, `key`,
`name` and `policy`, with `description` and `basePermissions`. The role's own link is by key, as the spec's
`/api/v2/roles/{customRoleKey}` route names it. Preset and `_access` fields are left out: nothing is preset here.
*/
export function customRoleRepresentation(role: CustomRole): CustomRoleRep {
	return {
		_id: role.id,
		_links: {self: link(`${rolesPath}/${role.key}`)},
		key: role.key,
		name: role.name,
		description: role.description,
		policy: role.policy.map(statement => copyStatement(statement)),
		basePermissions: 'no_access',
	};
}

/**
One page of custom roles: `limit` (the spec's default is 20) from `offset`, `totalCount` the number of all
roles ("the total number of custom roles"), and `_links` as the token list writes them.
*/
export function rolePage(roles: readonly CustomRole[], limit: number, offset: number): CustomRoles {
	const href = (at: number): Link => link(`${rolesPath}?limit=${limit}&offset=${at}`);
	const links: Links = {self: href(offset)};
	if (offset + limit < roles.length) {
		links['next'] = href(offset + limit);
	}

	if (offset > 0) {
		links['prev'] = href(Math.max(0, Math.min(offset, roles.length) - limit));
	}

	return {
		items: roles.slice(offset, offset + limit).map(role => customRoleRepresentation(role)),
		_links: links,
		totalCount: roles.length,
	};
}
