import {ConfigError, NetworkError, RotationIncompleteError, ServerError, type ErrorContext} from '../../src/errors/index.js';
import {createHttpClient, type HttpClient, type HttpResponse} from '../../src/http/client.js';
import {flattenPages} from '../../src/flatten-pages.js';
import {mapEach} from '../../src/map-each.js';
import {offsetPages, type OffsetPageTerms} from '../../src/paginate.js';
import type {Capabilities, CreateTokenInput, ListOptions, MintedToken, PreviousKey, TokenProvider} from '../../src/provider.js';
import {checkProviderOptions, type ProviderOptions} from '../../src/provider-options.js';
import {readMintedAnswer} from '../../src/minted-answer.js';
import type {Privilege, Token} from '../../src/token.js';
import {parseResponse} from '../../src/validate.js';
import {createCallerIdentityLookup} from './caller-identity.js';
import {createCustomRoleLookup, resolveCustomRoleIds, type CustomRoleDirectory, type CustomRoleLookup} from './custom-roles.js';
import {scrubToken} from '../../src/redaction/scrub-token.js';
import {launchDarklyTokenToToken} from './map.js';
import {launchDarklyRotation} from './rotation.js';
import {overlappingPages} from './pages.js';
import {buildTokenPatch} from './patch.js';
import {launchDarklyScopes, privilegesToAccess} from './privileges.js';
import {TokenSchema, TokensSchema, TokenWithKeySchema, type AccessTokenPost, type Token as LaunchDarklyToken} from './schema.js';

export {launchDarklyScopes} from './privileges.js';

/**
LaunchDarkly's instances and their API roots (docs/vendors/launchdarkly.md, base URLs [S]): the commercial one, the
EU one named in the spec's text, and the federal one.
*/
export const launchDarklyInstances = {
	us: 'https://app.launchdarkly.com',
	eu: 'https://app.eu.launchdarkly.com',
	federal: 'https://app.launchdarkly.us',
} as const satisfies Record<string, string>;

export type LaunchDarklyInstance = keyof typeof launchDarklyInstances;

/**
The API version sent with every request. 20240415 made `GET /api/v2/tokens` paginated; without the header a
key made for an older version gets the old unpaginated list (docs/vendors/launchdarkly.md, versioning [S] and [I]).
*/
export const launchDarklyApiVersion = '20240415';

/**
The largest `limit` tokenkit asks for. The spec documents no maximum for tokens (docs/vendors/launchdarkly.md, pagination [S]);
1000 is a choice, and a server that serves fewer per page is handled by reading its real page size.
*/
export const launchDarklyMaxPageSize = 1000;

export interface LaunchDarklyProviderOptions extends ProviderOptions {
	/**
	Which LaunchDarkly instance the account lives on. Cannot be combined with `baseUrl`.
	@default 'us'
	*/
	readonly instance?: LaunchDarklyInstance | undefined;
	/**
	Ask for every member's personal tokens as well as the service tokens (`showAll=true`). Without it, even an
	Admin key sees only the service tokens and its own member's personal tokens (docs/vendors/launchdarkly.md, auth
	[S]), which is not an inventory. A key without the Admin role gets its own limited view either way: the
	parameter widens nothing for it, and is not refused.
	@default true
	*/
	readonly showAll?: boolean | undefined;
	/**
	Tokens per list request, from 1 to 1000.
	@default 1000
	*/
	readonly pageSize?: number | undefined;
	/**
	List pages fetched side by side once the first page has told the total. LaunchDarkly's `X-Ratelimit-*`
	headers still pace them.
	@default 8
	*/
	readonly concurrency?: number | undefined;
	/**
	Clock in epoch ms for the expiry a rotation gives the previous key; replace it in tests. Pacing and
	retries keep the real clock: they sleep for real.
	@default Date.now
	*/
	readonly now?: (() => number) | undefined;
}

export interface LaunchDarklyListOptions extends ListOptions {
	/** Overrides the provider's `showAll` for this listing. */
	readonly showAll?: boolean | undefined;
}

export interface LaunchDarklyProvider extends TokenProvider {
	list(options?: LaunchDarklyListOptions): AsyncIterable<Token>;
}

