import {PaginationError, type ErrorContext} from '../../src/errors/index.js';
import type {OffsetPage, UnreadOffsetPage} from '../../src/paginate.js';

/** One answer of the list route, as the pager needs it. */
export interface ListAnswer<T> {
	readonly items: readonly T[];
	/** `totalCount`: the whole collection (docs/vendors/launchdarkly.md, pagination [I]); null when not sent. */
	readonly total: number | null;
	/** Whether `_links.next` was sent. */
	readonly hasMore: boolean;
}

/** An answer that has arrived, read when the listing reaches it. */
export interface UnreadAnswer<T> {
	readonly read: () => Promise<ListAnswer<T>>;
}

export interface OverlappingPagesOptions<T> {
	readonly context: ErrorContext;
	/** The most items one request may ask for. */
	readonly pageSize: number;
	/** Sends one list request for `limit` items from `offset`; its answer is read (parsed, validated) by `read`. */
	readonly request: (offset: number, limit: number, signal: AbortSignal) => Promise<UnreadAnswer<T>>;
	readonly idOf: (item: T) => string;
}

export interface OverlappingPages<T> {
	/** The page size to give `paginateOffset`: one less than asked, to leave room for the overlap. */
	readonly pageSize: number;
	readonly fetchPage: (offset: number, limit: number, signal: AbortSignal) => Promise<OffsetPage<T> | UnreadOffsetPage<T>>;
	/** How many ids are held for comparison right now: a few per page in flight, whatever the size of the account. */
	readonly remembered: number;
}

/**
Offset pages that overlap by one item, so a listing notices when tokens were created and deleted while it
ran. `paginateOffset` already fails when `totalCount` changes; but a token made in the UI while another is
deleted leaves the total as it was and shifts every later token by one place, so plain offsets would skip a
token (or repeat one) without a sign. Here every request after the first starts one item early, and the ids
where two answers meet are compared: two pages that disagree on who sits at the same position mean the list
moved under the listing, and it fails with a PaginationError instead of returning a list that may be wrong.

It costs nothing in requests: each asks for `pageSize` items and brings `pageSize - 1` new ones, and the
first page's last item is left to be read again as the second page's overlap. When the server serves fewer
items than asked (it clamps `limit`), the first page shows by how much and the overlap fits inside that.
A page size of 1, asked or imposed, leaves no room: those listings rely on the total alone.
*/
export function overlappingPages<T>({context, pageSize, request, idOf}: OverlappingPagesOptions<T>): OverlappingPages<T> {
	/**
	Ids by position, kept only where two answers meet: the last position of each answer is the first of the
	next one's request, and the first answer's two last (the one it holds back and the one before) are the
	second's first two. Answers are read in page order, so the earlier page leaves its id and the later one
	compares and removes it. So the map holds a few ids per page in flight, not one per token of the account.
	*/
	const shared = new Map<number, string>();
	let overlap = pageSize >= 2;
	/** The position the first answer held back for the second to read again; -1 when it held none back. */
	let heldBack = -1;

	const remember = (start: number, items: readonly T[], meets: (position: number) => boolean): void => {
		let position = start;
		for (const item of items) {
			const id = idOf(item);
			const known = shared.get(position);
			if (known === undefined) {
				if (meets(position)) {
					shared.set(position, id);
				}
			} else if (known === id) {
				shared.delete(position);
			} else {
				throw new PaginationError(
					`two pages disagree on the token at position ${position}: ${known} in the page before, ${id} in the page after; tokens were created or deleted while listing, so this list may be incomplete. List again`,
					context,
				);
			}

			position++;
		}
	};

	const page = (answer: ListAnswer<T>, items: readonly T[]): OffsetPage<T> => ({items, total: answer.total, hasMore: answer.hasMore});
	const readLater = (unread: UnreadAnswer<T>, toPage: (answer: ListAnswer<T>) => OffsetPage<T>): UnreadOffsetPage<T> => ({
		async read() {
			return toPage(await unread.read());
		},
	});

	return {
		pageSize: overlap ? pageSize - 1 : pageSize,
		get remembered() {
			return shared.size;
		},
		async fetchPage(offset, limit, signal) {
			// A later page is read when the listing reaches it, in page order; the ids where answers meet are
			// compared then.
			if (!overlap) {
				return readLater(await request(offset, limit, signal), answer => page(answer, answer.items));
			}

			if (offset > 0) {
				const start = offset - 1;
				return readLater(await request(start, limit + 1, signal), answer => {
					const last = start + answer.items.length - 1;
					remember(start, answer.items, position => position === start || position === last || position === heldBack);
					return page(answer, answer.items.slice(1));
				});
			}

			// The first page is read at once: it decides whether later pages overlap, and by how much.
			const answer = await (await request(0, limit + 1, signal)).read();
			const moreFollow = answer.total === null ? answer.hasMore : answer.total > answer.items.length;
			if (!moreFollow) {
				return page(answer, answer.items);
			}

			if (answer.items.length < 2) {
				// The server serves one token per request: no room for an overlap.
				overlap = false;
				return page(answer, answer.items);
			}

			// The last one comes again as the next page's overlap; keeping it out also sets the stride to what the server really serves.
			heldBack = answer.items.length - 1;
			remember(0, answer.items, position => position >= heldBack - 1);
			return page(answer, answer.items.slice(0, -1));
		},
	};
}
