/**
An in-memory GitHub (Enterprise Cloud) for tokenkit's GitHub provider and for the vendor's own client: a GitHub App
installed on several orgs, its JWT and installation-token flow, the orgs' fine-grained PAT grants and SAML SSO
credential authorizations, org memberships, rate limits and `Link` pagination. Every rule it follows is documented
where it is implemented, with the docs/vendors/github.md tag it relies on; docs/simulators.md is the user's summary.
*/
import {createPrivateKey, createPublicKey, generateKeyPairSync} from 'node:crypto';
import {ConfigError} from '../../src/errors/index.js';
import {generateProfile} from '../../src/simulate/profiles.js';
import {createRandom, type Random} from '../../src/simulate/random.js';
import {Router, type RouteHandler} from '../../src/simulate/router.js';
import type {ChurnReport, SeedOptions, SimAccountInfo, SimRequest, SimResponse, VendorSimulator} from '../../src/simulate/types.js';
import {looksLikeJwt, verifyAppJwt} from './simulator/jwt.js';
import {supportedApiVersions, type App, type CredentialAuthorization, type Grant, type InstallationToken, type Org} from './simulator/model.js';
import {createGitHubRateLimiter, type GitHubRateLimitOptions} from './simulator/rate-limit.js';
import {authorizationRecord, grantRecord} from './simulator/represent.js';
import {errorResponse} from './simulator/responses.js';
import {appRoutes, orgNamed, orgRoutes, routePermissions, type AppRoute, type OrgRouteName, type RouteCall} from './simulator/routes.js';
import {accountIds, authorizationFromProfile, grantFromProfile, seedOrg} from './simulator/seed.js';

export type {GitHubRateLimitOptions} from './simulator/rate-limit.js';
export {gitHubRateLimitDefaults} from './simulator/rate-limit.js';

export interface GitHubSimulatorOptions extends SeedOptions {
	/**
	GitHub's primary and secondary limits (see {@link GitHubRateLimitOptions}), or `false` for none.
	@default {}
	*/
	readonly rateLimit?: false | GitHubRateLimitOptions | undefined;
	/**
	The app's private key (PEM). Node cannot derive an RSA key from a seed, so without one each simulator makes its
	own: the same seed gives the same orgs, grants and tokens, but another app key.
	*/
	readonly privateKey?: string | undefined;
	/**
	How long an installation token lives, in milliseconds; GitHub's is one hour (docs/vendors/github.md, auth [S]).
	@default 3600000
	*/
	readonly installationTokenTtlMs?: number | undefined;
}

/** A simulated account as `tokenkit simulate` prints it: the fields a config entry needs, besides the key. */
export interface GitHubSimAccountInfo extends SimAccountInfo {
	/** The GitHub App's id: the JWT's issuer. */
	readonly appId: number;
	readonly installationId: number;
	/** The org's login. */
	readonly org: string;
	/** Which tokens the entry lists: fine-grained PAT grants, or SAML SSO credential authorizations. */
	readonly scope: 'grants' | 'sso';
}

export interface GitHubSimulator extends VendorSimulator {
	readonly app: Readonly<Pick<App, 'id' | 'clientId' | 'slug' | 'privateKey'>>;
	accounts(): GitHubSimAccountInfo[];
	/** One org by its config label (`github-org-1`) or login (`sim-org-1`). */
	org(name: string): Org;
	/** Ends every installation token now, as an hour passing would: their next use answers 401. */
	expireInstallationTokens(): void;
	/** Installation tokens minted so far. */
	installationTokenCount(): number;
	/** The wire records of an account as GitHub lists them: grants for `github-org-N`, SSO authorizations for `github-org-N-sso`. */
	tokens(account: string): Array<Record<string, unknown>>;
	/** Everyone an org knows of, with their role and whether they are still a member. */
	members(account: string): Array<{readonly login: string; readonly role: string; readonly member: boolean}>;
}

const vendor = 'github';