export const launchDarklyCapabilities = {
	operations: {list: true, get: true, create: true, update: true, delete: true, rotate: true},
	pagination: 'offset',
	rotation: launchDarklyRotation,
	maxPageSize: launchDarklyMaxPageSize,
	fields: {expiry: false, lastUsed: true, ipAllowList: false, description: true, owner: true},
} as const satisfies Capabilities;

/**
The most list pages in flight by default. A listing of n pages takes the first page and then n/concurrency
waves of round trips: four capped it at about 3.9 times a client that pages one at a time, whatever the CPU;
eight halves the waves, and the limiter still follows LaunchDarkly's `X-Ratelimit-*` headers. Pages beyond two
ahead of the reader take room from the run's read-ahead budget (`ListOptions.readAhead`, src/read-ahead.ts), so
many accounts listed at once do not hold eight pages each.
*/
export const launchDarklyDefaultConcurrency = 8;
const tokensPath = 'api/v2/tokens';

/** How a list answer names its total and its link to the next page (docs/vendors/launchdarkly.md, pagination [S]). */
const listTerms = {total: 'totalCount', hasMore: '_links.next'} as const satisfies OffsetPageTerms;

/**
LaunchDarkly access tokens: list (offset pages, fetched side by side once the total is known), get, create,
update (JSON Patch), delete, and rotate by LaunchDarkly's own reset, which keeps the token's id and lets the
previous key live until an expiry.

Privileges use the convention of `launchDarklyScopes` (providers/launchdarkly/privileges.ts): a base role
is `{role: 'writer', scope: 'account', resource: null}`, a custom role `{role: '<key>', scope:
'custom-role', resource: '<name>'}`, an inline policy statement `{role: 'allow:<actions>', scope: 'policy',
resource: '<patterns>'}`, and a personal token's member role, when it caps the token, `{role: 'reader',
scope: 'member-cap', resource: '<member id>'}`.

Custom roles are read from LaunchDarkly's roles API (`GET /api/v2/roles`) the first time a token that has
them is met, once per provider instance: their keys and names go into the privileges, and a role whose
policy allows `*` on `*` makes the token admin. A role the key may not read leaves `admin` null (cannot
tell). Roles given by key to `create` or `update` are sent as ids, looked up in the same listing.

Rotation with a grace period is the safe kind. LaunchDarkly decides the previous key's fate when it resets:
with `gracePeriod: 0` the previous key dies at that moment, before `onMinted` has run, so `onMinted` cannot
keep the old key alive if storing the new one fails. Give a grace period long enough to deploy the new key.

@example
const ld = createLaunchDarklyProvider({apiKey: process.env.LD_API_KEY ?? '', account: 'ld-prod'});
for await (const token of ld.list()) console.log(token.name, token.lastUsedAt);
const {secret, previous} = await ld.rotate(id, {gracePeriod: 3_600_000});
*/
export function createLaunchDarklyProvider(options: LaunchDarklyProviderOptions): LaunchDarklyProvider {
	const {credential, account} = checkProviderOptions('launchdarkly', options);
	const context: ErrorContext = {provider: 'launchdarkly', account};
	const baseUrl = chooseBaseUrl(options, context);
	const showAllDefault = checkBoolean(options.showAll, true, 'showAll', context);
	const pageSizeDefault = checkPageSize(options.pageSize ?? launchDarklyMaxPageSize, context);
	const concurrency = options.concurrency ?? launchDarklyDefaultConcurrency;
	if (!Number.isInteger(concurrency) || concurrency < 1) {
		throw new ConfigError(`concurrency must be a whole number of at least 1; got ${concurrency}`, context);
	}

	// The clock is for expiries only: the HTTP layer paces and retries with real sleeps, so it keeps the real clock.
	const {now = Date.now, ...httpOptions} = options;
	const client = createHttpClient({
		...httpOptions,
		provider: 'launchdarkly',
		account,
		baseUrl,
		credential,
		// The raw key, no scheme (docs/vendors/launchdarkly.md, auth [S]: `Bearer <key>` is refused).
		authorization: key => key,
		defaultHeaders: {'LD-API-Version': launchDarklyApiVersion},
		// No pacing defaults: LaunchDarkly does not publish its numbers (docs/vendors/launchdarkly.md, rate limits [S]). Its
		// X-Ratelimit-*-Remaining and X-Ratelimit-Reset headers pace the limiter, and Retry-After the retries.
	});
	const {redactor} = client;
	// Every token handed out is scrubbed of the secrets the run knows: a vendor may echo one in any field.
	const toToken = (record: LaunchDarklyToken, roles?: CustomRoleDirectory): Token => scrubToken(launchDarklyTokenToToken(record, account, roles), redactor);

	const customRoles = createCustomRoleLookup(client);
	// LaunchDarkly names the caller's own token (`GET /api/v2/caller-identity`), so it is marked by id, not guessed from a hint.
	const callerIdentity = createCallerIdentityLookup(client);
	const markOwn = (token: Token, ownId: string | null): Token => (token.id === ownId ? {...token, ownCredential: true} : token);

	/** Pages of tokens: parsed, validated and mapped as the caller reads them, flattened once by `list`. */
	async function* listPages(listOptions: LaunchDarklyListOptions): AsyncGenerator<Iterable<Token>, void, undefined> {
		const pageSize = checkPageSize(listOptions.pageSize ?? pageSizeDefault, context);
		const showAll = checkBoolean(listOptions.showAll, showAllDefault, 'showAll', context);
		// Asked side by side with the first page, and awaited before any token is handed out. An abort ends the
		// listing by itself, so it is not thrown here too (it would be unhandled when the listing fails first).
		const ownId = callerIdentity.tokenId(listOptions.signal).catch(() => null);
		const pages = overlappingPages({
			context,
			pageSize,
			idOf: (record: LaunchDarklyToken) => record._id,
			request: async (offset, limit, signal) => {
				const unread = await client.sendUnread({
					method: 'GET',
					path: tokensPath,
					query: {limit, offset, showAll: showAll ? 'true' : undefined},
					signal,
				});
				return {
					async read() {
						const answer = parseResponse(TokensSchema, await unread.read(), context, {idKey: '_id'});
						return {items: answer.items ?? [], total: answer.totalCount ?? null, hasMore: answer._links?.['next'] !== undefined};
					},
				};
			},
		});
		const records = offsetPages({
			context,
			idOf: record => record._id,
			pageSize: pages.pageSize,
			fetchPage: pages.fetchPage,
			concurrency,
			readAhead: listOptions.readAhead,
			signal: listOptions.signal,
			terms: listTerms,
		});
		for await (const page of records) {
			const roles = page.some(record => hasCustomRoles(record)) ? await customRoles.directory(listOptions.signal) : undefined;
			const own = await ownId;
			// Parsed, validated and mapped as read rather than when the answer arrives: a page that waits behind a slower
			// one stays the vendor's text, which the collector neither scans nor copies (HttpClient.sendUnread).
			yield mapEach(page, record => markOwn(toToken(record, roles), own));
		}
	}

	function list(listOptions: LaunchDarklyListOptions = {}): AsyncGenerator<Token, void, undefined> {
		return flattenPages(listPages(listOptions));
	}

	/**
	A create or reset answer, read key first so the key is kept whatever else the answer lacks (readMintedAnswer):
	the record from the answer, else read back, else known by its id only.
	*/
	async function readMinted(response: HttpResponse, knownId: string | undefined, signal: AbortSignal | undefined): Promise<MintedToken> {
		// The vendor's record as last read, so that its custom roles can be resolved once the key is safe.
		let record: LaunchDarklyToken | undefined;
		const result = await readMintedAnswer({
			context,
			response,
			keyField: 'token',
			idField: '_id',
			knownId,
			// The token is mapped with `token` cut to its last four characters, as list and get show it.
			fromAnswer(answered) {
				record = parseResponse(TokenWithKeySchema, {...response, body: answered}, context, {idKey: '_id'});
				return launchDarklyTokenToToken(record, account);
			},
			async readBack(tokenId) {
				record = await read(client, tokenPath(tokenId, context), signal);
				return launchDarklyTokenToToken(record, account);
			},
		});
		if (record === undefined || !hasCustomRoles(record)) {
			return {...result, token: scrubToken(result.token, redactor)};
		}

		// The key is in its Secret already; a roles listing that fails now only leaves the roles unknown.
		return {...result, token: toToken(record, await customRoles.directoryOrUnknown(signal))};
	}

	return {
		provider: 'launchdarkly',
		account,
		capabilities: launchDarklyCapabilities,
		list,
		async get(id, callOptions = {}) {
			const [record, ownId] = await Promise.all([read(client, tokenPath(id, context), callOptions.signal), callerIdentity.tokenId(callOptions.signal)]);
			return markOwn(toToken(record, hasCustomRoles(record) ? await customRoles.directory(callOptions.signal) : undefined), ownId);
		},
		async create(input, callOptions = {}) {
			const body = await withRoleIds(createBody(input, context), customRoles, callOptions.signal, context);
			const response = await client.send({method: 'POST', path: tokensPath, json: body, signal: callOptions.signal, mints: 'token'})
				.catch((error: unknown) => {
					throw mayHaveHappened(error, `a token named "${input.name}" may have been created without its key reaching tokenkit; list the tokens and delete it if so`);
				});
			return readMinted(response, undefined, callOptions.signal);
		},
		async update(id, change, callOptions = {}) {
			const path = tokenPath(id, context);
			const privileges = await privilegesWithRoleIds(change.privileges, customRoles, callOptions.signal, context);
			const current = await read(client, path, callOptions.signal);
			const patch = buildTokenPatch(current, {...change, privileges}, context);
			if (patch.length === 0) {
				return toToken(current, hasCustomRoles(current) ? await customRoles.directory(callOptions.signal) : undefined);
			}

			const response = await client.send({method: 'PATCH', path, json: patch, signal: callOptions.signal});
			const updated = parseResponse(TokenSchema, response, context, {idKey: '_id'});
			// The change is made: a roles listing that fails now must not hide that, so it only leaves the roles unknown.
			return toToken(updated, hasCustomRoles(updated) ? await customRoles.directoryOrUnknown(callOptions.signal) : undefined);
		},
		async delete(id, callOptions = {}) {
			await client.send({method: 'DELETE', path: tokenPath(id, context), signal: callOptions.signal});
		},
		async rotate(id, rotateOptions = {}) {
			const path = `${tokenPath(id, context)}/reset`;
			const gracePeriod = rotateOptions.gracePeriod ?? 0;
			if (!Number.isFinite(gracePeriod) || gracePeriod < 0) {
				throw new ConfigError(`gracePeriod must be a finite number of milliseconds, 0 or more; got ${gracePeriod}`, context);
			}

			// `expiry` is when the previous key stops, in epoch ms; without it, it stops at once (docs/vendors/launchdarkly.md, rotation [S]).
			const expiry = gracePeriod > 0 ? Math.ceil(now() + gracePeriod) : undefined;
			const previous: PreviousKey = expiry === undefined ? {state: 'revoked'} : {state: 'valid-until', until: new Date(expiry)};
			const fate = expiry === undefined ? 'the previous key no longer works' : `the previous key keeps working until ${new Date(expiry).toISOString()}`;
			const response = await client.send({method: 'POST', path, query: {expiry}, signal: rotateOptions.signal, mints: 'token', retry: launchDarklyRotation.retrySafe})
				.catch((error: unknown) => {
					throw mayHaveHappened(error, `token ${id} may have been reset: if so, its new key is lost and ${fate}. Reset it again to get a key you can keep`);
				});
			const result = await readMinted(response, id, rotateOptions.signal);
			if (rotateOptions.onMinted !== undefined) {
				try {
					await rotateOptions.onMinted(result);
				} catch (error) {
					throw new RotationIncompleteError({...context, previousId: id, minted: result, explanation: `the token was reset, but storing the new key failed; ${fate}. Store the key from error.minted.secret, or reset the token again`}, {cause: error});
				}
			}

			return {...result, style: launchDarklyRotation.name, previousId: id, previous};
		},
	};
}

