/**
An in-memory OpenAI Administration API for tests, demos and benchmarks: an organization's admin keys, its projects
(archived ones too), their users' and service accounts' keys, its service accounts, and the user lookup an
inventory needs beside them. Served under `/v1` by `startSimulatorServer`. Every rule it follows is documented
where it is implemented, with the docs/vendors/openai.md tag it relies on; docs/simulators/openai.md is the user's
summary.
*/
import {ConfigError} from '../../src/errors/index.js';
import {createRandom} from '../../src/simulate/random.js';
import {Router, type RouteHandler} from '../../src/simulate/router.js';
import type {ChurnReport, SeedOptions, SimAccountInfo, SimRequest, SimResponse, VendorSimulator} from '../../src/simulate/types.js';
import {churnOrg} from './simulator/churn.js';
import {errorResponse} from './simulator/errors.js';
import {isArchived, type Key, type Org} from './simulator/model.js';
import {createOpenAIRateLimiter, type OpenAIRateLimitOptions} from './simulator/rate-limit.js';
import {adminKeyRepresentation, projectKeyRepresentation, projectRepresentation} from './simulator/represent.js';
import {createRoutes, type ServiceAccountKeyDelete} from './simulator/routes.js';
import {createMinter, seedOrg} from './simulator/seed.js';

export type {OpenAIRateLimitOptions} from './simulator/rate-limit.js';
export {openAIRateLimitDefaults} from './simulator/rate-limit.js';
export type {ServiceAccountKeyDelete as OpenAIServiceAccountKeyDelete} from './simulator/routes.js';

export interface OpenAISimulatorOptions extends SeedOptions {
	/**
	Requests per window per organization, or `false` for none. See {@link OpenAIRateLimitOptions} for the defaults.
	@default {}
	*/
	readonly rateLimit?: false | OpenAIRateLimitOptions | undefined;
	/**
	Whether `DELETE …/projects/{id}/api_keys/{key}` deletes a service account's key (`allowed`, OpenAI's newer rule) or
	refuses it with a 400 (`refused`, the spec's older one) (docs/vendors/openai.md, rotation).
	@default 'allowed'
	*/
	readonly serviceAccountKeyDelete?: ServiceAccountKeyDelete | undefined;
}

/** A key the simulator seeded, by kind: the credential, or a key of a project that cannot use the Administration API. */
export type OpenAISimKeyKind = 'admin' | 'project' | 'service-account';

export interface OpenAISimulator extends VendorSimulator {
	/**
	A key of `org` (by name, e.g. `openai-org-1`): `admin` is the organization admin key `accounts()` reports; `project`
	a user's project key and `service-account` a service account's, which the Administration API refuses.
	@default 'admin'
	*/
	keyFor(org: string, kind?: OpenAISimKeyKind): string;
	/** The id of the admin key `keyFor(org)` is. */
	credentialIdFor(org: string): string;
	/** The organization's admin keys, as `GET /organization/admin_api_keys` shows them. */
	adminKeys(org: string): Array<Record<string, unknown>>;
	/** The organization's projects, archived ones included, as `GET /organization/projects` shows them. */
	projects(org: string): Array<Record<string, unknown>>;
	/** A project's keys, as `GET …/api_keys?owner_project_access=any` shows them. */
	projectKeys(org: string, projectId: string): Array<Record<string, unknown>>;
	/** The organization's users: id, email, organization role and whether they are still in it. */
	users(org: string): Array<{id: string; email: string; role: string; inOrg: boolean}>;
	/** Removes a user from the organization, as an owner would in the dashboard: their keys stay, `inactive`. */
	removeUser(org: string, userId: string): void;
}

const vendor = 'openai';

interface RouteSpec {
	readonly method: string;
	readonly path: string;
	readonly name: string;
}

