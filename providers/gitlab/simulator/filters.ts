import {dateToMs} from '../schema.js';
import {invalidParameter} from './errors.js';
import type {SimResponse} from '../../../src/simulate/types.js';
import type {SimToken} from './model.js';

/**
The filters the token lists take (docs/vendors/gitlab.md, endpoints [S]): `revoked`, `state` (active|inactive), `search`
(in the name, any case), the `created_*`, `last_used_*` (date-time) and `expires_*` (date) bounds, and `sort`, whose
unknown values are ignored as GitLab ignores them. Without a sort the order is by id, ascending. Without a filter or a
sort the list is given back as it is, not copied: a page of it is all that is used.
*/
export function filterTokens(tokens: readonly SimToken[], query: URLSearchParams, now: number): readonly SimToken[] | SimResponse {
	let result = tokens;
	const revoked = query.get('revoked');
	if (revoked !== null) {
		if (revoked !== 'true' && revoked !== 'false') {
			return invalidParameter('revoked is invalid');
		}

		result = result.filter(token => token.revoked === (revoked === 'true'));
	}

	const state = query.get('state');
	if (state !== null) {
		if (state !== 'active' && state !== 'inactive') {
			return invalidParameter('state does not have a valid value');
		}

		result = result.filter(token => isActive(token, now) === (state === 'active'));
	}

	const search = query.get('search');
	if (search !== null && search !== '') {
		result = result.filter(token => token.name.toLowerCase().includes(search.toLowerCase()));
	}

	const bounds: ReadonlyArray<readonly [string, (token: SimToken) => number | null, 'before' | 'after']> = [
		['created_before', token => token.createdAt, 'before'],
		['created_after', token => token.createdAt, 'after'],
		['last_used_before', token => token.lastUsedAt, 'before'],
		['last_used_after', token => token.lastUsedAt, 'after'],
		['expires_before', token => (token.expiresAt === null ? null : dateToMs(token.expiresAt)), 'before'],
		['expires_after', token => (token.expiresAt === null ? null : dateToMs(token.expiresAt)), 'after'],
	];
	for (const [name, valueOf, side] of bounds) {
		const raw = query.get(name);
		if (raw === null) {
			continue;
		}

		const limit = dateToMs(raw);
		if (limit === null) {
			return invalidParameter(`${name} is invalid`);
		}

		result = result.filter(token => {
			const value = valueOf(token);
			return value !== null && (side === 'before' ? value < limit : value > limit);
		});
	}

	const sorter = sorters[query.get('sort') ?? ''];
	return sorter === undefined ? result : result.toSorted(sorter);
}

export function isActive(token: SimToken, now: number): boolean {
	const expires = token.expiresAt === null ? null : dateToMs(token.expiresAt);
	return !token.revoked && (expires === null || expires > now);
}

type Sorter = (a: SimToken, b: SimToken) => number;

/** Nulls (never used, never expires) last in either direction. */
function compareNullable(a: number | null, b: number | null, direction: 1 | -1): number {
	if (a === null || b === null) {
		return a === b ? 0 : a === null ? 1 : -1;
	}

	return (a - b) * direction;
}

const byExpiry = (token: SimToken): number | null => (token.expiresAt === null ? null : dateToMs(token.expiresAt));

const sorters: Readonly<Record<string, Sorter>> = {
	created_asc: (a, b) => a.createdAt - b.createdAt || a.id - b.id,
	created_desc: (a, b) => b.createdAt - a.createdAt || b.id - a.id,
	expires_asc: (a, b) => compareNullable(byExpiry(a), byExpiry(b), 1) || a.id - b.id,
	expires_desc: (a, b) => compareNullable(byExpiry(a), byExpiry(b), -1) || a.id - b.id,
	last_used_asc: (a, b) => compareNullable(a.lastUsedAt, b.lastUsedAt, 1) || a.id - b.id,
	last_used_desc: (a, b) => compareNullable(a.lastUsedAt, b.lastUsedAt, -1) || a.id - b.id,
	name_asc: (a, b) => a.name.localeCompare(b.name) || a.id - b.id,
	name_desc: (a, b) => b.name.localeCompare(a.name) || a.id - b.id,
};
