import {ConfigError, HttpError, NetworkError, RotationIncompleteError, ServerError, type ErrorContext} from '../../src/errors/index.js';
import {flattenPages} from '../../src/flatten-pages.js';
import {createHttpClient} from '../../src/http/client.js';
import type {LimiterOptions} from '../../src/http/limiter.js';
import {mapEach} from '../../src/map-each.js';
import {readMintedAnswer} from '../../src/minted-answer.js';
import type {Capabilities, CreateTokenInput, MintedToken, TokenProvider, UpdateTokenInput} from '../../src/provider.js';
import {checkProviderOptions} from '../../src/provider-options.js';
import {scrubToken} from '../../src/redaction/scrub-token.js';
import type {Token} from '../../src/token.js';
import {parseResponse} from '../../src/validate.js';
import {createCloudflareApi} from './api.js';
import {createCallerLookup, type CloudflareCaller} from './caller.js';
import {createGroupLookup} from './groups.js';
import {cloudflareTokenToToken, requestIp} from './map.js';
import {checkCloudflareOptions, cloudflareBaseUrl, cloudflareMaxPageSize, type CloudflareProviderOptions, type CloudflareTokenScope} from './options.js';
import {tokenPages} from './pages.js';
import {allGroupsById, parsePrivileges, privilegesToPolicies, type PolicyInput} from './privileges.js';
import {cloudflareRotation} from './rotation.js';
import {CloudflareTokenSchema, type CloudflareToken} from './schema.js';

/*
Cloudflare's user and account API tokens behind one TokenProvider. Where Cloudflare's documents are silent, this
adapter chooses (docs/vendors/cloudflare.md):
- Every answer's envelope is checked: a 200 whose `success` is false, or that lists errors, is an HttpError (api.ts).
- The listing pages until an empty page, with `include_expired=true`; a total the pages announced and the listing
  did not reach is a PaginationError (pages.ts).
- Verify tells which token is the credential (`ownCredential`); a 4xx from verify means none of this scope's is
  (caller.ts).
- Update is Cloudflare's full replace: the current record is read, and what the change leaves out (condition,
  dates, status, policies) is sent back as it was.
- Rotation is Cloudflare's roll, sent once (`retry: false`): a lost answer is reported, never repeated.
- Policies name permission groups by id; privileges given by group name are looked up in the permission groups
  listing, once per provider (groups.ts).
*/

export {cloudflareTokenToToken} from './map.js';
export {cloudflareBaseUrl, cloudflareMaxPageSize, type CloudflareProviderOptions, type CloudflareTokenScope} from './options.js';
export {cloudflareRotation} from './rotation.js';

/** Both scopes: every operation, expiry dates, last use, IP allow-lists; no description; an owner for user tokens and account tokens whose creator Cloudflare recorded. */
export const cloudflareCapabilities = {
	operations: {list: true, get: true, create: true, update: true, delete: true, rotate: true},
	pagination: 'cursor',
	rotation: cloudflareRotation,
	maxPageSize: cloudflareMaxPageSize,
	fields: {expiry: true, lastUsed: true, ipAllowList: true, description: false, owner: true},
	// Cloudflare edits a token's policies, IP condition and expiry in place (a full-replace update), keeping its
	// id and secret: no replacement token is needed (docs/vendors/cloudflare.md, endpoints [S]).
	remedies: {
		narrow: {remedy: 'none', advice: 'narrow its policies in place (dashboard, or the API\'s update); Cloudflare keeps its id and secret'},
		restrict: {remedy: 'none', advice: 'add an IP allow-list (request_ip in) in place (dashboard, or the API\'s update); Cloudflare keeps its id and secret'},
		expire: {remedy: 'none', advice: 'set an expiry in place (dashboard, or the API\'s update); Cloudflare keeps its id and secret'},
	},
} as const satisfies Capabilities;

/**
Cloudflare's pacing: 1,200 requests per five minutes per token (docs/vendors/cloudflare.md, rate limits [D]). A
steady 3 a second after a burst of 300 stays within it over any five minutes (300 + 3 × 300 = 1,200); the
`Ratelimit` header of each answer paces what the dashboard and other clients share of the same budget, and a 429's
`Retry-After` (Cloudflare blocks for five minutes) is longer than the retry cap, so it ends the account's run
with a RateLimitError that says when to try again, and holds the account's other requests until then.
*/
export const cloudflareRateLimits = {requestsPerSecond: 3, burst: 300} as const satisfies LimiterOptions;

