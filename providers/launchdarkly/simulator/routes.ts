import type {SimRequest, SimResponse} from '../../../src/simulate/types.js';
import {canManageTokens, canReadRoles, canSee, serviceTokensOf, visibleTokens, type Caller, type KeyIndex} from './access.js';
import {errorResponse, type ErrorStatus} from './errors.js';
import {applyJsonPatch} from './json-patch.js';
import {apiVersions, latestApiVersion, paginatedSince, type StoredToken} from './model.js';
import {rolePage, tokenPage, tokenRepresentation, unpaginatedTokens} from './represent.js';
import {storedToken, type Minter} from './seed.js';
import {checkAccess, checkCreateBody, optionalString} from './token-fields.js';

/** What the route handlers share with the simulator. */
export interface RouteContext {
	readonly now: () => number;
	readonly minter: Minter;
	readonly index: KeyIndex;
	/** The largest `limit` honoured; larger ones are clamped to it. */
	readonly maxPageSize: number;
	/** Null: no cap. */
	readonly maxServiceTokens: number | null;
	readonly maxPersonalTokensPerMember: number | null;
	readonly requestId: () => string;
}

/** The caller, the request, the `{id}` path parameter and the API version in effect for this request. */
export interface RouteCall {
	readonly caller: Caller;
	readonly request: SimRequest;
	readonly id: string;
	readonly apiVersion: number;
}

const json = {'Content-Type': 'application/json'} as const;
const defaultLimit = 25;
/** The roles listing's default `limit` (the spec: "Defaults to 20"). */
const defaultRolesLimit = 20;
const editable = new Set(['name', 'description', 'role', 'customRoleIds', 'inlineRole']);

