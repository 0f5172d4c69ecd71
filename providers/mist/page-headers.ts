import {PaginationError, type ErrorContext} from '../../src/errors/index.js';

/**
Mist's generic paging headers: `X-Page-Total` (items in all), `X-Page-Limit` (items per page) and
`X-Page-Page` (this page, from 1). Another page exists while `limit * page < total` (Mist FACTS,
pagination [D]: how mistapi reads them; the spec declares none of them).
*/
export interface MistPageHeaders {
	readonly total: number;
	readonly limit: number | null;
	readonly page: number | null;
}

/** The paging headers of a response; undefined when it has no `X-Page-Total`, which is the documented case for tokens. */
export function readPageHeaders(headers: Headers): MistPageHeaders | undefined {
	const total = wholeNumber(headers.get('x-page-total'));
	if (total === null) {
		return undefined;
	}

	return {total, limit: wholeNumber(headers.get('x-page-limit')), page: wholeNumber(headers.get('x-page-page'))};
}

export interface MistPage<T> {
	readonly items: readonly T[];
	readonly headers: Headers;
}

export interface MistPaging<T> {
	readonly context: ErrorContext;
	/** The answer to the plain list request, sent without `page` or `limit`. */
	readonly first: MistPage<T>;
	/** Fetches page `page` (from 1) of `limit` items. */
	readonly fetchPage: (page: number, limit: number) => Promise<MistPage<T>>;
	readonly idOf: (item: T) => string;
}

/**
Every item of a Mist list. The token lists take no paging parameters and answer with one bare array (Mist
FACTS, pagination [S]), so normally this returns `first.items` and sends nothing more. Should a response ever
carry `X-Page-*` headers announcing more than it holds, the remaining pages are fetched the way Mist's other
lists page (`page`, `limit`), one after another, ids seen twice dropped. A page that adds nothing new, or an
end short of the announced total, is a PaginationError: a list that may be incomplete is never passed off
as whole.
*/
export async function collectMistPages<T>({context, first, fetchPage, idOf}: MistPaging<T>): Promise<T[]> {
	const items = [...first.items];
	const announced = readPageHeaders(first.headers);
	if (announced === undefined || items.length >= announced.total) {
		return items;
	}

	const limit = announced.limit ?? items.length;
	if (limit < 1) {
		throw new PaginationError(`Mist announced ${announced.total} tokens (X-Page-Total) but sent none and no page size; the list cannot be read`, context);
	}

	const seen = new Set(items.map(item => idOf(item)));
	let total = announced.total;
	let page = announced.page ?? 1;
	while (page * limit < total) {
		page++;
		const next = await fetchPage(page, limit);
		const fresh = next.items.filter(item => !seen.has(idOf(item)));
		if (fresh.length === 0) {
			throw new PaginationError(`Mist announced ${total} tokens in pages of ${limit} (X-Page-* headers), but page ${page} added none; the list cannot be trusted to be complete`, context);
		}

		for (const item of fresh) {
			seen.add(idOf(item));
			items.push(item);
		}

		total = readPageHeaders(next.headers)?.total ?? total;
	}

	if (items.length < total) {
		throw new PaginationError(`Mist announced ${total} tokens (X-Page-Total) but its pages held ${items.length}; tokens may have changed meanwhile, so list again`, context);
	}

	return items;
}

function wholeNumber(value: string | null): number | null {
	if (value === null || !/^\s*\d+\s*$/.test(value)) {
		return null;
	}

	return Number(value.trim());
}