/**
Creates the simulator. Same seed and clock, same orgs, grants and authorizations.
@example
const simulator = createGitHubSimulator({accounts: 1, tokens: 40});
const server = await startSimulatorServer(simulator);
*/
export function createGitHubSimulator(options: GitHubSimulatorOptions = {}): GitHubSimulator {
	const orgCount = count(options.accounts ?? 2, 'accounts', 1);
	const grantsPerOrg = count(options.tokens ?? 25, 'tokens', 0);
	const installationTokenTtlMs = count(options.installationTokenTtlMs ?? 3_600_000, 'installationTokenTtlMs', 1);
	const clock = options.now ?? Date.now;
	const limiter = createGitHubRateLimiter(options.rateLimit ?? {});
	const root = createRandom(options.seed ?? 1);
	const seedRandom = root.fork(`${vendor}:seed`);
	const keyRandom = root.fork(`${vendor}:keys`);
	const requestIds = root.fork(`${vendor}:request-ids`);
	const app = createApp(seedRandom, options.privateKey);
	const seededAt = clock();
	const sharedIds = accountIds();
	const orgs = Array.from({length: orgCount}, (_, position) => seedOrg(position + 1, grantsPerOrg, {random: seedRandom.fork(`org-${position + 1}`), now: seededAt, accountIds: sharedIds}));
	const installationTokens = new Map<string, InstallationToken>();
	const minted: string[] = [];
	const churnLog: ChurnReport[] = [];
	const mintKey = (): string => {
		// `ghs_` and 36 characters, as GitHub's installation tokens look (docs/vendors/github.md, auth [S]).
		const key = `ghs_${keyRandom.alphanumeric(36)}`;
		minted.push(key);
		return key;
	};

	const context = {app, orgs, installationTokens, mintKey, installationTokenTtlMs};
	const app_ = appRoutes(context);
	const org_ = orgRoutes();
	const router = new Router()
		.add('GET', '/orgs/{org}/installation', appRoute(app_.getOrgInstallation))
		.add('GET', '/app/installations/{installation_id}', appRoute(app_.getInstallation))
		.add('POST', '/app/installations/{installation_id}/access_tokens', appRoute(app_.createInstallationToken))
		.add('GET', '/orgs/{org}/personal-access-tokens', orgRoute('listGrants'))
		.add('POST', '/orgs/{org}/personal-access-tokens', orgRoute('revokeGrants'))
		.add('POST', '/orgs/{org}/personal-access-tokens/{pat_id}', orgRoute('revokeGrant'))
		.add('GET', '/orgs/{org}/personal-access-tokens/{pat_id}/repositories', orgRoute('listGrantRepositories'))
		.add('GET', '/orgs/{org}/credential-authorizations', orgRoute('listAuthorizations'))
		.add('DELETE', '/orgs/{org}/credential-authorizations/{credential_id}', orgRoute('removeAuthorization'))
		.add('GET', '/orgs/{org}/memberships/{username}', orgRoute('getMembership'));

	function requestHeaders(apiVersion: string): Record<string, string> {
		// GitHub's request ids look like `C0DE:4F2B:1A2B3C:1D2E3F:65A0B1C2`.
		const id = [4, 4, 6, 6, 8].map(length => requestIds.hex(length).toUpperCase()).join(':');
		return {'x-github-request-id': id, 'x-github-api-version-selected': apiVersion, 'x-github-media-type': 'github.v3; format=json'};
	}

	/** What every route is called with, once the checks all routes share have passed. */
	function callFor(request: SimRequest, params: Readonly<Record<string, string>>, org: Org | undefined, extra: Readonly<Record<string, string>> = {}): RouteCall {
		const apiVersion = selectedVersion(request);
		const host = typeof request.headers.host === 'string' ? request.headers.host : '127.0.0.1';
		return {request, params, now: clock(), base: `http://${host}`, apiVersion, headers: {...requestHeaders(apiVersion), ...extra}, org};
	}

	/** An app route: only a JWT signed by the app's key gets in (docs/vendors/github.md, auth [S]: "You must use a JWT"). */
	function appRoute(route: AppRoute): RouteHandler {
		return (request, params) => {
			const call = callFor(request, params, undefined);
			const credential = bearer(request.headers.authorization);
			if (credential === undefined || !looksLikeJwt(credential)) {
				return errorResponse(401, 'A JSON web token could not be decoded', call.headers);
			}

			const verdict = verifyAppJwt(credential, app, call.now);
			return verdict.ok ? route(call) : errorResponse(401, verdict.message, call.headers);
		};
	}

	/**
	An org route: an installation token of that very org, with the permission the route needs, within the rate
	limits. Only GitHub Apps may call the fine-grained PAT endpoints (docs/vendors/github.md, auth [S]).
	*/
	function orgRoute(name: OrgRouteName): RouteHandler {
		return (request, params) => {
			const plain = callFor(request, params, undefined);
			const credential = bearer(request.headers.authorization);
			const token = credential === undefined ? undefined : installationTokens.get(credential);
			if (token === undefined || token.expiresAt <= plain.now) {
				// An unknown or expired installation token (docs/vendors/github.md, auth [S]: an expired one gets 401).
				return errorResponse(401, 'Bad credentials', plain.headers);
			}

			const org = orgNamed(orgs, params['org'] ?? '');
			if (org === undefined) {
				return errorResponse(404, 'Not Found', plain.headers);
			}

			const [permission, level] = routePermissions[name];
			const held = token.org.permissions[permission];
			if (org !== token.org || held === undefined || (level === 'write' && held !== 'write')) {
				return errorResponse(403, 'Resource not accessible by integration', plain.headers);
			}

			const verdict = limiter.hit(org.installationId, `${request.method} ${name}`, request.method, plain.now);
			if (!verdict.allowed) {
				return {...verdict.refusal, headers: {...plain.headers, ...verdict.refusal.headers}};
			}

			return org_[name]({...plain, org, headers: {...plain.headers, ...verdict.headers}});
		};
	}

	function dispatch(request: SimRequest): SimResponse {
		const versionHeader = request.headers['x-github-api-version'];
		const apiVersion = typeof versionHeader === 'string' ? versionHeader.trim() : supportedApiVersions[0];
		const headers = requestHeaders(selectedVersion(request));
		// A request without a User-Agent is refused (docs/vendors/github.md, base URLs [D]).
		const userAgent = request.headers['user-agent'];
		if (typeof userAgent !== 'string' || userAgent.trim() === '') {
			return errorResponse(403, 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header.', headers);
		}

		if (!supportedApiVersions.some(version => version === apiVersion)) {
			// A retired version is 410 Gone; anything else that is no version is a 400 (docs/vendors/github.md, versioning [D] and [I]).
			return /^\d{4}-\d{2}-\d{2}$/.test(apiVersion)
				? errorResponse(410, `API version ${apiVersion} is not supported.`, headers)
				: errorResponse(400, 'Invalid X-GitHub-Api-Version header.', headers);
		}

		const match = router.match(request.method, request.path);
		// GitHub answers 404 for a method a path does not take, as for a path it does not have.
		return match.kind === 'found' ? match.handler(request, match.params) : errorResponse(404, 'Not Found', headers);
	}

	const orgNamedOrLabel = (name: string): Org => {
		const found = orgs.find(org => org.name === name) ?? orgNamed(orgs, name);
		if (found === undefined) {
			throw new ConfigError(`no simulated org named "${name}"; known: ${orgs.map(org => org.name).join(', ')}`, {provider: vendor});
		}

		return found;
	};

	return {
		vendor,
		// Routes carry the full path, as on api.github.com.
		basePath: '',
		app: {id: app.id, clientId: app.clientId, slug: app.slug, privateKey: app.privateKey},
		handle(request) {
			try {
				return dispatch(request);
			} catch {
				return errorResponse(500, 'Server Error', requestHeaders(supportedApiVersions[0]));
			}
		},
		faultResponse(status, retryAfterSeconds) {
			if (status === 429) {
				const refusal = limiter.secondaryRefusal(retryAfterSeconds);
				return {...refusal, status: 429, headers: {...requestHeaders(supportedApiVersions[0]), ...refusal.headers}};
			}

			return errorResponse(status, status === 500 ? 'Server Error' : 'Service Unavailable', requestHeaders(supportedApiVersions[0]));
		},
		accounts: () => orgs.flatMap((org): GitHubSimAccountInfo[] => {
			const shared = {id: String(org.id), apiKey: app.privateKey, appId: app.id, installationId: org.installationId, org: org.login};
			return [
				{...shared, name: org.name, scope: 'grants', tokens: org.grants.length},
				{...shared, name: `${org.name}-sso`, scope: 'sso', tokens: org.authorizations.length},
			];
		}),
		churn(request, random) {
			const token = installationTokens.get(bearer(request.headers.authorization) ?? '');
			const org = token?.org ?? orgs[0];
			if (org !== undefined) {
				churnOrg(org, random);
			}
		},
		allSecrets: () => [app.privateKey, ...minted],
		churnReports: () => [...churnLog],
		org: orgNamedOrLabel,
		expireInstallationTokens() {
			for (const [key, token] of installationTokens) {
				installationTokens.set(key, {...token, expiresAt: clock()});
			}
		},
		installationTokenCount: () => minted.length,
		tokens(account) {
			const sso = account.endsWith('-sso');
			const org = orgNamedOrLabel(sso ? account.slice(0, -'-sso'.length) : account);
			return sso
				? org.authorizations.map(authorization => authorizationRecord(authorization))
				: org.grants.map(grant => grantRecord(org, grant, 'http://127.0.0.1', clock()));
		},
		members(account) {
			return orgNamedOrLabel(account.replace(/-sso$/, '')).users.map(user => ({login: user.login, role: user.role, member: user.member}));
		},
	};

	/** Someone in GitHub's UI: a member's new token is granted access, and another grant and authorization go away (see `churnReports()`). */
	function churnOrg(org: Org, random: Random): void {
		const now = clock();
		const [first, ...rest] = org.users.map(user => ({firstName: user.login, lastName: '', email: user.email ?? `${user.login}@users.noreply.github.com`}));
		const created: {grant?: Grant; authorization?: CredentialAuthorization} = {};
		if (first !== undefined) {
			org.churned++;
			const profile = {...generateProfile(random, 1000 + org.churned, now, [first, ...rest]), createdAt: now, lastUsedAt: null, ownerGone: false, name: `churn-${org.churned}`};
			created.grant = grantFromProfile(org, profile, 'churn', random);
			created.authorization = authorizationFromProfile(org, profile, 'churn', random);
			org.grants.push(created.grant);
			org.authorizations.push(created.authorization);
		}

		const grant = removeOne(org.grants, random, candidate => candidate.accessGrantedAt < now);
		const authorization = removeOne(org.authorizations, random, candidate => candidate.authorizedAt < now);
		churnLog.push(
			{account: org.name, created: created.grant === undefined ? [] : [String(created.grant.id)], removed: grant === undefined ? [] : [String(grant.id)], changed: []},
			{account: `${org.name}-sso`, created: created.authorization === undefined ? [] : [String(created.authorization.credentialId)], removed: authorization === undefined ? [] : [String(authorization.credentialId)], changed: []},
		);
	}
}

/** The version an answer is in: the one asked for, when GitHub serves it, else the default. */
function selectedVersion(request: SimRequest): string {
	const asked = request.headers['x-github-api-version'];
	return supportedApiVersions.find(version => version === (typeof asked === 'string' ? asked.trim() : '')) ?? supportedApiVersions[0];
}

function removeOne<T extends Grant | CredentialAuthorization>(items: T[], random: Random, eligible: (item: T) => boolean): T | undefined {
	const candidates = items.filter(item => eligible(item));
	const victim = candidates[random.int(0, candidates.length - 1)];
	if (victim !== undefined) {
		items.splice(items.indexOf(victim), 1);
	}

	return victim;
}

/**
The credential of `Authorization: token X` or `Bearer X`, either scheme in any case, as GitHub takes them and
Octokit sends them (docs/vendors/github.md, auth [D]).
*/
function bearer(header: string | undefined): string | undefined {
	const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header ?? '');
	return match?.[1];
}

function createApp(random: Random, privateKey: string | undefined): App {
	// PKCS#1, the form GitHub's "Generate a private key" downloads (`-----BEGIN RSA PRIVATE KEY-----`).
	const pem = privateKey ?? generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey.export({type: 'pkcs1', format: 'pem'}).toString();
	const id = random.int(100_000, 999_999);
	return {id, clientId: `Iv23li${random.alphanumeric(14)}`, slug: 'tokenkit-simulated-app', privateKey: pem.trim(), publicKey: createPublicKey(createPrivateKey(pem)).export({type: 'spki', format: 'pem'}).toString()};
}

function count(value: number, name: string, minimum: number): number {
	if (!Number.isInteger(value) || value < minimum) {
		throw new ConfigError(`${name} must be a whole number of at least ${minimum}; got ${value}`, {provider: vendor});
	}

	return value;
}