/** The routes, as the spec writes them, under the `/v1` root ([S]: `servers`). */
const routeSpecs: readonly RouteSpec[] = [
	{method: 'GET', path: '/organization/admin_api_keys', name: 'listAdminKeys'},
	{method: 'POST', path: '/organization/admin_api_keys', name: 'createAdminKey'},
	{method: 'GET', path: '/organization/admin_api_keys/{key_id}', name: 'getAdminKey'},
	{method: 'DELETE', path: '/organization/admin_api_keys/{key_id}', name: 'deleteAdminKey'},
	{method: 'GET', path: '/organization/projects', name: 'listProjects'},
	{method: 'GET', path: '/organization/projects/{project_id}', name: 'getProject'},
	{method: 'GET', path: '/organization/projects/{project_id}/api_keys', name: 'listProjectKeys'},
	{method: 'GET', path: '/organization/projects/{project_id}/api_keys/{api_key_id}', name: 'getProjectKey'},
	{method: 'DELETE', path: '/organization/projects/{project_id}/api_keys/{api_key_id}', name: 'deleteProjectKey'},
	{method: 'GET', path: '/organization/projects/{project_id}/service_accounts', name: 'listServiceAccounts'},
	{method: 'POST', path: '/organization/projects/{project_id}/service_accounts', name: 'createServiceAccount'},
	{method: 'GET', path: '/organization/projects/{project_id}/service_accounts/{service_account_id}', name: 'getServiceAccount'},
	{method: 'POST', path: '/organization/projects/{project_id}/service_accounts/{service_account_id}', name: 'updateServiceAccount'},
	{method: 'DELETE', path: '/organization/projects/{project_id}/service_accounts/{service_account_id}', name: 'deleteServiceAccount'},
	{method: 'POST', path: '/organization/projects/{project_id}/service_accounts/{service_account_id}/api_keys', name: 'createServiceAccountKey'},
	{method: 'GET', path: '/organization/users/{user_id}', name: 'getUser'},
];

const basePath = '/v1';

/** Where each key lives: every key the simulator ever made, with its organization and whether it is an admin key. */
interface KeyEntry {
	readonly org: Org;
	readonly key: Key;
	readonly kind: 'admin' | 'project';
}

