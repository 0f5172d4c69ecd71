import type * as v from 'valibot';
import {PaginationError, type ErrorContext} from '../../src/errors/index.js';
import type {QueryValue} from '../../src/http/client.js';
import {cursorPages} from '../../src/paginate.js';
import {quotableVendorText} from '../../src/vendor-text.js';
import type {OpenAIApi} from './api.js';

/** What tokenkit reads of a list page ([S]: `{object: "list", data, first_id, last_id, has_more}`). */
export interface OpenAIListPage<T> {
	readonly data: readonly T[];
	readonly has_more: boolean;
	readonly last_id?: string | null | undefined;
}

export interface ListPagesOptions<T> {
	readonly api: OpenAIApi;
	/** `organization/admin_api_keys`, `organization/projects`, … */
	readonly path: string;
	readonly schema: v.GenericSchema<unknown, OpenAIListPage<T>>;
	/** Query parameters of every page besides `limit` and `after`. */
	readonly query?: Readonly<Record<string, QueryValue>> | undefined;
	readonly pageSize: number;
	readonly signal?: AbortSignal | undefined;
	/** What is listed, for error messages: `the admin keys`, `the keys of project proj_…`. */
	readonly what: string;
}

/**
Every item of one OpenAI list, page by page. The cursor is `after=<id of the last item received>`, as the spec
defines it ([S]), and `has_more` says whether another page follows. OpenAI's own client takes the next cursor from
`last_id` on most lists and from the last item on the admin keys ([D]), so an answer must agree with itself for
either reading to be right: a page that says more follow must name its `last_id`, and that must be its last item's
id. Anything else is a PaginationError naming the list, never a guess: a page that says more follow without a
`last_id` (OpenAI's own client would loop on it), a `last_id` that is not the page's last item, an id listed twice,
a cursor that does not move on (paginate.ts), or an empty page that says more follow.
*/
export async function* listPages<T extends {readonly id: string}>(options: ListPagesOptions<T>): AsyncGenerator<readonly T[], void, undefined> {
	const {api, path, schema, pageSize, what} = options;
	const {context} = api;
	let pages = 0;
	yield* cursorPages<T>({
		context,
		idOf: item => item.id,
		signal: options.signal,
		async fetchPage(cursor, signal) {
			const query = {...options.query, limit: pageSize, ...(cursor === null ? {} : {after: cursor})};
			const {data: page} = await api.fetch(schema, {method: 'GET', path, query, signal});
			pages++;
			return {items: page.data, next: nextCursor(page, pages, what, context)};
		},
	});
}

function nextCursor<T extends {readonly id: string}>(page: OpenAIListPage<T>, number: number, what: string, context: ErrorContext): string | null {
	if (!page.has_more) {
		return null;
	}

	const last = page.data.at(-1)?.id;
	if (page.last_id === undefined || page.last_id === null || page.last_id === '') {
		throw new PaginationError(`page ${number} of ${what} says more follow (has_more) but names no last_id to go on from; the list cannot be trusted to be complete`, context);
	}

	if (last !== page.last_id) {
		throw new PaginationError(`page ${number} of ${what} names last_id "${quotableVendorText(page.last_id)}", but its last item is ${last === undefined ? 'missing (the page is empty)' : `"${quotableVendorText(last)}"`}; the list cannot be trusted to be complete`, context);
	}

	return last;
}