export function createRoutes(context: RouteContext) {
	const fail = (status: ErrorStatus, message: string): SimResponse => errorResponse(status, message, context.requestId());

	/** The target of a single-token route: 404 when the caller's account has no such token, 403 when the caller may not see or change it. */
	const target = (call: RouteCall, manage: boolean): StoredToken | SimResponse => {
		const token = call.caller.account.tokens.get(call.id);
		if (token === undefined) {
			return fail(404, `no access token with id ${call.id}`);
		}

		// [I] A token that exists but lies outside the caller's view is refused as forbidden, not hidden as absent.
		if (!canSee(call.caller, token, true)) {
			return fail(403, 'this access token may not see that token');
		}

		if (manage && !canManageTokens(call.caller)) {
			return fail(403, 'managing access tokens needs the Admin role or a custom role that allows it');
		}

		return token;
	};

	return {
		/** GET /api/v2/tokens: paginated from API version 20240415, one unpaginated answer before it (docs/vendors/launchdarkly.md [S], [I]). */
		getTokens(call: RouteCall): SimResponse {
			const {query} = call.request;
			const showAll = query.get('showAll');
			if (showAll !== null && showAll !== 'true' && showAll !== 'false') {
				return fail(400, 'showAll must be true or false');
			}

			const visible = visibleTokens(call.caller, showAll === 'true');
			if (call.apiVersion < paginatedSince) {
				return {status: 200, headers: json, body: unpaginatedTokens(call.caller.account, visible)};
			}

			const window = pageWindow(query, defaultLimit, context.maxPageSize);
			if (!window.ok) {
				return fail(400, window.problem);
			}

			return {status: 200, headers: json, body: tokenPage(call.caller.account, visible, {...window, showAll: showAll === 'true'})};
		},

		/** POST /api/v2/tokens: 201 with the full secret (docs/vendors/launchdarkly.md [S]); the new token belongs to the caller's member. */
		postToken(call: RouteCall): SimResponse {
			const {caller, request} = call;
			if (!canManageTokens(caller)) {
				return fail(403, 'creating access tokens needs the Admin role or a custom role that allows it');
			}

			if (request.bodyInvalid || request.body === undefined) {
				return fail(400, request.bodyInvalid ? 'the request body is not valid JSON' : 'the request body is required');
			}

			const body = checkCreateBody(request.body);
			if (!body.ok) {
				return fail(400, body.message);
			}

			const access = checkAccess(caller.account, body.value, {rolesBy: 'id or key'});
			if (!access.ok) {
				return fail(400, access.message);
			}

			const version = body.value.defaultApiVersion ?? latestApiVersion;
			if (!apiVersions.some(known => known === version)) {
				return fail(400, `defaultApiVersion ${version} is not an API version`);
			}

			const serviceToken = body.value.serviceToken ?? false;
			const memberId = caller.token.memberId;
			const {account} = caller;
			// docs/vendors/launchdarkly.md [D]: accounts have a cap on access tokens (200 service tokens by default, per the vendor's docs); support raises it.
			if (serviceToken && context.maxServiceTokens !== null && serviceTokensOf(account).length >= context.maxServiceTokens) {
				return fail(400, `this account has reached its limit of ${context.maxServiceTokens} service tokens; delete unused tokens or ask support to raise the limit`);
			}

			if (!serviceToken && context.maxPersonalTokensPerMember !== null
				&& account.tokens.all().filter(token => !token.serviceToken && token.memberId === memberId).length >= context.maxPersonalTokensPerMember) {
				return fail(400, `this member has reached the limit of ${context.maxPersonalTokensPerMember} personal tokens; delete unused tokens or ask support to raise the limit`);
			}

			const token = storedToken(context.minter, {
				memberId,
				name: body.value.name,
				description: body.value.description,
				creationDate: context.now(),
				...access.value,
				serviceToken,
				defaultApiVersion: version,
				origin: 'api',
			});
			account.tokens.add(token);
			context.index.set(token.secret, {account, tokenId: token.id});
			return {status: 201, headers: json, body: tokenRepresentation(account, token, true)};
		},

		getToken(call: RouteCall): SimResponse {
			const token = target(call, false);
			return 'status' in token ? token : {status: 200, headers: json, body: tokenRepresentation(call.caller.account, token, false)};
		},

		/** PATCH /api/v2/tokens/{id}: an RFC 6902 array (or `{comment, patch}`) on name, description and the access fields. */
		patchToken(call: RouteCall): SimResponse {
			const token = target(call, true);
			if ('status' in token) {
				return token;
			}

			const {request, caller: {account}} = call;
			const contentType = request.headers['content-type'] ?? '';
			if (contentType.includes('domain-model=launchdarkly.semanticpatch')) {
				return fail(400, 'access tokens do not support semantic patch; send a JSON Patch array');
			}

			if (request.bodyInvalid || request.body === undefined) {
				return fail(400, request.bodyInvalid ? 'the request body is not valid JSON' : 'the request body is required');
			}

			const patch = unwrapPatch(request.body);
			const document = tokenRepresentation(account, token, false);
			const result = applyJsonPatch(document, patch, path => {
				const [first] = path;
				if (first === undefined) {
					return 'the whole token cannot be replaced';
				}

				if (editable.has(first)) {
					return null;
				}

				// docs/vendors/launchdarkly.md [S]: fields whose names start with an underscore are read-only.
				return first.startsWith('_') ? `/${first} is read-only` : Object.hasOwn(document, first) ? `/${first} cannot be changed` : `/${first} is not a field of an access token`;
			});
			if (!result.ok) {
				return fail(result.failure.kind === 'invalid' ? 400 : 422, result.failure.message);
			}

			const changed = result.document;
			const name = optionalString(changed['name'], 'name');
			const description = optionalString(changed['description'], 'description');
			const access = checkAccess(account, {role: changed['role'], customRoleIds: changed['customRoleIds'], inlineRole: changed['inlineRole']}, {rolesBy: 'id', currentRole: token.role});
			if (!name.ok || !description.ok || !access.ok) {
				const [problem] = [name, description, access].flatMap(check => check.ok ? [] : [check.message]);
				return fail(400, problem ?? 'the patched token is not valid');
			}

			const before = JSON.stringify(tokenRepresentation(account, token, false));
			token.name = name.value;
			token.description = description.value;
			token.role = access.value.role;
			token.customRoleIds = access.value.customRoleIds;
			token.inlineRole = access.value.inlineRole;
			if (JSON.stringify(tokenRepresentation(account, token, false)) !== before) {
				token.lastModified = context.now();
			}

			return {status: 200, headers: json, body: tokenRepresentation(account, token, false)};
		},

		/** DELETE /api/v2/tokens/{id}: 204 with no body (docs/vendors/launchdarkly.md [S]); every key of the token stops working at once. */
		deleteToken(call: RouteCall): SimResponse {
			const token = target(call, true);
			if ('status' in token) {
				return token;
			}

			const {account} = call.caller;
			account.tokens.remove(token);
			for (const secret of [token.secret, ...token.graceKeys.map(grace => grace.secret)]) {
				context.index.delete(secret);
			}

			return {status: 204};
		},

		/**
		POST /api/v2/tokens/{id}/reset?expiry=<epoch ms>: a new secret, shown once; the id and everything else stay.
		The old secret keeps working until `expiry`, or dies now without one (docs/vendors/launchdarkly.md [S]); an expiry at or
		before now, or negative, also ends it now (docs/vendors/launchdarkly.md [D] Terraform: negative means immediate).
		*/
		resetToken(call: RouteCall): SimResponse {
			const token = target(call, true);
			if ('status' in token) {
				return token;
			}

			const raw = call.request.query.get('expiry');
			const expiry = raw === null ? undefined : /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
			if (expiry !== undefined && !Number.isSafeInteger(expiry)) {
				return fail(400, 'expiry must be a Unix time in milliseconds');
			}

			const now = context.now();
			const {account} = call.caller;
			const keep = token.graceKeys.filter(grace => now < grace.expiresAt);
			for (const grace of token.graceKeys.filter(candidate => !keep.includes(candidate))) {
				context.index.delete(grace.secret);
			}

			if (expiry !== undefined && expiry > now) {
				keep.push({secret: token.secret, expiresAt: expiry});
			} else {
				context.index.delete(token.secret);
			}

			token.graceKeys = keep;
			token.secret = context.minter.key();
			token.lastModified = now;
			context.index.set(token.secret, {account, tokenId: token.id});
			return {status: 200, headers: json, body: tokenRepresentation(account, token, true)};
		},

		/** GET /api/v2/roles: the account's custom roles, `limit` (default 20) and `offset` (docs/vendors/launchdarkly.md: OpenAPI `getCustomRoles`). */
		getCustomRoles(call: RouteCall): SimResponse {
			if (!canReadRoles(call.caller)) {
				return fail(403, 'this access token may not read custom roles');
			}

			const window = pageWindow(call.request.query, defaultRolesLimit, context.maxPageSize);
			if (!window.ok) {
				return fail(400, window.problem);
			}

			return {status: 200, headers: json, body: rolePage(call.caller.account.customRoles, window.limit, window.offset)};
		},

		/**
		GET /api/v2/caller-identity: who the key is (docs/vendors/launchdarkly.md, OpenAPI `getCallerIdentity`,
		`CallerIdentityRep`). Any working key may ask. The spec's fields for SDK keys and OAuth clients
		(`environmentId`, `clientId`, `scopes`, …) say nothing of an access token and are left out; what
		`authKind` holds for an access token is not documented, and `token` is this simulator's reading ([I]).
		*/
		getCallerIdentity(call: RouteCall): SimResponse {
			const {caller} = call;
			return {
				status: 200,
				headers: json,
				body: {
					accountId: caller.account.id,
					authKind: 'token',
					tokenId: caller.token.id,
					...(caller.token.name === undefined ? {} : {tokenName: caller.token.name}),
					memberId: caller.token.memberId,
					serviceToken: caller.token.serviceToken,
				},
			};
		},
	};
}

