import {ConfigError} from '../../src/errors/index.js';
import {createRandom, type Random} from '../../src/simulate/random.js';
import {Router, type RouteHandler} from '../../src/simulate/router.js';
import type {ChurnReport, SeedOptions, SimAccountInfo, SimRequest, SimResponse, VendorSimulator} from '../../src/simulate/types.js';
import {WindowCounter} from '../../src/simulate/window-counter.js';
import type {MistOrgApiToken, MistUserApiToken} from './schema.js';
import {authenticate, checkSourceIp} from './simulator/auth.js';
import {orgTokenWire, userTokenWire, type Caller, type OrgRecord} from './simulator/model.js';
import {detail, messages, notFound, tooManyRequests} from './simulator/responses.js';
import {createRoutes, type MistRoute} from './simulator/routes.js';
import {MistStore, mistKeyRoles, type MistKeyRole} from './simulator/store.js';

export {mistKeyRoles, type MistKeyRole} from './simulator/store.js';

/** Mist's own limit (docs/vendors/mist.md: 5,000 calls an hour per token). */
export const mistRateLimitDefaults = {limit: 5000, windowMs: 3_600_000, retryAfter: false} as const satisfies Required<MistRateLimitOptions>;

export interface MistRateLimitOptions {
	/**
	Calls allowed per window for one org token, or for one admin across all of that admin's user tokens
	(docs/vendors/mist.md: user tokens share their user's limit).
	@default 5000
	*/
	readonly limit?: number | undefined;
	/** Length of the fixed window, in milliseconds. @default 3_600_000 (one hour) */
	readonly windowMs?: number | undefined;
	/**
	Send `Retry-After` (whole seconds until the window ends) with a 429. Mist documents no such header (Mist
	docs/vendors/mist.md, rate limits [I]), so by default there is none and a client must back off on its own; its Python SDK
	honours one when present, which this option lets a test exercise. Injected 429 faults follow it too.
	@default false
	*/
	readonly retryAfter?: boolean | undefined;
}

export interface MistSimulatorOptions extends SeedOptions {
	/** The per-key rate limit; `false` turns it off. @default mistRateLimitDefaults */
	readonly rateLimit?: false | MistRateLimitOptions | undefined;
	/**
	Leave `privileges` out of the org-token create response, as the spec warns Mist may (the token has them;
	a GET shows them). Turn off to get them back in the create response.
	@default true
	*/
	readonly omitPrivilegesOnCreate?: boolean | undefined;
}

/** The Mist simulator: a VendorSimulator plus helpers for tests to look inside. */
export interface MistSimulator extends VendorSimulator {
	readonly vendor: 'mist';
	/** A seeded key of `account` (a label such as `mist-org-1`). @default role 'org-admin' */
	keyFor(account: string, role?: MistKeyRole): string;
	/** The org id of `account`. */
	orgId(account: string): string;
	/** The account's sites and site groups, for privileges that name them. */
	sites(account: string): ReadonlyArray<{readonly id: string; readonly name: string}>;
	sitegroups(account: string): ReadonlyArray<{readonly id: string; readonly name: string}>;
	/** The org group the account's org belongs to (the `orggroup` scope of an admin's privilege). */
	orggroup(account: string): {readonly id: string; readonly name: string};
	/** Email of the account's admin (`'admin'`, owner of the `self-admin` key) or read-only admin (`'read'`). */
	adminEmail(account: string, who?: 'admin' | 'read'): string;
	/** The account's org tokens now, as a list response shows them (keys masked). */
	tokens(account: string): MistOrgApiToken[];
	/** The user tokens of the account's admin or read-only admin now, keys masked. */
	userTokens(account: string, who?: 'admin' | 'read'): MistUserApiToken[];
	/** The whole key of a live token (org or user) by id; undefined once deleted. */
	keyOfToken(tokenId: string): string | undefined;
}

const uuidPattern = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

