/**
An in-memory Cloudflare API tokens service (user tokens `/user/tokens*`, account tokens
`/accounts/{account_id}/tokens*`, `/user`) for tests, demos and benchmarks, served by `startSimulatorServer` under
`/client/v4`, as `https://api.cloudflare.com/client/v4`. Every rule it follows is documented where it is
implemented, with the docs/vendors/cloudflare.md tag it relies on; docs/simulators/cloudflare.md is the user's summary.
*/
import {ConfigError} from '../../src/errors/index.js';
import {generateProfile} from '../../src/simulate/profiles.js';
import {createRandom, type Random} from '../../src/simulate/random.js';
import {Router, type RouteHandler} from '../../src/simulate/router.js';
import type {ChurnReport, SeedOptions, SimAccountInfo, SimRequest, SimResponse, VendorSimulator} from '../../src/simulate/types.js';
import {addressAllowed, authenticate, permits, type KeyIndex} from './simulator/access.js';
import {errors, success} from './simulator/envelope.js';
import {cloudflareKeyRoles, userKey, type CloudflareKeyRole, type SimAccount, type StoredToken} from './simulator/model.js';
import {createRateLimiter, type CloudflareRateLimitOptions} from './simulator/rate-limit.js';
import {tokenWire} from './simulator/represent.js';
import {allowed, createRoutes, type RouteCall, type Scope} from './simulator/routes.js';
import {createMinter, seedAccount, tokenFromProfile} from './simulator/seed.js';

export {cloudflareKeyRoles, permissionGroups as cloudflarePermissionGroups, type CloudflareKeyRole} from './simulator/model.js';
export {cloudflareRateLimitDefaults, type CloudflareRateLimitOptions} from './simulator/rate-limit.js';

export interface CloudflareSimulatorOptions extends SeedOptions {
	/** The per-token limit and the block after it; `false` turns it off. @default cloudflareRateLimitDefaults */
	readonly rateLimit?: false | CloudflareRateLimitOptions | undefined;
	/** Token quotas checked on create: 50 user tokens per user and 500 account tokens per account [D]. Seeded tokens may exceed them. */
	readonly quota?: {readonly user?: number | undefined; readonly account?: number | undefined} | undefined;
}

/** An account as `accounts()` reports it: an account's tokens, or its administrator's user tokens (`scope: 'user'`). */
export interface CloudflareSimAccountInfo extends SimAccountInfo {
	readonly scope: 'account' | 'user';
}

export interface CloudflareSimulator extends VendorSimulator {
	readonly vendor: 'cloudflare';
	accounts(): CloudflareSimAccountInfo[];
	/** A key of `account` (the label `cloudflare-account-N` or `cloudflare-user-N`). @default role 'admin' */
	keyFor(account: string, role?: CloudflareKeyRole): string;
	/** The token id of that key. */
	tokenIdFor(account: string, role?: CloudflareKeyRole): string;
	/** The 32-hex id of `account`. */
	accountId(account: string): string;
	/** The account's zones (ids and names), for policies that name one. */
	zones(account: string): ReadonlyArray<{readonly id: string; readonly name: string}>;
	/** The tokens of an entry as a get shows them: an account's (`cloudflare-account-N`) or its administrator's (`cloudflare-user-N`). */
	tokens(account: string): Array<Record<string, unknown>>;
	/** The current secret of a live token, by id; undefined once deleted. */
	secretOf(tokenId: string): string | undefined;
}

const vendor = 'cloudflare';
const basePath = '/client/v4';

