import type {StoredToken} from './model.js';

/** A named subset of an account's tokens, kept in list order as tokens come and go. */
interface View {
	readonly keep: (token: StoredToken) => boolean;
	readonly tokens: StoredToken[];
}

/**
An account's tokens in list (creation) order, with an index by id and cached subsets ("views") for the list
route. A list page at 100,000 tokens must not scan the account, so lookups go through the index (ids are
ObjectIds with 64 random bits, so they do not repeat) and each caller's visible tokens are kept rather than
filtered again on every request.

A view's predicate may only read fields fixed at creation (`serviceToken`, `memberId`): then a token's
membership never changes, and adding or removing the token is the only thing a view has to follow.
*/
export class AccountTokens {
	readonly #list: StoredToken[];
	readonly #byId = new Map<string, StoredToken>();
	readonly #views = new Map<string, View>();

	/** `tokens` must already be in list order. */
	constructor(tokens: readonly StoredToken[]) {
		this.#list = [...tokens];
		for (const token of this.#list) {
			this.#index(token);
		}
	}

	get size(): number {
		return this.#list.length;
	}

	/** Every token, in list order. Read-only: change the account through `add` and `remove`. */
	all(): readonly StoredToken[] {
		return this.#list;
	}

	get(id: string): StoredToken | undefined {
		return this.#byId.get(id);
	}

	/** Appends a token made now: creation order is list order. */
	add(token: StoredToken): void {
		this.#list.push(token);
		this.#index(token);
		for (const view of this.#views.values()) {
			if (view.keep(token)) {
				view.tokens.push(token);
			}
		}
	}

	remove(token: StoredToken): void {
		if (!removeFrom(this.#list, token)) {
			return;
		}

		this.#byId.delete(token.id);
		for (const view of this.#views.values()) {
			if (view.keep(token)) {
				removeFrom(view.tokens, token);
			}
		}
	}

	/**
	The tokens `keep` accepts, in list order, built on first use and kept up to date from then on. `name`
	identifies the predicate: the same name must always come with the same predicate.
	*/
	view(name: string, keep: (token: StoredToken) => boolean): readonly StoredToken[] {
		const cached = this.#views.get(name);
		if (cached !== undefined) {
			return cached.tokens;
		}

		const view: View = {keep, tokens: this.#list.filter(token => keep(token))};
		this.#views.set(name, view);
		return view.tokens;
	}

	#index(token: StoredToken): void {
		this.#byId.set(token.id, token);
	}
}

function removeFrom(tokens: StoredToken[], token: StoredToken): boolean {
	const position = tokens.indexOf(token);
	if (position === -1) {
		return false;
	}

	tokens.splice(position, 1);
	return true;
}
