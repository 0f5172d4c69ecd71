import {NotFoundError} from '../../src/errors/index.js';
import {createLookupCache} from '../../src/lookup-cache.js';
import type {DatadogApi} from './api.js';
import {unresolvedPerson, type DatadogPerson} from './map.js';
import {DatadogUserResponseSchema, type DatadogUserResponse} from './schema.js';

export interface DatadogPeople {
	/** Each user once per provider while fresh (src/lookup-cache.ts), from `GET /api/v2/users/{user_id}`. */
	lookUp(userIds: Iterable<string>, signal: AbortSignal | undefined): Promise<(userId: string) => DatadogPerson>;
}

/**
Owners and creators from Datadog's users API (`user_access_read`). How an answer becomes a standing (docs/vendors/
datadog.md, mapping [S][D]):
- `disabled: true` or status `Disabled`: gone. Datadog keeps a disabled user listed, but their application keys and
  access tokens stop working, and they no longer answer for anything in the org;
- any other status (`Active`, `Pending`): present;
- 404: Datadog no longer has the user: gone ([I]: a key naming a user Datadog does not know is as orphaned);
- 403, or any other failure: unknown, since it says nothing about the user (a credential without
  `user_access_read` gets owners by id only).
Roles are the names of the roles the answer includes for the user's `relationships.roles`; when a role is named but
not included, the roles are unknown. A service account is a user with `service_account: true`.
*/
export function createDatadogPeople(api: DatadogApi): DatadogPeople {
	const cache = createLookupCache<DatadogPerson>(async (userId, signal) => {
		const answer = await readUser(api, userId, signal);
		if (answer === 'gone') {
			return {owner: {id: userId, email: null, status: 'gone'}, serviceAccount: null, roles: []};
		}

		return answer === 'unknown' ? unresolvedPerson(userId) : personOf(answer, userId);
	});

	return {
		async lookUp(userIds, signal) {
			const found = await cache.resolve(userIds, signal);
			return userId => found.get(userId) ?? unresolvedPerson(userId);
		},
	};
}

/** One user's answer as a person; exported for the mapping tests. */
export function personOf(answer: DatadogUserResponse, userId: string): DatadogPerson {
	const attributes = answer.data.attributes ?? {};
	const disabled = attributes.disabled === true || attributes.status?.toLowerCase() === 'disabled';
	const email = attributes.email ?? attributes.handle ?? null;
	return {
		owner: {id: userId, email: email === '' ? null : email, status: disabled ? 'gone' : 'present'},
		serviceAccount: attributes.service_account ?? null,
		roles: roleNames(answer),
	};
}

function roleNames(answer: DatadogUserResponse): readonly string[] | null {
	const assigned = answer.data.relationships?.roles?.data;
	if (assigned === undefined) {
		return null;
	}

	const names: string[] = [];
	for (const {id} of assigned) {
		const role = answer.included?.find(item => item.type === 'roles' && item.id === id);
		const name = role?.attributes?.name;
		if (name === undefined) {
			return null;
		}

		names.push(name);
	}

	return names;
}

async function readUser(api: DatadogApi, userId: string, signal: AbortSignal | undefined): Promise<DatadogUserResponse | 'gone' | 'unknown'> {
	try {
		const {data} = await api.fetch(DatadogUserResponseSchema, {method: 'GET', path: `api/v2/users/${encodeURIComponent(userId)}`, signal});
		// An answer about someone else says nothing about this user.
		return data.data.id === userId ? data : 'unknown';
	} catch (error) {
		if (signal?.aborted === true) {
			throw error;
		}

		return error instanceof NotFoundError ? 'gone' : 'unknown';
	}
}
