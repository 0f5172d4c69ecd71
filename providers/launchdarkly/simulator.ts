/**
An in-memory LaunchDarkly Access Tokens API (`/api/v2/tokens*`) for tests, demos and benchmarks, served by
`startSimulatorServer`. Every rule it follows is documented where it is implemented, with the docs/vendors/launchdarkly.md tag it
relies on; docs/simulators/launchdarkly.md is the user's summary.
*/
import {ConfigError} from '../../src/errors/index.js';
import {generateProfile, type SeededPerson} from '../../src/simulate/profiles.js';
import {createRandom, type Random} from '../../src/simulate/random.js';
import {Router, type RouteHandler} from '../../src/simulate/router.js';
import type {ChurnReport, SeedOptions, SimAccountInfo, SimRequest, SimResponse, VendorSimulator} from '../../src/simulate/types.js';
import type {CustomRole, Token} from './schema.js';
import {authenticate, type KeyIndex} from './simulator/access.js';
import {errorResponse} from './simulator/errors.js';
import {callerIdentityPath, credentialRoles, rolesPath, tokensPath, type Account, type CredentialRole, type Member, type RouteName} from './simulator/model.js';
import {createRateLimiter, type LaunchDarklyRateLimitOptions} from './simulator/rate-limit.js';
import {customRoleRepresentation, tokenRepresentation} from './simulator/represent.js';
import {createRoutes, requestApiVersion, type RouteCall} from './simulator/routes.js';
import {createMinter, seedAccount, tokenFromProfile} from './simulator/seed.js';

export type {LaunchDarklyRateLimitOptions} from './simulator/rate-limit.js';
export {rateLimitDefaults as launchDarklyRateLimitDefaults} from './simulator/rate-limit.js';
export type {CredentialRole as LaunchDarklyKeyRole, RouteName as LaunchDarklyRouteName} from './simulator/model.js';

export interface LaunchDarklySimulatorOptions extends SeedOptions {
	/**
	The account-wide global and per-route limits per ten-second window, or `false` for none. Make them small
	in tests. See {@link LaunchDarklyRateLimitOptions} for the defaults.
	@default {}
	*/
	readonly rateLimit?: false | LaunchDarklyRateLimitOptions | undefined;
	/**
	The largest `limit` the list honours; a larger one is clamped to it. The spec documents no maximum for
	tokens, so this is a choice.
	@default 1000
	*/
	readonly maxPageSize?: number | undefined;
	/** The account's cap on tokens, checked on create; `null` for none. Seeded tokens may exceed it. */
	readonly tokenCap?: {
		/**
		Service tokens per account; the vendor's documented default.
		@default 200
		*/
		readonly serviceTokens?: number | null | undefined;
		/**
		Personal tokens per member; the vendor documents none.
		@default null
		*/
		readonly personalTokensPerMember?: number | null | undefined;
	} | undefined;
}

export interface LaunchDarklySimulator extends VendorSimulator {
	/**
	The current secret of one of the simulator's own keys in `account` (by name, e.g. `launchdarkly-account-1`):
	- `admin`: a service token with the admin role (the key `accounts()` reports);
	- `owner`: a personal token of the account owner with the admin role;
	- `writer`, `reader`: personal tokens of a writer and of a reader member; they cannot manage tokens.
	@default 'admin'
	*/
	keyFor(account: string, role?: CredentialRole): string;
	/** The `_id` of that key's token. */
	tokenIdFor(account: string, role?: CredentialRole): string;
	/** Every token of `account` as the API shows one (last four characters only), in list order. */
	tokens(account: string): Token[];
	/** Every custom role of `account` as `GET /api/v2/roles` shows one. */
	customRoles(account: string): CustomRole[];
}

const vendor = 'launchdarkly';

