import type {Owner, OwnerStatus, Privilege, Token} from '../../src/token.js';
import type {CredentialAuthorization, Grant} from './schema.js';

/**
What tokenkit learned of a token's owner from the org: whether they are still a member, and their org role when
they are. Null role: not looked up, or not known.
*/
export interface OrgMember {
	readonly status: OwnerStatus;
	readonly role: string | null;
}

export const unknownMember: OrgMember = {status: 'unknown', role: null};

/** The privilege scopes tokenkit writes for GitHub, so scripts can match them. */
export const gitHubScopes = {
	/** A fine-grained permission in GitHub's own groups: `organization`, `repository`, `other`. */
	organization: 'organization',
	repository: 'repository',
	other: 'other',
	/** Which repositories a grant reaches: role `all`, `none` or `selected` (one per repository, its full name). */
	repositories: 'repositories',
	/** A classic token's OAuth scope (`repo`, `admin:org`, …). */
	oauthScope: 'oauth-scope',
	/** An SSH key: git access to whatever its user can reach. */
	sshKey: 'ssh-key',
	/** The owner's org role, which caps what any of their tokens can do in the org. */
	memberCap: 'member-cap',
} as const;

/**
A fine-grained PAT grant as a Token (docs/vendors/github.md, records [S] and mapping [I]):
- `id` is the grant id, what revoke takes; the token's own `token_id` stays in `raw`.
- `createdAt` is when the org granted access: GitHub does not say when the token itself was made.
- `privileges`: one per permission (`{role: 'write', scope: 'organization', resource: 'administration'}`), the
  repositories it reaches (`all`, `none`, or `selected` per repository), and the owner's org role as a cap.
- `admin`: org administration `write` held by an org owner ([I]: a fine-grained token never exceeds its owner's
  access). Unknown (null) when the token asks for it and the owner's role could not be looked up.
- `status`: `expired` when GitHub says `token_expired`; a revoked grant is no longer listed.
`repositories` is the full names a `subset` grant reaches, or undefined when they were not read.
*/
export function grantToToken(grant: Grant, account: string, member: OrgMember, repositories: readonly string[] | undefined): Token {
	const owner = ownerOf(grant.owner.login, grant.owner.email ?? null, member);
	const permissions = [
		...permissionPrivileges(gitHubScopes.organization, grant.permissions.organization),
		...permissionPrivileges(gitHubScopes.repository, grant.permissions.repository),
		...permissionPrivileges(gitHubScopes.other, grant.permissions.other),
	];
	const orgAdministration = grant.permissions.organization?.['administration'] === 'write';
	return {
		provider: 'github',
		account,
		id: String(grant.id),
		name: grant.token_name,
		description: null,
		kind: 'personal',
		status: grant.token_expired ? 'expired' : 'active',
		// The account authenticates as a GitHub App installation, which is never a personal access token.
		ownCredential: false,
		owner,
		// A fine-grained PAT is made by the person it belongs to.
		createdBy: owner,
		createdAt: new Date(grant.access_granted_at),
		lastUsedAt: grant.token_last_used_at === null ? null : new Date(grant.token_last_used_at),
		expiresAt: grant.token_expires_at === null ? null : new Date(grant.token_expires_at),
		privileges: [...permissions, ...repositoryPrivileges(grant.repository_selection, repositories), ...memberCap(grant.owner.login, member)],
		admin: cappedAdmin(orgAdministration, member),
		allowedIps: null,
		secretHint: null,
		raw: grant,
	};
}

/**
A SAML SSO credential authorization as a Token (docs/vendors/github.md, SSO authorizations [S] and mapping [I]):
- `id` is `credential_id`, what DELETE takes; `authorized_credential_id` (the token or key itself) stays in `raw`.
- `name`: the token's note, the SSH key's title, or else the credential's type.
- `createdAt` is when it was authorized for SSO; `lastUsedAt` when it last reached the org; `expiresAt` the
  credential's own expiry (null: never, as classic PATs, SSH keys and OAuth tokens may be).
- `privileges`: one per OAuth scope, or `ssh-key` for a key, and the owner's org role as a cap.
- `admin`: an `admin:org` or `admin:enterprise` scope held by an org owner; null when the scope is there and the
  owner's role could not be looked up.
- `secretHint`: `…` and the token's last eight characters, which GitHub shows; SSH keys have a fingerprint instead
  (in `raw`), which is no part of a secret.
*/
export function credentialAuthorizationToToken(authorization: CredentialAuthorization, account: string, member: OrgMember): Token {
	const owner = ownerOf(authorization.login, null, member);
	const scopes = authorization.scopes ?? [];
	const sshKey = authorization.fingerprint !== undefined || authorization.credential_type === 'SSH key';
	const privileges: Privilege[] = sshKey
		? [{role: 'git', scope: gitHubScopes.sshKey, resource: null}]
		: scopes.map(scope => ({role: scope, scope: gitHubScopes.oauthScope, resource: null}));
	const adminScope = scopes.includes('admin:org') || scopes.includes('admin:enterprise');
	return {
		provider: 'github',
		account,
		id: String(authorization.credential_id),
		// OAuth and GitHub App user tokens have neither a note nor a title: their type is the best name there is.
		name: authorization.authorized_credential_note ?? authorization.authorized_credential_title ?? authorization.credential_type,
		description: null,
		kind: 'personal',
		status: 'active',
		ownCredential: false,
		owner,
		createdBy: owner,
		createdAt: new Date(authorization.credential_authorized_at),
		lastUsedAt: authorization.credential_accessed_at === null ? null : new Date(authorization.credential_accessed_at),
		expiresAt: authorization.authorized_credential_expires_at === null || authorization.authorized_credential_expires_at === undefined ? null : new Date(authorization.authorized_credential_expires_at),
		privileges: [...privileges, ...memberCap(authorization.login, member)],
		admin: cappedAdmin(adminScope, member),
		allowedIps: null,
		secretHint: authorization.token_last_eight === undefined ? null : `…${authorization.token_last_eight}`,
		raw: authorization,
	};
}

function ownerOf(login: string, email: string | null, member: OrgMember): Owner {
	return {id: login, email, status: member.status};
}

function permissionPrivileges(scope: string, levels: Readonly<Record<string, string>> | undefined): Privilege[] {
	return Object.entries(levels ?? {}).map(([resource, role]) => ({role, scope, resource}));
}

function repositoryPrivileges(selection: Grant['repository_selection'], repositories: readonly string[] | undefined): Privilege[] {
	if (selection !== 'subset') {
		return [{role: selection, scope: gitHubScopes.repositories, resource: null}];
	}

	// Not read (a `get` that skipped them, or a listing asked not to): say that some are selected, not which.
	return repositories === undefined
		? [{role: 'selected', scope: gitHubScopes.repositories, resource: null}]
		: repositories.map(fullName => ({role: 'selected', scope: gitHubScopes.repositories, resource: fullName}));
}

function memberCap(login: string, member: OrgMember): Privilege[] {
	return member.role === null ? [] : [{role: member.role, scope: gitHubScopes.memberCap, resource: login}];
}

/** Full access needs both the token's permission and an owner's role; without the role it cannot be told. */
function cappedAdmin(asks: boolean, member: OrgMember): boolean | null {
	if (!asks) {
		return false;
	}

	if (member.status === 'gone') {
		return false;
	}

	return member.role === null ? null : member.role === 'admin';
}
