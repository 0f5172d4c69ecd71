import type {Owner, OwnerStatus, Privilege, Token, TokenKind} from '../../src/token.js';
import type {OpenAIAdminKey, OpenAIProject, OpenAIProjectKey} from './schema.js';

/** A service-account key as a create answers it, without `value`, and the account it belongs to. */
export interface MintedServiceAccountKey {
	readonly id: string;
	readonly name?: string | null | undefined;
	readonly created_at?: number | null | undefined;
	readonly expires_at?: number | null | undefined;
}

export interface ServiceAccountRef {
	readonly id: string;
	readonly name?: string | null | undefined;
	readonly created_at?: number | null | undefined;
	readonly role?: string | null | undefined;
}

/** The role OpenAI gives an owner, in the organization and in a project: the one that governs everything there. */
export const openAIOwnerRole = 'owner';

/** What an admin key's owner lookup found (people.ts); absent when owners are not looked up. */
export interface OpenAIPerson {
	readonly owner: Owner;
}

/** What an admin key's record does not say by itself. */
export interface OpenAIAdminKeyContext {
	/** The owner as looked up in the organization's users; absent: known by id only, standing unknown. */
	readonly person?: OpenAIPerson | undefined;
	readonly ownCredential?: boolean | undefined;
}

/** The id tokenkit gives a project key: its project and its own id, since every project-key route needs both. */
export function projectKeyId(projectId: string, keyId: string): string {
	return `${projectId}/${keyId}`;
}

/**
The hint from OpenAI's mask of a key (`redacted_value`): the characters after the mask, as `…s1MA`. OpenAI writes a
prefix, many `*` and the last four characters (`sk-admin****…s1MA`, [I]), or in its spec's examples `sk-admin...def`;
only what follows the `*` run or the dots is taken, at most eight characters. A value with no mask in it could be
the key itself, so it gives no hint.
*/
export function hintOf(redacted: string | null | undefined): string | null {
	const tail = typeof redacted === 'string' ? /(?:\*+|\.{3}|…)([^*.…]{1,8})$/.exec(redacted)?.[1] : undefined;
	return tail === undefined ? null : `…${tail}`;
}

/** The visible head and tail of a mask, for telling the credential among the admin keys (own-credential.ts). */
export function maskEnds(redacted: string | null | undefined): {readonly head: string; readonly tail: string} | null {
	const match = typeof redacted === 'string' ? /^([^*.…]+)(?:\*+|\.{3}|…)(?:[*.…]*)([^*.…]{1,8})$/.exec(redacted) : null;
	const [, head, tail] = match ?? [];
	return head === undefined || tail === undefined ? null : {head, tail};
}

/**
One admin key as the normalized record. Pure, so it is tested with tables of cases.
- An admin key belongs to the organization (kind `org`) and may administer all of it: every admin key, project and
  project key (docs/vendors/openai.md, records [D]). It is full access by OpenAI's own meaning, so `admin` is true,
  whoever owns it; its one privilege says so in OpenAI's words.
- Times are epoch seconds ([S]); a null `last_used_at` is never used, a null or absent `expires_at` never expires.
- The owner is a user (looked up for their email and whether they are still in the organization) or a service
  account (which OpenAI offers no way to look up: standing unknown).
- `redacted_value` gives the hint (hintOf); `raw` is the record as sent, which never holds the key.
*/
export function openAIAdminKeyToToken(record: OpenAIAdminKey, account: string, context: OpenAIAdminKeyContext = {}): Token {
	return {
		provider: 'openai',
		account,
		id: record.id,
		name: record.name ?? '',
		description: null,
		kind: 'org',
		status: 'active',
		ownCredential: context.ownCredential ?? false,
		owner: adminKeyOwner(record, context.person),
		createdBy: null,
		createdAt: fromSeconds(record.created_at),
		lastUsedAt: fromSeconds(record.last_used_at),
		expiresAt: fromSeconds(record.expires_at),
		privileges: [{role: 'admin', scope: 'organization', resource: null}],
		admin: true,
		allowedIps: null,
		secretHint: hintOf(record.redacted_value),
		raw: record,
	};
}

/** Whether an admin key's owner is a service account: the spec's example says so in `type` or in `object` ([S]). */
export function ownedByServiceAccount(record: OpenAIAdminKey): boolean {
	return record.owner?.type === 'service_account' || record.owner?.object === 'organization.service_account';
}

function adminKeyOwner(record: OpenAIAdminKey, person: OpenAIPerson | undefined): Owner | null {
	const id = record.owner?.id;
	if (id === undefined || id === '') {
		return null;
	}

	if (ownedByServiceAccount(record)) {
		return {id, email: null, status: 'unknown'};
	}

	return person?.owner ?? {id, email: null, status: 'unknown'};
}