export interface CloudflareUpdateTokenInput extends UpdateTokenInput {
	/** Source IPs/CIDRs to limit the token to (`condition.request_ip.in`); `[]` lifts the allow-list. Cloudflare edits it in place. */
	readonly allowedIps?: readonly string[] | undefined;
	/** When the token stops working; null for never. Cloudflare edits it in place. */
	readonly expiresAt?: Date | null | undefined;
	/** Pause (`disabled`) or resume (`active`) the token. */
	readonly status?: 'active' | 'disabled' | undefined;
}

export interface CloudflareProvider extends TokenProvider {
	readonly scope: CloudflareTokenScope;
	/** The account whose tokens this provider manages; null for scope `user`. */
	readonly accountId: string | null;
	update(id: string, change: CloudflareUpdateTokenInput, options?: {readonly signal?: AbortSignal | undefined}): Promise<Token>;
}

/**
Cloudflare API tokens: an account's tokens (scope `account`, the default) or the caller's own user tokens (scope
`user`). Every operation is supported. Rotation is Cloudflare's roll: the same token gets a new secret and the old
one stops at once, with no grace period; a roll is never sent twice.

@example
const cloudflare = createCloudflareProvider({apiKey: process.env.CLOUDFLARE_API_TOKEN ?? '', accountId: '023e105f4ecef8ad9ca31a8372d0c353', account: 'cf-prod'});
for await (const token of cloudflare.list()) {
	if (token.admin && token.allowedIps?.length === 0) console.log(`${token.name}: can mint tokens, usable from anywhere`);
}
*/
export function createCloudflareProvider(options: CloudflareProviderOptions): CloudflareProvider {
	const {credential, account} = checkProviderOptions('cloudflare', options);
	const context: ErrorContext = {provider: 'cloudflare', account};
	const checked = checkCloudflareOptions(options, context);
	const client = createHttpClient({
		...options,
		provider: 'cloudflare',
		account,
		baseUrl: options.baseUrl ?? cloudflareBaseUrl,
		credential,
		// `security: api_token` on every token route: a bearer token (docs/vendors/cloudflare.md, auth [S]).
		authorization: key => `Bearer ${key}`,
		vendorLimits: cloudflareRateLimits,
	});
	const api = createCloudflareApi(client);
	const base = checked.scope === 'user' ? 'user/tokens' : `accounts/${checked.accountId}/tokens`;
	const tokenPath = (id: string): string => {
		if (typeof id !== 'string' || id.trim() === '') {
			throw new ConfigError('a token id must be a non-empty string', context);
		}

		return `${base}/${encodeURIComponent(id)}`;
	};

	const caller = createCallerLookup(api, checked.scope, base);
	const groupIds = createGroupLookup(api, base);
	const toToken = (record: CloudflareToken, who: CloudflareCaller): Token => scrubToken(
		cloudflareTokenToToken(record, {account, scope: checked.scope, ownTokenId: who.ownTokenId, user: who.user}),
		client.redactor,
	);

	async function read(id: string, signal: AbortSignal | undefined): Promise<CloudflareToken> {
		return (await api.call(CloudflareTokenSchema, {method: 'GET', path: tokenPath(id), signal})).result;
	}

	async function readToken(id: string, signal: AbortSignal | undefined): Promise<Token> {
		const [record, who] = await Promise.all([read(id, signal), caller(signal)]);
		return toToken(record, who);
	}

	async function policiesFor(privileges: CreateTokenInput['privileges'], signal: AbortSignal | undefined): Promise<PolicyInput[] | undefined> {
		if (privileges === undefined) {
			return undefined;
		}

		const parsed = parsePrivileges(privileges, context);
		const groupId = allGroupsById(parsed) ? (group: string) => group : await groupIds(parsed, signal);
		return privilegesToPolicies(parsed, groupId);
	}

	async function* listPages(signal: AbortSignal | undefined, pageSize: number): AsyncGenerator<Iterable<Token>, void, undefined> {
		// Asked first: the listing's tokens are marked with its answer.
		const who = await caller(signal);
		for await (const page of tokenPages({api, path: base, pageSize, signal})) {
			yield mapEach(page, record => toToken(record, who));
		}
	}

	return {
		provider: 'cloudflare',
		account,
		scope: checked.scope,
		accountId: checked.accountId,
		capabilities: cloudflareCapabilities,

		list(listOptions = {}) {
			const pageSize = listOptions.pageSize === undefined ? checked.pageSize : checkCloudflareOptions({...options, pageSize: listOptions.pageSize}, context).pageSize;
			return flattenPages(listPages(listOptions.signal, pageSize));
		},

		async get(id, callOptions = {}) {
			return readToken(id, callOptions.signal);
		},

		async create(input, callOptions = {}): Promise<MintedToken> {
			const {signal} = callOptions;
			if (input.description !== undefined && input.description !== '') {
				throw new ConfigError('description: Cloudflare tokens have no description; put what the token is for in its name', context);
			}

			const wanted = checked.scope === 'user' ? 'personal' : 'service';
			if (input.kind !== undefined && input.kind !== wanted) {
				throw new ConfigError(`kind: a provider of scope '${checked.scope}' makes ${wanted} tokens; use a provider of scope '${checked.scope === 'user' ? 'account' : 'user'}' for ${input.kind} ones`, context);
			}

			if (input.name.trim() === '' || input.name.length > 120) {
				throw new ConfigError('name: a Cloudflare token needs a name of 1 to 120 characters', context);
			}

			if (input.privileges === undefined) {
				throw new ConfigError('privileges: a Cloudflare token needs at least one policy, e.g. [{role: \'Zone Read\', scope: \'zone\', resource: \'com.cloudflare.api.account.zone.*\'}]', context);
			}

			const policies = await policiesFor(input.privileges, signal);
			const allowedIps = input.allowedIps ?? [];
			const body = {
				name: input.name,
				policies,
				...(allowedIps.length > 0 ? {condition: {request_ip: {in: [...allowedIps]}}} : {}),
			};
			const response = await client.send({method: 'POST', path: base, json: body, signal, mints: 'result.value'})
				.catch((error: unknown) => {
					throw policyRefusal(mayHaveHappened(error, `a token named "${input.name}" may have been created without its secret reaching tokenkit; list the tokens and delete it if so`));
				});
			const envelope = api.checkEnvelope(response);
			const minted = await readMintedAnswer({
				context,
				response,
				body: envelope.result,
				keyField: 'value',
				idField: 'id',
				fromAnswer(record) {
					const created = parseResponse(CloudflareTokenSchema, {...response, body: record}, context, {idKey: 'id'});
					return cloudflareTokenToToken(withoutValue(created), {account, scope: checked.scope, ownTokenId: null});
				},
				readBack: async id => cloudflareTokenToToken(await read(id, signal), {account, scope: checked.scope, ownTokenId: null}),
			});
			return {...minted, token: scrubToken(minted.token, client.redactor)};
		},

		async update(id, change: CloudflareUpdateTokenInput, callOptions = {}) {
			const {signal} = callOptions;
			if (change.description !== undefined && change.description !== '') {
				throw new ConfigError('description: Cloudflare tokens have no description', context);
			}

			if (change.name !== undefined && (change.name.trim() === '' || change.name.length > 120)) {
				throw new ConfigError('name: a Cloudflare token needs a name of 1 to 120 characters', context);
			}

			const policies = await policiesFor(change.privileges, signal);
			const current = await read(id, signal);
			const body = replacementBody(current, change, policies);
			const {result} = await api.call(CloudflareTokenSchema, {method: 'PUT', path: tokenPath(id), json: body, signal})
				.catch((error: unknown) => {
					throw policyRefusal(error);
				});
			return toToken(result, await caller(signal));
		},

		async delete(id, callOptions = {}) {
			// The SDK sends no body, though the spec asks for `{}` (docs/vendors/cloudflare.md, endpoints [S][D]).
			const response = await client.send({method: 'DELETE', path: tokenPath(id), signal: callOptions.signal});
			if (response.body !== undefined) {
				api.checkEnvelope(response);
			}
		},

		async rotate(id, rotateOptions = {}) {
			const path = `${tokenPath(id)}/value`;
			const gracePeriod = rotateOptions.gracePeriod ?? 0;
			if (gracePeriod !== 0) {
				throw new ConfigError(cloudflareRotation.noGrace(`token ${id}`), context);
			}

			// Sent once, whatever comes back: a second roll would kill the secret the first one minted (see rotation.ts).
			const response = await client.send({method: 'PUT', path, json: {}, signal: rotateOptions.signal, mints: 'result', retry: false, idempotent: false})
				.catch((error: unknown) => {
					throw mayHaveHappened(error, `token ${id} may have been rolled: if so, its old secret no longer works and the new one is lost. Check whether the old secret still works (verify) before rolling again`);
				});
			if (typeof Reflect.get(Object(response.body), 'result') !== 'string') {
				// No secret in the answer: the envelope says why (a failure), or the answer is broken.
				api.checkEnvelope(response);
			}

			const minted = await readMintedAnswer({
				context,
				response,
				keyField: 'result',
				idField: 'id',
				knownId: id,
				// A roll answers with the bare secret: the record is read back.
				fromAnswer() {
					throw new Error('a roll answers with the secret only');
				},
				readBack: async tokenId => cloudflareTokenToToken(await read(tokenId, rotateOptions.signal), {account, scope: checked.scope, ownTokenId: null}),
			});
			const result = {...minted, token: scrubToken(minted.token, client.redactor)};
			if (rotateOptions.onMinted !== undefined) {
				try {
					await rotateOptions.onMinted(result);
				} catch (error) {
					throw new RotationIncompleteError({...context, previousId: id, minted: result, explanation: 'the token was rolled, so its old secret no longer works, but storing the new one failed. Store the secret from error.minted.secret, or roll the token again'}, {cause: error});
				}
			}

			return {...result, style: cloudflareRotation.name, previousId: id, previous: {state: 'revoked'}};
		},
	};

	/** A create or update Cloudflare refused for its policies: say which field to look at. */
	function policyRefusal(error: unknown): unknown {
		if (error instanceof HttpError && (error.status === 400 || error.status === 403) && error.method !== 'GET') {
			return new HttpError({...error.details, ...context}, 'Cloudflare refused the token\'s policies (privileges[].resource): a zone or account they name may be one this credential cannot read, or a permission it does not hold', {cause: error});
		}

		return error;
	}
}

