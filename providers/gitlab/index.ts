import {createHttpClient} from '../../src/http/client.js';
import type {LimiterOptions} from '../../src/http/limiter.js';
import {flattenPages} from '../../src/flatten-pages.js';
import type {Capabilities, TokenProvider} from '../../src/provider.js';
import {checkProviderOptions} from '../../src/provider-options.js';
import {unsupported} from '../../src/unsupported.js';
import {readRecord, tokenOf, type GitLabApi} from './api.js';
import {createIdentity} from './identity.js';
import {gitLabTokenPages} from './listing.js';
import {createMinting} from './minting.js';
import {gitLabMaxPageSize} from './pages.js';
import {checkGitLabOptions, type GitLabProviderOptions} from './options.js';
import {createGitLabPeople} from './people.js';
import {gitLabRotation} from './rotation.js';
import {parseTokenId, tokenPath} from './token-id.js';

export {gitLabAccessLevels, personalTokenToToken, resourceTokenToToken, type PersonalTokenOwner} from './map.js';
export {gitLabDotCom, type GitLabProviderOptions, type PersonalTokenScope, type ResourceSelection} from './options.js';
export {gitLabMaxPageSize} from './pages.js';

/**
What GitLab's token API offers (docs/vendors/gitlab.md): list, get, revoke (`delete`) and GitLab's own rotate; create
of group and project tokens, and of a user's personal token by an administrator only; no update, since GitLab has
no route that changes a token. Expiry dates, last use and descriptions; no IP allow-list.
*/
export const gitLabCapabilities = {
	operations: {list: true, get: true, create: true, update: false, delete: true, rotate: true},
	// Offset pages (`page`, `per_page`) on the wire, but read as a chain: each page names the next, and the total that
	// would let pages be fetched side by side is missing past 10,000 rows (docs/vendors/gitlab.md, pagination [D]).
	pagination: 'cursor',
	rotation: gitLabRotation,
	maxPageSize: gitLabMaxPageSize,
	fields: {expiry: true, lastUsed: true, ipAllowList: false, description: true, owner: true},
	remedies: {
		// tokenkit's rotation always sends an expiry, so a token that never expires gets one by being rotated; an
		// instance that requires expiry (GitLab's default) has none left (docs/vendors/gitlab.md, rotation [D]).
		expire: {remedy: 'rotate', advice: 'rotate it (tokenkit rotate): the new token expires; or have an administrator require expiry for every token'},
		// No update route: scopes and level are fixed at creation (docs/vendors/gitlab.md, endpoints [S]).
		narrow: {remedy: 'none', advice: 'create a token with fewer scopes (or a lower level), then revoke this one: GitLab cannot change a token'},
	},
} as const satisfies Capabilities;

/**
GitLab.com's limit for authenticated API calls: 2,000 a minute per user (docs/vendors/gitlab.md, rate limits [D]).
Self-managed instances have none by default; their `RateLimit-Remaining` and `RateLimit-Reset` headers (epoch
seconds) pace the limiter wherever a limit is on, and `Retry-After` the retries after a 429. `limiter` overrides this.
*/
export const gitLabRateLimits = {requestsPerSecond: 2000 / 60, burst: 100} as const satisfies LimiterOptions;

export type GitLabProvider = TokenProvider;

/**
GitLab access tokens of one instance (GitLab.com or self-managed): personal access tokens (every user's with an
administrator's credential, else the credential's own user's), and the group and project access tokens of the
groups and projects the options name (or of all the credential can manage). Ids are GitLab's for personal tokens
(`123`) and carry their group or project otherwise (`group/45/123`). The token the credential is, is marked
`ownCredential`.

Rotation is GitLab's own: a new token with a new id, the old key revoked at once (no grace period), sent once and
never retried, always with an expiry that keeps the old token's lifetime (capped by `maxLifetimeDays`), so that a
rotation never leaves a one-week token. `delete` revokes: GitLab keeps revoked tokens, and lists them as `revoked`.

@example
const gitlab = createGitLabProvider({apiKey: process.env.GITLAB_TOKEN ?? '', baseUrl: 'https://gitlab.example.com', groups: ['acme'], account: 'gitlab-prod'});
for await (const token of gitlab.list()) {
	if (token.status === 'active' && token.expiresAt === null) console.log(`${token.name} never expires`);
}
*/
export function createGitLabProvider(options: GitLabProviderOptions): GitLabProvider {
	const {credential, account} = checkProviderOptions('gitlab', options);
	const context = {provider: 'gitlab', account};
	const checked = checkGitLabOptions(options, context);
	const {now = Date.now, ...httpOptions} = options;
	const client = createHttpClient({
		...httpOptions,
		provider: 'gitlab',
		account,
		baseUrl: checked.baseUrl,
		credential,
		// GitLab takes personal, group and project access tokens as a bearer token (docs/vendors/gitlab.md, auth [S]).
		authorization: key => `Bearer ${key}`,
		vendorLimits: gitLabRateLimits,
	});
	const api: GitLabApi = {
		client,
		context,
		account,
		options: checked,
		redactor: client.redactor,
		people: createGitLabPeople(client),
		now,
		identity: createIdentity(client),
	};
	const minting = createMinting(api);

	return {
		provider: 'gitlab',
		account,
		capabilities: gitLabCapabilities,
		list: listOptions => flattenPages(gitLabTokenPages(api, listOptions ?? {})),
		async get(id, callOptions = {}) {
			return tokenOf(api, await readRecord(api, parseTokenId(id, context), callOptions.signal), callOptions.signal);
		},
		async create(input, callOptions = {}) {
			return minting.create(input, callOptions.signal);
		},
		async update() {
			return unsupported(context, 'update', 'GitLab has no way to change a token: its name, scopes, description and access level are fixed at creation. Create a new token and revoke the old one');
		},
		async delete(id, callOptions = {}) {
			// GitLab revokes: the token stays listed, as revoked (docs/vendors/gitlab.md, endpoints [S]).
			await client.send({method: 'DELETE', path: `api/v4/${tokenPath(parseTokenId(id, context))}`, signal: callOptions.signal});
		},
		async rotate(id, rotateOptions = {}) {
			return minting.rotate(id, rotateOptions);
		},
	};
}
