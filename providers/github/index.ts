import {AuthenticationError} from '../../src/errors/index.js';
import {createHttpClient, type HttpRequest, type HttpResponse} from '../../src/http/client.js';
import {flattenPages} from '../../src/flatten-pages.js';
import type {Capabilities, CallOptions, TokenProvider} from '../../src/provider.js';
import {createRedactor} from '../../src/redaction/redactor.js';
import {scrubToken} from '../../src/redaction/scrub-token.js';
import {Secret} from '../../src/secret.js';
import type {Token} from '../../src/token.js';
import {unsupported} from '../../src/unsupported.js';
import {createAppSession} from './app-session.js';
import {grantOperations} from './grants.js';
import {createOrgMembers} from './members.js';
import {checkGitHubOptions, gitHubMaxPageSize, type GitHubProviderOptions, type GitHubTokenScope} from './options.js';
import {withGitHubRateLimitAnswers} from './rate-limit-answer.js';
import {ssoOperations} from './sso.js';

export {gitHubScopes, grantToToken, credentialAuthorizationToToken, type OrgMember} from './map.js';
export {gitHubMaxPageSize, gitHubProductionUrl, type GitHubApiVersion, type GitHubProviderOptions, type GitHubTokenScope} from './options.js';

/**
What to do instead of rotating: GitHub has no API that creates, regenerates or rotates a personal access token, and
neither has it one for SSH keys (docs/vendors/github.md, rotation [S]). Only the owner can make a new one.
*/
export const gitHubManualRotation = 'ask the owner to create a new token in GitHub and switch to it, then revoke this one (tokenkit revoke)';

const noMinting = `GitHub's API cannot create, regenerate or rotate a personal access token or SSH key: only its owner can, in GitHub's settings. Ask the owner to create a new one and switch to it, then revoke this one with tokenkit revoke (which removes its access to the org).`;

/**
Both scopes: list, get (from the list: GitHub has no GET for one) and delete, which revokes the token's access to the
org rather than the token itself. No create, update or rotate: GitHub's API cannot mint a personal access token.
Expiry, last use and owners as GitHub gives them; no description and no IP allow-list per token (an Enterprise
Cloud allow-list is the org's).
*/
export const gitHubCapabilities = {
	operations: {list: true, get: true, create: false, update: false, delete: true, rotate: false},
	pagination: 'cursor',
	rotation: null,
	// No API mints a PAT: the owner makes the new one (docs/vendors/github.md, rotation [S]).
	remedies: {rotate: {remedy: 'none', advice: gitHubManualRotation}},
	maxPageSize: gitHubMaxPageSize,
	fields: {expiry: true, lastUsed: true, ipAllowList: false, description: false, owner: true},
} as const satisfies Capabilities;

export interface GitHubProvider extends TokenProvider {
	readonly scope: GitHubTokenScope;
	/**
	Revokes several fine-grained PAT grants with GitHub's bulk endpoint, a hundred per request (scope `grants` only;
	with `sso` each is removed in turn). GitHub finishes a bulk revoke in the background.
	*/
	revokeMany(ids: readonly string[], options?: CallOptions): Promise<void>;
	/** Installation tokens minted so far by this provider. */
	installationTokensMinted(): number;
}

/** The `User-Agent` GitHub requires on every request (docs/vendors/github.md, base URLs [D]). */
const userAgent = 'tokenkit (+https://github.com/tokenkit/tokenkit)';