export type Routes = ReturnType<typeof createRoutes>;

/**
The API also takes a JSON Patch wrapped with a comment, `{"comment": "…", "patch": [...]}` (docs/vendors/launchdarkly.md [S]
"Updates with comments"). Anything else that is not an array (a merge patch, semantic instructions) is left
for the patch parser to refuse.
*/
function unwrapPatch(body: unknown): unknown {
	if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'patch' in body) {
		return body.patch;
	}

	return body;
}

/** A query number: undefined when absent, null when not a whole number of at least 0. */
/** `limit` and `offset` of a listing, as every paginated LaunchDarkly route reads them; a bad one is a 400. */
function pageWindow(query: URLSearchParams, defaultLimit: number, maxPageSize: number): {readonly ok: true; readonly limit: number; readonly offset: number} | {readonly ok: false; readonly problem: string} {
	const limit = wholeNumber(query.get('limit'));
	const offset = wholeNumber(query.get('offset'));
	if (limit === null || (limit !== undefined && limit < 1)) {
		return {ok: false, problem: 'limit must be a whole number of at least 1'};
	}

	if (offset === null) {
		return {ok: false, problem: 'offset must be a whole number of at least 0'};
	}

	return {ok: true, limit: Math.min(limit ?? defaultLimit, maxPageSize), offset: offset ?? 0};
}

function wholeNumber(raw: string | null): number | null | undefined {
	if (raw === null) {
		return undefined;
	}

	return /^\d+$/.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : null;
}

/**
The API version of a request: `LD-API-Version` when sent, otherwise the token's `defaultApiVersion` (docs/vendors/launchdarkly.md
[S] Versioning). `beta` reaches the current version (tokens are not a beta resource); a date picks the newest
version released on or before it, so a version newer than any listed here acts as the current one. Anything
else is refused with a message (null version).
*/
export function requestApiVersion(header: string | readonly string[] | undefined, tokenDefault: number): number | null {
	const value = typeof header === 'string' || header === undefined ? header : header[0];
	if (value === undefined || value === '') {
		return tokenDefault;
	}

	if (value === 'beta') {
		return latestApiVersion;
	}

	if (!/^\d{8}$/.test(value)) {
		return null;
	}

	const asked = Number(value);
	return apiVersions.filter(version => version <= asked).at(-1) ?? null;
}