/**
Creates the simulator. Same seed and clock, same accounts, members, tokens and keys.
@example
const simulator = createLaunchDarklySimulator({accounts: 1, tokens: 40, rateLimit: {global: 5}});
const server = await startSimulatorServer(simulator);
await fetch(`${server.baseUrl}/api/v2/tokens?showAll=true`, {headers: {Authorization: simulator.keyFor('launchdarkly-account-1')}});
*/
export function createLaunchDarklySimulator(options: LaunchDarklySimulatorOptions = {}): LaunchDarklySimulator {
	const accountCount = count(options.accounts ?? 2, 'accounts', 1);
	const tokensPerAccount = count(options.tokens ?? 25, 'tokens', 0);
	const maxPageSize = count(options.maxPageSize ?? 1000, 'maxPageSize', 1);
	const maxServiceTokens = cap(options.tokenCap?.serviceTokens, 200, 'tokenCap.serviceTokens');
	const maxPersonalTokensPerMember = cap(options.tokenCap?.personalTokensPerMember, null, 'tokenCap.personalTokensPerMember');
	const clock = options.now ?? Date.now;
	const limiter = createRateLimiter(options.rateLimit ?? {});

	const root = createRandom(options.seed ?? 1);
	const seedRandom = root.fork(`${vendor}:seed`);
	const requestIds = root.fork(`${vendor}:request-ids`);
	// Every key is minted once and never repeats, so a list is enough: no hashing per seeded token.
	const secrets: string[] = [];
	const churnLog: ChurnReport[] = [];
	const minter = createMinter(root.fork(`${vendor}:keys`), key => secrets.push(key));
	// Forked last, so the streams above are what they were before it existed.
	const later = root.fork(`${vendor}:seed-later`);
	const seededAt = clock();
	const accounts = Array.from({length: accountCount}, (_, position) => seedAccount(position + 1, tokensPerAccount, {random: seedRandom.fork(`account-${position + 1}`), minter, now: seededAt, later}));
	const index: KeyIndex = new Map();
	for (const account of accounts) {
		for (const token of account.tokens.all()) {
			index.set(token.secret, {account, tokenId: token.id});
		}
	}

	const requestId = (): string => requestIds.uuid();
	const routes = createRoutes({now: clock, minter, index, maxPageSize, maxServiceTokens, maxPersonalTokensPerMember, requestId});

	/** Authenticates, counts the request against the rate limits, settles the API version, then runs the route. */
	const guarded = (route: RouteName): RouteHandler => (request, params) => {
		const now = clock();
		const caller = authenticate(index, request.headers.authorization, now);
		if (caller === null) {
			return errorResponse(401, 'invalid access token: send the raw token in the Authorization header', requestId());
		}

		const verdict = limiter.hit(caller.account.id, route, now);
		if (!verdict.allowed) {
			return errorResponse(429, 'rate limit exceeded; wait for the reset time and try again', requestId(), verdict.headers);
		}

		const apiVersion = requestApiVersion(request.headers['ld-api-version'], caller.token.defaultApiVersion);
		if (apiVersion === null) {
			return errorResponse(400, 'LD-API-Version must be an API version such as 20240415, or beta', requestId(), verdict.headers);
		}

		// A request the token carried through counts as a use (docs/vendors/launchdarkly.md [D]: `lastUsed` is epoch ms, 0 for never); it is
		// set before the route runs, so an answer about the token itself shows it. A request refused with a 4xx
		// (rate limited, forbidden, malformed, not found) did nothing with the token's access, so the use is taken
		// back ([I]: the vendor does not say; recording refusals would make a stolen key probing an account look live).
		const previousUse = caller.token.lastUsed;
		caller.token.lastUsed = now;
		const call: RouteCall = {caller, request, id: params['id'] ?? '', apiVersion};
		const response = routes[route](call);
		if (response.status >= 400 && response.status < 500) {
			caller.token.lastUsed = previousUse;
		}

		return {...response, headers: {...verdict.headers, ...response.headers}};
	};

	const router = new Router()
		.add('GET', tokensPath, guarded('getTokens'))
		.add('POST', tokensPath, guarded('postToken'))
		.add('GET', `${tokensPath}/{id}`, guarded('getToken'))
		.add('PATCH', `${tokensPath}/{id}`, guarded('patchToken'))
		.add('DELETE', `${tokensPath}/{id}`, guarded('deleteToken'))
		.add('POST', `${tokensPath}/{id}/reset`, guarded('resetToken'))
		.add('GET', rolesPath, guarded('getCustomRoles'))
		.add('GET', callerIdentityPath, guarded('getCallerIdentity'));

	const dispatch = (request: SimRequest): SimResponse => {
		// docs/vendors/launchdarkly.md [S]: `X-HTTP-Method-Override` tunnels PATCH, DELETE and PUT through POST.
		const override = request.headers['x-http-method-override'];
		const tunnelled = request.method === 'POST' && typeof override === 'string' && ['PATCH', 'DELETE', 'PUT'].includes(override.toUpperCase());
		const method = tunnelled ? override.toUpperCase() : request.method;
		const match = router.match(method, request.path);
		switch (match.kind) {
			case 'found': {
				return match.handler(request, match.params);
			}

			case 'method-not-allowed': {
				return errorResponse(405, `${method} is not allowed on ${request.path}`, requestId(), {Allow: match.allowed.join(', ')});
			}

			case 'not-found': {
				return errorResponse(404, `no resource at ${request.path}`, requestId());
			}
		}
	};

	const accountNamed = (name: string): Account => {
		const account = accounts.find(candidate => candidate.name === name);
		if (account === undefined) {
			throw new ConfigError(`no simulated account named "${name}"; known: ${accounts.map(candidate => candidate.name).join(', ')}`, {provider: vendor});
		}

		return account;
	};

	return {
		vendor,
		// Routes carry the full `/api/v2/...` path, so the base URL is the bare origin, as `https://app.launchdarkly.com` is.
		basePath: '',
		handle(request) {
			try {
				return dispatch(request);
			} catch {
				return errorResponse(500, 'internal error in the simulator', requestId());
			}
		},
		faultResponse(status, retryAfterSeconds) {
			if (status === 429) {
				return errorResponse(429, 'rate limit exceeded; wait for the reset time and try again', requestId(), limiter.refusalHeaders(retryAfterSeconds));
			}

			return errorResponse(status, status === 500 ? 'internal server error' : 'service temporarily unavailable', requestId());
		},
		accounts: (): SimAccountInfo[] => accounts.map(account => ({
			name: account.name,
			id: account.id,
			apiKey: account.credentials.admin.secret,
			tokens: account.tokens.size,
		})),
		churn(request, random) {
			const account = authenticate(index, request.headers.authorization, clock())?.account ?? accounts[0];
			if (account !== undefined) {
				churnAccount(account, random);
			}
		},
		allSecrets: () => [...secrets],
		churnReports: () => [...churnLog],
		keyFor: (account, role = 'admin') => accountNamed(account).credentials[checkRole(role)].secret,
		tokenIdFor: (account, role = 'admin') => accountNamed(account).credentials[checkRole(role)].id,
		tokens(name) {
			const account = accountNamed(name);
			return account.tokens.all().map(token => tokenRepresentation(account, token, false));
		},
		customRoles: name => accountNamed(name).customRoles.map(role => customRoleRepresentation(role)),
	};

	/**
	Someone in the UI makes a token, deletes another and renames a third (seeded or churned ones, never one a client
	made), each reported in `churnReports()`.
	*/
	function churnAccount(account: Account, random: Random): void {
		const now = clock();
		let created: string | undefined;
		const memberOf = new Map<SeededPerson, Member>([...account.members.values()].map(member => [{firstName: member.firstName, lastName: member.lastName, email: member.email}, member]));
		const [first, ...rest] = memberOf.keys();
		if (first !== undefined) {
			account.churned++;
			const profile = generateProfile(random, 1000 + account.churned, now, [first, ...rest]);
			const member = memberOf.get(profile.owner) ?? account.owner;
			const token = tokenFromProfile({...profile, createdAt: now, lastUsedAt: null, name: `churn-${account.churned}`}, account, member, 'churn', {random, minter, now, later: random});
			account.tokens.add(token);
			index.set(token.secret, {account, tokenId: token.id});
			created = token.id;
		}

		const candidates = account.tokens.all().filter(token => (token.origin === 'seed' || token.origin === 'churn') && token.creationDate < now);
		const victim = candidates[random.int(0, candidates.length - 1)];
		if (victim !== undefined) {
			account.tokens.remove(victim);
			for (const secret of [victim.secret, ...victim.graceKeys.map(grace => grace.secret)]) {
				index.delete(secret);
			}
		}

		// Drawn after the create and the delete, so those stay what they were before renames were made.
		const renamable = candidates.filter(token => token !== victim);
		const renamed = renamable[random.int(0, renamable.length - 1)];
		if (renamed !== undefined) {
			renamed.name = `${renamed.name ?? 'token'}-renamed`;
			renamed.lastModified = now;
		}

		churnLog.push({
			account: account.name,
			created: created === undefined ? [] : [created],
			removed: victim === undefined ? [] : [victim.id],
			changed: renamed === undefined ? [] : [{id: renamed.id, change: 'renamed'}],
		});
	}
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

function cap(value: number | null | undefined, fallback: number | null, name: string): number | null {
	const chosen = value === undefined ? fallback : value;
	return chosen === null ? null : count(chosen, name, 0);
}
