import {PaginationError, type ErrorContext} from './errors/index.js';
import {flattenPages} from './flatten-pages.js';
import {createReadAheadBudget, type ReadAheadBudget} from './read-ahead.js';
import {createSeenIds} from './seen-ids.js';
import {quotableVendorText} from './vendor-text.js';

/**
The three ways vendors page a token list. Each comes twice: as pages (`onePage`, `cursorPages`,
`offsetPages`), which is how the adapters move records, a whole page at a time; and as items
(`paginateNone`, `paginateCursor`, `paginateOffset`), the same pages flattened once (flatten-pages.ts).
Both yield in order and stop sending requests as soon as the consumer stops reading. Every style refuses to
go round in circles or to pass off a short list as complete: it throws a PaginationError naming the account
instead. An id listed twice is such an error too, never dropped in silence (see `uniqueItems`).
*/

/** `none`: one response holds everything (Mist). */
export async function* onePage<T>(fetchAll: () => Promise<Iterable<T>>): AsyncGenerator<Iterable<T>, void, undefined> {
	yield await fetchAll();
}

/** {@link onePage}, item by item. */
export function paginateNone<T>(fetchAll: () => Promise<Iterable<T>>): AsyncGenerator<T, void, undefined> {
	return flattenPages(onePage(fetchAll));
}

export interface CursorPage<T> {
	/**
	The page's items; or a function that reads them (validates and maps the body), which is called only once
	the next page has been asked for, so that this work overlaps the next round trip.
	*/
	readonly items: readonly T[] | (() => readonly T[]);
	/** The cursor of the next page; null or undefined when this is the last. */
	readonly next: string | null | undefined;
}

export interface CursorPagination<T> {
	readonly context: ErrorContext;
	/** Fetches one page; `cursor` is null for the first. `signal` aborts when the listing stops early. */
	readonly fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<CursorPage<T>>;
	/** Identity for de-duplication across pages. */
	readonly idOf: (item: T) => string;
	readonly signal?: AbortSignal | undefined;
}

/**
`cursor`: follow `next` until it is null (Opal). A cursor seen twice is an error, not an endless loop.

Each page's successor is requested as soon as its cursor is known, before the page itself is read and
yielded: the chain's round trips then overlap the work on the page before, with still one request in flight.
Errors surface in page order (a failed request is reported after the page before it), and leaving the loop
early aborts the request in flight. A page known to be empty is not followed, since that is an error anyway.
*/
export async function* cursorPages<T>({context, fetchPage, idOf, signal: callerSignal}: CursorPagination<T>): AsyncGenerator<readonly T[], void, undefined> {
	const controller = new AbortController();
	const signal = callerSignal === undefined ? controller.signal : AbortSignal.any([callerSignal, controller.signal]);
	const unique = uniqueItems(idOf, context);
	const seenCursors = new Set<string>();
	let pages = 0;
	let request: Promise<CursorPage<T>> | undefined = fetchPage(null, signal);

	try {
		while (request !== undefined) {
			const page: CursorPage<T> = await request;
			request = undefined;
			pages++;
			const next = page.next ?? '';
			const repeated = seenCursors.has(next);
			const known = typeof page.items === 'function' ? undefined : page.items;
			if (next !== '' && !repeated && known?.length !== 0) {
				seenCursors.add(next);
				request = fetchPage(next, signal);
				// Its failure is read in turn, after this page; until then it must not count as unhandled.
				request.catch(() => undefined);
			}

			const items = known ?? readItems(page);
			unique(items, `on page ${pages}`);
			yield* nonEmpty(items);
			if (next === '') {
				return;
			}

			if (repeated) {
				throw new PaginationError(`the vendor returned cursor "${next.slice(0, 40)}" a second time after ${pages} pages; stopping instead of looping`, context);
			}

			if (items.length === 0) {
				throw new PaginationError(`page ${pages} was empty but named a next cursor; the listing cannot be trusted to be complete`, context);
			}
		}
	} finally {
		// Reached on completion, on error, and when the consumer leaves the loop early: stop the request in flight.
		controller.abort();
	}
}

