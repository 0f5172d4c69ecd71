import type {SimRequest, SimResponse} from '../../../src/simulate/types.js';
import type {App, InstallationToken, Org} from './model.js';
import {authorizationRecord, grantRecord, installationRecord, membershipRecord, repositoryRecord} from './represent.js';
import {errorResponse, jsonResponse, pageOf, readPage, validationError} from './responses.js';

/** What a route handler is given: the request, its path parameters, and what the checks before it settled. */
export interface RouteCall {
	readonly request: SimRequest;
	readonly params: Readonly<Record<string, string>>;
	readonly now: number;
	/** The origin the client reached, for URLs in bodies and links. */
	readonly base: string;
	readonly apiVersion: string;
	/** Headers every answer carries: the request id, the API version, the rate-limit state. */
	readonly headers: Readonly<Record<string, string>>;
	/** The org the installation token is for; undefined for app (JWT) routes. */
	readonly org: Org | undefined;
}

export interface RouteContext {
	readonly app: App;
	readonly orgs: readonly Org[];
	readonly installationTokens: Map<string, InstallationToken>;
	readonly mintKey: () => string;
	/** How long an installation token lives; GitHub says one hour (docs/vendors/github.md, auth [S]). */
	readonly installationTokenTtlMs: number;
}

export type AppRoute = (call: RouteCall) => SimResponse;

const notFound = (call: RouteCall): SimResponse => errorResponse(404, 'Not Found', call.headers);

/** The org a path names, by login, case-insensitively as GitHub reads it (docs/vendors/github.md, endpoints [S]). */
export function orgNamed(orgs: readonly Org[], login: string): Org | undefined {
	const wanted = login.toLowerCase();
	return orgs.find(org => org.login.toLowerCase() === wanted);
}

