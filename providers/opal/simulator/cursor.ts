import type {StoredToken} from './org.js';

/**
Where a page ends: the sort key of its last token. Tokens are listed newest first, ties broken by id, and a
cursor names the key of the last token served rather than a count of tokens skipped. Tokens created or
deleted between two requests therefore never shift the rest: nothing is served twice and nothing that
existed throughout is skipped, even when the token the cursor names has itself been deleted since.

Opal's spec example cursor decodes to `p=<creation time>`, a position in a time-ordered list, which is
what suggested this design (inferred; docs/vendors/opal.md: cursors are opaque).
*/
export interface CursorPosition {
	readonly createdAt: number;
	readonly tokenId: string;
}

const uuidPattern = /^[\da-f]{8}(?:-[\da-f]{4}){3}-[\da-f]{12}$/;
const base64Pattern = /^[A-Za-z\d+/]+={0,2}$/;

export function encodeCursor(position: CursorPosition): string {
	const fields = new URLSearchParams({p: new Date(position.createdAt).toISOString(), t: position.tokenId});
	return Buffer.from(fields.toString(), 'utf8').toString('base64');
}

/** The position a cursor names, or null when it is not one this server made. */
export function decodeCursor(cursor: string): CursorPosition | null {
	if (!base64Pattern.test(cursor) || cursor.length % 4 !== 0) {
		return null;
	}

	const fields = new URLSearchParams(Buffer.from(cursor, 'base64').toString('utf8'));
	const createdAt = Date.parse(fields.get('p') ?? '');
	const tokenId = fields.get('t') ?? '';
	if (!Number.isFinite(createdAt) || !uuidPattern.test(tokenId)) {
		return null;
	}

	return {createdAt, tokenId};
}

/**
Newest first; equal creation times fall back to the id, descending, so the order is total. Takes the
fields rather than objects, so that sorting and searching allocate nothing.
*/
function newestFirst(leftCreatedAt: number, leftId: string, rightCreatedAt: number, rightId: string): number {
	if (leftCreatedAt !== rightCreatedAt) {
		return rightCreatedAt - leftCreatedAt;
	}

	return leftId < rightId ? 1 : leftId > rightId ? -1 : 0;
}

/** The listing order of two tokens: negative when `left` is listed first. */
export function compareTokens(left: StoredToken, right: StoredToken): number {
	return newestFirst(left.createdAt, left.id, right.createdAt, right.id);
}

export function positionOf(token: StoredToken): CursorPosition {
	return {createdAt: token.createdAt, tokenId: token.id};
}

export interface Page {
	readonly tokens: readonly StoredToken[];
	/** The cursor of the following page; undefined when this page is the last. */
	readonly next: string | undefined;
}

/**
Up to `size` tokens that sort after `after` (from the start when null). `listed` must be in listing order
(see `compareTokens`): the page then starts at the first token past the cursor's position, found by binary
search whether or not the token the cursor names still exists.
*/
export function pageOf(listed: readonly StoredToken[], after: CursorPosition | null, size: number): Page {
	const start = after === null ? 0 : firstAfter(listed, after);
	const end = Math.min(listed.length, start + size);
	const served = listed.slice(start, end);
	const last = served.at(-1);
	return {tokens: served, next: end < listed.length && last !== undefined ? encodeCursor(positionOf(last)) : undefined};
}

/** The index of the first token of `listed` that sorts after `position`; `listed.length` when none does. */
function firstAfter(listed: readonly StoredToken[], position: CursorPosition): number {
	let low = 0;
	let high = listed.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		const token = listed[middle];
		if (token !== undefined && newestFirst(token.createdAt, token.id, position.createdAt, position.tokenId) <= 0) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}

	return low;
}