function hasCustomRoles(record: LaunchDarklyToken): boolean {
	return record.customRoleIds !== undefined && record.customRoleIds.length > 0;
}

/** The create body with its custom roles as ids (see {@link resolveCustomRoleIds}); the roles are listed only when there are some. */
async function withRoleIds(body: AccessTokenPost, customRoles: CustomRoleLookup, signal: AbortSignal | undefined, context: ErrorContext): Promise<AccessTokenPost> {
	if (body.customRoleIds === undefined) {
		return body;
	}

	return {...body, customRoleIds: resolveCustomRoleIds(body.customRoleIds, await customRoles.directory(signal), context)};
}

/** An update's privileges with custom roles named by id, checked before the roles are listed; unchanged when they name none. */
async function privilegesWithRoleIds(privileges: readonly Privilege[] | undefined, customRoles: CustomRoleLookup, signal: AbortSignal | undefined, context: ErrorContext): Promise<readonly Privilege[] | undefined> {
	if (privileges === undefined) {
		return undefined;
	}

	const access = privilegesToAccess(privileges, context);
	if (access.kind !== 'custom-roles') {
		return privileges;
	}

	const directory: CustomRoleDirectory = await customRoles.directory(signal);
	return resolveCustomRoleIds(access.customRoleIds, directory, context).map(id => ({role: id, scope: launchDarklyScopes.customRole, resource: null}));
}

