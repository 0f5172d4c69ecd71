/**
An in-memory Datadog org API for tests, demos and benchmarks: API keys, application keys (the org's, the caller's own,
and service accounts'), personal and service access tokens, and the users they name (`/api/v2/...`). Served by
`startSimulatorServer`. Every rule it follows is documented where it is implemented, with the docs/vendors/datadog.md
tag it relies on; docs/simulators/datadog.md is the user's summary.
*/
import {ConfigError} from '../../src/errors/index.js';
import {createRandom} from '../../src/simulate/random.js';
import {Router, type RouteHandler} from '../../src/simulate/router.js';
import type {ChurnReport, SeedOptions, SimAccountInfo, SimRequest, SimResponse, VendorSimulator} from '../../src/simulate/types.js';
import {authenticate, holdsAny} from './simulator/access.js';
import {churnOrg} from './simulator/churn.js';
import {errorResponse} from './simulator/errors.js';
import {credentialRoles, type CredentialRole, type SimOrg} from './simulator/model.js';
import {createDatadogRateLimiter, type DatadogRateLimitOptions, type DatadogSimBucket} from './simulator/rate-limit.js';
import {accessTokenWire, apiKeyWire, applicationKeyWire} from './simulator/represent.js';
import {createRoutes} from './simulator/routes.js';
import {createMinter, seedOrg} from './simulator/seed.js';
import {createStore} from './simulator/store.js';

export type {DatadogRateLimitOptions} from './simulator/rate-limit.js';
export {datadogRateLimitDefaults} from './simulator/rate-limit.js';
export type {CredentialRole as DatadogKeyRole} from './simulator/model.js';

export interface DatadogSimulatorOptions extends SeedOptions {
	/**
	Datadog's limits per org and endpoint, or `false` for none. See {@link DatadogRateLimitOptions} for the defaults.
	@default {}
	*/
	readonly rateLimit?: false | DatadogRateLimitOptions | undefined;
}

/** An account as the simulator reports it: the common fields, and the application key beside the API key. */
export interface DatadogSimAccountInfo extends SimAccountInfo {
	readonly applicationKey: string;
}

export interface DatadogSimulator extends VendorSimulator {
	readonly vendor: 'datadog';
	accounts(): DatadogSimAccountInfo[];
	/**
	The keys of one of the simulator's own credentials in `org` (e.g. `datadog-org-1`). The API key is the org's
	`tokenkit-admin` key in every case; the application key is:
	- `admin`: the admin's, unscoped (the one `accounts()` reports);
	- `auditor`: a user's whose custom role reads every key and user and changes nothing;
	- `standard`: a user's with the Datadog Standard Role, which may read API keys but not other users' keys;
	- `api-keys-only`: the admin's, scoped to `api_keys_read`;
	- `service-account`: the `ci-automation` service account's (Datadog Admin Role), unscoped.
	@default 'admin'
	*/
	keysFor(org: string, role?: CredentialRole): {readonly apiKey: string; readonly applicationKey: string};
	/** The id of that role's application key. */
	applicationKeyIdFor(org: string, role?: CredentialRole): string;
	/** The user id that role's application key acts as. */
	userIdFor(org: string, role?: CredentialRole): string;
	/** The org's service accounts: id and email. */
	serviceAccounts(org: string): Array<{readonly id: string; readonly email: string}>;
	/** The org's users (service accounts too): id, email, whether disabled or a service account, role names. */
	users(org: string): Array<{readonly id: string; readonly email: string; readonly disabled: boolean; readonly serviceAccount: boolean; readonly roles: string[]}>;
	/** Disables or enables a user, as an admin would in Organization Settings. */
	setUserDisabled(org: string, userId: string, disabled: boolean): void;
	/** Every key of the org as a list shows it: API keys, application keys, access tokens (no secret in any). */
	keys(org: string): {readonly apiKeys: unknown[]; readonly applicationKeys: unknown[]; readonly accessTokens: unknown[]};
	/** The whole secret of a live key by its Datadog id, any kind; undefined once deleted. */
	secretOf(id: string): string | undefined;
}

const vendor = 'datadog';

interface RouteSpec {
	readonly method: string;
	readonly path: string;
	readonly name: string;
	/** The route's `x-permission` (OR) [S][S+]; empty where the handler decides (a personal access token's owner). */
	readonly permissions: readonly string[];
	readonly bucket: DatadogSimBucket;
}

