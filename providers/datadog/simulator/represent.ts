import type {SimAccessToken, SimApiKey, SimApplicationKey, SimOrg, SimUser} from './model.js';

/*
The wire forms of the simulator's records, as Datadog sends them (docs/vendors/datadog.md, schemas [S][S+]), with the
fields real answers carry beyond the spec [D cassette]: `leak_information`, `used_in_last_24_hours` and
`last_used_date` on API keys, `leak_information` on application keys. Times come in Datadog's two dialects: keys and
users with microseconds and `+00:00`, access tokens with microseconds and `Z` (nanoseconds in a create answer).
*/

const dayMs = 86_400_000;

/** `2025-09-08T09:24:43.558793+00:00`. */
export function keyTime(ms: number): string {
	return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_, millis: string) => `.${millis}${String(ms % 7).padStart(3, '0')}+00:00`);
}

/** `2026-04-08T16:45:36.006189Z`, or with nanoseconds (a create answer). */
export function tokenTime(ms: number, digits: 6 | 9 = 6): string {
	return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_, millis: string) => `.${millis}${'189123'.slice(0, digits - 3)}Z`);
}

const userRef = (id: string): {readonly data: {readonly id: string; readonly type: 'users'}} => ({data: {id, type: 'users'}});

/** An API key: Partial in lists, Full (with `key`) in a single key's answer. */
export function apiKeyWire(key: SimApiKey, now: number, full: boolean): Record<string, unknown> {
	const lastUsed = key.lastUsedAt === null ? null : keyTime(key.lastUsedAt);
	// Datadog's own word on the undocumented twin field [D cassette]: only a use within 90 days is shown.
	const recent = key.lastUsedAt !== null && now - key.lastUsedAt <= 90 * dayMs ? lastUsed : null;
	return {
		id: key.id,
		type: 'api_keys',
		attributes: {
			category: key.category,
			created_at: keyTime(key.createdAt),
			date_last_used: lastUsed,
			...(full ? {key: key.key} : {}),
			last4: key.key.slice(-4),
			last_used_date: {timestamp: recent, description: 'Timestamp of when this key was last used in the past ninety (90) days, null if no recent usage'},
			modified_at: keyTime(key.modifiedAt),
			name: key.name,
			remote_config_read_enabled: key.remoteConfigReadEnabled,
			used_in_last_24_hours: key.lastUsedAt !== null && now - key.lastUsedAt <= dayMs,
		},
		relationships: {
			created_by: userRef(key.createdBy),
			leak_information: {data: null},
			modified_by: key.modifiedBy === null ? {data: null} : userRef(key.modifiedBy),
		},
	};
}

export interface ApplicationKeyForm {
	/** Whether the whole key is in the answer (a create; a caller's own key outside One-Time-Read orgs). */
	readonly withKey: boolean;
	/** Whether `owned_by` is in the answer: not in the caller's own list, nor in a service account's get [D cassette]. */
	readonly withOwner: boolean;
}

export function applicationKeyWire(key: SimApplicationKey, form: ApplicationKeyForm): Record<string, unknown> {
	return {
		id: key.id,
		type: 'application_keys',
		attributes: {
			created_at: keyTime(key.createdAt),
			...(form.withKey ? {key: key.key} : {}),
			last4: key.key.slice(-4),
			last_used_at: key.lastUsedAt === null ? null : keyTime(key.lastUsedAt),
			name: key.name,
			scopes: key.scopes === null ? null : [...key.scopes],
		},
		relationships: {
			...(form.withOwner ? {owned_by: userRef(key.ownerId)} : {}),
			leak_information: {data: null},
		},
	};
}

/** A personal or service access token; `created` is a create answer: the key, nanoseconds, no use or change yet [D cassette]. */
export function accessTokenWire(token: SimAccessToken, created: boolean): Record<string, unknown> {
	return {
		id: token.id,
		type: token.kind === 'personal' ? 'personal_access_tokens' : 'service_access_tokens',
		attributes: {
			created_at: tokenTime(token.createdAt, created ? 9 : 6),
			expires_at: token.expiresAt === null ? null : tokenTime(token.expiresAt),
			...(created ? {key: token.key} : {last_used_at: token.lastUsedAt === null ? null : tokenTime(token.lastUsedAt), modified_at: token.modifiedAt === null ? null : tokenTime(token.modifiedAt)}),
			name: token.name,
			public_portion: token.publicPortion,
			scopes: [...token.scopes],
		},
		relationships: {
			owned_by: {data: {id: token.ownerId, type: token.kind === 'personal' ? 'users' : 'service_account'}},
		},
	};
}

export function userWire(user: SimUser, org: SimOrg): Record<string, unknown> {
	return {
		id: user.id,
		type: 'users',
		attributes: {
			created_at: keyTime(user.createdAt),
			disabled: user.disabled,
			email: user.email,
			handle: user.handle,
			icon: `https://secure.gravatar.com/avatar/${user.id.replaceAll('-', '')}?s=48&d=retro`,
			last_login_time: null,
			mfa_enabled: false,
			modified_at: keyTime(user.createdAt),
			name: user.name,
			service_account: user.serviceAccount,
			status: user.disabled ? 'Disabled' : user.status,
			title: null,
			verified: !user.serviceAccount,
		},
		relationships: {
			org: {data: {id: org.id, type: 'orgs'}},
			other_orgs: {data: []},
			other_users: {data: []},
			roles: {data: user.roleIds.map(id => ({id, type: 'roles'}))},
		},
	};
}

/** The roles of `user`, as `included` items. */
export function rolesWire(user: SimUser, org: SimOrg): Array<Record<string, unknown>> {
	return user.roleIds.flatMap(id => {
		const role = org.roles.get(id);
		return role === undefined
			? []
			: [{id: role.id, type: 'roles', attributes: {created_at: keyTime(role.createdAt), modified_at: keyTime(role.createdAt), name: role.name, user_count: [...org.users.values()].filter(other => other.roleIds.includes(id)).length}}];
	});
}