/**
One project key (a user's or a service account's) as the normalized record. Pure.
- Its id is `<project id>/<key id>` (projectKeyId): the key's own id alone names no project.
- A user's key is `personal`, a service account's `service` ([S]: `owner.type`).
- The owner is the user (with their email) or the service account. `owner_project_access: inactive` says the owner
  no longer has access to the project, removed from it or from the organization ([S]): the owner is `gone`, while
  the key is still listed and may still work ([I]).
- The one privilege is the owner's project role (`owner`, `member` or `none`) on the project. `admin` is true for a
  project owner's key: OpenAI's owner role governs its project whole (its members, keys, service accounts and
  limits), so a key acting as one is that project's full access, and the privilege shows it is project-wide, not
  organization-wide ([I]; docs/vendors/openai.md, records). The key's own permission scopes cannot be read ([S]).
- A key of an archived project is `disabled`: OpenAI keeps it listed, and an archived project "cannot be used"
  ([S]), but it says nowhere that a project cannot be restored, so the key is reported as switched off rather than
  gone, and the audit still judges it ([I]).
*/
export function openAIProjectKeyToToken(record: OpenAIProjectKey, project: OpenAIProject, account: string): Token {
	const kind = projectKeyKind(record);
	const role = kind === 'service' ? record.owner?.service_account?.role : record.owner?.user?.role;
	return {
		provider: 'openai',
		account,
		id: projectKeyId(project.id, record.id),
		name: record.name ?? '',
		description: null,
		kind,
		status: isArchived(project) ? 'disabled' : 'active',
		ownCredential: false,
		owner: projectKeyOwner(record, kind),
		createdBy: null,
		createdAt: fromSeconds(record.created_at),
		lastUsedAt: fromSeconds(record.last_used_at),
		expiresAt: fromSeconds(record.expires_at),
		privileges: role === undefined || role === null ? [] : [projectPrivilege(role, project.id)],
		admin: role === openAIOwnerRole,
		allowedIps: null,
		secretHint: hintOf(record.redacted_value),
		raw: record,
	};
}

/**
The project-key record a service-account key will be listed as, made from the create answer (which has no mask, no
owner and no `last_used_at`, [S]) and the account it was made for: what a rotation or create knows when reading the
key back fails. A fresh key was never used and its owner has the project's access.
*/
export function serviceAccountKeyRecord(key: MintedServiceAccountKey, serviceAccount: ServiceAccountRef, now: number): OpenAIProjectKey {
	return {
		object: 'organization.project.api_key',
		id: key.id,
		name: key.name ?? null,
		created_at: key.created_at ?? Math.floor(now / 1000),
		last_used_at: null,
		expires_at: key.expires_at ?? null,
		owner_project_access: 'active',
		owner: {type: 'service_account', service_account: {id: serviceAccount.id, name: serviceAccount.name ?? null, created_at: serviceAccount.created_at ?? null, role: serviceAccount.role ?? null}},
	};
}

export function projectPrivilege(role: string, projectId: string): Privilege {
	return {role, scope: 'project', resource: projectId};
}

/** Whether OpenAI archived the project: its `status`, or an `archived_at` where the status is left out. */
export function isArchived(project: OpenAIProject): boolean {
	return project.status === 'archived' || (project.status === undefined && project.archived_at !== undefined && project.archived_at !== null);
}

export function projectKeyKind(record: OpenAIProjectKey): TokenKind {
	const type = record.owner?.type;
	if (type === 'service_account' || (type === undefined && record.owner?.service_account !== undefined && record.owner.service_account !== null)) {
		return 'service';
	}

	return type === 'user' || (type === undefined && record.owner?.user !== undefined && record.owner.user !== null) ? 'personal' : 'unknown';
}

function projectKeyOwner(record: OpenAIProjectKey, kind: TokenKind): Owner | null {
	const status = accessStatus(record.owner_project_access);
	if (kind === 'service') {
		const id = record.owner?.service_account?.id;
		return id === undefined ? null : {id, email: null, status};
	}

	const user = record.owner?.user;
	return user === undefined || user === null ? null : {id: user.id, email: user.email === undefined || user.email === null || user.email === '' ? null : user.email, status};
}

function accessStatus(access: string | null | undefined): OwnerStatus {
	if (access === 'inactive') {
		return 'gone';
	}

	return access === 'active' ? 'present' : 'unknown';
}

function fromSeconds(seconds: number | null | undefined): Date | null {
	return seconds === undefined || seconds === null ? null : new Date(seconds * 1000);
}
