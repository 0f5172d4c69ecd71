/**
Room for pages asked for ahead of their reader, shared by the listings of one run.

Every listing that asks for several pages at once may keep two of them asked for ahead of its reader on its own
(src/paginate.ts `offsetPages`); each page beyond those takes one unit of this budget, and gives it back once the
reader has its page. One account listed alone so reads as far ahead as its vendor allows, which is what keeps a
listing bound by round trips (a LaunchDarkly account: eight pages in flight) from idling between them, while many
accounts listed at once hold their own two pages each plus this budget, not their vendors' concurrency each: the
memory of a run stays bounded however many tokens its accounts hold.

A listing that cannot take room now asks to be woken when some is given back, so a page one account no longer
needs goes to another account's next request at once rather than at that account's next page.
*/
export interface ReadAheadBudget {
	/** Takes room for one page; false when there is none left. */
	readonly take: () => boolean;
	/** Gives back room taken for `pages` pages, and wakes listings that wanted some, oldest wish first. */
	readonly give: (pages?: number) => void;
	/** Calls `wake` each time room is given back, until the returned function is called. */
	readonly whenGiven: (wake: () => void) => () => void;
	/** Room left, in pages. */
	readonly free: () => number;
}

/** The budget of an inventory run: with each listing's own two pages, one LaunchDarkly account reaches its eight. */
export const defaultReadAheadPages = 6;

export function createReadAheadBudget(pages: number): ReadAheadBudget {
	if (!Number.isInteger(pages) || pages < 0) {
		throw new RangeError(`a read-ahead budget is a whole number of pages, at least 0; got ${pages}`);
	}

	let free = pages;
	// A Set keeps insertion order: the listing that has wanted room the longest is woken first.
	const waiting = new Set<() => void>();
	return {
		take() {
			if (free === 0) {
				return false;
			}

			free--;
			return true;
		},
		give(given = 1) {
			free += given;
			for (const wake of [...waiting]) {
				if (free === 0) {
					return;
				}

				// Moved to the back, so that the next room given goes to another listing first.
				waiting.delete(wake);
				waiting.add(wake);
				wake();
			}
		},
		whenGiven(wake) {
			waiting.add(wake);
			return () => {
				waiting.delete(wake);
			};
		},
		free: () => free,
	};
}