async function read(client: HttpClient, path: string, signal: AbortSignal | undefined): Promise<LaunchDarklyToken> {
	return parseResponse(TokenSchema, await client.send({method: 'GET', path, signal}), client.context, {idKey: '_id'});
}

function tokenPath(id: string, context: ErrorContext): string {
	if (typeof id !== 'string' || id.trim() === '') {
		throw new ConfigError('a token id must be a non-empty string', context);
	}

	return `${tokensPath}/${encodeURIComponent(id)}`;
}

/**
The create body. LaunchDarkly has no IP allow-list (docs/vendors/launchdarkly.md, schemas [S]), so a non-empty `allowedIps` cannot
be honoured and is a ConfigError rather than silently dropped.
*/
function createBody(input: CreateTokenInput, context: ErrorContext): AccessTokenPost {
	if (input.allowedIps !== undefined && input.allowedIps.length > 0) {
		throw new ConfigError('LaunchDarkly tokens have no IP allow-list; leave allowedIps out', context);
	}

	const access = privilegesToAccess(input.privileges, context);
	return {
		name: input.name,
		...(input.description === undefined ? {} : {description: input.description}),
		...(access.kind === 'role' ? {role: access.role} : {}),
		...(access.kind === 'custom-roles' ? {customRoleIds: [...access.customRoleIds]} : {}),
		...(access.kind === 'policy' ? {inlineRole: [...access.inlineRole]} : {}),
		serviceToken: input.kind === 'service',
	};
}

