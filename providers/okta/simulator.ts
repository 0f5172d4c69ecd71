/**
An in-memory Okta org API for tests, demos and benchmarks: SSWS API tokens (`/api/v1/api-tokens*`), the OAuth 2.0
client secrets of the org's apps (`/api/v1/apps*`), and the reads an inventory needs beside them (users, their
roles, network zones). Served by `startSimulatorServer`. Every rule it follows is documented where it is
implemented, with the docs/vendors/okta.md tag it relies on; docs/simulators/okta.md is the user's summary.
*/
import {ConfigError} from '../../src/errors/index.js';
import {generateProfile} from '../../src/simulate/profiles.js';
import {createRandom, type Random} from '../../src/simulate/random.js';
import {Router, type RouteHandler} from '../../src/simulate/router.js';
import type {ChurnReport, SeedOptions, SimAccountInfo, SimRequest, SimResponse, VendorSimulator} from '../../src/simulate/types.js';
import {allowed, authenticate, type Area, type KeyIndex} from './simulator/access.js';
import {errorResponse} from './simulator/errors.js';
import {credentialRoles, tokenWindowMs, type CredentialRole, type Org} from './simulator/model.js';
import {createOktaRateLimiter, type OktaRateLimitOptions, type OktaSimBucket} from './simulator/rate-limit.js';
import {apiTokenRepresentation, clientSecretRepresentation} from './simulator/represent.js';
import {createRoutes, maxLimit} from './simulator/routes.js';
import {createMinter, seedOrg, tokenFromProfile} from './simulator/seed.js';
import {oktaAppsAccountSuffix} from './apps-account.js';

export type {OktaRateLimitOptions} from './simulator/rate-limit.js';
export {oktaRateLimitDefaults} from './simulator/rate-limit.js';
export type {CredentialRole as OktaKeyRole} from './simulator/model.js';

export interface OktaSimulatorOptions extends SeedOptions {
	/**
	Okta's per-minute limits per org and endpoint bucket, with each credential's share of them, or `false` for
	none. See {@link OktaRateLimitOptions} for the defaults.
	@default {}
	*/
	readonly rateLimit?: false | OktaRateLimitOptions | undefined;
	/**
	API tokens per answer when the client sends no `limit`. Okta's current API pages this list by no parameter
	and answers it whole (docs/vendors/okta.md, pagination [S]), so that is the default; a number makes it answer in
	pages with `Link: rel="next"`, as its older API did, to exercise a client's paging.
	@default null
	*/
	readonly apiTokenPageSize?: number | null | undefined;
}

export interface OktaSimulator extends VendorSimulator {
	/**
	The SSWS value of one of the simulator's own API tokens in `org` (by name, e.g. `okta-org-1`):
	- `admin`: a token of a super admin (the key `accounts()` reports);
	- `read-only`: a token of a read-only admin: it reads everything and changes nothing;
	- `app-admin`: a token of an app admin: apps and their secrets, and users.
	@default 'admin'
	*/
	keyFor(org: string, role?: CredentialRole): string;
	/** The id of that key's API token. */
	tokenIdFor(org: string, role?: CredentialRole): string;
	/** The org's OAuth 2.0 access token, for `Authorization: Bearer`, with every scope tokenkit needs. */
	accessTokenFor(org: string): string;
	/** The org's API tokens as `GET /api/v1/api-tokens` shows them. */
	apiTokens(org: string): Array<Record<string, unknown>>;
	/** The org's client secrets by app id, as the list route shows them (values elided). */
	clientSecrets(org: string): Array<{appId: string; secret: Record<string, unknown>}>;
	/** The org's users: id, email, status and role types. */
	users(org: string): Array<{id: string; email: string; status: string; roles: string[]}>;
	/** Sets a user's status (`DEPROVISIONED`, `SUSPENDED`, …), as an admin would in the console. */
	setUserStatus(org: string, userId: string, status: 'ACTIVE' | 'SUSPENDED' | 'DEPROVISIONED' | 'LOCKED_OUT'): void;
	/** Deletes a user; their tokens stay listed (see docs/simulators/okta.md). */
	deleteUser(org: string, userId: string): void;
}

const vendor = 'okta';

interface RouteSpec {
	readonly method: string;
	readonly path: string;
	readonly name: string;
	readonly area: Area;
	readonly write: boolean;
	readonly bucket: OktaSimBucket;
}

