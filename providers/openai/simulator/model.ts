/** The simulator's state for one OpenAI organization: its users, projects, service accounts and keys. Times are epoch ms. */

/** A user's role in the organization ([S]: `owner` or `reader`). */
export type OrgRole = 'owner' | 'reader';

/** A user's or service account's role in a project ([S]). */
export type ProjectRole = 'owner' | 'member' | 'none';

export interface User {
	readonly id: string;
	readonly name: string;
	readonly email: string;
	readonly role: OrgRole;
	readonly addedAt: number;
	/** False once removed from the organization: `GET /organization/users/{id}` answers 404, their keys show `inactive`. */
	inOrg: boolean;
}

export interface ServiceAccount {
	readonly id: string;
	name: string;
	role: ProjectRole;
	readonly createdAt: number;
}

/** Who a key belongs to: a user of the organization, or a service account (of a project, or of the organization for an admin key). */
export type KeyOwner =
	| {readonly type: 'user'; readonly userId: string}
	| {readonly type: 'service_account'; readonly serviceAccount: ServiceAccount};

export interface Key {
	readonly id: string;
	readonly name: string | null;
	/** The whole key; only a create answer shows it. */
	readonly secret: string;
	readonly createdAt: number;
	lastUsedAt: number | null;
	readonly expiresAt: number | null;
	readonly owner: KeyOwner;
	/** Where it came from: the simulator's own credential, the seed, churn, or a client's create. */
	readonly origin: 'credential' | 'seed' | 'churn' | 'created';
}

export interface Project {
	readonly id: string;
	readonly name: string;
	readonly createdAt: number;
	archivedAt: number | null;
	/** Users and their project role; a removed user keeps their entry (their keys still name them). */
	readonly members: Map<string, ProjectRole>;
	readonly serviceAccounts: Collection<ServiceAccount>;
	readonly keys: Collection<Key>;
}

export interface Org {
	readonly position: number;
	readonly name: string;
	readonly id: string;
	readonly users: Map<string, User>;
	readonly projects: Collection<Project>;
	readonly adminKeys: Collection<Key>;
	/** The admin key `accounts()` reports. */
	readonly credential: Key;
	churned: number;
}

/**
Items in the order they were made, with a place kept for each one ever made: a list's `after` cursor names an item,
and one deleted since still marks where the next page starts ([I]: OpenAI does not say what an `after` naming a
deleted item does; any other answer would make a listing skip or repeat items whenever a key is deleted meanwhile).
*/
export class Collection<T extends {readonly id: string}> {
	readonly #items = new Map<string, T>();
	readonly #places = new Map<string, number>();
	#next = 0;

	add(item: T): T {
		this.#items.set(item.id, item);
		this.#places.set(item.id, this.#next++);
		return item;
	}

	get(id: string): T | undefined {
		return this.#items.get(id);
	}

	delete(id: string): boolean {
		return this.#items.delete(id);
	}

	get size(): number {
		return this.#items.size;
	}

	values(): IterableIterator<T> {
		return this.#items.values();
	}

	/** Where an `after` cursor points: the place of an item made here, deleted or not; undefined for an id never seen. */
	placeOf(id: string): number | undefined {
		return this.#places.get(id);
	}

	/** Items in the order they were made (or the reverse), after the place `after` marks. */
	ordered(order: 'asc' | 'desc', after: number | null): T[] {
		const items = [...this.#items.values()].map(item => ({item, place: this.#places.get(item.id) ?? 0}));
		const kept = after === null ? items : items.filter(entry => (order === 'asc' ? entry.place > after : entry.place < after));
		kept.sort((left, right) => (order === 'asc' ? left.place - right.place : right.place - left.place));
		return kept.map(entry => entry.item);
	}
}

export function isArchived(project: Project): boolean {
	return project.archivedAt !== null;
}