/**
Creates the simulator. Same seed and clock, same accounts, users, tokens and keys. Each account has three zones,
an administrator with user tokens, and the simulator's own keys (see {@link CloudflareKeyRole}).
@example
const simulator = createCloudflareSimulator({accounts: 1, tokens: 60});
const server = await startSimulatorServer(simulator);
await fetch(`${server.baseUrl}/accounts/${simulator.accountId('cloudflare-account-1')}/tokens?per_page=50`, {headers: {Authorization: `Bearer ${simulator.keyFor('cloudflare-account-1')}`}});
*/
export function createCloudflareSimulator(options: CloudflareSimulatorOptions = {}): CloudflareSimulator {
	const accountCount = whole(options.accounts ?? 2, 'accounts', 1);
	const tokensPerAccount = whole(options.tokens ?? 25, 'tokens', 0);
	const quota = {user: whole(options.quota?.user ?? 50, 'quota.user', 0), account: whole(options.quota?.account ?? 500, 'quota.account', 0)};
	const clock = options.now ?? Date.now;
	const limiter = createRateLimiter(options.rateLimit ?? {});
	const root = createRandom(options.seed ?? 1);
	const secrets: string[] = [];
	const churnLog: ChurnReport[] = [];
	const minter = createMinter(root.fork(`${vendor}:keys`), secret => secrets.push(secret));
	const seededAt = clock();
	const accounts: SimAccount[] = Array.from({length: accountCount}, (_, position) => seedAccount(position + 1, tokensPerAccount, {random: root.fork(`${vendor}:account-${position + 1}`), minter, now: seededAt}));
	const index: KeyIndex = new Map();
	for (const account of accounts) {
		for (const token of [...account.tokens.values(), ...account.admin.tokens.values()]) {
			index.set(token.secret, token);
		}
	}

	const routes = createRoutes({minter, index, accounts, quota});

	/** The scope a path names, or the answer that refuses it. */
	const resolveScope = (caller: StoredToken, accountId: string | undefined): Scope | SimResponse => {
		if (accountId === undefined) {
			if (caller.owner.kind !== 'user') {
				// User routes take user tokens only: an account token is not a valid token there [I].
				return errors.invalidToken();
			}

			const userId = caller.owner.userId;
			const user = accounts.find(account => account.admin.id === userId)?.admin;
			return user === undefined ? errors.invalidToken() : {kind: 'user', user};
		}

		if (!/^[\da-f]{32}$/.test(accountId)) {
			return errors.noRoute();
		}

		const account = accounts.find(candidate => candidate.id === accountId);
		const reaches = account !== undefined && (caller.owner.kind === 'account'
			? caller.owner.accountId === account.id
			: account.admin.id === caller.owner.userId);
		// An account the caller is no member of looks like one that does not exist [I].
		return account === undefined || !reaches ? errors.unauthorized() : {kind: 'account', account};
	};

	type Handler = (call: RouteCall) => SimResponse;
	type Access = 'read' | 'write' | 'verify' | 'none';

	/** Authentication, rate limit, the token's IP condition, the scope and its permission, then the route; a use is recorded on success. */
	const guarded = (access: Access, handler: Handler): RouteHandler => (request, params) => {
		const now = clock();
		const authentication = authenticate(index, request.headers.authorization, now);
		if (!authentication.ok) {
			return authentication.reason === 'missing' ? errors.missingAuth() : errors.invalidToken();
		}

		const caller = authentication.token;
		const verdict = limiter.hit(caller.id, now);
		const withRate = (response: SimResponse): SimResponse => ({...response, headers: {...verdict.headers, ...response.headers}});
		if (!verdict.allowed) {
			return withRate(errors.rateLimited({}));
		}

		if (!addressAllowed(caller.requestIp, request.remoteAddress)) {
			return withRate(errors.location(request.remoteAddress));
		}

		const scope = resolveScope(caller, params['account_id']);
		if ('status' in scope) {
			return withRate(scope);
		}

		const tokenId = params['token_id'] ?? '';
		if (tokenId.length > 32) {
			return withRate(errors.noRoute());
		}

		const call: RouteCall = {request, caller, scope, tokenId, now};
		const permitted = access === 'none'
			|| (access === 'verify' ? scope.kind === caller.owner.kind : allowed(call, access));
		if (!permitted) {
			return withRate(access === 'verify' ? errors.invalidToken() : errors.unauthorized());
		}

		const response = handler(call);
		if (response.status < 300) {
			caller.lastUsedOn = now;
		}

		return withRate(response);
	};

	const getUser: Handler = call => {
		if (call.scope.kind !== 'user' || !permits(call.caller, ['User Details Read'], userKey(call.scope.user.id))) {
			return errors.unauthorized();
		}

		return success({id: call.scope.user.id, email: call.scope.user.email, suspended: false});
	};

	const router = new Router();
	for (const prefix of [`${basePath}/user/tokens`, `${basePath}/accounts/{account_id}/tokens`]) {
		router
			.add('GET', `${prefix}/verify`, guarded('verify', routes.verify))
			.add('GET', `${prefix}/permission_groups`, guarded('read', routes.permissionGroups))
			.add('GET', prefix, guarded('read', routes.list))
			.add('POST', prefix, guarded('write', routes.create))
			.add('GET', `${prefix}/{token_id}`, guarded('read', routes.get))
			.add('PUT', `${prefix}/{token_id}`, guarded('write', routes.update))
			.add('DELETE', `${prefix}/{token_id}`, guarded('write', routes.remove))
			.add('PUT', `${prefix}/{token_id}/value`, guarded('write', routes.roll));
	}

	router.add('GET', `${basePath}/user`, guarded('none', getUser));

	const dispatch = (request: SimRequest): SimResponse => {
		const match = router.match(request.method, request.path);
		switch (match.kind) {
			case 'found': {
				return match.handler(request, match.params);
			}

			case 'method-not-allowed': {
				return errors.methodNotAllowed();
			}

			case 'not-found': {
				return errors.notFound();
			}
		}
	};

	const accountNamed = (label: string): SimAccount => {
		const account = accounts.find(candidate => candidate.label === label || candidate.userLabel === label);
		if (account === undefined) {
			throw new ConfigError(`no simulated account named "${label}"; known: ${accounts.map(candidate => candidate.label).join(', ')}`, {provider: vendor});
		}

		return account;
	};

	const role = (name: string): CloudflareKeyRole => {
		const found = cloudflareKeyRoles.find(candidate => candidate === name);
		if (found === undefined) {
			throw new ConfigError(`unknown key role "${name}"; known: ${cloudflareKeyRoles.join(', ')}`, {provider: vendor});
		}

		return found;
	};

	return {
		vendor,
		basePath,
		handle(request) {
			try {
				return dispatch(request);
			} catch (error) {
				return error instanceof URIError ? errors.notFound() : errors.internal();
			}
		},
		faultResponse(status, retryAfterSeconds) {
			if (status === 429) {
				return errors.rateLimited(limiter.refusalHeaders(retryAfterSeconds));
			}

			return status === 500 ? errors.internal() : {...errors.unavailable(), headers: {'Retry-After': String(retryAfterSeconds)}};
		},
		accounts: () => accounts.flatMap((account): CloudflareSimAccountInfo[] => [
			{name: account.label, id: account.id, apiKey: account.credentials.admin.secret, tokens: account.tokens.size, scope: 'account'},
			{name: account.userLabel, id: account.admin.id, apiKey: account.credentials['user-admin'].secret, tokens: account.admin.tokens.size, scope: 'user'},
		]),
		churn(request, random) {
			const caller = authenticate(index, request.headers.authorization, clock());
			const owner = caller.ok ? caller.token.owner : undefined;
			const account = (owner?.kind === 'account' ? accounts.find(candidate => candidate.id === owner.accountId) : undefined) ?? accounts[0];
			if (account !== undefined) {
				churnAccount(account, random);
			}
		},
		allSecrets: () => [...secrets],
		churnReports: () => [...churnLog],
		keyFor: (label, name = 'admin') => accountNamed(label).credentials[role(name)].secret,
		tokenIdFor: (label, name = 'admin') => accountNamed(label).credentials[role(name)].id,
		accountId: label => accountNamed(label).id,
		zones: label => accountNamed(label).zones.map(zone => ({...zone})),
		tokens(label) {
			const account = accountNamed(label);
			return [...(label === account.userLabel ? account.admin.tokens : account.tokens).values()].map(token => tokenWire(token, clock()));
		},
		secretOf(tokenId) {
			for (const account of accounts) {
				const token = account.tokens.get(tokenId) ?? account.admin.tokens.get(tokenId);
				if (token !== undefined) {
					return token.secret;
				}
			}

			return undefined;
		},
	};

	/**
	Someone in the dashboard makes an account token, deletes another and lifts a third's IP allow-list (never one of the
	simulator's keys), each reported in `churnReports()`.
	*/
	function churnAccount(account: SimAccount, random: Random): void {
		const now = clock();
		account.churned++;
		const profile = generateProfile(random, 1000 + account.churned, now, [{firstName: 'Dash', lastName: 'Board', email: account.admin.email}]);
		const token = tokenFromProfile({...profile, createdAt: now, lastUsedAt: null, name: `churn-${account.churned}`}, account, 'account', 1000 + account.churned, {random, minter, now});
		const candidates = [...account.tokens.values()].filter(candidate => !candidate.reserved);
		const victim = candidates[random.int(0, candidates.length - 1)];
		account.tokens.add(token);
		index.set(token.secret, token);
		if (victim !== undefined) {
			account.tokens.delete(victim.id);
			index.delete(victim.secret);
		}

		// Drawn after the create and the delete, so those stay what they were before allow-lists were lifted.
		const restricted = candidates.filter(candidate => candidate !== victim && (candidate.requestIp?.in?.length ?? 0) > 0 && (candidate.requestIp?.not_in?.length ?? 0) === 0);
		const opened = restricted[random.int(0, restricted.length - 1)];
		if (opened !== undefined) {
			opened.requestIp = undefined;
			opened.modifiedOn = now;
		}

		churnLog.push({account: account.label, created: [token.id], removed: victim === undefined ? [] : [victim.id], changed: opened === undefined ? [] : [{id: opened.id, change: 'allow-list-removed'}]});
	}
}

function whole(value: number, name: string, minimum: number): number {
	if (!Number.isInteger(value) || value < minimum) {
		throw new ConfigError(`simulator option ${name} must be a whole number of at least ${minimum}; got ${value}`, {provider: vendor});
	}

	return value;
}
