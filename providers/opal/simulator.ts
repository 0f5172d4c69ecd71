import {ConfigError} from '../../src/errors/index.js';
import {createRandom, type Random} from '../../src/simulate/random.js';
import {Router} from '../../src/simulate/router.js';
import type {ChurnReport, SeedOptions, SimAccountInfo, SimRequest, SimResponse, VendorSimulator} from '../../src/simulate/types.js';
import {WindowCounter} from '../../src/simulate/window-counter.js';
import type {OpalAccessLevel, OpalToken} from './schema.js';
import {authenticate, bearerKey, opalError, type Caller, type IssuedToken} from './simulator/auth.js';
import {newKey, seedOrg, toWire, wholeSecond, type OpalFormerUser, type OpalKeyRole, type OpalOrg, type OpalUser, type StoredToken} from './simulator/org.js';
import {deleteToken, listTokens, type ListSettings} from './simulator/routes.js';
import {getUser, listUsers} from './simulator/users.js';

export type {OpalFormerUser, OpalKeyRole, OpalUser} from './simulator/org.js';

/** Opal's request limit: one budget per org, shared by all of the org's tokens. */
export interface OpalRateLimit {
	/**
	Requests an org may send per window (docs/vendors/opal.md, rate limits [D]: about 100 a second).
	@default 100
	*/
	readonly limit?: number | undefined;
	/** @default 1000 */
	readonly windowMs?: number | undefined;
}

export interface OpalSimulatorOptions extends SeedOptions {
	/**
	The org-wide rate limit; `false` turns it off. Over the limit, requests get 429 with no rate-limit
	headers and no `Retry-After`, as Opal documents none.
	@default {limit: 100, windowMs: 1000}
	*/
	readonly rateLimit?: false | OpalRateLimit | undefined;
	/**
	Opal's org setting "all users may create API tokens", for every seeded org. Only while it is on may a
	non-admin delete their own tokens.
	@default false
	*/
	readonly allowAllUsersToCreateTokens?: boolean | undefined;
	/**
	Add `token_preview` (the key's first five characters) to listed tokens, as the spec's example does
	although its schema does not name the field. Turn it off to check that a client does without it.
	@default true
	*/
	readonly tokenPreview?: boolean | undefined;
	/**
	Serve at most this many tokens per page whatever `page_size` asks, to test clients against a server that
	returns short pages. Undefined: serve what `page_size` asks.
	*/
	readonly maxResultsPerPage?: number | undefined;
}

/** A token made as if in Opal's UI, the only place Opal mints keys (docs/vendors/opal.md [D]). */
export interface OpalMintInput {
	/** The org member the token acts as (a person or a service user). */
	readonly userId: string;
	/** @default the label `ui-token-<n>` */
	readonly label?: string | undefined;
	/** @default 'FULL_ACCESS' */
	readonly accessLevel?: OpalAccessLevel | undefined;
	/** Epoch ms; null never expires. @default null */
	readonly expiresAt?: number | null | undefined;
	/** @default userId */
	readonly creatorUserId?: string | undefined;
}

export interface OpalMinted {
	readonly token: OpalToken;
	readonly key: string;
}

/** The Opal simulator, with the inspection helpers tests need beside the VendorSimulator contract. */
export interface OpalSimulator extends VendorSimulator {
	/**
	A key of `account`: `admin` (an admin's FULL_ACCESS token, the one `accounts()` reports), `readOnly` (an
	admin's READ_ONLY token: may list, may not delete) or `member` (a non-admin's FULL_ACCESS token: may not
	list; may delete its own tokens only when the org allows all users to create tokens).
	*/
	keyFor(account: string, role: OpalKeyRole): string;
	/** The key of any token of `account`, seeded or minted, deleted or not. */
	keyOf(account: string, tokenId: string): string;
	/** The account's tokens as `GET /tokens` would list them, newest first. */
	tokens(account: string): OpalToken[];
	/** The account's current users, people and service users. */
	users(account: string): OpalUser[];
	/** Ids of people who have left the account; some tokens still name them as owner or creator. */
	removedUserIds(account: string): string[];
	/**
	The same people as the users API knows them: deprovisioned or deleted (a user record with that
	`hr_idp_status`), or removed from Opal altogether (`GET /user` answers 404).
	*/
	formerUsers(account: string): OpalFormerUser[];
	/** Creates a token as if someone made it in Opal's UI, and returns it with its key. */
	mintToken(account: string, input: OpalMintInput): OpalMinted;
}

