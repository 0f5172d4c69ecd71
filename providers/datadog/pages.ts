import type * as v from 'valibot';
import {PaginationError} from '../../src/errors/index.js';
import {offsetPages} from '../../src/paginate.js';
import type {ReadAheadBudget} from '../../src/read-ahead.js';
import type {DatadogApi} from './api.js';
import {listSchema} from './schema.js';

export interface DatadogPagesOptions<TItem extends v.GenericSchema> {
	readonly api: DatadogApi;
	/** The list's path, e.g. `api/v2/api_keys`. */
	readonly path: string;
	/** One record's schema. */
	readonly item: TItem;
	readonly pageSize: number;
	/** Pages asked for side by side once the total is known. */
	readonly concurrency: number;
	/** Room for pages ahead of the reader beyond the list's own two, shared with the other listings of a run. */
	readonly readAhead?: ReadAheadBudget | undefined;
	/** Turns a failure of the list itself (a 403, a 404) into the error a person can act on. */
	readonly explain: (error: unknown) => unknown;
	readonly signal?: AbortSignal | undefined;
}

/**
Every record of one Datadog list (docs/vendors/datadog.md, pagination [S][D]): `page[size]` (always sent, since
Datadog's default differs from its spec's) and `page[number]` from 0, sorted by creation so pages hold still while
keys are added ([I]: the default sort is by name, where a new key shifts every page after it), and the total from `meta.page.total_filtered_count`. Once the first page gives the total, the rest
are asked for side by side (src/paginate.ts `offsetPages`), each at `page[number] = offset / page[size]`.

Every page is checked against the total: a page shorter than `page[size]` before the total is reached, a total that
changes, a page that reaches past it, an empty page before it, or an id listed twice is a PaginationError, never a
short inventory. Datadog has no link or cursor to follow, so the total is all there is to hold it to.
*/
export async function* datadogPages<TItem extends v.GenericSchema>(options: DatadogPagesOptions<TItem>): AsyncGenerator<ReadonlyArray<v.InferOutput<TItem>>, void, undefined> {
	const {api, path, pageSize} = options;
	const schema = listSchema(options.item);
	const pages = offsetPages<v.InferOutput<TItem>>({
		context: api.context,
		pageSize,
		concurrency: options.concurrency,
		readAhead: options.readAhead,
		signal: options.signal,
		terms: {total: 'meta.page.total_filtered_count', hasMore: 'a next page'},
		idOf: record => idOf(record),
		async fetchPage(offset, limit, signal) {
			if (offset % pageSize !== 0 || limit !== pageSize) {
				// Only reached if a page came back short, which is refused below before any gap is asked for.
				throw new PaginationError(`Datadog pages by number, so the records from ${offset} (${limit} of them) cannot be asked for alone; list again`, api.context);
			}

			const number = offset / pageSize;
			const {data} = await api.fetch(schema, {method: 'GET', path, query: {'page[size]': pageSize, 'page[number]': number, sort: 'created_at'}, signal})
				.catch((error: unknown) => {
					throw options.explain(error);
				});
			const items: ReadonlyArray<v.InferOutput<TItem>> = data.data;
			const total = data.meta.page.total_filtered_count;
			if (items.length < pageSize && offset + items.length < total) {
				throw new PaginationError(`page ${number} (page[size] ${pageSize}) held ${items.length} records, but the list announced ${total} in all (meta.page.total_filtered_count) and only ${offset + items.length} have come: the list was cut short; list again`, api.context);
			}

			return {items, total};
		},
	});
	yield* pages;
}

function idOf(record: unknown): string {
	const id: unknown = typeof record === 'object' && record !== null ? Reflect.get(record, 'id') : undefined;
	return typeof id === 'string' ? id : '';
}
