import {sortedPlace} from '../../../src/simulate/sorted-place.js';
import {compareTokens} from './cursor.js';
import type {StoredToken} from './org.js';

/**
An org's tokens, by id in the order they were made (churn picks its victim in that order) and in listing
order, newest first. Keeping the listing order as tokens come and go lets a page start with a binary search
instead of sorting the whole org for every request.
*/
export class OrgTokens {
	readonly #byId = new Map<string, StoredToken>();
	readonly #listed: StoredToken[];

	constructor(tokens: Iterable<StoredToken>) {
		for (const token of tokens) {
			this.#byId.set(token.id, token);
		}

		this.#listed = [...this.#byId.values()].sort(compareTokens);
	}

	get size(): number {
		return this.#byId.size;
	}

	has(id: string): boolean {
		return this.#byId.has(id);
	}

	get(id: string): StoredToken | undefined {
		return this.#byId.get(id);
	}

	/** Token ids in the order the tokens were made. */
	ids(): IterableIterator<string> {
		return this.#byId.keys();
	}

	/** The tokens in the order they were made. */
	values(): IterableIterator<StoredToken> {
		return this.#byId.values();
	}

	/** Every token, newest first (ties by id). Read-only: change the org through `add` and `delete`. */
	listed(): readonly StoredToken[] {
		return this.#listed;
	}

	add(token: StoredToken): void {
		const previous = this.#byId.get(token.id);
		if (previous !== undefined) {
			this.#listed.splice(sortedPlace(this.#listed, previous, compareTokens), 1);
		}

		this.#byId.set(token.id, token);
		this.#listed.splice(sortedPlace(this.#listed, token, compareTokens), 0, token);
	}

	delete(id: string): boolean {
		const token = this.#byId.get(id);
		if (token === undefined) {
			return false;
		}

		this.#byId.delete(id);
		this.#listed.splice(sortedPlace(this.#listed, token, compareTokens), 1);
		return true;
	}
}