/**
A simulator of Juniper Mist's org and self API tokens (`/api/v1/orgs/{org_id}/apitokens`,
`/api/v1/self/apitokens`, `/api/v1/self`, `/api/v1/self/usage`). Each seeded org holds its own admin and
read-only org tokens (listed like any other, since that is what a real integration's key is) next to the
seeded variety, and two admins (one with the admin role, one read-only) who each own a user token.
*/
export function createMistSimulator(options: MistSimulatorOptions = {}): MistSimulator {
	const accounts = options.accounts ?? 2;
	const tokens = options.tokens ?? 25;
	checkWhole('accounts', accounts, 1);
	checkWhole('tokens', tokens, 0);
	const rateLimit = options.rateLimit === false
		? undefined
		: {
			limit: options.rateLimit?.limit ?? mistRateLimitDefaults.limit,
			windowMs: options.rateLimit?.windowMs ?? mistRateLimitDefaults.windowMs,
			retryAfter: options.rateLimit?.retryAfter ?? mistRateLimitDefaults.retryAfter,
		};
	if (rateLimit !== undefined) {
		checkWhole('rateLimit.limit', rateLimit.limit, 1);
		checkWhole('rateLimit.windowMs', rateLimit.windowMs, 1);
	}

	const now = options.now ?? Date.now;
	const store = new MistStore(createRandom(options.seed ?? 1), {accounts, tokens, now: now()});
	const routes = createRoutes(store, {omitPrivilegesOnCreate: options.omitPrivilegesOnCreate ?? true});
	const churnLog: ChurnReport[] = [];
	// Counted even when the limit is off, so /api/v1/self/usage can report calls made.
	const counter = new WindowCounter(rateLimit?.limit ?? Number.MAX_SAFE_INTEGER, rateLimit?.windowMs ?? mistRateLimitDefaults.windowMs);

	/**
	Everything Mist does before a handler runs, in DRF's order: authentication (401), then the token's source
	address (403), then the rate limit (429). A call that passes counts as a use of the key (`last_used`).
	*/
	const guard = (request: SimRequest, params: Readonly<Record<string, string>>, route: MistRoute): SimResponse => {
		// Ids in Mist's paths are UUIDs; anything else matches no route.
		if (Object.values(params).some(value => !uuidPattern.test(value))) {
			return notFound();
		}

		const authentication = authenticate(request, store);
		if (!authentication.ok) {
			return authentication.response;
		}

		const {caller} = authentication;
		const ipDenied = checkSourceIp(request, caller);
		if (ipDenied !== undefined) {
			return ipDenied;
		}

		const nowMs = now();
		const verdict = counter.hit(rateSubject(caller), nowMs);
		if (!verdict.allowed && rateLimit !== undefined) {
			const retryAfter = rateLimit.retryAfter ? Math.max(1, Math.ceil((verdict.resetAt - nowMs) / 1000)) : undefined;
			return tooManyRequests(rateLimit.limit, retryAfter);
		}

		caller.token.lastUsed = Math.floor(nowMs / 1000);
		return route({
			request,
			params,
			caller,
			nowSeconds: nowMs / 1000,
			requestsThisWindow: counter.limit - verdict.remaining,
			requestLimit: rateLimit?.limit ?? mistRateLimitDefaults.limit,
		});
	};

	const guarded = (route: MistRoute): RouteHandler => (request, params) => guard(request, params, route);
	const router = new Router()
		.add('GET', '/api/v1/orgs/{org_id}/apitokens', guarded(routes.listOrgTokens))
		.add('POST', '/api/v1/orgs/{org_id}/apitokens', guarded(routes.createOrgToken))
		.add('GET', '/api/v1/orgs/{org_id}/apitokens/{apitoken_id}', guarded(routes.getOrgToken))
		.add('PUT', '/api/v1/orgs/{org_id}/apitokens/{apitoken_id}', guarded(routes.updateOrgToken))
		.add('DELETE', '/api/v1/orgs/{org_id}/apitokens/{apitoken_id}', guarded(routes.deleteOrgToken))
		.add('GET', '/api/v1/self/apitokens', guarded(routes.listUserTokens))
		.add('POST', '/api/v1/self/apitokens', guarded(routes.createUserToken))
		.add('GET', '/api/v1/self/apitokens/{apitoken_id}', guarded(routes.getUserToken))
		.add('PUT', '/api/v1/self/apitokens/{apitoken_id}', guarded(routes.updateUserToken))
		.add('DELETE', '/api/v1/self/apitokens/{apitoken_id}', guarded(routes.deleteUserToken))
		.add('GET', '/api/v1/self', guarded(routes.getSelf))
		.add('GET', '/api/v1/self/usage', guarded(routes.getUsage));

	const seededOrg = (account: string): OrgRecord => {
		const org = store.orgByLabel(account);
		if (org === undefined) {
			throw new Error(`no Mist account "${account}"; accounts are ${store.labels().join(', ')}`);
		}

		return org;
	};

	const userOf = (account: string, who: 'admin' | 'read') => {
		const org = seededOrg(account);
		const user = [...store.users.values()].find(candidate => candidate.orgId === org.id && candidate.role === who);
		if (user === undefined) {
			throw new Error(`account "${account}" has no ${who} admin`);
		}

		return user;
	};

	return {
		vendor: 'mist',
		// Mist's routes carry the whole `/api/v1/...` path; the base URL is the bare origin, as `https://api.mist.com`.
		basePath: '',

		handle(request) {
			try {
				store.sweepIdleUserTokens(now() / 1000);
				const match = router.match(request.method, request.path);
				switch (match.kind) {
					case 'found': {
						return match.handler(request, match.params);
					}

					case 'method-not-allowed': {
						// DRF authenticates before it looks for the method's handler.
						return guard(request, {}, () => detail(405, `Method "${request.method}" not allowed.`, {allow: match.allowed.join(', ')}));
					}

					case 'not-found': {
						return notFound();
					}
				}
			} catch (error) {
				// A path with a broken %-escape matches nothing; anything else is the simulator's own bug, shown the
				// way Mist shows its own.
				return error instanceof URIError ? notFound() : detail(500, messages.serverError);
			}
		},

		faultResponse(status, retryAfterSeconds): SimResponse {
			switch (status) {
				case 429: {
					const sendRetryAfter = rateLimit?.retryAfter ?? mistRateLimitDefaults.retryAfter;
					return tooManyRequests(rateLimit?.limit ?? mistRateLimitDefaults.limit, sendRetryAfter ? retryAfterSeconds : undefined);
				}

				case 500: {
					return detail(500, messages.serverError);
				}

				case 503: {
					return detail(503, messages.unavailable, {'retry-after': String(retryAfterSeconds)});
				}
			}
		},

		accounts(): SimAccountInfo[] {
			return store.labels().map(label => {
				const org = seededOrg(label);
				return {name: label, id: org.id, apiKey: store.keyFor(label, 'org-admin') ?? '', tokens: store.orgTokensOf(org.id).length};
			});
		},

		churn(request: SimRequest, random: Random): void {
			const authentication = authenticate(request, store);
			const caller = authentication.ok ? authentication.caller : undefined;
			const org = (caller === undefined ? undefined : store.orgOf(caller)) ?? seededOrg(random.pick(nonEmpty(store.labels())));
			const doomed = store.orgTokensOf(org.id).filter(token => !store.isReserved(token.id) && token.id !== caller?.token.id);
			const victim = doomed.length > 0 ? doomed[random.int(0, doomed.length - 1)] : undefined;
			const created = store.addProfiledOrgToken(org.id, random, now());
			if (victim !== undefined) {
				store.deleteToken(victim);
			}

			// An admin gives another token write access to a site it could not write to (drawn last, so the create and
			// delete stay what they were).
			const site = org.sites[0];
			const widenable = site === undefined ? [] : doomed.filter(token => token !== victim && !token.privileges.some(privilege => privilege.role === 'write' && privilege.site_id === site.id));
			const widened = widenable[random.int(0, widenable.length - 1)];
			if (widened !== undefined && site !== undefined) {
				widened.privileges = [...widened.privileges, {role: 'write', scope: 'site', site_id: site.id}];
			}

			churnLog.push({
				account: org.label,
				created: created === undefined ? [] : [created.id],
				removed: victim === undefined ? [] : [victim.id],
				changed: widened === undefined ? [] : [{id: widened.id, change: 'widened'}],
			});
		},

		churnReports: () => [...churnLog],

		allSecrets: () => store.secrets(),

		keyFor(account, role = 'org-admin') {
			seededOrg(account);
			const key = store.keyFor(account, role);
			if (key === undefined) {
				throw new Error(`no ${role} key for "${account}"; roles are ${mistKeyRoles.join(', ')}`);
			}

			return key;
		},

		orgId: account => seededOrg(account).id,
		sites: account => seededOrg(account).sites,
		sitegroups: account => seededOrg(account).sitegroups,
		orggroup: account => seededOrg(account).orggroup,
		adminEmail: (account, who = 'admin') => userOf(account, who).email,
		tokens: account => store.orgTokensOf(seededOrg(account).id).map(token => orgTokenWire(token)),
		userTokens: (account, who = 'admin') => store.userTokensOf(userOf(account, who).id).map(token => userTokenWire(token)),
		keyOfToken: tokenId => (store.orgTokens.get(tokenId) ?? store.userTokens.get(tokenId))?.key,
	};
}

/** Org tokens are limited one by one; user tokens share their admin's budget (docs/vendors/mist.md, rate limits). */
function rateSubject(caller: Caller): string {
	return caller.kind === 'org' ? `org-token:${caller.token.id}` : `user:${caller.user.id}`;
}

function checkWhole(name: string, value: number, minimum: number): void {
	if (!Number.isInteger(value) || value < minimum) {
		throw new ConfigError(`simulator option ${name} must be a whole number of at least ${minimum}; got ${value}`, {provider: 'mist'});
	}
}

function nonEmpty<T>(items: readonly T[]): readonly [T, ...T[]] {
	const [first, ...rest] = items;
	if (first === undefined) {
		throw new Error('the Mist simulator has no accounts');
	}

	return [first, ...rest];
}
