/**
An in-memory GitLab token API (`/api/v4/personal_access_tokens*`, `/api/v4/{groups,projects}/:id/access_tokens*`,
`/api/v4/users/:id/personal_access_tokens`, and the user, group and project reads tokenkit needs) for tests, demos and
benchmarks, served by `startSimulatorServer`. Each rule is documented where it is implemented, with the
docs/vendors/gitlab.md tag it relies on; docs/simulators.md is the user's summary.
*/
import {ConfigError} from '../../src/errors/index.js';
import {generateProfile} from '../../src/simulate/profiles.js';
import {createRandom, type Random} from '../../src/simulate/random.js';
import {Router, type RouteHandler} from '../../src/simulate/router.js';
import type {ChurnReport, SeedOptions, SimAccountInfo, SimRequest, SimResponse, VendorSimulator} from '../../src/simulate/types.js';
import {authenticate, checkScope, type KeyIndex, type ScopeNeed} from './simulator/access.js';
import {directoryRoutes} from './simulator/directory-routes.js';
import {message} from './simulator/errors.js';
import {isActive} from './simulator/filters.js';
import {credentialRoles, type CredentialRole, type Instance, type ResourceKind, type SimResource, type SimToken} from './simulator/model.js';
import {tokenIdOf} from './token-id.js';
import {createGitLabRateLimiter, type GitLabRateLimitOptions} from './simulator/rate-limit.js';
import {tokenEntity, userEntity} from './simulator/represent.js';
import {createKeyMinter, draftFromProfile, seedInstance} from './simulator/seed.js';
import {createTokenRoutes, type RouteCall} from './simulator/token-routes.js';
import {addToken} from './simulator/mint.js';

export type {GitLabRateLimitOptions} from './simulator/rate-limit.js';
export type {CredentialRole as GitLabKeyRole} from './simulator/model.js';

export interface GitLabSimulatorOptions extends SeedOptions {
	/**
	The per-user throttle on authenticated requests (GitLab.com's: 2,000 a minute), or `false` for none, as on a
	self-managed instance by default. Make it small in tests.
	@default {}
	*/
	readonly rateLimit?: false | GitLabRateLimitOptions | undefined;
}

export interface GitLabSimulator extends VendorSimulator {
	/**
	The current key of one of the simulator's own tokens in `account` (by name, e.g. `gitlab-instance-1`):
	- `admin`: a personal token (`api`) of the administrator `root` (the key `accounts()` reports);
	- `maintainer`: a personal token (`api`) of a user who owns every group and maintains every project;
	- `developer`: a personal token (`read_api`) of a user who is a Developer of the top group only;
	- `group-bot`: a group access token (`api`, Maintainer) of the group `acme`.
	@default 'admin'
	*/
	keyFor(account: string, role?: CredentialRole): string;
	/** The GitLab id of that key's token. */
	tokenIdFor(account: string, role?: CredentialRole): number;
	/** Every token of `account` as an administrator's GET shows it, in id order. */
	tokens(account: string): Array<Record<string, unknown>>;
	/** Every user of `account` as an administrator's `GET /users/:id` shows them, bots included. */
	users(account: string): Array<Record<string, unknown>>;
	/** Group and project ids of `account` by full path. */
	resourceIds(account: string): Readonly<Record<string, number>>;
}

const vendor = 'gitlab';

/** Where each route sends what it needs of the caller's scopes, in the order they are matched (`self` before `:id`). */
type Route = readonly [method: string, path: string, scope: ScopeNeed, handler: (call: RouteCall) => SimResponse];