const serviceAccountKeys = '/api/v2/service_accounts/{service_account_id}/application_keys';
const serviceAccountTokens = '/api/v2/service_accounts/{service_account_id}/access_tokens';
const tokenRead = ['user_app_keys', 'org_app_keys_read'];
const tokenWrite = ['user_app_keys', 'org_app_keys_write'];

/** The routes, as the spec writes them, with their permissions (docs/vendors/datadog.md, auth [S][S+]). */
const routeSpecs: readonly RouteSpec[] = [
	{method: 'GET', path: '/api/v2/api_keys', name: 'listApiKeys', permissions: ['api_keys_read'], bucket: 'api_keys'},
	{method: 'POST', path: '/api/v2/api_keys', name: 'createApiKey', permissions: ['api_keys_write'], bucket: 'api_keys'},
	{method: 'GET', path: '/api/v2/api_keys/{api_key_id}', name: 'getApiKey', permissions: ['api_keys_read'], bucket: 'api_keys'},
	{method: 'PATCH', path: '/api/v2/api_keys/{api_key_id}', name: 'updateApiKey', permissions: ['api_keys_write'], bucket: 'api_keys'},
	{method: 'DELETE', path: '/api/v2/api_keys/{api_key_id}', name: 'deleteApiKey', permissions: ['api_keys_delete'], bucket: 'api_keys'},
	{method: 'GET', path: '/api/v2/application_keys', name: 'listApplicationKeys', permissions: ['org_app_keys_read'], bucket: 'application_keys'},
	{method: 'GET', path: '/api/v2/application_keys/{app_key_id}', name: 'getApplicationKey', permissions: ['org_app_keys_read'], bucket: 'application_keys'},
	{method: 'PATCH', path: '/api/v2/application_keys/{app_key_id}', name: 'updateApplicationKey', permissions: ['org_app_keys_write'], bucket: 'application_keys'},
	{method: 'DELETE', path: '/api/v2/application_keys/{app_key_id}', name: 'deleteApplicationKey', permissions: ['org_app_keys_write'], bucket: 'application_keys'},
	{method: 'GET', path: '/api/v2/current_user/application_keys', name: 'listCurrentUserApplicationKeys', permissions: ['user_app_keys'], bucket: 'current_user_application_keys'},
	{method: 'POST', path: '/api/v2/current_user/application_keys', name: 'createCurrentUserApplicationKey', permissions: ['user_app_keys'], bucket: 'current_user_application_keys'},
	{method: 'GET', path: '/api/v2/current_user/application_keys/{app_key_id}', name: 'getCurrentUserApplicationKey', permissions: ['user_app_keys'], bucket: 'current_user_application_keys'},
	{method: 'PATCH', path: '/api/v2/current_user/application_keys/{app_key_id}', name: 'updateCurrentUserApplicationKey', permissions: ['user_app_keys'], bucket: 'current_user_application_keys'},
	{method: 'DELETE', path: '/api/v2/current_user/application_keys/{app_key_id}', name: 'deleteCurrentUserApplicationKey', permissions: ['user_app_keys'], bucket: 'current_user_application_keys'},
	{method: 'GET', path: serviceAccountKeys, name: 'listServiceAccountApplicationKeys', permissions: ['service_account_write'], bucket: 'service_account_application_keys'},
	{method: 'POST', path: serviceAccountKeys, name: 'createServiceAccountApplicationKey', permissions: ['service_account_write'], bucket: 'service_account_application_keys'},
	{method: 'GET', path: `${serviceAccountKeys}/{app_key_id}`, name: 'getServiceAccountApplicationKey', permissions: ['service_account_write'], bucket: 'service_account_application_keys'},
	{method: 'PATCH', path: `${serviceAccountKeys}/{app_key_id}`, name: 'updateServiceAccountApplicationKey', permissions: ['service_account_write'], bucket: 'service_account_application_keys'},
	{method: 'DELETE', path: `${serviceAccountKeys}/{app_key_id}`, name: 'deleteServiceAccountApplicationKey', permissions: ['service_account_write'], bucket: 'service_account_application_keys'},
	{method: 'GET', path: '/api/v2/personal_access_tokens', name: 'listPersonalAccessTokens', permissions: tokenRead, bucket: 'personal_access_tokens'},
	{method: 'POST', path: '/api/v2/personal_access_tokens', name: 'createPersonalAccessToken', permissions: ['user_app_keys'], bucket: 'personal_access_tokens'},
	{method: 'GET', path: '/api/v2/personal_access_tokens/{token_id}', name: 'getPersonalAccessToken', permissions: tokenRead, bucket: 'personal_access_tokens'},
	{method: 'PATCH', path: '/api/v2/personal_access_tokens/{token_id}', name: 'updatePersonalAccessToken', permissions: tokenWrite, bucket: 'personal_access_tokens'},
	{method: 'DELETE', path: '/api/v2/personal_access_tokens/{token_id}', name: 'revokePersonalAccessToken', permissions: tokenWrite, bucket: 'personal_access_tokens'},
	{method: 'GET', path: serviceAccountTokens, name: 'listServiceAccountAccessTokens', permissions: ['service_account_write'], bucket: 'service_account_access_tokens'},
	{method: 'POST', path: serviceAccountTokens, name: 'createServiceAccountAccessToken', permissions: ['service_account_write'], bucket: 'service_account_access_tokens'},
	{method: 'GET', path: `${serviceAccountTokens}/{token_id}`, name: 'getServiceAccountAccessToken', permissions: ['service_account_write'], bucket: 'service_account_access_tokens'},
	{method: 'PATCH', path: `${serviceAccountTokens}/{token_id}`, name: 'updateServiceAccountAccessToken', permissions: ['service_account_write'], bucket: 'service_account_access_tokens'},
	{method: 'DELETE', path: `${serviceAccountTokens}/{token_id}`, name: 'revokeServiceAccountAccessToken', permissions: ['service_account_write'], bucket: 'service_account_access_tokens'},
	{method: 'GET', path: '/api/v2/users/{user_id}', name: 'getUser', permissions: ['user_access_read'], bucket: 'users'},
];