/** The app's own routes, authenticated with a JWT (docs/vendors/github.md, auth [S]). */
export function appRoutes(context: RouteContext): Record<'getOrgInstallation' | 'getInstallation' | 'createInstallationToken', AppRoute> {
	const installation = (id: string): Org | undefined => context.orgs.find(org => String(org.installationId) === id);
	return {
		getOrgInstallation(call) {
			const org = orgNamed(context.orgs, call.params['org'] ?? '');
			return org === undefined ? notFound(call) : jsonResponse(200, installationRecord(context.app, org, call.base), call.headers);
		},
		getInstallation(call) {
			const org = installation(call.params['installation_id'] ?? '');
			return org === undefined ? notFound(call) : jsonResponse(200, installationRecord(context.app, org, call.base), call.headers);
		},
		createInstallationToken(call) {
			const org = installation(call.params['installation_id'] ?? '');
			if (org === undefined) {
				return notFound(call);
			}

			const token = context.mintKey();
			const expiresAt = call.now + context.installationTokenTtlMs;
			context.installationTokens.set(token, {org, expiresAt});
			return jsonResponse(201, {
				token,
				expires_at: new Date(Math.floor(expiresAt / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
				permissions: org.permissions,
				repository_selection: 'all',
			}, call.headers);
		},
	};
}

export type OrgRouteName = 'listGrants' | 'revokeGrants' | 'revokeGrant' | 'listGrantRepositories' | 'listAuthorizations' | 'removeAuthorization' | 'getMembership';

/** The permission each org route needs of the installation, and at which level (docs/vendors/github.md, auth [D] and [I]). */
export const routePermissions: Readonly<Record<OrgRouteName, readonly [string, 'read' | 'write']>> = {
	listGrants: ['organization_personal_access_tokens', 'read'],
	revokeGrants: ['organization_personal_access_tokens', 'write'],
	revokeGrant: ['organization_personal_access_tokens', 'write'],
	listGrantRepositories: ['organization_personal_access_tokens', 'read'],
	// [I]: the spec names no app permission for SSO authorizations; the org's administration permission is the likely one.
	listAuthorizations: ['organization_administration', 'read'],
	removeAuthorization: ['organization_administration', 'write'],
	getMembership: ['members', 'read'],
};

/** The org routes, authenticated with an installation token of that org. */
export function orgRoutes(): Record<OrgRouteName, AppRoute> {
	return {
		listGrants(call) {
			const org = call.org;
			if (org === undefined) {
				return notFound(call);
			}

			const direction = call.request.query.get('direction') ?? 'desc';
			const tokenIds = listParameter(call.request.query, 'token_id');
			const owners = listParameter(call.request.query, 'owner').map(login => login.toLowerCase());
			if (tokenIds.length > 50 || owners.length > 10) {
				return validationError('Validation Failed', tokenIds.length > 50 ? 'token_id' : 'owner', call.headers);
			}

			const lastUsedBefore = timeParameter(call.request.query.get('last_used_before'));
			const lastUsedAfter = timeParameter(call.request.query.get('last_used_after'));
			const selected = org.grants
				.filter(grant => tokenIds.length === 0 || tokenIds.includes(String(grant.tokenId)))
				.filter(grant => owners.length === 0 || owners.includes(grant.owner.login.toLowerCase()))
				.filter(grant => lastUsedBefore === undefined || (grant.tokenLastUsedAt !== null && grant.tokenLastUsedAt < lastUsedBefore))
				.filter(grant => lastUsedAfter === undefined || (grant.tokenLastUsedAt !== null && grant.tokenLastUsedAt > lastUsedAfter))
				// `sort=created_at`, the only sort, is the grant time; `desc` by default (docs/vendors/github.md, endpoints [S]).
				.toSorted((a, b) => (direction === 'asc' ? a.accessGrantedAt - b.accessGrantedAt : b.accessGrantedAt - a.accessGrantedAt) || a.id - b.id);
			const page = pageOf(selected, call.request, readPage(call.request.query));
			return jsonResponse(200, page.items.map(grant => grantRecord(org, grant, call.base, call.now)), {...call.headers, ...page.headers});
		},
		revokeGrants(call) {
			const org = call.org;
			const body = call.request.body;
			const ids = isRecord(body) ? body['pat_ids'] : undefined;
			if (org === undefined || !isRecord(body) || body['action'] !== 'revoke' || !Array.isArray(ids) || ids.length === 0 || ids.length > 100 || !ids.every(id => Number.isInteger(id))) {
				return validationError('Invalid request: "action" must be "revoke" and "pat_ids" 1 to 100 grant ids.', 'pat_ids', call.headers);
			}

			const wanted = new Set(ids.map(String));
			// Asynchronous at GitHub (202); here it is done before the answer, which a client cannot tell apart.
			for (const grant of org.grants.filter(candidate => wanted.has(String(candidate.id)))) {
				org.grants.splice(org.grants.indexOf(grant), 1);
			}

			return jsonResponse(202, {}, call.headers);
		},
		revokeGrant(call) {
			const org = call.org;
			const body = call.request.body;
			if (org === undefined) {
				return notFound(call);
			}

			if (!isRecord(body) || body['action'] !== 'revoke') {
				return validationError('Invalid request: "action" must be "revoke".', 'action', call.headers);
			}

			const index = org.grants.findIndex(grant => String(grant.id) === call.params['pat_id']);
			if (index === -1) {
				return notFound(call);
			}

			org.grants.splice(index, 1);
			return {status: 204, headers: call.headers};
		},
		listGrantRepositories(call) {
			const org = call.org;
			const grant = org?.grants.find(candidate => String(candidate.id) === call.params['pat_id']);
			if (org === undefined || grant === undefined) {
				return notFound(call);
			}

			const repositories = grant.repositorySelection === 'all' ? org.repositories : grant.repositories;
			const page = pageOf(repositories, call.request, readPage(call.request.query));
			return jsonResponse(200, page.items.map(repository => repositoryRecord(org, repository, call.base, call.apiVersion)), {...call.headers, ...page.headers});
		},
		listAuthorizations(call) {
			const org = call.org;
			if (org === undefined) {
				return notFound(call);
			}

			const login = call.request.query.get('login')?.toLowerCase();
			const selected = org.authorizations.filter(authorization => login === undefined || authorization.user.login.toLowerCase() === login);
			// [I]: the spec declares no Link header on this list; GitHub's lists send one, and so does the simulator.
			const page = pageOf(selected, call.request, readPage(call.request.query));
			return jsonResponse(200, page.items.map(authorization => authorizationRecord(authorization)), {...call.headers, ...page.headers});
		},
		removeAuthorization(call) {
			const org = call.org;
			const index = org?.authorizations.findIndex(authorization => String(authorization.credentialId) === call.params['credential_id']) ?? -1;
			if (org === undefined || index === -1) {
				return notFound(call);
			}

			org.authorizations.splice(index, 1);
			return {status: 204, headers: call.headers};
		},
		getMembership(call) {
			const org = call.org;
			const wanted = (call.params['username'] ?? '').toLowerCase();
			const user = org?.users.find(candidate => candidate.member && candidate.login.toLowerCase() === wanted);
			return org === undefined || user === undefined ? notFound(call) : jsonResponse(200, membershipRecord(org, user, call.base), call.headers);
		},
	};
}

/**
An array query parameter in both forms clients send: `token_id[]=1&token_id[]=2` (the spec's examples) and
`token_id=1,2` (Octokit joins arrays with commas) (docs/vendors/github.md, surprises [I]).
*/
function listParameter(query: URLSearchParams, name: string): string[] {
	return [...query.getAll(name), ...query.getAll(`${name}[]`)].flatMap(value => value.split(',')).map(value => value.trim()).filter(value => value !== '');
}

function timeParameter(value: string | null): number | undefined {
	if (value === null) {
		return undefined;
	}

	const time = Date.parse(value);
	return Number.isNaN(time) ? undefined : time;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