/**
Creates the simulator. Same seed and clock, same instances, users, groups, projects, tokens and keys.
@example
const simulator = createGitLabSimulator({accounts: 1, tokens: 40, rateLimit: {requests: 5}});
const server = await startSimulatorServer(simulator);
await fetch(`${server.baseUrl}/api/v4/personal_access_tokens`, {headers: {'PRIVATE-TOKEN': simulator.keyFor('gitlab-instance-1')}});
*/
export function createGitLabSimulator(options: GitLabSimulatorOptions = {}): GitLabSimulator {
	const instanceCount = count(options.accounts ?? 2, 'accounts', 1);
	const tokensPerInstance = count(options.tokens ?? 25, 'tokens', 0);
	const clock = options.now ?? Date.now;
	const limiter = createGitLabRateLimiter(options.rateLimit ?? {});
	const root = createRandom(options.seed ?? 1);
	const seedRandom = root.fork(`${vendor}:seed`);
	const requestIds = root.fork(`${vendor}:request-ids`);
	const secrets: string[] = [];
	const churnLog: ChurnReport[] = [];
	const minter = createKeyMinter(root.fork(`${vendor}:keys`), key => secrets.push(key));
	const seededAt = clock();
	const instances = Array.from({length: instanceCount}, (_, position) => seedInstance(position + 1, tokensPerInstance, {random: seedRandom.fork(`instance-${position + 1}`), minter, now: seededAt}));
	const index: KeyIndex = new Map();
	for (const instance of instances) {
		for (const token of instance.tokens.values()) {
			// Revoked keys too: GitLab still knows them, refuses them as revoked, and takes one used to rotate as stolen.
			index.set(token.secret, {instance, tokenId: token.id});
		}
	}

	const tokenRoutes = createTokenRoutes({now: clock, minter, index});
	const addBot = (instance: Instance) => (resource: SimResource, accessLevel: number, name: string): number => {
		const id = instance.nextUserId++;
		instance.users.set(id, {id, username: `${resource.kind}_${resource.id}_bot_${requestIds.hex(8)}`, name, email: `${resource.kind}_${resource.id}_bot@noreply.${instance.id}`, publicEmail: '', state: 'active', isAdmin: false, bot: true});
		resource.members.set(id, accessLevel);
		return id;
	};

	const perResource = (kind: ResourceKind): readonly Route[] => {
		const base = `/api/v4/${kind === 'group' ? 'groups' : 'projects'}/{id}`;
		return [
			['GET', `${base}/access_tokens`, 'read', call => tokenRoutes.listResource(call, kind)],
			['POST', `${base}/access_tokens`, 'write', call => tokenRoutes.createResource(call, kind, addBot(call.caller.instance))],
			['POST', `${base}/access_tokens/self/rotate`, 'self-rotate', call => tokenRoutes.rotateResource({...call, params: {...call.params, token_id: 'self'}}, kind)],
			['GET', `${base}/access_tokens/{token_id}`, 'read', call => tokenRoutes.getResource(call, kind)],
			['DELETE', `${base}/access_tokens/{token_id}`, 'write', call => tokenRoutes.revokeResource(call, kind)],
			['POST', `${base}/access_tokens/{token_id}/rotate`, 'write', call => tokenRoutes.rotateResource(call, kind)],
			['GET', base, 'read', call => directoryRoutes.resource(call, kind)],
		];
	};

	const routes: readonly Route[] = [
		['GET', '/api/v4/user', 'read', call => directoryRoutes.currentUser(call)],
		['GET', '/api/v4/users/{id}', 'read', call => directoryRoutes.user(call)],
		['POST', '/api/v4/users/{user_id}/personal_access_tokens', 'write', call => tokenRoutes.createPersonal(call)],
		['GET', '/api/v4/groups', 'read', call => directoryRoutes.resources(call, 'group')],
		['GET', '/api/v4/projects', 'read', call => directoryRoutes.resources(call, 'project')],
		['GET', '/api/v4/personal_access_tokens', 'read', call => tokenRoutes.listPersonal(call)],
		['GET', '/api/v4/personal_access_tokens/self', 'any', call => tokenRoutes.getSelf(call)],
		['DELETE', '/api/v4/personal_access_tokens/self', 'any', call => tokenRoutes.revokePersonal({...call, params: {id: 'self'}})],
		['POST', '/api/v4/personal_access_tokens/self/rotate', 'self-rotate', call => tokenRoutes.rotatePersonal({...call, params: {id: 'self'}})],
		['GET', '/api/v4/personal_access_tokens/{id}', 'read', call => tokenRoutes.getPersonal(call)],
		['DELETE', '/api/v4/personal_access_tokens/{id}', 'write', call => tokenRoutes.revokePersonal(call)],
		['POST', '/api/v4/personal_access_tokens/{id}/rotate', 'write', call => tokenRoutes.rotatePersonal(call)],
		...perResource('group'),
		...perResource('project'),
	];

	const requestId = (): string => requestIds.alphanumeric(26);

	/** Authenticates, counts the request against the throttle, checks the scope, runs the route, records the use. */
	const guarded = (scope: ScopeNeed, handler: (call: RouteCall) => SimResponse): RouteHandler => (request, params) => {
		const now = clock();
		const caller = authenticate(index, request, now);
		if ('status' in caller) {
			return caller;
		}

		const verdict = limiter.hit(caller.user.id, now);
		if (!verdict.allowed) {
			return verdict.refusal;
		}

		// GitLab records the use when the key authenticates, before the route runs (docs/vendors/gitlab.md, schemas [D]).
		recordUse(caller.token, request.remoteAddress, now);
		const response = checkScope(caller.token, scope) ?? handler({caller, request, params});
		return {...response, headers: {...verdict.headers, ...response.headers}};
	};

	const router = new Router();
	for (const [method, path, scope, handler] of routes) {
		router.add(method, path, guarded(scope, handler));
	}

	const dispatch = (request: SimRequest): SimResponse => {
		// Every version but v4 is gone (docs/vendors/gitlab.md, base URLs [D]).
		if (request.path.startsWith('/api/v3/')) {
			return message(410, '410 Gone');
		}

		const match = router.match(request.method, request.path);
		switch (match.kind) {
			case 'found': {
				return match.handler(request, match.params);
			}

			case 'method-not-allowed': {
				return {...message(405, '405 Method Not Allowed'), headers: {'Content-Type': 'application/json', Allow: match.allowed.join(', ')}};
			}

			case 'not-found': {
				return message(404, '404 Not Found');
			}
		}
	};

	const instanceNamed = (name: string): Instance => {
		const instance = instances.find(candidate => candidate.name === name);
		if (instance === undefined) {
			throw new ConfigError(`no simulated instance named "${name}"; known: ${instances.map(candidate => candidate.name).join(', ')}`, {provider: vendor});
		}

		return instance;
	};

	const credential = (name: string, role: string) => {
		const found = credentialRoles.find(candidate => candidate === role);
		if (found === undefined) {
			throw new ConfigError(`unknown key role "${role}"; known: ${credentialRoles.join(', ')}`, {provider: vendor});
		}

		const instance = instanceNamed(name);
		const token = instance.tokens.get(instance.credentials[found]);
		if (token === undefined) {
			throw new ConfigError(`the ${role} key of ${name} is gone`, {provider: vendor});
		}

		return token;
	};

	return {
		vendor,
		// Routes carry the full `/api/v4/...` path: the base URL is the instance's root, as `https://gitlab.com` is.
		basePath: '',
		handle(request) {
			try {
				const response = dispatch(request);
				return {...response, headers: {'X-Request-Id': requestId(), ...response.headers}};
			} catch {
				return message(500, '500 Internal Server Error');
			}
		},
		faultResponse(status, retryAfterSeconds) {
			if (status === 429) {
				return limiter.refusal(retryAfterSeconds, clock());
			}

			return message(status, status === 500 ? '500 Internal Server Error' : '503 Service Unavailable');
		},
		accounts: (): SimAccountInfo[] => instances.map(instance => ({
			name: instance.name,
			id: instance.id,
			apiKey: credential(instance.name, 'admin').secret,
			tokens: instance.tokens.size,
		})),
		churn(request, random) {
			const caller = authenticate(index, request, clock());
			const instance = 'status' in caller ? instances[0] : caller.instance;
			if (instance !== undefined) {
				churnInstance(instance, random);
			}
		},
		allSecrets: () => [...secrets],
		churnReports: () => [...churnLog],
		keyFor: (account, role = 'admin') => credential(account, role).secret,
		tokenIdFor: (account, role = 'admin') => credential(account, role).id,
		tokens(name) {
			const instance = instanceNamed(name);
			return [...instance.tokens.values()].map(token => tokenEntity(token, clock()));
		},
		users(name) {
			const instance = instanceNamed(name);
			return [...instance.users.values()].map(user => userEntity(user, instance, true));
		},
		resourceIds(name) {
			const instance = instanceNamed(name);
			return Object.fromEntries([...instance.groups.values(), ...instance.projects.values()].map(resource => [resource.fullPath, resource.id]));
		},
	};

	/**
	Someone at the instance makes a personal token and revokes another (a seeded or churned one, never one a client or
	the simulator's own keys hold), each reported in `churnReports()`. GitLab keeps revoked tokens, so the count only grows.
	*/
	function churnInstance(instance: Instance, random: Random): void {
		const now = clock();
		let created: SimToken | undefined;
		const people = [...instance.users.values()].filter(user => !user.bot && user.state === 'active');
		const [first, ...rest] = people.map(user => ({firstName: user.name, lastName: '', email: user.email}));
		if (first !== undefined) {
			instance.churned++;
			const profile = generateProfile(random, 1000 + instance.churned, now, [first, ...rest]);
			const owner = people.find(user => user.email === profile.owner.email) ?? people[0];
			if (owner !== undefined) {
				const draft = draftFromProfile({...profile, kind: 'personal', ownerGone: false, admin: false}, {owner, admins: [], everyResource: [], bot: () => owner, requireExpiry: instance.requireExpiry, context: {random, minter, now}});
				created = addToken({now: clock, minter, index}, instance, {userId: owner.id, name: `churn-${instance.churned}`, description: draft.description, scopes: draft.scopes, expiresAt: draft.expiresAt, impersonation: false, previousId: null, resource: null, origin: 'churn'});
			}
		}

		const candidates = [...instance.tokens.values()].filter(token => (token.origin === 'seed' || token.origin === 'churn') && isActive(token, now) && token.createdAt < now);
		const victim = candidates[random.int(0, candidates.length - 1)];
		if (victim !== undefined) {
			victim.revoked = true;
		}

		// GitLab keeps a revoked token listed: churn changes one and removes none.
		const idOf = (token: SimToken): string => tokenIdOf(token.resource === null ? {kind: 'personal', tokenId: token.id} : {kind: token.resource.kind, resourceId: token.resource.id, tokenId: token.id});
		churnLog.push({account: instance.name, created: created === undefined ? [] : [idOf(created)], removed: [], changed: victim === undefined ? [] : [{id: idOf(victim), change: 'revoked'}]});
	}
}

/** A use of a token: `last_used_at` written at most every 10 minutes, `last_used_ips` the five latest (docs/vendors/gitlab.md, schemas [D]). */
function recordUse(token: {lastUsedAt: number | null; lastUsedIps: string[]}, address: string, now: number): void {
	if (token.lastUsedAt === null || now - token.lastUsedAt >= 600_000) {
		token.lastUsedAt = now;
	}

	if (!token.lastUsedIps.includes(address)) {
		token.lastUsedIps = [...token.lastUsedIps, address].slice(-5);
	}
}

function count(value: number, name: string, minimum: number): number {
	if (!Number.isInteger(value) || value < minimum) {
		throw new ConfigError(`${name} must be a whole number of at least ${minimum}; got ${value}`, {provider: vendor});
	}

	return value;
}

