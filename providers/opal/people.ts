import {NotFoundError, type ErrorContext} from '../../src/errors/index.js';
import type {HttpClient} from '../../src/http/client.js';
import {cursorPages} from '../../src/paginate.js';
import type {Owner, OwnerStatus} from '../../src/token.js';
import {parseResponse} from '../../src/validate.js';
import {OpalUserPageSchema, OpalUserSchema, type OpalUserRecord} from './schema.js';

/** How long a looked-up user is believed: long enough for one run, short enough for a provider kept for hours. */
export const opalOwnerCacheMs = 600_000;

/** Users looked up at once; the provider's limiter paces them with the listing, this bounds what waits. */
export const opalOwnerLookups = 8;

/**
From this many users not yet known in one page of tokens, the org's user list (`GET /users`, a thousand a
page) is read once instead of asking for each: an org whose tokens name hundreds of service users costs a
few requests, not hundreds. Fewer than this are asked for one by one, which is cheaper than reading a large
org's whole list.
*/
export const opalDirectoryThreshold = 200;

/** A person or service user named by id, as far as tokenkit knows them. */
export type PersonOf = (userId: string) => Owner;

/** Nobody looked up: the id alone, standing unknown. */
export const unresolvedPerson: PersonOf = userId => ({id: userId, email: null, status: 'unknown'});

/** The users a token listing names, looked up through Opal's users API. */
export interface OpalPeople {
	/**
	Each of `userIds` as an Owner. A user is asked for at most once per provider while the answer is fresh
	(`opalOwnerCacheMs`), whatever the number of tokens naming them; lookups run a few at a time
	(`opalOwnerLookups`) through the provider's HTTP client, so they share its limiter and retries.
	*/
	lookUp(userIds: Iterable<string>, signal: AbortSignal | undefined): Promise<PersonOf>;
}

interface Entry {
	readonly at: number;
	readonly owner: Promise<Owner>;
}

/**
Owners from `GET /user?user_id=…` (Opal's OpenAPI, operation `user`). How an answer becomes a standing:
- 200: the user exists in Opal. `hr_idp_status` DEPROVISIONED or DELETED is gone; ACTIVE, SUSPENDED (still
  employed, access paused) or none at all (no HR/IDP connected) is present. NOT_FOUND, which says only that
  the HR/IDP source has no match (a service user, a local account), and any status Opal adds later are
  unknown rather than guessed.
- 404: Opal no longer has the user. Tokens name only users that existed, so tokenkit leans to gone
  ([I]: the spec declares no 404 for this route, but Opal's other lookups by id answer 404 for "not found").
- 403, and every other failure (a 5xx after retries, a rate limit past the wait cap, an answer of the wrong
  shape): unknown, since it says nothing about the user. An owner tokenkit cannot look up is never present.
- An aborted call stops the listing, as it would any other request.

When a page names many users not yet known, the org's user list (`GET /users`) is read first; every user it
lists is known from it, with the same reading of `hr_idp_status`. A user it does not list is still asked for
alone, so a 404 (or a user the list leaves out) is never guessed from an absence. If the list cannot be read,
every user is asked for alone.
*/
export function createOpalPeople(client: HttpClient, context: ErrorContext, now: () => number = Date.now): OpalPeople {
	const cache = new Map<string, Entry>();

	/** The org's user records, every page; empty when the list cannot be read (users are then asked for alone). */
	async function readDirectory(signal: AbortSignal | undefined): Promise<OpalUserRecord[]> {
		const users: OpalUserRecord[] = [];
		try {
			const pages = cursorPages({
				context,
				idOf: (user: OpalUserRecord) => user.user_id,
				signal,
				fetchPage: async (cursor, pageSignal) => {
					const response = await client.send({method: 'GET', path: 'users', query: {page_size: 1000, cursor: cursor ?? undefined}, signal: pageSignal});
					const page = parseResponse(OpalUserPageSchema, response, context);
					return {next: page.next, items: page.results};
				},
			});
			for await (const page of pages) {
				users.push(...page);
			}

			return users;
		} catch (error) {
			if (signal?.aborted === true) {
				throw error;
			}

			return [];
		}
	}

	async function lookUpOne(userId: string, signal: AbortSignal | undefined): Promise<Owner> {
		try {
			const response = await client.send({method: 'GET', path: 'user', query: {user_id: userId}, signal});
			const user = parseResponse(OpalUserSchema, response, context);
			if (user.user_id.toLowerCase() !== userId.toLowerCase()) {
				// An answer about someone else says nothing about this user.
				return unresolvedPerson(userId);
			}

			return ownerOf(userId, user);
		} catch (error) {
			if (signal?.aborted === true) {
				throw error;
			}

			return error instanceof NotFoundError ? {id: userId, email: null, status: 'gone'} : unresolvedPerson(userId);
		}
	}

	function isFresh(entry: Entry | undefined): entry is Entry {
		return entry !== undefined && now() - entry.at < opalOwnerCacheMs;
	}

	function entryFor(userId: string, signal: AbortSignal | undefined): Promise<Owner> {
		const cached = cache.get(userId);
		if (isFresh(cached)) {
			return cached.owner;
		}

		const owner = lookUpOne(userId, signal);
		cache.set(userId, {at: now(), owner});
		// An aborted lookup is forgotten, so the next listing asks again.
		owner.catch(() => {
			if (cache.get(userId)?.owner === owner) {
				cache.delete(userId);
			}
		});
		return owner;
	}

	return {
		async lookUp(userIds, signal) {
			const ids = [...new Set(userIds)];
			const unknown = ids.filter(userId => !isFresh(cache.get(userId)));
			if (unknown.length >= opalDirectoryThreshold) {
				const at = now();
				for (const user of await readDirectory(signal)) {
					cache.set(user.user_id, {at, owner: Promise.resolve(ownerOf(user.user_id, user))});
				}
			}

			const found = new Map<string, Owner>();
			// A lookup another call started fails only when that call is aborted; this one then asks afresh.
			const settled = async (userId: string): Promise<Owner> => entryFor(userId, signal).catch(async (error: unknown) => {
				if (signal?.aborted === true) {
					throw error;
				}

				return entryFor(userId, signal);
			});
			let next = 0;
			const worker = async (): Promise<void> => {
				while (next < ids.length) {
					const userId = ids[next++];
					if (userId !== undefined) {
						found.set(userId, await settled(userId));
					}
				}
			};

			await Promise.all(Array.from({length: Math.min(opalOwnerLookups, ids.length)}, worker));
			return userId => found.get(userId) ?? unresolvedPerson(userId);
		},
	};
}

function ownerOf(userId: string, user: OpalUserRecord): Owner {
	return {id: userId, email: user.email === undefined || user.email === null || user.email === '' ? null : user.email, status: standingOf(user.hr_idp_status)};
}

function standingOf(status: string | null | undefined): OwnerStatus {
	switch (status) {
		case undefined:
		case null:
		case 'ACTIVE':
		case 'SUSPENDED': {
			return 'present';
		}

		case 'DEPROVISIONED':
		case 'DELETED': {
			return 'gone';
		}

		default: {
			return 'unknown';
		}
	}
}