/** {@link cursorPages}, item by item. */
export function paginateCursor<T>(options: CursorPagination<T>): AsyncGenerator<T, void, undefined> {
	return flattenPages(cursorPages(options));
}

function readItems<T>(page: CursorPage<T>): readonly T[] {
	return typeof page.items === 'function' ? page.items() : page.items;
}

export interface OffsetPage<T> {
	readonly items: readonly T[];
	/** The vendor's grand total, when it sends one. */
	readonly total?: number | null | undefined;
	/** Whether the vendor says more pages follow (a `next` link); undefined when it does not say. */
	readonly hasMore?: boolean | undefined;
}

/**
A page that has arrived but is read (parsed, validated) only when the listing reaches it: asked for ahead of its
reader, it waits as the vendor's text rather than as objects (HttpClient.sendUnread).
*/
export interface UnreadOffsetPage<T> {
	readonly read: () => Promise<OffsetPage<T>>;
}

/** What the vendor calls a page's total and its sign that more pages follow, for error messages. */
export interface OffsetPageTerms {
	/** @example 'totalCount' */
	readonly total: string;
	/** @example '_links.next' */
	readonly hasMore: string;
}

export interface OffsetPagination<T> {
	readonly context: ErrorContext;
	/**
	Fetches `limit` items from `offset`. The server may return fewer than asked (it clamps `limit`). A page may come
	unread: it is read when the listing reaches it, in page order.
	*/
	readonly fetchPage: (offset: number, limit: number, signal: AbortSignal) => Promise<OffsetPage<T> | UnreadOffsetPage<T>>;
	readonly idOf: (item: T) => string;
	/** Items to ask for per page: the vendor's largest. */
	readonly pageSize: number;
	/**
	Pages fetched side by side once the total is known.
	@default 4
	*/
	readonly concurrency?: number | undefined;
	/**
	Room for pages ahead of the reader beyond the listing's own two, shared with the other listings of a run.
	@default room for `concurrency` pages, this listing's alone
	*/
	readonly readAhead?: ReadAheadBudget | undefined;
	readonly signal?: AbortSignal | undefined;
	/**
	The vendor's names for `total` and `hasMore`, so that an error says which of its fields disagree.
	@default {total: 'total', hasMore: 'next-page link'}
	*/
	readonly terms?: OffsetPageTerms | undefined;
}

