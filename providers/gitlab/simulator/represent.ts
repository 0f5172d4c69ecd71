import {dateToMs} from '../schema.js';
import type {Instance, SimResource, SimToken, SimUser} from './model.js';

/**
A token as GitLab's entities show it (docs/vendors/gitlab.md, schemas [S] and [D]): `expires_at` a date,
`created_at` and `last_used_at` RFC 3339 with milliseconds in UTC, `active` = not revoked and not expired, and
`token` (the whole key) only in a create or rotate answer.
*/
export function tokenEntity(token: SimToken, now: number, withKey = false): Record<string, unknown> {
	const expiresMs = token.expiresAt === null ? null : dateToMs(token.expiresAt);
	const expired = expiresMs !== null && expiresMs <= now;
	const entity: Record<string, unknown> = {
		id: token.id,
		name: token.name,
		revoked: token.revoked,
		created_at: new Date(token.createdAt).toISOString(),
		description: token.description,
		scopes: [...token.scopes],
		user_id: token.userId,
		last_used_at: token.lastUsedAt === null ? null : new Date(token.lastUsedAt).toISOString(),
		active: !token.revoked && !expired,
		expires_at: token.expiresAt,
		expired,
		granular: false,
		last_used_ips: [...token.lastUsedIps],
	};
	if (token.resource !== null) {
		entity['access_level'] = token.resource.accessLevel;
		entity['resource_type'] = token.resource.kind;
		entity['resource_id'] = token.resource.id;
	}

	if (withKey) {
		entity['token'] = token.secret;
	}

	return entity;
}

/**
A user as `GET /users/:id` shows them: an administrator, or the user themselves, sees `email` and `is_admin`; others
the public fields only (docs/vendors/gitlab.md, mapping [S] `APIEntitiesUserWithAdmin`).
*/
export function userEntity(user: SimUser, instance: Instance, full: boolean): Record<string, unknown> {
	const entity: Record<string, unknown> = {
		id: user.id,
		username: user.username,
		name: user.name,
		state: user.state,
		locked: false,
		avatar_url: null,
		web_url: `https://${instance.id}/${user.username}`,
		bot: user.bot,
		public_email: user.publicEmail,
	};
	if (full) {
		entity['email'] = user.email;
		entity['is_admin'] = user.isAdmin;
	}

	return entity;
}

export function resourceEntity(resource: SimResource, instance: Instance): Record<string, unknown> {
	const path = resource.fullPath.split('/').at(-1) ?? resource.fullPath;
	const common = {id: resource.id, name: resource.name, path, web_url: `https://${instance.id}/${resource.fullPath}`};
	return resource.kind === 'group'
		? {...common, full_name: resource.fullPath.replaceAll('/', ' / '), full_path: resource.fullPath, visibility: 'private'}
		: {...common, name_with_namespace: resource.fullPath.replaceAll('/', ' / '), path_with_namespace: resource.fullPath};
}
