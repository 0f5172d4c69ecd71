import type {App, CredentialAuthorization, Grant, Org, Repository, User} from './model.js';

/*
The wire records as GitHub's OpenAPI document describes them (docs/vendors/github.md, records [S]). URLs are built on
`base`, the origin the client reached, so none points at api.github.com.
*/

/**
Times as the grant examples write them: milliseconds and a numeric offset (`2023-05-16T08:47:09.000-07:00`), here
always UTC's `+00:00` ([I]: the zone GitHub picks is its own; any RFC 3339 offset must be read).
*/
export function grantTime(ms: number): string {
	return new Date(ms).toISOString().replace('Z', '+00:00');
}

/** Times as the SSO examples write them: whole seconds, `Z` (`2011-01-26T19:06:43Z`). */
export function ssoTime(ms: number): string {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** `simple-user`, with every field the schema requires; `email` where the user shows one. */
export function simpleUser(user: User, base: string): Record<string, unknown> {
	const url = `${base}/users/${user.login}`;
	return {
		login: user.login,
		id: user.id,
		node_id: `U_kgDO${user.id.toString(36).toUpperCase()}`,
		avatar_url: `${base}/avatars/u/${user.id}?v=4`,
		gravatar_id: '',
		url,
		html_url: `${base}/${user.login}`,
		followers_url: `${url}/followers`,
		following_url: `${url}/following{/other_user}`,
		gists_url: `${url}/gists{/gist_id}`,
		starred_url: `${url}/starred{/owner}{/repo}`,
		subscriptions_url: `${url}/subscriptions`,
		organizations_url: `${url}/orgs`,
		repos_url: `${url}/repos`,
		events_url: `${url}/events{/privacy}`,
		received_events_url: `${url}/received_events`,
		type: 'User',
		site_admin: false,
		...(user.email === null ? {} : {email: user.email}),
	};
}

export function grantRecord(org: Org, grant: Grant, base: string, now: number): Record<string, unknown> {
	return {
		id: grant.id,
		owner: simpleUser(grant.owner, base),
		repository_selection: grant.repositorySelection,
		// The org-id form the spec's example uses (docs/vendors/github.md, records [S]).
		repositories_url: `${base}/organizations/${org.id}/personal-access-tokens/${grant.id}/repositories`,
		permissions: grant.permissions,
		access_granted_at: grantTime(grant.accessGrantedAt),
		token_id: grant.tokenId,
		token_name: grant.tokenName,
		token_expired: grant.tokenExpiresAt !== null && grant.tokenExpiresAt <= now,
		token_expires_at: grant.tokenExpiresAt === null ? null : grantTime(grant.tokenExpiresAt),
		token_last_used_at: grant.tokenLastUsedAt === null ? null : grantTime(grant.tokenLastUsedAt),
	};
}

/**
`minimal-repository`, with the fields the schema requires. `has_downloads` is gone from API version 2026-03-10 on
(docs/vendors/github.md, versioning [D]).
*/
export function repositoryRecord(org: Org, repository: Repository, base: string, apiVersion: string): Record<string, unknown> {
	const fullName = `${org.login}/${repository.name}`;
	const url = `${base}/repos/${fullName}`;
	const templated = (name: string, template = ''): string => `${url}/${name}${template}`;
	return {
		id: repository.id,
		node_id: `R_kgDO${repository.id.toString(36).toUpperCase()}`,
		name: repository.name,
		full_name: fullName,
		owner: {login: org.login, id: org.id, type: 'Organization', site_admin: false, url: `${base}/users/${org.login}`},
		private: repository.private,
		html_url: `${base}/${fullName}`,
		description: null,
		fork: false,
		url,
		archive_url: templated('{archive_format}{/ref}'),
		assignees_url: templated('assignees', '{/user}'),
		blobs_url: templated('git/blobs', '{/sha}'),
		branches_url: templated('branches', '{/branch}'),
		collaborators_url: templated('collaborators', '{/collaborator}'),
		comments_url: templated('comments', '{/number}'),
		commits_url: templated('commits', '{/sha}'),
		compare_url: templated('compare/{base}...{head}'),
		contents_url: templated('contents/{+path}'),
		contributors_url: templated('contributors'),
		deployments_url: templated('deployments'),
		downloads_url: templated('downloads'),
		events_url: templated('events'),
		forks_url: templated('forks'),
		git_commits_url: templated('git/commits', '{/sha}'),
		git_refs_url: templated('git/refs', '{/sha}'),
		git_tags_url: templated('git/tags', '{/sha}'),
		hooks_url: templated('hooks'),
		issue_comment_url: templated('issues/comments', '{/number}'),
		issue_events_url: templated('issues/events', '{/number}'),
		issues_url: templated('issues', '{/number}'),
		keys_url: templated('keys', '{/key_id}'),
		labels_url: templated('labels', '{/name}'),
		languages_url: templated('languages'),
		merges_url: templated('merges'),
		milestones_url: templated('milestones', '{/number}'),
		notifications_url: templated('notifications{?since,all,participating}'),
		pulls_url: templated('pulls', '{/number}'),
		releases_url: templated('releases', '{/id}'),
		stargazers_url: templated('stargazers'),
		statuses_url: templated('statuses/{sha}'),
		subscribers_url: templated('subscribers'),
		subscription_url: templated('subscription'),
		tags_url: templated('tags'),
		teams_url: templated('teams'),
		trees_url: templated('git/trees', '{/sha}'),
		visibility: repository.private ? 'private' : 'public',
		...(apiVersion === '2022-11-28' ? {has_downloads: true} : {}),
	};
}

export function authorizationRecord(authorization: CredentialAuthorization): Record<string, unknown> {
	return {
		login: authorization.user.login,
		credential_id: authorization.credentialId,
		credential_type: authorization.type,
		...(authorization.tokenLastEight === null ? {} : {token_last_eight: authorization.tokenLastEight}),
		...(authorization.fingerprint === null ? {} : {fingerprint: authorization.fingerprint}),
		credential_authorized_at: ssoTime(authorization.authorizedAt),
		credential_accessed_at: authorization.accessedAt === null ? null : ssoTime(authorization.accessedAt),
		...(authorization.scopes === null ? {} : {scopes: authorization.scopes}),
		authorized_credential_id: authorization.authorizedCredentialId,
		authorized_credential_title: authorization.title,
		authorized_credential_note: authorization.note,
		authorized_credential_expires_at: authorization.expiresAt === null ? null : ssoTime(authorization.expiresAt),
	};
}

/** `installation`, for `GET /orgs/{org}/installation` and `GET /app/installations/{installation_id}`. */
export function installationRecord(app: App, org: Org, base: string): Record<string, unknown> {
	const created = ssoTime(Date.UTC(2024, 0, 15, 9, 30));
	return {
		id: org.installationId,
		account: {login: org.login, id: org.id, type: 'Organization', site_admin: false, url: `${base}/users/${org.login}`},
		repository_selection: 'all',
		access_tokens_url: `${base}/app/installations/${org.installationId}/access_tokens`,
		repositories_url: `${base}/installation/repositories`,
		html_url: `${base}/organizations/${org.login}/settings/installations/${org.installationId}`,
		app_id: app.id,
		client_id: app.clientId,
		app_slug: app.slug,
		target_id: org.id,
		target_type: 'Organization',
		permissions: org.permissions,
		events: [],
		created_at: created,
		updated_at: created,
		single_file_name: null,
		suspended_by: null,
		suspended_at: null,
	};
}

/** `org-membership`: the member's state and role. */
export function membershipRecord(org: Org, user: User, base: string): Record<string, unknown> {
	return {
		url: `${base}/orgs/${org.login}/memberships/${user.login}`,
		state: 'active',
		role: user.role,
		organization_url: `${base}/orgs/${org.login}`,
		organization: {login: org.login, id: org.id, url: `${base}/orgs/${org.login}`},
		user: simpleUser(user, base),
	};
}