/**
A create or reset is a POST: when its answer is lost (a cut connection, a timeout, a 5xx), the vendor may have
acted on it, and the HTTP client rightly does not send it again. The error keeps its class and says what may
have happened and what to do.
*/
function mayHaveHappened(error: unknown, advice: string): unknown {
	if (error instanceof NetworkError && !error.notSent) {
		return new NetworkError({provider: error.provider, account: error.account, method: error.method, path: error.path, reason: `${error.reason}; ${advice}`, notSent: false}, {cause: error});
	}

	if (error instanceof ServerError) {
		return new ServerError(error.details, advice, {cause: error});
	}

	return error;
}

function chooseBaseUrl(options: LaunchDarklyProviderOptions, context: ErrorContext): string {
	const {instance} = options;
	if (instance !== undefined && options.baseUrl !== undefined) {
		throw new ConfigError('give either instance or baseUrl, not both', context);
	}

	if (instance === undefined) {
		return options.baseUrl ?? launchDarklyInstances.us;
	}

	if (!Object.hasOwn(launchDarklyInstances, instance)) {
		throw new ConfigError(`unknown LaunchDarkly instance "${instance}"; known: ${Object.keys(launchDarklyInstances).join(', ')}`, context);
	}

	return launchDarklyInstances[instance];
}

function checkPageSize(pageSize: number, context: ErrorContext): number {
	if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > launchDarklyMaxPageSize) {
		throw new ConfigError(`pageSize must be a whole number from 1 to ${launchDarklyMaxPageSize}; got ${pageSize}`, context);
	}

	return pageSize;
}

function checkBoolean(value: boolean | undefined, fallback: boolean, name: string, context: ErrorContext): boolean {
	if (value !== undefined && typeof value !== 'boolean') {
		throw new ConfigError(`${name} must be true or false`, context);
	}

	return value ?? fallback;
}
