import type {ResourceKind, SimToken} from './model.js';

const none: readonly SimToken[] = [];

/**
Every token row of an instance, revoked ones included: by id, and in id order all together, by owner and by group or
project, each list kept as rows are added, so the lists pages are cut from are at hand without a pass over every
token. GitLab never deletes a row (a revoked token stays listed) and its ids only grow, and what a row is filed
under (its id, its user, its resource) never changes: each list is only appended to, and stays in id order.
*/
export class TokenRows {
	readonly #byId = new Map<number, SimToken>();
	readonly #all: SimToken[] = [];
	readonly #byUser = new Map<number, SimToken[]>();
	readonly #byResource = new Map<string, SimToken[]>();

	get size(): number {
		return this.#byId.size;
	}

	get(id: number): SimToken | undefined {
		return this.#byId.get(id);
	}

	/** Every row, in the order they were added, which is id order. */
	values(): IterableIterator<SimToken> {
		return this.#byId.values();
	}

	/** Every row, by id, as one list: what an administrator's list shows. Read-only; later rows are appended to it. */
	inIdOrder(): readonly SimToken[] {
		return this.#all;
	}

	/** A user's rows, by id. */
	ofUser(userId: number): readonly SimToken[] {
		return this.#byUser.get(userId) ?? none;
	}

	/** A group's or project's access tokens, by id. */
	ofResource(kind: ResourceKind, id: number): readonly SimToken[] {
		return this.#byResource.get(resourceKey(kind, id)) ?? none;
	}

	/** Adds a row whose id is greater than every id before it. */
	add(token: SimToken): void {
		const last = this.#all.at(-1);
		if (last !== undefined && token.id <= last.id) {
			throw new RangeError(`token id ${token.id} is not after ${last.id}: GitLab's ids only grow`);
		}

		this.#byId.set(token.id, token);
		this.#all.push(token);
		appendTo(this.#byUser, token.userId, token);
		if (token.resource !== null) {
			appendTo(this.#byResource, resourceKey(token.resource.kind, token.resource.id), token);
		}
	}
}

function resourceKey(kind: ResourceKind, id: number): string {
	return `${kind}:${id}`;
}

function appendTo<K>(lists: Map<K, SimToken[]>, key: K, token: SimToken): void {
	const list = lists.get(key);
	if (list === undefined) {
		lists.set(key, [token]);
	} else {
		list.push(token);
	}
}
