import {NotFoundError} from '../../src/errors/index.js';
import type {HttpClient} from '../../src/http/client.js';
import type {OwnerStatus} from '../../src/token.js';
import {parseResponse} from '../../src/validate.js';
import type {PersonalTokenOwner} from './map.js';
import {GitLabUserSchema, type GitLabUser} from './schema.js';

/** Users looked up at once; the provider's limiter paces them with the listing, this bounds what waits. */
const lookupsAtOnce = 8;

/**
A user's standing as GitLab reports it (docs/vendors/gitlab.md, mapping [I]). Offboarding in GitLab blocks or
deactivates a user rather than deleting them (SCIM deprovisioning blocks), so `blocked`, `ldap_blocked`, `banned`
and `deactivated` count as gone; `active` and `blocked_pending_approval` (a new user awaiting approval) as present;
a state GitLab adds later as unknown.
*/
export function ownerStatusOf(state: string | undefined): OwnerStatus {
	switch (state) {
		case 'active':
		case 'blocked_pending_approval': {
			return 'present';
		}

		case 'blocked':
		case 'ldap_blocked':
		case 'banned':
		case 'deactivated': {
			return 'gone';
		}

		default: {
			return 'unknown';
		}
	}
}

/** A user as a token's owner: the email an administrator sees, else the public one. */
export function personFromUser(user: GitLabUser): PersonalTokenOwner {
	return {
		owner: {id: String(user.id), email: user.email ?? (user.public_email === '' ? null : user.public_email ?? null), status: ownerStatusOf(user.state)},
		isAdmin: user.is_admin ?? null,
		bot: user.bot === true,
	};
}

/** The owners of personal tokens, looked up through `GET /users/:id`, each user once per provider. */
export interface GitLabPeople {
	lookUp(userIds: Iterable<number>, signal: AbortSignal | undefined): Promise<(userId: number) => PersonalTokenOwner>;
}

/**
Each user is asked for once (the answer is kept for the provider's life: a run is short). A 404 means GitLab no
longer has the user: gone. Any other failure leaves the owner unknown rather than failing the listing, except an
abort, which stops it.
*/
export function createGitLabPeople(client: HttpClient): GitLabPeople {
	const known = new Map<number, Promise<PersonalTokenOwner>>();

	async function ask(userId: number, signal: AbortSignal | undefined): Promise<PersonalTokenOwner> {
		try {
			const response = await client.send({method: 'GET', path: `api/v4/users/${userId}`, signal});
			return personFromUser(parseResponse(GitLabUserSchema, response, client.context));
		} catch (error) {
			if (signal?.aborted === true) {
				throw error;
			}

			const status: OwnerStatus = error instanceof NotFoundError ? 'gone' : 'unknown';
			return {owner: {id: String(userId), email: null, status}, isAdmin: null, bot: false};
		}
	}

	return {
		async lookUp(userIds, signal) {
			const wanted = [...new Set(userIds)].filter(id => !known.has(id));
			for (let start = 0; start < wanted.length; start += lookupsAtOnce) {
				const batch = wanted.slice(start, start + lookupsAtOnce);
				for (const id of batch) {
					const pending = ask(id, signal);
					known.set(id, pending);
					// Only an abort rejects: the next listing asks again.
					pending.catch(() => known.delete(id));
				}

				await Promise.all(batch.map(async id => known.get(id)));
			}

			const resolved = new Map<number, PersonalTokenOwner>();
			for (const id of new Set(userIds)) {
				const entry = known.get(id);
				if (entry !== undefined) {
					resolved.set(id, await entry);
				}
			}

			return userId => resolved.get(userId) ?? {owner: {id: String(userId), email: null, status: 'unknown'}, isAdmin: null, bot: false};
		},
	};
}
