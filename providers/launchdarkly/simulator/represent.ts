import type {Link, Links, MemberSummary, Token, Tokens} from '../schema.js';
import {tokensPath, type Account, type StoredToken} from './model.js';

const json = 'application/json';

function link(href: string): Link {
	return {href, type: json};
}

/**
A token as the API shows it. `token` is the full secret only in create and reset answers, the last four
characters everywhere else (FACTS [S] `Token.token`). When the member who made the token is gone, there is
no member to summarize, so `_member` (optional in the spec) is left out while `memberId` stays ([I]).
*/
export function tokenRepresentation(account: Account, token: StoredToken, showSecret: boolean): Token {
	const member = account.members.get(token.memberId);
	const summary: MemberSummary | undefined = member === undefined
		? undefined
		: {
			_links: {self: link(`/api/v2/members/${member.id}`)},
			_id: member.id,
			firstName: member.firstName,
			lastName: member.lastName,
			role: member.role,
			email: member.email,
		};
	return {
		_id: token.id,
		ownerId: account.id,
		memberId: token.memberId,
		...(summary === undefined ? {} : {_member: summary}),
		...(token.name === undefined ? {} : {name: token.name}),
		...(token.description === undefined ? {} : {description: token.description}),
		creationDate: token.creationDate,
		lastModified: token.lastModified,
		customRoleIds: [...token.customRoleIds],
		inlineRole: token.inlineRole.map(statement => structuredClone(statement)),
		...(token.role === undefined ? {} : {role: token.role}),
		token: showSecret ? token.secret : token.secret.slice(-4),
		serviceToken: token.serviceToken,
		_links: {parent: link(tokensPath), self: link(`${tokensPath}/${token.id}`)},
		defaultApiVersion: token.defaultApiVersion,
		lastUsed: token.lastUsed,
	};
}

export interface PageRequest {
	readonly limit: number;
	readonly offset: number;
	readonly showAll: boolean;
}

/**
One page of the paginated list (API version 20240415 and later). `totalCount` is the size of the whole
filtered collection (FACTS [I]: the mintlify example pairs 123 with one item). `_links` carries `self`,
`first` and `last` always, `prev` and `next` when such a page exists, as relative URLs the way the API's
other links are written (FACTS [S] "Links and addressability").
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
The list before API version 20240415: every visible token at once, `limit` and `offset` ignored (FACTS [I]
"may still get the unpaginated list shape"). `totalCount` is the number of items, which is also the total.
*/
export function unpaginatedTokens(account: Account, visible: readonly StoredToken[]): Tokens {
	return {
		items: visible.map(token => tokenRepresentation(account, token, false)),
		_links: {self: link(tokensPath)},
		totalCount: visible.length,
	};
}
