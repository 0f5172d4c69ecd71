import {PaginationError, type ErrorContext} from '../../src/errors/index.js';
import type {OffsetPage} from '../../src/paginate.js';

/** One answer of the list route, as the pager needs it. */
export interface ListAnswer<T> {
	readonly items: readonly T[];
	/** `totalCount`: the whole collection (LaunchDarkly FACTS, pagination [I]); null when not sent. */
	readonly total: number | null;
	/** Whether `_links.next` was sent. */
	readonly hasMore: boolean;
}

export interface OverlappingPagesOptions<T> {
	readonly context: ErrorContext;
	/** The most items one request may ask for. */
	readonly pageSize: number;
	/** Sends one list request for `limit` items from `offset`. */
	readonly request: (offset: number, limit: number, signal: AbortSignal) => Promise<ListAnswer<T>>;
	readonly idOf: (item: T) => string;
}

export interface OverlappingPages<T> {
	/** The page size to give `paginateOffset`: one less than asked, to leave room for the overlap. */
	readonly pageSize: number;
	readonly fetchPage: (offset: number, limit: number, signal: AbortSignal) => Promise<OffsetPage<T>>;
}

/**
Offset pages that overlap by one item, so a listing notices when tokens were created and deleted while it
ran. `paginateOffset` already fails when `totalCount` changes; but a token made in the UI while another is
deleted leaves the total as it was and shifts every later token by one place, so plain offsets would skip a
token (or repeat one) without a sign. Here every request after the first starts one item early, and each
position's id is remembered: two pages that disagree on who sits at the same position mean the list moved
under the listing, and it fails with a PaginationError instead of returning a list that may be wrong.

It costs nothing in requests: each asks for `pageSize` items and brings `pageSize - 1` new ones, and the
first page's last item is left to be read again as the second page's overlap. When the server serves fewer
items than asked (it clamps `limit`), the first page shows by how much and the overlap fits inside that.
A page size of 1, asked or imposed, leaves no room: those listings rely on the total alone.
*/
export function overlappingPages<T>({context, pageSize, request, idOf}: OverlappingPagesOptions<T>): OverlappingPages<T> {
	const seenAt = new Map<number, string>();
	let overlap = pageSize >= 2;

	const remember = (start: number, items: readonly T[]): void => {
		for (const [index, item] of items.entries()) {
			const position = start + index;
			const id = idOf(item);
			const known = seenAt.get(position);
			if (known === undefined) {
				seenAt.set(position, id);
			} else if (known !== id) {
				throw new PaginationError(
					`token ${known} at position ${position} was replaced by ${id} between two pages: tokens were created or deleted while listing, so this list may be incomplete. List again`,
					context,
				);
			}
		}
	};

	const page = (answer: ListAnswer<T>, items: readonly T[]): OffsetPage<T> => ({items, total: answer.total, hasMore: answer.hasMore});

	return {
		pageSize: overlap ? pageSize - 1 : pageSize,
		async fetchPage(offset, limit, signal) {
			if (!overlap) {
				const answer = await request(offset, limit, signal);
				remember(offset, answer.items);
				return page(answer, answer.items);
			}

			if (offset > 0) {
				const answer = await request(offset - 1, limit + 1, signal);
				remember(offset - 1, answer.items);
				return page(answer, answer.items.slice(1));
			}

			const answer = await request(0, limit + 1, signal);
			remember(0, answer.items);
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
			return page(answer, answer.items.slice(0, -1));
		},
	};
}
