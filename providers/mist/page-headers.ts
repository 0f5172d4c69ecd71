import {PaginationError, type ErrorContext} from '../../src/errors/index.js';
import {createSeenIds, type SeenIds} from '../../src/seen-ids.js';
import {quotableVendorText} from '../../src/vendor-text.js';

/**
Mist's generic paging headers: `X-Page-Total` (items in all), `X-Page-Limit` (items per page) and
`X-Page-Page` (this page, from 1). Another page exists while `limit * page < total` (docs/vendors/mist.md,
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
docs/vendors/mist.md, pagination [S]), so normally this returns `first.items` and sends nothing more. Should a response ever
carry `X-Page-*` headers announcing more than it holds, the remaining pages are fetched the way Mist's other
lists page (`page`, `limit`), one after another. A page that adds nothing, an end short of the announced
total, or an id listed twice (in one answer or across pages) is a PaginationError: a list that may be
incomplete is never passed off as whole.
*/
export async function collectMistPages<T>({context, first, fetchPage, idOf}: MistPaging<T>): Promise<T[]> {
	const seen = createSeenIds();
	const announced = readPageHeaders(first.headers);
	const items = [...unique(first.items, seen, idOf, context, announced === undefined ? 'in the list' : `on page ${announced.page ?? 1}`)];
	if (announced === undefined || items.length >= announced.total) {
		return items;
	}

	const limit = announced.limit ?? items.length;
	if (limit < 1) {
		throw new PaginationError(`Mist announced ${announced.total} tokens (X-Page-Total) but sent none and no page size; the list cannot be read`, context);
	}

	let total = announced.total;
	let page = announced.page ?? 1;
	while (page * limit < total) {
		page++;
		const next = await fetchPage(page, limit);
		if (next.items.length === 0) {
			throw new PaginationError(`Mist announced ${total} tokens in pages of ${limit} (X-Page-* headers), but page ${page} added none; the list cannot be trusted to be complete`, context);
		}

		for (const item of unique(next.items, seen, idOf, context, `on page ${page}`)) {
			items.push(item);
		}

		total = readPageHeaders(next.headers)?.total ?? total;
	}

	if (items.length < total) {
		throw new PaginationError(`Mist announced ${total} tokens (X-Page-Total) but its pages held ${items.length}; tokens may have changed meanwhile, so list again`, context);
	}

	return items;
}

/** The items, once none of their ids was seen before; a repeat is a PaginationError naming the id and where it came again. */
function unique<T>(items: readonly T[], seen: SeenIds, idOf: (item: T) => string, context: ErrorContext, where: string): readonly T[] {
	for (const item of items) {
		const id = idOf(item);
		if (!seen.add(id)) {
			throw new PaginationError(`token id "${quotableVendorText(id)}" was listed twice (again ${where}); the list cannot be trusted to be complete`, context);
		}
	}

	return items;
}

function wholeNumber(value: string | null): number | null {
	if (value === null || !/^\s*\d+\s*$/.test(value)) {
		return null;
	}

	return Number(value.trim());
}
