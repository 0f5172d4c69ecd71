import {sortedPlace} from '../../../src/simulate/sorted-place.js';
import type {StoredToken} from './model.js';

/** The list's order, `direction=asc`: by issue time, then by id for tokens issued in the same millisecond [I]. */
function listOrder(a: StoredToken, b: StoredToken): number {
	return a.issuedOn - b.issuedOn || a.id.localeCompare(b.id);
}

/**
The tokens of one user or one account: by id, and in the order the list shows them, that order kept as tokens are
added and deleted (a binary search for the place, never a sort), so a page is a slice of it. Sorting every token for
every page made listing an account page by page quadratic. What the order rests on, a token's id and issue time,
never changes.
*/
export class OrderedTokens {
	/** In the order tokens were added: what `values()` gives, and churn draws its victims from. */
	readonly #byId = new Map<string, StoredToken>();
	readonly #ordered: StoredToken[] = [];

	get size(): number {
		return this.#byId.size;
	}

	get(id: string): StoredToken | undefined {
		return this.#byId.get(id);
	}

	/** Every token, in the order they were added. */
	values(): IterableIterator<StoredToken> {
		return this.#byId.values();
	}

	/** Every token in the list's order (`asc`); read-only, and changed in place by later adds and deletes. */
	inListOrder(): readonly StoredToken[] {
		return this.#ordered;
	}

	/** Adds a token, or puts it in place of the one with its id. */
	add(token: StoredToken): void {
		this.delete(token.id);
		this.#byId.set(token.id, token);
		// A new token is usually the latest issued, so its place is at the end: the splice then moves nothing.
		this.#ordered.splice(sortedPlace(this.#ordered, token, listOrder), 0, token);
	}

	delete(id: string): boolean {
		const token = this.#byId.get(id);
		if (token === undefined) {
			return false;
		}

		this.#byId.delete(id);
		// Ids are unique and the order total, so the token stands at its place.
		this.#ordered.splice(sortedPlace(this.#ordered, token, listOrder), 1);
		return true;
	}
}
