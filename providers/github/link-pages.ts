import type * as v from 'valibot';
import type {ErrorContext} from '../../src/errors/index.js';
import type {HttpRequest, HttpResponse} from '../../src/http/client.js';
import {cursorPages} from '../../src/paginate.js';
import {parseResponse} from '../../src/validate.js';
import {nextPagePath} from './link-header.js';

export interface LinkPagesOptions<TSchema extends v.GenericSchema<unknown, readonly unknown[]>, TItem> {
	readonly context: ErrorContext;
	readonly send: (request: HttpRequest) => Promise<HttpResponse>;
	/** The API root, to keep the links on. */
	readonly base: URL;
	/** The first page's path, relative to the root. */
	readonly path: string;
	readonly pageSize: number;
	/** The answer's schema: a bare array, as GitHub's lists are. */
	readonly schema: TSchema;
	/** The record's id, for the error that names a record listed twice, and for the shape errors. */
	readonly idKey: string;
	readonly idOf: (record: v.InferOutput<TSchema>[number]) => string;
	/** Turns one page of records into items (owner lookups, repositories); called once per page, in order. */
	readonly toItems: (records: v.InferOutput<TSchema>, signal: AbortSignal) => Promise<readonly TItem[]>;
	readonly signal?: AbortSignal | undefined;
	/**
	Where GitHub leaves the `Link` header out (the SSO list declares none, docs/vendors/github.md, pagination [S]),
	a full page is followed by the next page number, and a short or empty one ends the list.
	@default false
	*/
	readonly pageNumbersWithoutLink?: boolean | undefined;
}

/**
A GitHub list, page by page: `per_page` and then the `rel="next"` link of each answer, kept on the API's own origin
(link-header.ts), until there is none (docs/vendors/github.md, pagination [D]). Pages are bare arrays with no total, so
completeness rests on the links; a link that repeats or an empty page that names a next one is a PaginationError
(paginate.ts), as is a record listed twice.
*/
export async function* linkPages<TSchema extends v.GenericSchema<unknown, readonly unknown[]>, TItem>(options: LinkPagesOptions<TSchema, TItem>): AsyncGenerator<readonly TItem[], void, undefined> {
	const {context, base} = options;
	type Page = {records: v.InferOutput<TSchema>; next: string | null};
	const pages = cursorPages<v.InferOutput<TSchema>[number]>({
		context,
		idOf: options.idOf,
		signal: options.signal,
		async fetchPage(cursor, signal) {
			const page = await fetchPage(cursor, signal);
			return {items: page.records, next: page.next};
		},
	});

	let pageNumber = 1;
	async function fetchPage(cursor: string | null, signal: AbortSignal): Promise<Page> {
		const response = await options.send(cursor === null
			? {method: 'GET', path: options.path, query: {per_page: options.pageSize}, signal}
			: {method: 'GET', path: cursor, signal});
		const records = parseResponse(options.schema, response, context, {idKey: options.idKey});
		pageNumber++;
		const linked = nextPagePath(response.headers.get('link'), base, context);
		if (linked !== null || response.headers.has('link') || options.pageNumbersWithoutLink !== true) {
			return {records, next: linked};
		}

		const next = records.length >= options.pageSize ? `${options.path}?per_page=${options.pageSize}&page=${pageNumber}` : null;
		return {records, next};
	}

	const signal = options.signal ?? new AbortController().signal;
	for await (const records of pages) {
		yield await options.toItems(records, signal);
	}
}
