import {PaginationError, type ErrorContext} from './errors/index.js';

/**
The three ways vendors page a token list, each as an async generator that yields items in order and stops
sending requests as soon as the consumer stops reading. Every style refuses to go round in circles or to
pass off a short list as complete: it throws a PaginationError naming the account instead.
*/

/** `none`: one response holds everything (Mist). */
export async function* paginateNone<T>(fetchAll: () => Promise<readonly T[]>): AsyncGenerator<T, void, undefined> {
	yield* await fetchAll();
}

export interface CursorPage<T> {
	readonly items: readonly T[];
	/** The cursor of the next page; null or undefined when this is the last. */
	readonly next: string | null | undefined;
}

export interface CursorPagination<T> {
	readonly context: ErrorContext;
	/** Fetches one page; `cursor` is null for the first. */
	readonly fetchPage: (cursor: string | null) => Promise<CursorPage<T>>;
	/** Identity for de-duplication across pages. */
	readonly idOf: (item: T) => string;
}

/** `cursor`: follow `next` until it is null (Opal). A cursor seen twice is an error, not an endless loop. */
export async function* paginateCursor<T>({context, fetchPage, idOf}: CursorPagination<T>): AsyncGenerator<T, void, undefined> {
	const seenCursors = new Set<string>();
	const seenIds = new Set<string>();
	let cursor: string | null = null;
	let pages = 0;

	for (;;) {
		const page: CursorPage<T> = await fetchPage(cursor);
		pages++;
		for (const item of page.items) {
			const id = idOf(item);
			if (!seenIds.has(id)) {
				seenIds.add(id);
				yield item;
			}
		}

		const next = page.next ?? null;
		if (next === null || next === '') {
			return;
		}

		if (seenCursors.has(next)) {
			throw new PaginationError(`the vendor returned cursor "${next.slice(0, 40)}" a second time after ${pages} pages; stopping instead of looping`, context);
		}

		if (page.items.length === 0) {
			throw new PaginationError(`page ${pages} was empty but named a next cursor; the listing cannot be trusted to be complete`, context);
		}

		seenCursors.add(next);
		cursor = next;
	}
}

export interface OffsetPage<T> {
	readonly items: readonly T[];
	/** The vendor's grand total, when it sends one. */
	readonly total?: number | null | undefined;
	/** Whether the vendor says more pages follow (a `next` link); undefined when it does not say. */
	readonly hasMore?: boolean | undefined;
}

export interface OffsetPagination<T> {
	readonly context: ErrorContext;
	/** Fetches `limit` items from `offset`. The server may return fewer than asked (it clamps `limit`). */
	readonly fetchPage: (offset: number, limit: number, signal: AbortSignal) => Promise<OffsetPage<T>>;
	readonly idOf: (item: T) => string;
	/** Items to ask for per page: the vendor's largest. */
	readonly pageSize: number;
	/**
	Pages fetched side by side once the total is known.
	@default 4
	*/
	readonly concurrency?: number | undefined;
	readonly signal?: AbortSignal | undefined;
}

/**
`offset`: `limit`/`offset` (LaunchDarkly). The first page tells the total and how many items the server
really serves per page; the remaining pages are then fetched concurrently (up to `concurrency` at once) and
yielded in order. A short page in the middle is filled by asking for the gap, so nothing is skipped when a
server clamps `limit` below what was asked. Ids seen twice are dropped. When the total changes during the
listing, tokens were created or deleted meanwhile: the list might have skipped one, so it fails.
*/
export async function* paginateOffset<T>(options: OffsetPagination<T>): AsyncGenerator<T, void, undefined> {
	const {context, fetchPage, idOf, pageSize} = options;
	const concurrency = Math.max(1, options.concurrency ?? 4);
	const controller = new AbortController();
	const signal = options.signal === undefined ? controller.signal : AbortSignal.any([options.signal, controller.signal]);
	const seenIds = new Set<string>();
	const inFlight = new Map<number, Promise<OffsetPage<T>>>();

	const checkTotal = (expected: number | null, page: OffsetPage<T>, offset: number): void => {
		const total = page.total ?? null;
		if (expected !== null && total !== null && total !== expected) {
			throw new PaginationError(
				`the token count changed from ${expected} to ${total} while listing (at offset ${offset}); tokens were created or deleted meanwhile, so this list may be incomplete. List again`,
				context,
			);
		}
	};

	function* fresh(items: readonly T[]): Generator<T, void, undefined> {
		for (const item of items) {
			const id = idOf(item);
			if (!seenIds.has(id)) {
				seenIds.add(id);
				yield item;
			}
		}
	}

	try {
		const first = await fetchPage(0, pageSize, signal);
		yield* fresh(first.items);
		const total = first.total ?? null;
		let position = first.items.length;

		if (total === null) {
			// No total: read one page after another until the vendor says there is no more, or a page comes back empty.
			let previous = first;
			while (previous.items.length > 0 && previous.hasMore !== false) {
				previous = await fetchPage(position, pageSize, signal);
				yield* fresh(previous.items);
				position += previous.items.length;
			}

			return;
		}

		// The server's real page size, in case it clamped `limit` below what was asked.
		const served = Math.max(1, Math.min(pageSize, first.items.length));
		const planned: number[] = [];
		for (let offset = position; offset < total; offset += served) {
			planned.push(offset);
		}

		const start = (offset: number): void => {
			const request = fetchPage(offset, served, signal);
			// Rejections are read when the page's turn comes; until then they must not count as unhandled.
			request.catch(() => undefined);
			inFlight.set(offset, request);
		};

		let nextToStart = 0;
		const fill = (): void => {
			while (nextToStart < planned.length && inFlight.size < concurrency) {
				start(planned[nextToStart] ?? 0);
				nextToStart++;
			}
		};

		for (const offset of planned) {
			// A previous page came back short: ask for the gap before moving on, so nothing in between is skipped.
			while (position < offset) {
				const gap = await fetchPage(position, Math.min(served, offset - position), signal);
				checkTotal(total, gap, position);
				if (gap.items.length === 0) {
					throw new PaginationError(`page at offset ${position} was empty although ${total} tokens were announced`, context);
				}

				yield* fresh(gap.items);
				position += gap.items.length;
			}

			fill();
			const request = inFlight.get(offset);
			if (request === undefined) {
				continue;
			}

			const page = await request;
			inFlight.delete(offset);
			fill();
			checkTotal(total, page, offset);
			if (page.items.length === 0) {
				throw new PaginationError(`page at offset ${offset} was empty although ${total} tokens were announced`, context);
			}

			yield* fresh(page.items);
			position = offset + page.items.length;
		}

		// The last planned page may itself have been short.
		while (position < total) {
			const tail = await fetchPage(position, served, signal);
			checkTotal(total, tail, position);
			if (tail.items.length === 0) {
				throw new PaginationError(`page at offset ${position} was empty although ${total} tokens were announced`, context);
			}

			yield* fresh(tail.items);
			position += tail.items.length;
		}
	} finally {
		// Reached on completion, on error, and when the consumer leaves the loop early: stop whatever is still in flight.
		controller.abort();
	}
}