/** The full-replace body of an update: the change, and everything it leaves out as Cloudflare has it now. */
function replacementBody(current: CloudflareToken, change: CloudflareUpdateTokenInput, policies: PolicyInput[] | undefined): Record<string, unknown> {
	const currentIp = requestIp(current);
	const condition = change.allowedIps === undefined
		? (currentIp === undefined ? undefined : {request_ip: currentIp})
		: {request_ip: {...(change.allowedIps.length > 0 ? {in: [...change.allowedIps]} : {}), ...(currentIp?.not_in === undefined ? {} : {not_in: [...currentIp.not_in]})}};
	const expiresOn = change.expiresAt === undefined ? current.expires_on : change.expiresAt?.toISOString() ?? null;
	return {
		name: change.name ?? current.name ?? '',
		// Policy ids are Cloudflare's; a replacement sends effect, groups and resources only.
		policies: policies ?? (current.policies ?? []).map(policy => ({effect: policy.effect, permission_groups: policy.permission_groups.map(group => ({id: group.id})), resources: policy.resources})),
		...(condition === undefined ? {} : {condition}),
		...(expiresOn === undefined || expiresOn === null ? {} : {expires_on: expiresOn}),
		...(current.not_before === undefined || current.not_before === null ? {} : {not_before: current.not_before}),
		...(change.status === undefined ? (current.status === 'disabled' ? {status: 'disabled'} : {}) : {status: change.status}),
	};
}

/** The created record without its secret: `raw` never carries one. */
function withoutValue(record: CloudflareToken): CloudflareToken {
	const copy = {...record};
	delete copy['value'];
	return copy;
}

/**
A create or roll whose answer was lost (a cut connection, a timeout, a 5xx): Cloudflare may have acted, and the
HTTP client rightly did not send it again. The error keeps its class and says what may have happened.
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