/**
Creates the simulator. Same seed and clock, same organizations, users, projects and keys.
@example
const simulator = createOpenAISimulator({accounts: 1, tokens: 40});
const server = await startSimulatorServer(simulator);
await fetch(`${server.baseUrl}/organization/admin_api_keys`, {headers: {Authorization: `Bearer ${simulator.keyFor('openai-org-1')}`}});
*/
export function createOpenAISimulator(options: OpenAISimulatorOptions = {}): OpenAISimulator {
	const orgCount = count(options.accounts ?? 2, 'accounts', 1);
	const keysPerOrg = count(options.tokens ?? 25, 'tokens', 0);
	// Read as a plain string: a script may pass anything here.
	const deleteRule: string = options.serviceAccountKeyDelete ?? 'allowed';
	if (deleteRule !== 'allowed' && deleteRule !== 'refused') {
		throw new ConfigError(`serviceAccountKeyDelete must be 'allowed' or 'refused'; got "${deleteRule}"`, {provider: vendor});
	}

	const clock = options.now ?? Date.now;
	const limiter = createOpenAIRateLimiter(options.rateLimit ?? {});
	const root = createRandom(options.seed ?? 1);
	const seedRandom = root.fork(`${vendor}:seed`);
	const requestIds = root.fork(`${vendor}:request-ids`);
	const secrets: string[] = [];
	const minter = createMinter(root.fork(`${vendor}:keys`), secret => secrets.push(secret));
	const seededAt = clock();
	const orgs = Array.from({length: orgCount}, (_, position) => seedOrg(position + 1, keysPerOrg, {random: seedRandom.fork(`org-${position + 1}`), minter, now: seededAt}));
	const index = new Map<string, KeyEntry>();
	for (const org of orgs) {
		for (const key of org.adminKeys.values()) {
			index.set(key.secret, {org, key, kind: 'admin'});
		}

		for (const project of org.projects.values()) {
			for (const key of project.keys.values()) {
				index.set(key.secret, {org, key, kind: 'project'});
			}
		}
	}

	const churnLog: ChurnReport[] = [];
	const requestId = (): string => `req_${requestIds.hex(32)}`;
	const routes = createRoutes({
		minter,
		remember(org, key, kind) {
			index.set(key.secret, {org, key, kind});
		},
		serviceAccountKeyDelete: deleteRule,
	});

	/** The admin key a request carries, or the error OpenAI answers instead. */
	const authenticate = (request: SimRequest, now: number): {readonly org: Org; readonly key: Key} | SimResponse => {
		const header = request.headers.authorization;
		const match = typeof header === 'string' ? /^Bearer (\S+)$/.exec(header) : null;
		if (match === null) {
			return errorResponse(401, 'You didn\'t provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).', {code: null});
		}

		const value = match[1] ?? '';
		const entry = index.get(value);
		const live = entry !== undefined && (entry.kind === 'admin' ? entry.org.adminKeys.get(entry.key.id) === entry.key : [...entry.org.projects.values()].some(project => project.keys.get(entry.key.id) === entry.key));
		if (entry === undefined || !live || (entry.key.expiresAt !== null && entry.key.expiresAt <= now)) {
			// OpenAI quotes the key it was given, masked ([I]: the shape of its answer to a wrong key).
			return errorResponse(401, `Incorrect API key provided: ${value.slice(0, 8)}***${value.slice(-4)}. You can find your API key at https://platform.openai.com/account/api-keys.`, {code: 'invalid_api_key'});
		}

		if (entry.kind !== 'admin') {
			// A project or service-account key is a real key, but not one these routes take ([S]: AdminApiKeyAuth only; [I] the status).
			return errorResponse(401, 'You have insufficient permissions for this operation. Missing scopes: api.management.read. Check that you have the correct role in your organization (Owner), and if you\'re using a restricted API key, that it has the necessary scopes.', {code: null});
		}

		return {org: entry.org, key: entry.key};
	};

	const guarded = (spec: RouteSpec): RouteHandler => (request, params) => {
		const now = clock();
		const id = requestId();
		const started = now;
		const caller = authenticate(request, now);
		if ('status' in caller) {
			return withHeaders(caller, id, null, 0);
		}

		const verdict = limiter.hit(caller.org.id, now);
		if (!verdict.allowed) {
			return withHeaders(errorResponse(429, `Rate limit reached for requests in organization ${caller.org.id}. Please try again in ${verdict.retryAfterSeconds}s.`, {type: 'requests', code: 'rate_limit_exceeded', headers: {'retry-after': String(verdict.retryAfterSeconds)}}), id, caller.org, 0);
		}

		// Every call is a use of the key it carries, in whole seconds as OpenAI records it.
		caller.key.lastUsedAt = Math.floor(now / 1000) * 1000;
		const route = routes[spec.name];
		const response = route === undefined ? errorResponse(500, 'The server had an error while processing your request. Sorry about that!', {type: 'server_error'}) : route({org: caller.org, caller: caller.key, request, params, now});
		return withHeaders(response, id, caller.org, clock() - started);
	};

	const router = new Router();
	for (const spec of routeSpecs) {
		router.add(spec.method, `${basePath}${spec.path}`, guarded(spec));
	}

	const dispatch = (request: SimRequest): SimResponse => {
		const match = router.match(request.method, request.path);
		switch (match.kind) {
			case 'found': {
				return match.handler(request, match.params);
			}

			case 'method-not-allowed': {
				return withHeaders(errorResponse(405, `Invalid method for URL (${request.method} ${request.path})`, {headers: {Allow: match.allowed.join(', ')}}), requestId(), null, 0);
			}

			case 'not-found': {
				return withHeaders(errorResponse(404, `Invalid URL (${request.method} ${request.path})`), requestId(), null, 0);
			}
		}
	};

	const orgNamed = (name: string): Org => {
		const org = orgs.find(candidate => candidate.name === name);
		if (org === undefined) {
			throw new ConfigError(`no simulated organization named "${name}"; known: ${orgs.map(candidate => candidate.name).join(', ')}`, {provider: vendor});
		}

		return org;
	};

	const keyCount = (org: Org): number => [...org.projects.values()].reduce((sum, project) => sum + project.keys.size, org.adminKeys.size);

	return {
		vendor,
		basePath,
		handle(request) {
			try {
				return dispatch(request);
			} catch {
				return withHeaders(errorResponse(500, 'The server had an error while processing your request. Sorry about that!', {type: 'server_error'}), requestId(), null, 0);
			}
		},
		faultResponse(status, retryAfterSeconds) {
			if (status === 429) {
				return withHeaders(errorResponse(429, `Rate limit reached for requests. Please try again in ${retryAfterSeconds}s.`, {type: 'requests', code: 'rate_limit_exceeded', headers: {'retry-after': String(retryAfterSeconds)}}), requestId(), null, 0);
			}

			return withHeaders(errorResponse(status, status === 500 ? 'The server had an error while processing your request. Sorry about that!' : 'The server is overloaded or not ready yet.', {type: 'server_error'}), requestId(), null, 0);
		},
		accounts: (): SimAccountInfo[] => orgs.map(org => ({name: org.name, id: org.id, apiKey: org.credential.secret, tokens: keyCount(org)})),
		churn(request, random) {
			const header = request.headers.authorization;
			const org = (typeof header === 'string' ? index.get(header.replace(/^Bearer /, ''))?.org : undefined) ?? orgs[0];
			if (org !== undefined) {
				churnLog.push(churnOrg(org, random, {minter, now: clock(), remember: key => index.set(key.secret, {org, key, kind: 'project'})}));
			}
		},
		allSecrets: () => [...secrets],
		churnReports: () => [...churnLog],
		keyFor(name, kind = 'admin') {
			const org = orgNamed(name);
			if (kind === 'admin') {
				return org.credential.secret;
			}

			// One that would work anywhere but here: in a live project, unexpired.
			const wanted = kind === 'project' ? 'user' : 'service_account';
			const now = clock();
			const key = [...org.projects.values()].filter(project => !isArchived(project)).flatMap(project => [...project.keys.values()]).find(candidate => candidate.owner.type === wanted && (candidate.expiresAt === null || candidate.expiresAt > now));
			if (key === undefined) {
				throw new ConfigError(`organization ${name} has no ${kind} key; seed it with more tokens`, {provider: vendor});
			}

			return key.secret;
		},
		credentialIdFor: name => orgNamed(name).credential.id,
		adminKeys(name) {
			const org = orgNamed(name);
			return org.adminKeys.ordered('asc', null).map(key => adminKeyRepresentation(key, org));
		},
		projects: name => orgNamed(name).projects.ordered('asc', null).map(project => projectRepresentation(project)),
		projectKeys(name, projectId) {
			const org = orgNamed(name);
			const project = org.projects.get(projectId);
			if (project === undefined) {
				throw new ConfigError(`no project ${projectId} in ${name}`, {provider: vendor});
			}

			return project.keys.ordered('asc', null).map(key => projectKeyRepresentation(key, project, org));
		},
		users: name => [...orgNamed(name).users.values()].map(user => ({id: user.id, email: user.email, role: user.role, inOrg: user.inOrg})),
		removeUser(name, userId) {
			const user = orgNamed(name).users.get(userId);
			if (user === undefined) {
				throw new ConfigError(`no user ${userId} in ${name}`, {provider: vendor});
			}

			user.inOrg = false;
		},
	};
}

/** The headers OpenAI sends with every answer ([D]: the "Debugging requests" reference). */
function withHeaders(response: SimResponse, requestId: string, org: Org | null, processingMs: number): SimResponse {
	return {
		...response,
		headers: {
			'openai-version': '2020-10-01',
			'x-request-id': requestId,
			'openai-processing-ms': String(Math.max(1, Math.round(processingMs))),
			...(org === null ? {} : {'openai-organization': org.name}),
			...response.headers,
		},
	};
}

function count(value: number, name: string, minimum: number): number {
	if (!Number.isInteger(value) || value < minimum) {
		throw new ConfigError(`${name} must be a whole number of at least ${minimum}; got ${value}`, {provider: vendor});
	}

	return value;
}
