import type {Owner, Privilege, Token, TokenKind, TokenStatus} from '../../src/token.js';
import {dateToMs, type PersonalAccessToken, type ResourceAccessToken} from './schema.js';
import {tokenIdOf, type ResourceKind} from './token-id.js';

/** GitLab's access levels by number (docs/vendors/gitlab.md, schemas [D]); 25 is in the enums without a documented name. */
export const gitLabAccessLevels: Readonly<Record<number, string>> = {
	10: 'Guest',
	15: 'Planner',
	20: 'Reporter',
	30: 'Developer',
	40: 'Maintainer',
	50: 'Owner',
};

/** The name of an access level, or `access level <n>` for one GitLab has not named. */
export function accessLevelName(level: number): string {
	return gitLabAccessLevels[level] ?? `access level ${level}`;
}

/** Scopes that reach everything the token's user may do through the API, or act as another user or as an administrator. */
const writeEverything: ReadonlySet<string> = new Set(['api', 'sudo', 'admin_mode']);

/** The user a personal token belongs to, as far as tokenkit learned them. */
export interface PersonalTokenOwner {
	readonly owner: Owner;
	/** Whether the user is an instance administrator; null when tokenkit could not tell. */
	readonly isAdmin: boolean | null;
	/** A bot or service-account user: the token acts as no person. */
	readonly bot: boolean;
}

/** What every mapping needs besides the record. */
export interface MapContext {
	readonly account: string;
	/** The GitLab id of the token tokenkit authenticates with; null when GitLab would not say. */
	readonly selfId: number | null;
	/** The time in epoch ms, to tell an expired token where GitLab does not say. */
	readonly now: number;
}

/**
A personal access token. `kind` is `personal`, or `service` when its user is a bot or service account
(docs/vendors/gitlab.md, mapping [I]). Privileges are its scopes, each over everything its user may reach
(`{role: 'api', scope: 'user', resource: '<user id>'}`), plus a fine-grained token's permissions. It is full
access (`admin`) when its user is an administrator and a scope reaches everything (`api`, `sudo`, `admin_mode`);
null when the user could not be looked up.
*/
export function personalTokenToToken(record: PersonalAccessToken, person: PersonalTokenOwner, context: MapContext): Token {
	const user = String(record.user_id);
	const privileges: Privilege[] = [
		...record.scopes.map(scope => ({role: scope, scope: 'user', resource: user})),
		...granularPrivileges(record),
	];
	const reachesEverything = record.scopes.some(scope => writeEverything.has(scope));
	const kind: TokenKind = person.bot ? 'service' : 'personal';
	return {
		...commonFields(record, context),
		id: tokenIdOf({kind: 'personal', tokenId: record.id}),
		kind,
		owner: person.owner,
		privileges,
		admin: reachesEverything ? person.isAdmin : false,
		raw: record,
	};
}

/**
A group or project access token: `kind` `org` (it belongs to the group or project and acts as its bot), `owner`
the group or project (`{id: 'group/45'}`), privileges its scopes over that resource plus the bot's access level by
GitLab's name (`{role: 'Maintainer', scope: 'group', resource: '45'}`). Full access is `api` with the Owner level:
everything on its group or project (docs/vendors/gitlab.md, mapping [I]).
*/
export function resourceTokenToToken(record: ResourceAccessToken, resource: {readonly kind: ResourceKind; readonly id: number}, context: MapContext): Token {
	const resourceId = String(record.resource_id ?? resource.id);
	const privileges: Privilege[] = [
		{role: accessLevelName(record.access_level), scope: resource.kind, resource: resourceId},
		...record.scopes.map(scope => ({role: scope, scope: resource.kind, resource: resourceId})),
		...granularPrivileges(record),
	];
	return {
		...commonFields(record, context),
		id: tokenIdOf({kind: resource.kind, resourceId: Number(resourceId), tokenId: record.id}),
		kind: 'org',
		owner: {id: `${resource.kind}/${resourceId}`, email: null, status: 'present'},
		privileges,
		admin: record.access_level >= 50 && record.scopes.includes('api'),
		raw: record,
	};
}

function commonFields(record: PersonalAccessToken, context: MapContext): Omit<Token, 'id' | 'kind' | 'owner' | 'privileges' | 'admin' | 'raw'> {
	const expiresMs = record.expires_at === null || record.expires_at === undefined ? null : dateToMs(record.expires_at);
	return {
		provider: 'gitlab',
		account: context.account,
		name: record.name,
		description: record.description === null || record.description === undefined || record.description === '' ? null : record.description,
		status: statusOf(record, expiresMs, context.now),
		ownCredential: context.selfId === record.id,
		createdBy: null,
		createdAt: new Date(record.created_at),
		lastUsedAt: record.last_used_at === null || record.last_used_at === undefined ? null : new Date(record.last_used_at),
		// A date: the token stops at 00:00 UTC on it (docs/vendors/gitlab.md, mapping [D]).
		expiresAt: expiresMs === null ? null : new Date(expiresMs),
		allowedIps: null,
		secretHint: null,
	};
}

/**
Revoked first (GitLab keeps revoked tokens listed); then expired, as GitLab says or as the date says; then a token
GitLab calls inactive for another reason (a fine-grained token whose feature is off) is `disabled`.
*/
export function statusOf(record: Pick<PersonalAccessToken, 'revoked' | 'active' | 'expired'>, expiresMs: number | null, now: number): TokenStatus {
	if (record.revoked) {
		return 'revoked';
	}

	if (record.expired === true || (expiresMs !== null && expiresMs <= now)) {
		return 'expired';
	}

	return record.active === false ? 'disabled' : 'active';
}

/** A fine-grained token's permissions, one privilege each, over the group or project it names (or the user's own). */
function granularPrivileges(record: PersonalAccessToken): Privilege[] {
	if (record.granular !== true) {
		return [];
	}

	return (record.granular_scopes ?? []).flatMap(granted => (granted.permissions ?? []).map(permission => {
		const scope = granted.project_id === null || granted.project_id === undefined
			? granted.group_id === null || granted.group_id === undefined ? 'user' : 'group'
			: 'project';
		const resource = granted.project_id ?? granted.group_id ?? record.user_id;
		return {role: `${granted.access ?? 'granular'}:${permission}`, scope, resource: String(resource)};
	}));
}