export function createOpalSimulator(options: OpalSimulatorOptions = {}): OpalSimulator {
	const seed = wholeNumber('seed', options.seed ?? 1, 0);
	const accountCount = wholeNumber('accounts', options.accounts ?? 2, 1);
	const tokenCount = wholeNumber('tokens', options.tokens ?? 25, 0);
	const clock = options.now ?? Date.now;
	const limiter = options.rateLimit === false
		? null
		: new WindowCounter(wholeNumber('rateLimit.limit', options.rateLimit?.limit ?? 100, 1), wholeNumber('rateLimit.windowMs', options.rateLimit?.windowMs ?? 1000, 1));
	const listSettings: ListSettings = {
		preview: options.tokenPreview ?? true,
		maxResultsPerPage: options.maxResultsPerPage === undefined ? undefined : wholeNumber('maxResultsPerPage', options.maxResultsPerPage, 1),
	};

	const root = createRandom(seed);
	const mintRandom = root.fork('opal:mint');
	const seededAt = clock();
	const orgs: OpalOrg[] = Array.from({length: accountCount}, (_, position) => seedOrg({
		index: position + 1,
		random: root.fork(`opal:org-${position + 1}`),
		tokens: tokenCount,
		now: seededAt,
		allowAllUsersToCreateTokens: options.allowAllUsersToCreateTokens ?? false,
	}));
	// Every token ever issued, by id and by key, deleted ones included: a deleted token's key must still be
	// recognised as one that no longer works, and `allSecrets()` must name it.
	const issuedById = new Map<string, IssuedToken>();
	const churnLog: ChurnReport[] = [];
	const issuedByKey = new Map<string, IssuedToken>();
	const remember = (org: OpalOrg, token: StoredToken): void => {
		const issued: IssuedToken = {org, token};
		issuedById.set(token.id, issued);
		issuedByKey.set(token.key, issued);
	};

	for (const org of orgs) {
		for (const token of org.tokens.values()) {
			remember(org, token);
		}
	}

	const basePath = '/v1';
	const router = new Router()
		.add('GET', `${basePath}/tokens`, request => guarded(request, caller => listTokens(caller, request.query, listSettings)))
		.add('DELETE', `${basePath}/tokens/{token_id}`, (request, params) => guarded(request, caller => deleteToken(caller, params['token_id'] ?? '')))
		.add('GET', `${basePath}/user`, request => guarded(request, caller => getUser(caller, request.query)))
		.add('GET', `${basePath}/users`, request => guarded(request, caller => listUsers(caller, request.query)));

	/** Authentication, then the org's rate limit (so only requests Opal can tie to an org count), then the route. */
	function guarded(request: SimRequest, action: (caller: Caller) => SimResponse): SimResponse {
		const now = clock();
		const authentication = authenticate(request.headers, issuedByKey, now);
		if (!authentication.ok) {
			return authentication.response;
		}

		const {caller} = authentication;
		if (limiter !== null && !limiter.hit(caller.org.id, now).allowed) {
			return rateLimited();
		}

		caller.token.lastUsedAt = wholeSecond(now);
		return action(caller);
	}

	function route(request: SimRequest): SimResponse {
		const match = router.match(request.method, request.path);
		switch (match.kind) {
			case 'not-found': {
				// Opal's API has no create, get, update or rotate route for tokens (docs/vendors/opal.md, endpoints [S]).
				return opalError(404, 'Not found.');
			}

			case 'method-not-allowed': {
				return opalError(405, 'Method not allowed.', {allow: match.allowed.join(', ')});
			}

			case 'found': {
				return match.handler(request, match.params);
			}
		}
	}

	function orgNamed(account: string): OpalOrg {
		const org = orgs.find(candidate => candidate.name === account);
		if (org === undefined) {
			throw new ConfigError(`no simulated Opal account "${account}"; there are ${orgs.map(candidate => candidate.name).join(', ')}`, {provider: 'opal'});
		}

		return org;
	}

	function mint(org: OpalOrg, random: Random, input: OpalMintInput): StoredToken {
		org.minted++;
		const token: StoredToken = {
			id: random.uuid(),
			key: newKey(random),
			label: input.label ?? `ui-token-${org.minted}`,
			createdAt: wholeSecond(clock()),
			creatorUserId: input.creatorUserId ?? input.userId,
			userId: input.userId,
			accessLevel: input.accessLevel ?? 'FULL_ACCESS',
			lastUsedAt: null,
			expiresAt: input.expiresAt ?? null,
		};
		org.tokens.add(token);
		remember(org, token);
		return token;
	}

	return {
		vendor: 'opal',
		basePath,
		handle(request) {
			try {
				return route(request);
			} catch (error) {
				// The router decodes path parameters; a broken percent-escape is the client's mistake.
				return error instanceof URIError ? opalError(400, 'The request path is not valid.') : opalError(500, 'Internal server error.');
			}
		},
		faultResponse(status) {
			// Opal sends no Retry-After and no rate-limit headers (docs/vendors/opal.md, rate limits [D]), so the delay the
			// shared server offers is not passed on.
			return status === 429 ? rateLimited() : opalError(status, status === 500 ? 'Internal server error.' : 'Service unavailable.');
		},
		accounts(): SimAccountInfo[] {
			return orgs.map(org => ({name: org.name, id: org.id, apiKey: roleKey(org, 'admin'), tokens: org.tokens.size}));
		},
		churn(request, random) {
			const key = bearerKey(request.headers);
			const org = (key === null ? undefined : issuedByKey.get(key)?.org) ?? orgs[random.int(0, orgs.length - 1)];
			if (org === undefined) {
				return;
			}

			const users = [...org.users.values()];
			const admins = users.filter(user => user.kind === 'human' && user.admin);
			const user = users[random.int(0, users.length - 1)];
			const admin = admins[random.int(0, admins.length - 1)];
			if (user === undefined || admin === undefined) {
				return;
			}

			// Service-user keys are made by an admin; a person makes their own (docs/vendors/opal.md, tokens are minted in the UI [D]).
			const created = mint(org, random, {
				userId: user.id,
				creatorUserId: user.kind === 'service' ? admin.id : user.id,
				accessLevel: random.chance(0.25) ? 'FULL_ACCESS' : 'READ_ONLY',
			});
			const protectedIds = new Set<string>([created.id, ...Object.values(org.roleTokenIds)]);
			const deletable = [...org.tokens.ids()].filter(id => !protectedIds.has(id));
			const victim = deletable[random.int(0, deletable.length - 1)];
			if (victim !== undefined) {
				org.tokens.delete(victim);
			}

			churnLog.push({account: org.name, created: [created.id], removed: victim === undefined ? [] : [victim], changed: []});
		},
		churnReports: () => [...churnLog],
		allSecrets() {
			return [...issuedById.values()].map(({token}) => token.key);
		},
		keyFor(account, role) {
			return roleKey(orgNamed(account), role);
		},
		keyOf(account, tokenId) {
			const org = orgNamed(account);
			const issued = issuedById.get(tokenId);
			if (issued?.org !== org) {
				throw new ConfigError(`account "${account}" never had a token ${tokenId}`, {provider: 'opal'});
			}

			return issued.token.key;
		},
		tokens(account) {
			return orgNamed(account).tokens.listed().map(token => toWire(token, listSettings.preview));
		},
		users(account) {
			return [...orgNamed(account).users.values()];
		},
		removedUserIds(account) {
			return [...orgNamed(account).removedUserIds];
		},
		formerUsers(account) {
			return [...orgNamed(account).formerUsers.values()];
		},
		mintToken(account, input) {
			const org = orgNamed(account);
			for (const id of [input.userId, input.creatorUserId ?? input.userId]) {
				if (!org.users.has(id)) {
					throw new ConfigError(`user ${id} is not a member of account "${account}"`, {provider: 'opal'});
				}
			}

			const token = mint(org, mintRandom, input);
			return {token: toWire(token, listSettings.preview), key: token.key};
		},
	};

	function roleKey(org: OpalOrg, role: OpalKeyRole): string {
		return issuedById.get(org.roleTokenIds[role])?.token.key ?? '';
	}
}

/** Opal documents no body for its 429 (docs/vendors/opal.md [D]); this `{message}` is inferred like every error body here. */
function rateLimited(): SimResponse {
	return opalError(429, 'Rate limit exceeded: too many requests for this organization. Slow down and retry.');
}

function wholeNumber(name: string, value: number, minimum: number): number {
	if (!Number.isInteger(value) || value < minimum) {
		throw new ConfigError(`${name} must be a whole number of at least ${minimum}; got ${value}`, {provider: 'opal'});
	}

	return value;
}