/** The routes, as the spec writes them; `current` before `{id}` so that it is not taken for a token id. */
const routeSpecs: readonly RouteSpec[] = [
	{method: 'GET', path: '/api/v1/api-tokens', name: 'listApiTokens', area: 'apiTokens', write: false, bucket: 'api-tokens'},
	{method: 'DELETE', path: '/api/v1/api-tokens/current', name: 'revokeCurrentApiToken', area: 'apiTokens', write: true, bucket: 'api-tokens'},
	{method: 'GET', path: '/api/v1/api-tokens/{id}', name: 'getApiToken', area: 'apiTokens', write: false, bucket: 'api-tokens'},
	{method: 'PUT', path: '/api/v1/api-tokens/{id}', name: 'upsertApiToken', area: 'apiTokens', write: true, bucket: 'api-tokens'},
	{method: 'DELETE', path: '/api/v1/api-tokens/{id}', name: 'revokeApiToken', area: 'apiTokens', write: true, bucket: 'api-tokens'},
	{method: 'GET', path: '/api/v1/users/{id}', name: 'getUser', area: 'users', write: false, bucket: 'users'},
	{method: 'GET', path: '/api/v1/users/{id}/roles', name: 'listUserRoles', area: 'roles', write: false, bucket: 'users'},
	{method: 'GET', path: '/api/v1/zones/{id}', name: 'getZone', area: 'networkZones', write: false, bucket: 'zones'},
	{method: 'GET', path: '/api/v1/apps', name: 'listApps', area: 'apps', write: false, bucket: 'apps'},
	{method: 'GET', path: '/api/v1/apps/{appId}', name: 'getApp', area: 'apps', write: false, bucket: 'apps'},
	{method: 'GET', path: '/api/v1/apps/{appId}/credentials/secrets', name: 'listSecrets', area: 'apps', write: false, bucket: 'apps'},
	{method: 'POST', path: '/api/v1/apps/{appId}/credentials/secrets', name: 'createSecret', area: 'apps', write: true, bucket: 'apps'},
	{method: 'GET', path: '/api/v1/apps/{appId}/credentials/secrets/{secretId}', name: 'getSecret', area: 'apps', write: false, bucket: 'apps'},
	{method: 'DELETE', path: '/api/v1/apps/{appId}/credentials/secrets/{secretId}', name: 'deleteSecret', area: 'apps', write: true, bucket: 'apps'},
	{method: 'POST', path: '/api/v1/apps/{appId}/credentials/secrets/{secretId}/lifecycle/activate', name: 'activateSecret', area: 'apps', write: true, bucket: 'apps'},
	{method: 'POST', path: '/api/v1/apps/{appId}/credentials/secrets/{secretId}/lifecycle/deactivate', name: 'deactivateSecret', area: 'apps', write: true, bucket: 'apps'},
];