/**
GitHub organizations' personal access tokens, as a GitHub App installed on the org sees them: fine-grained PAT
grants (scope `grants`, the default), or, on Enterprise Cloud with SAML SSO, the credentials authorized for the
org's single sign-on (scope `sso`: classic PATs, SSH keys, OAuth tokens).

tokenkit authenticates as the App: it signs a JWT with the App's private key, mints an installation token, renews it
five minutes before it ends and once more if GitHub refuses it, and holds both as secrets (registered with the
redactor, never printed). Every request carries `X-GitHub-Api-Version`. GitHub's primary and secondary rate limits
are honoured: `x-ratelimit-*` paces the requests, and a 403 or 429 with `retry-after` or no requests left is waited
out like any 429.

The App needs, on the org: "Personal access tokens" (read to list, write to revoke) for `grants`, "Administration"
for `sso` ([I]), and "Members" (read) to tell whether owners are still in the org.

@example
const github = createGitHubProvider({appId: 123456, privateKey: readFileSync('app.pem', 'utf8'), org: 'acme', account: 'gh-acme'});
for await (const token of github.list()) console.log(token.name, token.owner?.id, token.expiresAt);
*/
export function createGitHubProvider(options: GitHubProviderOptions): GitHubProvider {
	const checked = checkGitHubOptions(options);
	const {account} = checked;
	const context = {provider: 'github', account};
	const now = options.now ?? Date.now;
	const privateKey = new Secret(checked.privateKey);
	const redactor = options.redactor ?? createRedactor();
	const fetchWithRateLimits = withGitHubRateLimitAnswers(options.fetch);
	const defaultHeaders = {'accept': 'application/vnd.github+json', 'x-github-api-version': checked.apiVersion, 'user-agent': userAgent};
	// Two clients, one for the App's JWT and one for the installation token, sharing the redactor and the event
	// listener: the header of each is read when a request goes, so a renewed token is used at once.
	const clientOptions = {...options, provider: 'github', account, baseUrl: checked.baseUrl, credential: privateKey, redactor, fetch: fetchWithRateLimits, defaultHeaders};
	const appClient = createHttpClient({...clientOptions, authorization: () => session.appAuthorization()});
	const installationClient = createHttpClient({...clientOptions, authorization: () => session.installationAuthorization()});
	const session = createAppSession({context, appClient, appId: checked.appId, privateKey, installationId: checked.installationId, org: checked.org, now});

	/** A request as the installation: with a token good for a while, and once more with a new one if GitHub says 401. */
	async function send(request: HttpRequest): Promise<HttpResponse> {
		await session.ready(request.signal);
		const used = session.currentToken();
		try {
			return await installationClient.send(request);
		} catch (error) {
			if (!(error instanceof AuthenticationError)) {
				throw error;
			}

			// GitHub refused the token (expired early, revoked, or not yet replicated): a 401 means nothing was done.
			await session.renewAfter(used, request.signal);
			return installationClient.send(request);
		}
	}

	const base = new URL(checked.baseUrl.endsWith('/') ? checked.baseUrl : `${checked.baseUrl}/`);
	const dependencies = {
		context,
		account,
		send,
		base,
		pageSize: checked.pageSize,
		org: async (signal: AbortSignal | undefined) => (await session.installation(signal)).org,
		members: checked.resolveOwners ? createOrgMembers(send, context) : undefined,
		scrub: (token: Token) => scrubToken(token, redactor),
	};
	const operations = checked.scope === 'grants' ? grantOperations(dependencies) : ssoOperations(dependencies);

	return {
		provider: 'github',
		account,
		scope: checked.scope,
		capabilities: gitHubCapabilities,
		list: (listOptions = {}) => flattenPages(operations.pages(listOptions.signal)),
		get: async (id, callOptions = {}) => operations.get(id, callOptions.signal),
		create: async () => unsupported(context, 'create', noMinting),
		update: async () => unsupported(context, 'update', 'GitHub\'s API cannot change a personal access token: its owner edits it in GitHub\'s settings.'),
		delete: async (id, callOptions = {}) => operations.revoke(id, callOptions.signal),
		rotate: async () => unsupported(context, 'rotate', noMinting),
		async revokeMany(ids, callOptions = {}) {
			if ('revokeMany' in operations) {
				await operations.revokeMany(ids, callOptions.signal);
				return;
			}

			for (const id of ids) {
				await operations.revoke(id, callOptions.signal);
			}
		},
		installationTokensMinted: () => session.minted(),
	};
}
