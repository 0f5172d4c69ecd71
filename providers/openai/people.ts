import {NotFoundError} from '../../src/errors/index.js';
import {createLookupCache} from '../../src/lookup-cache.js';
import type {OpenAIApi} from './api.js';
import type {OpenAIPerson} from './map.js';
import {OpenAIUserSchema} from './schema.js';

/** Admin keys' owners, each looked up once per provider while fresh (src/lookup-cache.ts). */
export interface OpenAIPeople {
	lookUp(userIds: Iterable<string>, signal: AbortSignal | undefined): Promise<(userId: string) => OpenAIPerson | undefined>;
}

/**
An admin key names its owner by id, name and role, with no email and no word on whether they are still in the
organization ([S]). `GET /organization/users/{user_id}` tells both: the user is there (present, with their email),
OpenAI answers 404 (they were removed from the organization: gone), or anything else (unknown: it says nothing
about the user). A service account that owns an admin key has no such route, and is not looked up.
*/
export function createOpenAIPeople(api: OpenAIApi): OpenAIPeople {
	const cache = createLookupCache<OpenAIPerson>(async (userId, signal) => {
		try {
			const {data} = await api.fetch(OpenAIUserSchema, {method: 'GET', path: `organization/users/${encodeURIComponent(userId)}`, signal});
			// An answer about someone else says nothing about this user.
			if (data.id !== userId) {
				return {owner: {id: userId, email: null, status: 'unknown'}};
			}

			return {owner: {id: userId, email: data.email === undefined || data.email === null || data.email === '' ? null : data.email, status: 'present'}};
		} catch (error) {
			if (signal?.aborted === true) {
				throw error;
			}

			return {owner: {id: userId, email: null, status: error instanceof NotFoundError ? 'gone' : 'unknown'}};
		}
	});

	return {
		async lookUp(userIds, signal) {
			const found = await cache.resolve(userIds, signal);
			return userId => found.get(userId);
		},
	};
}
