import {NotFoundError} from '../../src/errors/index.js';
import type {Owner, Privilege} from '../../src/token.js';
import type {OktaApi} from './api.js';
import {createLookupCache} from '../../src/lookup-cache.js';
import {OktaRoleAssignmentListSchema, OktaUserSchema, type OktaRoleAssignment, type OktaUser} from './schema.js';

/** The role that is full access in Okta: it alone may manage every admin and every setting (docs/vendors/okta.md, privileges [I]). */
export const oktaFullAccessRole = 'SUPER_ADMIN';

/** The user an API token acts as, as far as tokenkit could learn: who they are, and what their roles let the token do. */
export interface OktaPerson {
	readonly owner: Owner;
	readonly privileges: readonly Privilege[];
	/** Null when the roles could not be read. */
	readonly admin: boolean | null;
}

export interface OktaPeople {
	/** Each user once per provider while fresh (lookup-cache.ts): `GET /api/v1/users/{id}` and `…/roles`. */
	lookUp(userIds: Iterable<string>, signal: AbortSignal | undefined): Promise<(userId: string) => OktaPerson>;
}

/** Nobody looked up: the id alone, standing unknown, roles unknown. */
export function unresolvedPerson(userId: string): OktaPerson {
	return {owner: {id: userId, email: null, status: 'unknown'}, privileges: [], admin: null};
}

/**
Owners and their privileges. An SSWS token acts as the admin who made it, with exactly that admin's roles,
and dies with them (docs/vendors/okta.md, auth and expiry [D]). How an answer becomes a standing:
- the user is there and `ACTIVE`: present. Any other status (`SUSPENDED`, `DEPROVISIONED`, `LOCKED_OUT`, …) is
  gone: Okta honours a token only while its user is active ([D]), so such a token works for nobody who answers
  for it, as the issue this was built for asks;
- 404: Okta no longer has the user: gone;
- 403 or any other failure: unknown, since it says nothing about the user.
Roles come from `GET /api/v1/users/{id}/roles`, group-assigned ones included; an inactive assignment grants
nothing and is left out. A user Okta no longer has holds no roles. Roles that cannot be read leave `admin` null.
*/
export function createOktaPeople(api: OktaApi): OktaPeople {
	const cache = createLookupCache<OktaPerson>(async (userId, signal) => {
		const user = await readUser(api, userId, signal);
		if (user === 'gone') {
			return {owner: {id: userId, email: null, status: 'gone'}, privileges: [], admin: false};
		}

		const roles = await readRoles(api, userId, signal);
		const owner: Owner = user === 'unknown'
			? {id: userId, email: null, status: 'unknown'}
			: {id: userId, email: emailOf(user), status: user.status === 'ACTIVE' ? 'present' : 'gone'};
		if (roles === 'unknown') {
			return {owner, privileges: [], admin: null};
		}

		const active = roles.filter(role => (role.status ?? 'ACTIVE') === 'ACTIVE');
		return {owner, privileges: active.map(role => privilegeOf(role)), admin: active.some(role => role.type === oktaFullAccessRole)};
	});

	return {
		async lookUp(userIds, signal) {
			const found = await cache.resolve(userIds, signal);
			return userId => found.get(userId) ?? unresolvedPerson(userId);
		},
	};
}

/** `{role: 'SUPER_ADMIN', scope: 'org'}`; a custom role by its label, scoped to its resource set. */
export function privilegeOf(role: OktaRoleAssignment): Privilege {
	if (role.type === 'CUSTOM') {
		return {role: role.label ?? role.role ?? 'CUSTOM', scope: 'resource-set', resource: role['resource-set'] ?? null};
	}

	// Group or app targets of a standard role are not read (they need one request per role): scope `org` says the
	// role, not how far it reaches ([I]; docs/vendors/okta.md, privileges).
	return {role: role.type, scope: 'org', resource: null};
}

function emailOf(user: OktaUser): string | null {
	const email = user.profile?.email ?? user.profile?.login ?? null;
	return email === '' ? null : email;
}

async function readUser(api: OktaApi, userId: string, signal: AbortSignal | undefined): Promise<OktaUser | 'gone' | 'unknown'> {
	try {
		const {data} = await api.fetch(OktaUserSchema, {method: 'GET', path: `api/v1/users/${encodeURIComponent(userId)}`, signal});
		// An answer about someone else says nothing about this user.
		return data.id === userId ? data : 'unknown';
	} catch (error) {
		if (signal?.aborted === true) {
			throw error;
		}

		return error instanceof NotFoundError ? 'gone' : 'unknown';
	}
}

async function readRoles(api: OktaApi, userId: string, signal: AbortSignal | undefined): Promise<OktaRoleAssignment[] | 'unknown'> {
	try {
		const {data} = await api.fetch(OktaRoleAssignmentListSchema, {method: 'GET', path: `api/v1/users/${encodeURIComponent(userId)}/roles`, signal});
		return data;
	} catch (error) {
		if (signal?.aborted === true) {
			throw error;
		}

		return 'unknown';
	}
}