/**
`offset`: `limit`/`offset` (LaunchDarkly). The first page tells the total and how many items the server
really serves per page; the remaining pages are then fetched concurrently (up to `concurrency` at once) and
yielded in order. A short page in the middle is filled by asking for the gap, so nothing is skipped when a
server clamps `limit` below what was asked. When the total changes during the listing, tokens were created
or deleted meanwhile: the list might have skipped one, so it fails. Every page must also agree with the
total and with its own word on whether more follow: a page that reaches past the total, that says more
follow once the total is reached, or that says none follow before it, fails the listing.

How far it reads ahead: two pages of its own, and up to `concurrency` with room taken from `readAhead`, which the
listings of a run share (src/read-ahead.ts), so that many accounts listed at once do not fill the memory with
pages nobody is reading yet while one account alone keeps `concurrency` pages in flight.
*/
export async function* offsetPages<T>(options: OffsetPagination<T>): AsyncGenerator<readonly T[], void, undefined> {
	const {context, idOf, pageSize, terms = defaultTerms} = options;
	/** A page fetched and read at once: the first, a gap or the tail, which the listing waits on anyway. */
	const fetchAndRead = async (offset: number, limit: number, signal: AbortSignal): Promise<OffsetPage<T>> => readPage(await options.fetchPage(offset, limit, signal));
	const concurrency = Math.max(1, options.concurrency ?? 4);
	const controller = new AbortController();
	const signal = options.signal === undefined ? controller.signal : AbortSignal.any([options.signal, controller.signal]);
	const unique = uniqueItems(idOf, context);
	const inFlight = new Map<number, Promise<OffsetPage<T> | UnreadOffsetPage<T>>>();
	const ownPages = Math.min(ownReadAhead, concurrency);
	const budget = options.readAhead ?? createReadAheadBudget(concurrency - ownPages);
	/** Pages of room taken from the budget and not given back yet. */
	let borrowed = 0;
	let stopWaiting: (() => void) | undefined;

	/** The page's items, once it agrees with the total, with itself, and with every id listed before it. */
	const accept = (expected: number | null, page: OffsetPage<T>, offset: number): readonly T[] => {
		const total = page.total ?? null;
		if (expected !== null && total !== null && total !== expected) {
			throw new PaginationError(
				`the token count changed from ${expected} to ${total} while listing (at offset ${offset}); tokens were created or deleted meanwhile, so this list may be incomplete. List again`,
				context,
			);
		}

		const disagreement = disagreementOf(page, offset, terms);
		if (disagreement !== undefined) {
			throw new PaginationError(`${disagreement}; the list cannot be trusted to be complete`, context);
		}

		unique(page.items, `in the page at offset ${offset}`);
		return page.items;
	};

	const emptyPage = (offset: number, total: number): PaginationError => new PaginationError(`page at offset ${offset} was empty although ${total} tokens were announced`, context);

	try {
		const first = await fetchAndRead(0, pageSize, signal);
		const total = first.total ?? null;
		const firstItems = accept(total, first, 0);
		let position = first.items.length;

		if (total === null) {
			yield* nonEmpty(firstItems);
			// No total: read one page after another until the vendor says there is no more, or a page comes back
			// empty (which must then not say that more follow: disagreementOf).
			let previous = first;
			while (previous.items.length > 0 && previous.hasMore !== false) {
				previous = await fetchAndRead(position, pageSize, signal);
				yield* nonEmpty(accept(null, previous, position));
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
			inFlight.set(offset, askedAhead(options.fetchPage(offset, served, signal)));
		};

		let nextToStart = 0;
		const fill = (): void => {
			while (nextToStart < planned.length && inFlight.size < concurrency) {
				if (inFlight.size >= ownPages + borrowed) {
					if (!budget.take()) {
						return;
					}

					borrowed++;
				}

				start(planned[nextToStart] ?? 0);
				nextToStart++;
			}

			if (nextToStart === planned.length) {
				// Every page is asked for: room given back later is of no use to this listing.
				stopWaiting?.();
			}
		};
		// Room another listing gives back goes to this one's next page at once, while it still has pages to ask for.
		stopWaiting = budget.whenGiven(() => {
			if (!signal.aborted) {
				fill();
			}
		});
		// The next pages are on their way before the first is handed out, so its reader's work overlaps their round trips.
		fill();
		yield* nonEmpty(firstItems);

		for (const offset of planned) {
			// A previous page came back short: ask for the gap before moving on, so nothing in between is skipped.
			while (position < offset) {
				const gap = await fetchAndRead(position, Math.min(served, offset - position), signal);
				if (gap.items.length === 0) {
					throw emptyPage(position, total);
				}

				yield accept(total, gap, position);

				position += gap.items.length;
			}

			fill();
			const request = inFlight.get(offset);
			if (request === undefined) {
				// fill() always asks for the page the loop waits on; were it missing, tokens would be skipped without a sign.
				throw new Error(`page at offset ${offset} was never requested`);
			}

			const arrived = await request;
			inFlight.delete(offset);
			if (borrowed > 0) {
				// The page is reached: its room goes back, to whichever listing has waited longest (this one's next
				// page included, by the fill below, if room is left).
				borrowed--;
				budget.give();
			}

			fill();
			// Read only now, once every page before it is yielded, and after the next request is on its way.
			const page = await readPage(arrived);
			if (page.items.length === 0) {
				throw emptyPage(offset, total);
			}

			yield accept(total, page, offset);

			position = offset + page.items.length;
		}

		// The last planned page may itself have been short.
		while (position < total) {
			const tail = await fetchAndRead(position, served, signal);
			if (tail.items.length === 0) {
				throw emptyPage(position, total);
			}

			yield accept(total, tail, position);

			position += tail.items.length;
		}
	} finally {
		// Reached on completion, on error, and when the consumer leaves the loop early: stop whatever is still in
		// flight, and give its room back.
		controller.abort();
		stopWaiting?.();
		if (borrowed > 0) {
			const room = borrowed;
			borrowed = 0;
			budget.give(room);
		}
	}
}

function readPage<T>(page: OffsetPage<T> | UnreadOffsetPage<T>): OffsetPage<T> | Promise<OffsetPage<T>> {
	return 'read' in page ? page.read() : page;
}

/** A page asked for ahead of its turn. Its failure is read when that turn comes; until then it must not count as unhandled. */
function askedAhead<P>(answer: Promise<P>): Promise<P> {
	answer.catch(() => undefined);
	return answer;
}

/** {@link offsetPages}, item by item. */
export function paginateOffset<T>(options: OffsetPagination<T>): AsyncGenerator<T, void, undefined> {
	return flattenPages(offsetPages(options));
}

/** Pages a listing asks for ahead of its reader without taking room from a shared budget. Two, not one: with one, a reader that
takes less than a round trip over a page waits for the next one each time (one LaunchDarkly account of 50,000 tokens
took 1.11 times as long). */
const ownReadAhead = 2;

const defaultTerms: OffsetPageTerms = {total: 'total', hasMore: 'next-page link'};

/**
How a page at `offset` disagrees with the total it announces or with its own word on whether more pages
follow; undefined when it agrees (or says too little to disagree).
*/
function disagreementOf(page: OffsetPage<unknown>, offset: number, terms: OffsetPageTerms): string | undefined {
	const count = page.items.length;
	const end = offset + count;
	const total = page.total ?? null;
	if (total !== null && end > total) {
		return `the page at offset ${offset} holds ${count} tokens, more than the ${total} announced in all (${terms.total})`;
	}

	if (page.hasMore === true && count === 0) {
		return `the page at offset ${offset} is empty but says more pages follow (${terms.hasMore})`;
	}

	if (page.hasMore === true && total !== null && end >= total) {
		return `the page at offset ${offset} says more pages follow (${terms.hasMore}), but with it the list already holds the ${total} tokens announced in all (${terms.total})`;
	}

	if (page.hasMore === false && total !== null && end < total) {
		return `the page at offset ${offset} says no page follows (no ${terms.hasMore}), but the list holds ${end} of the ${total} tokens announced in all (${terms.total})`;
	}

	return undefined;
}

/** The page, unless it is empty: an empty page is never handed on. */
function* nonEmpty<T>(items: readonly T[]): Generator<readonly T[], void, undefined> {
	if (items.length > 0) {
		yield items;
	}
}

/**
Checks that no id of a listing comes twice: within a page or across pages, however far apart. A repeat means
the list moved while it was read, or the vendor is wrong; either way the listing fails with a PaginationError
naming the id and the page (`where`), rather than dropping the copy in silence or listing the token twice.
Pages are passed on as they are, never copied. The ids are remembered as hashes (seen-ids.ts): 8 to 16 bytes
a token, not the ids themselves.
*/
function uniqueItems<T>(idOf: (item: T) => string, context: ErrorContext): (items: readonly T[], where: string) => void {
	const seen = createSeenIds();
	return (items, where) => {
		for (const item of items) {
			const id = idOf(item);
			if (!seen.add(id)) {
				throw new PaginationError(`token id "${quotableVendorText(id)}" was listed twice (again ${where}); the list cannot be trusted to be complete`, context);
			}
		}
	};
}