/**
Creates the simulator. Same seed and clock, same orgs, users, keys and tokens.
@example
const simulator = createDatadogSimulator({accounts: 1, tokens: 40});
const server = await startSimulatorServer(simulator);
const {apiKey, applicationKey} = simulator.keysFor('datadog-org-1');
await fetch(`${server.baseUrl}/api/v2/api_keys?page[size]=100`, {headers: {'DD-API-KEY': apiKey, 'DD-APPLICATION-KEY': applicationKey}});
*/
export function createDatadogSimulator(options: DatadogSimulatorOptions = {}): DatadogSimulator {
	const orgCount = count(options.accounts ?? 2, 'accounts', 1);
	const tokensPerOrg = count(options.tokens ?? 25, 'tokens', 0);
	const clock = options.now ?? Date.now;
	const limiter = createDatadogRateLimiter(options.rateLimit ?? {});
	const root = createRandom(options.seed ?? 1);
	const seedRandom = root.fork(`${vendor}:seed`);
	const apiRandom = root.fork(`${vendor}:api`);
	const secrets: string[] = [];
	const minter = createMinter(root.fork(`${vendor}:keys`), secret => secrets.push(secret));
	const seededAt = clock();
	const store = createStore(Array.from({length: orgCount}, (_, position) => seedOrg(position + 1, tokensPerOrg, {random: seedRandom.fork(`org-${position + 1}`), minter, now: seededAt})));
	const routes = createRoutes({store, minter, random: apiRandom});
	const churnLog: ChurnReport[] = [];

	const guarded = (spec: RouteSpec): RouteHandler => (request, params) => {
		const now = clock();
		const authentication = authenticate(store.index, request.headers, now);
		if (!authentication.ok) {
			return errorResponse(authentication.status, authentication.message);
		}

		const {caller} = authentication;
		const verdict = limiter.hit(caller.org.id, spec.bucket, now);
		if (!verdict.allowed) {
			return errorResponse(429, 'Too many requests', verdict.headers);
		}

		// Every call is a use of the keys it carries.
		for (const used of [caller.apiKey, caller.applicationKey, caller.accessToken]) {
			if (used !== null) {
				used.lastUsedAt = now;
			}
		}

		store.sweepExpired(caller.org, now);
		if (spec.permissions.length > 0 && !holdsAny(caller, spec.permissions)) {
			return errorResponse(403, 'Forbidden', verdict.headers);
		}

		const route = routes[spec.name];
		const response = route === undefined ? errorResponse(500, 'Internal Server Error') : route({caller, request, params, now});
		return {...response, headers: {...verdict.headers, ...response.headers}};
	};

	const router = new Router();
	for (const spec of routeSpecs) {
		router.add(spec.method, spec.path, guarded(spec));
	}

	const orgNamed = (name: string): SimOrg => {
		const org = store.orgs.find(candidate => candidate.name === name);
		if (org === undefined) {
			throw new ConfigError(`no simulated org named "${name}"; known: ${store.orgs.map(candidate => candidate.name).join(', ')}`, {provider: vendor});
		}

		return org;
	};

	const keysOf = (org: SimOrg, role: CredentialRole): {apiKey: string; applicationKey: string} => {
		const apiKey = org.apiKeys.get(org.credentials.apiKeyId)?.key;
		const applicationKey = org.applicationKeys.get(org.credentials.applicationKeyIds[checkRole(role)])?.key;
		if (apiKey === undefined || applicationKey === undefined) {
			throw new ConfigError(`the ${role} credential of ${org.name} was deleted`, {provider: vendor});
		}

		return {apiKey, applicationKey};
	};

	return {
		vendor,
		// Routes carry the full `/api/v2/...` path: the base URL is the site's API origin, as `https://api.datadoghq.com` is.
		basePath: '',
		handle(request: SimRequest): SimResponse {
			try {
				const match = router.match(request.method, request.path);
				switch (match.kind) {
					case 'found': {
						return match.handler(request, match.params);
					}

					case 'method-not-allowed': {
						return errorResponse(405, 'Method Not Allowed', {allow: match.allowed.join(', ')});
					}

					case 'not-found': {
						return errorResponse(404, 'Not found');
					}
				}
			} catch (error) {
				// A path with a broken %-escape matches nothing; anything else is the simulator's own bug, shown as Datadog shows its own.
				return error instanceof URIError ? errorResponse(404, 'Not found') : errorResponse(500, 'Internal Server Error');
			}
		},
		faultResponse(status, retryAfterSeconds) {
			// Datadog says when to come back in X-RateLimit-Reset (seconds), not in Retry-After [D rate-limits doc].
			return status === 429
				? errorResponse(429, 'Too many requests', limiter.refusalHeaders(retryAfterSeconds))
				: errorResponse(status, status === 500 ? 'Internal Server Error' : 'Service Unavailable');
		},
		// `tokens` counts what a provider lists by default: API keys, application keys and access tokens.
		accounts: (): DatadogSimAccountInfo[] => store.orgs.map(org => {
			store.sweepExpired(org, clock());
			return {name: org.name, id: org.id, ...keysOf(org, 'admin'), tokens: org.apiKeys.size + org.applicationKeys.size + org.accessTokens.size};
		}),
		churn(request, random) {
			const authentication = authenticate(store.index, request.headers, clock());
			const org = authentication.ok ? authentication.caller.org : store.orgs[0];
			if (org !== undefined) {
				churnLog.push(churnOrg(org, random, {store, minter, now: clock()}));
			}
		},
		allSecrets: () => [...secrets],
		churnReports: () => [...churnLog],
		keysFor: (org, role = 'admin') => keysOf(orgNamed(org), role),
		applicationKeyIdFor: (org, role = 'admin') => orgNamed(org).credentials.applicationKeyIds[checkRole(role)],
		userIdFor(org, role = 'admin') {
			const named = orgNamed(org);
			const key = named.applicationKeys.get(named.credentials.applicationKeyIds[checkRole(role)]);
			if (key === undefined) {
				throw new ConfigError(`the ${role} credential of ${org} was deleted`, {provider: vendor});
			}

			return key.ownerId;
		},
		serviceAccounts: org => [...orgNamed(org).users.values()].filter(user => user.serviceAccount).map(user => ({id: user.id, email: user.email})),
		users(org) {
			const named = orgNamed(org);
			return [...named.users.values()].map(user => ({id: user.id, email: user.email, disabled: user.disabled, serviceAccount: user.serviceAccount, roles: user.roleIds.flatMap(id => named.roles.get(id)?.name ?? [])}));
		},
		setUserDisabled(org, userId, disabled) {
			const user = orgNamed(org).users.get(userId);
			if (user === undefined) {
				throw new ConfigError(`no user ${userId} in ${org}`, {provider: vendor});
			}

			user.disabled = disabled;
		},
		keys(org) {
			const named = orgNamed(org);
			const now = clock();
			return {
				apiKeys: [...named.apiKeys.values()].map(key => apiKeyWire(key, now, false)),
				applicationKeys: [...named.applicationKeys.values()].map(key => applicationKeyWire(key, {withKey: false, withOwner: true})),
				accessTokens: [...named.accessTokens.values()].map(token => accessTokenWire(token, false)),
			};
		},
		secretOf(id) {
			for (const org of store.orgs) {
				const key = org.apiKeys.get(id)?.key ?? org.applicationKeys.get(id)?.key ?? org.accessTokens.get(id)?.key;
				if (key !== undefined) {
					return key;
				}
			}

			return undefined;
		},
	};
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
