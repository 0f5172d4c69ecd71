import type {SimResponse} from '../../../src/simulate/types.js';
import type {OpalTokenPage} from '../schema.js';
import {opalError, type Caller} from './auth.js';
import {compareTokens, decodeCursor, pageOf, type CursorPosition} from './cursor.js';
import {toWire, type StoredToken} from './org.js';
import type {OrgTokens} from './org-tokens.js';

/** `page_size` when none is sent (docs/vendors/opal.md, pagination [S]: "Default is 200"). */
export const defaultPageSize = 200;

/** The largest `page_size` Opal accepts (docs/vendors/opal.md, pagination [S]: schema `maximum: 1000`). */
export const maxPageSize = 1000;

export interface ListSettings {
	/** Add `token_preview` to each record, as the spec's example does. */
	readonly preview: boolean;
	/** Serve at most this many tokens per page, whatever `page_size` asks; undefined for no cap. */
	readonly maxResultsPerPage: number | undefined;
}

type Parsed<T> = {readonly ok: true; readonly value: T} | {readonly ok: false; readonly message: string};

const uuidPattern = /^[\da-f]{8}(?:-[\da-f]{4}){3}-[\da-f]{12}$/;

/**
`GET /tokens`: one page of the org's tokens, newest first. Only admins may list (docs/vendors/opal.md [S]: "Requires
admin access"); a read-only token of an admin may, since listing changes nothing (inferred).
*/
export function listTokens(caller: Caller, query: URLSearchParams, settings: ListSettings): SimResponse {
	if (!caller.user.admin) {
		return opalError(403, 'Listing API tokens requires an admin.');
	}

	const pageSize = readPageSize(query.get('page_size'));
	if (!pageSize.ok) {
		return opalError(400, pageSize.message);
	}

	const cursor = readCursor(query.get('cursor'));
	if (!cursor.ok) {
		return opalError(400, cursor.message);
	}

	const tokenIds = readTokenIds(query.get('token_ids'));
	if (!tokenIds.ok) {
		return opalError(400, tokenIds.message);
	}

	const userId = readUuid('user_id', query.get('user_id'));
	if (!userId.ok) {
		return opalError(400, userId.message);
	}

	const matching = matchingTokens(caller.org.tokens, tokenIds.value, userId.value);
	const size = Math.min(pageSize.value, settings.maxResultsPerPage ?? pageSize.value);
	const page = pageOf(matching, cursor.value?.position ?? null, size);
	const body: OpalTokenPage = {
		// docs/vendors/opal.md [S]: `next` only while more pages exist; `previous` is the cursor used to get this page.
		...(page.next === undefined ? {} : {next: page.next}),
		...(cursor.value === undefined ? {} : {previous: cursor.value.text}),
		results: page.tokens.map(token => toWire(token, settings.preview)),
	};
	return {status: 200, body};
}

/**
The org's tokens that pass the filters, in listing order. Without filters that is the org's own listing,
not a copy; `token_ids` (how a client reads single tokens) looks the ids up rather than scanning the org.
*/
function matchingTokens(tokens: OrgTokens, tokenIds: ReadonlySet<string> | undefined, userId: string | undefined): readonly StoredToken[] {
	const ofUser = (token: StoredToken): boolean => userId === undefined || token.userId === userId;
	if (tokenIds !== undefined) {
		return [...tokenIds].flatMap(id => tokens.get(id) ?? []).filter(token => ofUser(token)).sort(compareTokens);
	}

	return userId === undefined ? tokens.listed() : tokens.listed().filter(token => ofUser(token));
}

/**
`DELETE /tokens/{token_id}`: 200 with no body (docs/vendors/opal.md [S]). Admins may delete any token of their org;
anyone else only a token that acts as them, and only while the org lets all users create API tokens
(docs/vendors/opal.md, who may delete [S]). A READ_ONLY token deletes nothing (inferred from its name). An id that
is not a token of the caller's org, well-formed or not, is 404: the spec declares no 400 here.
*/
export function deleteToken(caller: Caller, tokenId: string): SimResponse {
	const token: StoredToken | undefined = caller.org.tokens.get(tokenId.toLowerCase());
	if (token === undefined) {
		return opalError(404, 'Token not found.');
	}

	if (caller.token.accessLevel === 'READ_ONLY') {
		return opalError(403, 'A read-only API token cannot delete tokens.');
	}

	if (!caller.user.admin) {
		if (token.userId !== caller.user.id) {
			return opalError(403, 'Only admins can delete API tokens of other users.');
		}

		if (!caller.org.allowAllUsersToCreateTokens) {
			return opalError(403, 'This organization lets only admins manage API tokens.');
		}
	}

	caller.org.tokens.delete(token.id);
	return {status: 200};
}

/**
`page_size` must be a whole number from 1 to 1000. Anything else is a 400 rather than being clamped: the
spec states the maximum as a schema constraint, which a validating server enforces (inferred).
*/
function readPageSize(value: string | null): Parsed<number> {
	if (value === null) {
		return {ok: true, value: defaultPageSize};
	}

	const size = /^\d{1,7}$/.test(value) ? Number(value) : Number.NaN;
	if (!(size >= 1 && size <= maxPageSize)) {
		return {ok: false, message: `page_size must be a whole number from 1 to ${maxPageSize}.`};
	}

	return {ok: true, value: size};
}

/** An empty `cursor` is the first page; one this server did not make is a 400. */
function readCursor(value: string | null): Parsed<{readonly text: string; readonly position: CursorPosition} | undefined> {
	if (value === null || value === '') {
		return {ok: true, value: undefined};
	}

	const position = decodeCursor(value);
	return position === null ? {ok: false, message: 'cursor is not a valid pagination cursor.'} : {ok: true, value: {text: value, position}};
}

/**
`token_ids` is one comma-separated value (docs/vendors/opal.md [S]: `style: form, explode: false`). Like a server that
reads the first value of a parameter, a repeated `token_ids=` counts only its first occurrence (inferred).
*/
function readTokenIds(value: string | null): Parsed<ReadonlySet<string> | undefined> {
	if (value === null || value.trim() === '') {
		return {ok: true, value: undefined};
	}

	const ids = new Set<string>();
	for (const id of value.split(',').map(part => part.trim().toLowerCase()).filter(part => part !== '')) {
		if (!uuidPattern.test(id)) {
			return {ok: false, message: 'token_ids must be a comma-separated list of UUIDs.'};
		}

		ids.add(id);
	}

	return {ok: true, value: ids};
}

function readUuid(name: string, value: string | null): Parsed<string | undefined> {
	if (value === null || value === '') {
		return {ok: true, value: undefined};
	}

	const id = value.toLowerCase();
	return uuidPattern.test(id) ? {ok: true, value: id} : {ok: false, message: `${name} must be a UUID.`};
}
