import {isArchived, type Key, type Org, type Project, type ServiceAccount, type User} from './model.js';
import {redactedValue} from './seed.js';

/** Epoch ms as OpenAI writes every time: whole epoch seconds ([S]: `format: unixtime`). */
export function seconds(ms: number): number;
export function seconds(ms: number | null): number | null;
export function seconds(ms: number | null): number | null {
	return ms === null ? null : Math.floor(ms / 1000);
}

/**
An admin key (`AdminApiKey`). `expires_at` and `last_used_at` are always sent, null when unset: the spec requires
the first, and real answers carry both ([S], docs/vendors/openai.md, records). The owner is a user with their
organization role, or a service account as the spec's own example shows it.
*/
export function adminKeyRepresentation(key: Key, org: Org): Record<string, unknown> {
	return {
		object: 'organization.admin_api_key',
		id: key.id,
		name: key.name,
		redacted_value: redactedValue(key.secret),
		created_at: seconds(key.createdAt),
		expires_at: seconds(key.expiresAt),
		last_used_at: seconds(key.lastUsedAt),
		owner: adminKeyOwner(key, org),
	};
}

function adminKeyOwner(key: Key, org: Org): Record<string, unknown> {
	if (key.owner.type === 'service_account') {
		const {serviceAccount} = key.owner;
		return {type: 'service_account', object: 'organization.service_account', id: serviceAccount.id, name: serviceAccount.name, created_at: seconds(serviceAccount.createdAt), role: serviceAccount.role};
	}

	const user = org.users.get(key.owner.userId);
	return {type: 'user', object: 'organization.user', id: key.owner.userId, name: user?.name ?? null, created_at: user === undefined ? null : seconds(user.addedAt), role: user?.role ?? null};
}

/**
A project key (`ProjectApiKey`), a user's or a service account's. `owner_project_access` says whether the owner still
has effective access: a user removed from the organization or the project, or a service account left without a role,
has none ([S]). `expires_at` is the field the official client has and the spec lacks ([D]).
*/
export function projectKeyRepresentation(key: Key, project: Project, org: Org): Record<string, unknown> {
	return {
		object: 'organization.project.api_key',
		redacted_value: redactedValue(key.secret),
		name: key.name,
		created_at: seconds(key.createdAt),
		last_used_at: seconds(key.lastUsedAt),
		expires_at: seconds(key.expiresAt),
		id: key.id,
		owner_project_access: hasAccess(key, project, org) ? 'active' : 'inactive',
		owner: projectKeyOwner(key, project, org),
	};
}

/** Whether the key's owner still has effective access to the project. */
export function hasAccess(key: Key, project: Project, org: Org): boolean {
	if (key.owner.type === 'service_account') {
		const current = project.serviceAccounts.get(key.owner.serviceAccount.id);
		return current !== undefined && current.role !== 'none';
	}

	const user = org.users.get(key.owner.userId);
	const role = project.members.get(key.owner.userId);
	return user?.inOrg === true && role !== undefined && role !== 'none';
}

function projectKeyOwner(key: Key, project: Project, org: Org): Record<string, unknown> {
	if (key.owner.type === 'service_account') {
		const {serviceAccount} = key.owner;
		return {type: 'service_account', service_account: {id: serviceAccount.id, name: serviceAccount.name, created_at: seconds(serviceAccount.createdAt), role: serviceAccount.role}};
	}

	const user = org.users.get(key.owner.userId);
	return {
		type: 'user',
		user: {
			id: key.owner.userId,
			name: user?.name ?? '',
			email: user?.email ?? '',
			role: project.members.get(key.owner.userId) ?? 'none',
			created_at: seconds(user?.addedAt ?? key.createdAt),
		},
	};
}

/** `Project`: `status` and `archived_at` as the spec has them, `archived` once archived. */
export function projectRepresentation(project: Project): Record<string, unknown> {
	return {
		id: project.id,
		object: 'organization.project',
		name: project.name,
		created_at: seconds(project.createdAt),
		archived_at: seconds(project.archivedAt),
		status: isArchived(project) ? 'archived' : 'active',
	};
}

export function serviceAccountRepresentation(serviceAccount: ServiceAccount): Record<string, unknown> {
	return {object: 'organization.project.service_account', id: serviceAccount.id, name: serviceAccount.name, role: serviceAccount.role, created_at: seconds(serviceAccount.createdAt)};
}

/** A service account's key as a create answers it: the whole key in `value`, once, and no mask ([S]). */
export function serviceAccountKeyRepresentation(key: Key): Record<string, unknown> {
	return {object: 'organization.project.service_account.api_key', value: key.secret, name: key.name, created_at: seconds(key.createdAt), id: key.id, expires_at: seconds(key.expiresAt)};
}

export function userRepresentation(user: User): Record<string, unknown> {
	return {object: 'organization.user', id: user.id, name: user.name, email: user.email, role: user.role, added_at: seconds(user.addedAt)};
}
