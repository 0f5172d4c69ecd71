import {PaginationError, type ErrorContext} from '../../src/errors/index.js';
import type {HttpResponse} from '../../src/http/client.js';
import {cursorPages} from '../../src/paginate.js';

/** The largest `per_page` GitLab serves; a larger one is clamped to it (docs/vendors/gitlab.md, pagination [D]). */
export const gitLabMaxPageSize = 100;

/** One page as a listing reads it: its records, and the number of the next page (null on the last). */
export interface GitLabPage<T> {
	readonly items: readonly T[];
	readonly nextPage: number | null;
}

/**
The page after `page`, as the answer says it (docs/vendors/gitlab.md, pagination [D]):
- `X-Next-Page`, empty on the last page;
- else the `page` of the `Link` header's `rel="next"` URL (only that number is taken: the URL itself is never
  followed, so an answer cannot send tokenkit, with its credential, to another origin);
- else, with neither header (a proxy that drops them), another page is asked for only when this one came back full.
`X-Total` is never read for this: GitLab leaves it out past 10,000 rows.
*/
export function nextPageOf(response: HttpResponse, page: number, count: number, perPage: number): number | null {
	const header = response.headers.get('x-next-page');
	if (header !== null) {
		return header.trim() === '' ? null : Number(header.trim());
	}

	const link = response.headers.get('link');
	if (link !== null) {
		const next = /<([^>]*)>\s*;\s*rel="?next"?/.exec(link)?.[1];
		if (next === undefined) {
			return null;
		}

		const number = new URL(next, 'http://link.invalid').searchParams.get('page');
		return number === null ? Number.NaN : Number(number);
	}

	return count >= perPage ? page + 1 : null;
}

export interface GitLabPagination<T> {
	readonly context: ErrorContext;
	/** Fetches page `page` (from 1) with `per_page` items; returns the validated records and the answer. */
	readonly fetchPage: (page: number, signal: AbortSignal) => Promise<{readonly items: readonly T[]; readonly response: HttpResponse}>;
	readonly idOf: (item: T) => string;
	readonly perPage: number;
	readonly signal?: AbortSignal | undefined;
	/** What is being listed, for messages: `the personal access tokens`. */
	readonly what: string;
}

/**
Every page of a GitLab list, one after another, each requested as soon as the previous one named it. The next
page must be the one after (a server that skips or repeats pages fails the listing rather than hiding tokens), an
id listed twice fails it (cursorPages), and a falling `X-Total` between pages means rows vanished while the list
was read, so that offsets shifted and one may have been skipped: that fails too. A rising total is new rows,
which an id-ordered list meets at its end.
*/
export function gitLabPages<T>(options: GitLabPagination<T>): AsyncGenerator<readonly T[], void, undefined> {
	const {context, what} = options;
	// The highest total seen: a rise then a fall is a deletion all the same.
	let highestTotal: number | null = null;
	return cursorPages({
		context,
		idOf: options.idOf,
		signal: options.signal,
		fetchPage: async (cursor, signal) => {
			const page = cursor === null ? 1 : Number(cursor);
			const {items, response} = await options.fetchPage(page, signal);
			const next = nextPageOf(response, page, items.length, options.perPage);
			if (next !== null && next !== page + 1) {
				throw new PaginationError(`listing ${what}, page ${page} named page ${Number.isNaN(next) ? 'an unreadable number' : next} as the next one instead of ${page + 1}; the list cannot be trusted to be complete`, context);
			}

			const total = readTotal(response);
			if (total !== null) {
				if (highestTotal !== null && total < highestTotal) {
					throw new PaginationError(`listing ${what}, the total fell from ${highestTotal} to ${total} between pages: tokens were deleted meanwhile and one may have been skipped. List again`, context);
				}

				highestTotal = Math.max(highestTotal ?? total, total);
			}

			return {items, next: next === null ? null : String(next)};
		},
	});
}

function readTotal(response: HttpResponse): number | null {
	const header = response.headers.get('x-total');
	if (header === null || !/^\d+$/.test(header.trim())) {
		return null;
	}

	return Number(header.trim());
}