/**
Creates the simulator. Same seed and clock, same orgs, users, zones, tokens, apps and keys.
@example
const simulator = createOktaSimulator({accounts: 1, tokens: 40});
const server = await startSimulatorServer(simulator);
await fetch(`${server.baseUrl}/api/v1/api-tokens`, {headers: {Authorization: `SSWS ${simulator.keyFor('okta-org-1')}`}});
*/
export function createOktaSimulator(options: OktaSimulatorOptions = {}): OktaSimulator {
	const orgCount = count(options.accounts ?? 2, 'accounts', 1);
	const tokensPerOrg = count(options.tokens ?? 25, 'tokens', 0);
	const pageSize = options.apiTokenPageSize ?? null;
	if (pageSize !== null && (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxLimit)) {
		throw new ConfigError(`apiTokenPageSize must be null or a whole number from 1 to ${maxLimit}; got ${pageSize}`, {provider: vendor});
	}

	const clock = options.now ?? Date.now;
	const limiter = createOktaRateLimiter(options.rateLimit ?? {});
	const root = createRandom(options.seed ?? 1);
	const seedRandom = root.fork(`${vendor}:seed`);
	const requestIds = root.fork(`${vendor}:request-ids`);
	const secrets: string[] = [];
	const churnLog: ChurnReport[] = [];
	const minter = createMinter(root.fork(`${vendor}:keys`), secret => secrets.push(secret));
	const seededAt = clock();
	const orgs = Array.from({length: orgCount}, (_, position) => seedOrg(position + 1, tokensPerOrg, {random: seedRandom.fork(`org-${position + 1}`), minter, now: seededAt}));
	const index: KeyIndex = {apiTokens: new Map(), accessTokens: new Map()};
	for (const org of orgs) {
		index.accessTokens.set(org.accessToken.value, org);
		for (const token of org.tokens.values()) {
			index.apiTokens.set(token.secret, {org, tokenId: token.id});
		}
	}

	const requestId = (): string => requestIds.alphanumeric(25);
	const routes = createRoutes({
		minter,
		// A secret the client supplied joins those a leak search looks for; a minted one is there already.
		remember(_org, secret) {
			if (!secrets.includes(secret)) {
				secrets.push(secret);
			}
		},
		apiTokenPageSize: pageSize,
	});

	/** Okta revokes a token 30 days after its last use, for good, and lists it no more ([D]). */
	const purgeExpired = (org: Org, now: number): void => {
		for (const token of org.tokens.values()) {
			if (token.lastUpdated + tokenWindowMs <= now) {
				org.tokens.delete(token.id);
				index.apiTokens.delete(token.secret);
			}
		}
	};

	const guarded = (spec: RouteSpec): RouteHandler => (request, params) => {
		const now = clock();
		const id = requestId();
		const caller = authenticate(index, request.headers.authorization, now);
		if (caller === null) {
			return errorResponse('invalidToken', 'Invalid token provided', id);
		}

		const verdict = limiter.hit(caller.org.id, caller.kind === 'ssws' ? caller.token.id : 'oauth', spec.bucket, now);
		if (!verdict.allowed) {
			return errorResponse('rateLimited', 'API call exceeded rate limit due to too many requests.', id, {headers: verdict.headers});
		}

		// Every call renews the token it carries: its last use moves, and its expiry with it ([D]).
		if (caller.kind === 'ssws') {
			caller.token.lastUpdated = now;
		}

		purgeExpired(caller.org, now);
		if (!allowed(caller, spec.area, spec.write)) {
			return errorResponse('forbidden', 'You do not have permission to perform the requested action', id, {headers: verdict.headers});
		}

		const route = routes[spec.name];
		const response = route === undefined
			? errorResponse('serverError', 'Internal Server Error', id)
			: route({caller, request, params, origin: originOf(request), requestId: id, now});
		// Dated by the simulator's clock, as Okta dates its answers by its own: a client compares times in records with it.
		return {...response, headers: {'Date': new Date(now).toUTCString(), 'X-Okta-Request-Id': id, ...verdict.headers, ...response.headers}};
	};

	const router = new Router();
	for (const spec of routeSpecs) {
		router.add(spec.method, spec.path, guarded(spec));
	}

	const dispatch = (request: SimRequest): SimResponse => {
		// Okta's own client joins an org URL that ends in `/` with `/api/v1/…` into `//api/v1/…` (docs/vendors/okta.md, gotchas [D]).
		const path = request.path.replace(/^\/{2,}/, '/');
		const match = router.match(request.method, path);
		switch (match.kind) {
			case 'found': {
				return match.handler(request, match.params);
			}

			case 'method-not-allowed': {
				return errorResponse('methodNotAllowed', `The endpoint does not support the provided HTTP method`, requestId(), {headers: {Allow: match.allowed.join(', ')}});
			}

			case 'not-found': {
				return errorResponse('notFound', `Not found: Resource not found: ${path} (Resource)`, requestId());
			}
		}
	};

	const orgNamed = (name: string): Org => {
		const org = orgs.find(candidate => candidate.name === name || `${candidate.name}${oktaAppsAccountSuffix}` === name);
		if (org === undefined) {
			throw new ConfigError(`no simulated org named "${name}"; known: ${orgs.map(candidate => candidate.name).join(', ')}`, {provider: vendor});
		}

		return org;
	};

	return {
		vendor,
		// Routes carry the full `/api/v1/...` path: the base URL is the org's origin, as `https://acme.okta.com` is.
		basePath: '',
		handle(request) {
			try {
				return dispatch(request);
			} catch {
				return errorResponse('serverError', 'Internal Server Error', requestId());
			}
		},
		faultResponse(status, retryAfterSeconds) {
			const id = requestId();
			if (status === 429) {
				// Okta says when to come back in X-Rate-Limit-Reset (epoch seconds), never in Retry-After ([D]).
				return errorResponse('rateLimited', 'API call exceeded rate limit due to too many requests.', id, {headers: limiter.refusalHeaders(clock(), retryAfterSeconds)});
			}

			return errorResponse('serverError', status === 500 ? 'Internal Server Error' : 'Service Unavailable', id, {status});
		},
		// `tokens` counts what the org's two config entries list: its API tokens and its apps' client secrets.
		accounts: (): SimAccountInfo[] => orgs.map(org => ({name: org.name, id: org.id, apiKey: org.keys.admin.secret, tokens: org.tokens.size + [...org.apps.values()].reduce((sum, app) => sum + app.secrets.length, 0)})),
		churn(request, random) {
			const org = authenticate(index, request.headers.authorization, clock())?.org ?? orgs[0];
			if (org !== undefined) {
				churnOrg(org, random);
			}
		},
		allSecrets: () => [...secrets],
		churnReports: () => [...churnLog],
		keyFor: (org, role = 'admin') => orgNamed(org).keys[checkRole(role)].secret,
		tokenIdFor: (org, role = 'admin') => orgNamed(org).keys[checkRole(role)].id,
		accessTokenFor: org => orgNamed(org).accessToken.value,
		apiTokens: name => [...orgNamed(name).tokens.values()].sort((left, right) => (left.id < right.id ? -1 : 1)).map(token => apiTokenRepresentation(token, 'http://127.0.0.1')),
		clientSecrets: name => [...orgNamed(name).apps.values()].flatMap(app => app.secrets.map(secret => ({appId: app.id, secret: clientSecretRepresentation(secret, app, 'http://127.0.0.1', false)}))),
		users: name => [...orgNamed(name).users.values()].map(user => ({id: user.id, email: user.email, status: user.status, roles: user.roles.map(role => role.type)})),
		setUserStatus(org, userId, status) {
			const user = orgNamed(org).users.get(userId);
			if (user === undefined) {
				throw new ConfigError(`no user ${userId} in ${org}`, {provider: vendor});
			}

			user.status = status;
		},
		deleteUser(org, userId) {
			orgNamed(org).users.delete(userId);
		},
	};

	/** Someone in the Admin Console makes a token and revokes another (a seeded or churned one, never a simulator key), reported in `churnReports()`. */
	function churnOrg(org: Org, random: Random): void {
		const now = clock();
		const owner = org.keys.admin.userId;
		org.churned++;
		const [person] = [...org.users.values()];
		let created: string | undefined;
		if (person !== undefined) {
			const profile = generateProfile(random, 1000 + org.churned, now, [{firstName: person.firstName, lastName: person.lastName, email: person.email}]);
			const token = tokenFromProfile({...profile, createdAt: now, lastUsedAt: null, name: `churn-${org.churned}`}, owner, {connection: 'ANYWHERE'}, {random, minter, now});
			org.tokens.set(token.id, {...token, origin: 'churn'});
			index.apiTokens.set(token.secret, {org, tokenId: token.id});
			created = token.id;
		}

		const candidates = [...org.tokens.values()].filter(token => token.origin !== 'key' && token.created < now);
		const victim = candidates[random.int(0, candidates.length - 1)];
		if (victim !== undefined) {
			org.tokens.delete(victim.id);
			index.apiTokens.delete(victim.secret);
		}

		churnLog.push({account: org.name, created: created === undefined ? [] : [created], removed: victim === undefined ? [] : [victim.id], changed: []});
	}
}

/** The origin the client addressed, for absolute links; Okta's links name the org's own host ([S]). */
function originOf(request: SimRequest): string {
	const host = request.headers['host'];
	return `http://${typeof host === 'string' && host !== '' ? host : '127.0.0.1'}`;
}

function checkRole(role: string): CredentialRole {
	const found = credentialRoles.find(candidate => candidate === role);
	if (found === undefined) {
		throw new ConfigError(`unknown key role "${role}"; known: ${credentialRoles.join(', ')}`, {provider: vendor});
	}

	return found;
}

function count(value: number, name: string, minimum: number): number {
	if (!Number.isInteger(value) || value < minimum) {
		throw new ConfigError(`${name} must be a whole number of at least ${minimum}; got ${value}`, {provider: vendor});
	}

	return value;
}
