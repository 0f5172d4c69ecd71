import type {SimRequest, SimResponse} from '../../../src/simulate/types.js';
import {levelOn, manageLevel, type Caller} from './access.js';
import {badRequest, forbidden, invalidParameter, message, notFound, unauthorized} from './errors.js';
import {filterTokens} from './filters.js';
import {addToken, chosenExpiry, rotateToken, type MintContext} from './mint.js';
import type {Instance, ResourceKind, SimResource, SimToken} from './model.js';
import {paginate} from './paging.js';
import {tokenEntity} from './represent.js';

/** A request as a route sees it: the caller, the request and the path's parameters. */
export interface RouteCall {
	readonly caller: Caller;
	readonly request: SimRequest;
	readonly params: Readonly<Record<string, string>>;
}

const json = {'Content-Type': 'application/json'} as const;

/** Access levels a group or project token may be created with (docs/vendors/gitlab.md, schemas [D]). */
const creatableLevels: ReadonlySet<number> = new Set([10, 15, 20, 25, 30, 40, 50]);

/** Scopes a group or project token cannot have (docs/vendors/gitlab.md, schemas [S]). */
const personalOnlyScopes: ReadonlySet<string> = new Set(['read_user', 'sudo', 'admin_mode', 'read_service_ping']);

/** Every scope GitLab knows (docs/vendors/gitlab.md, schemas [D]). */
const knownScopes: ReadonlySet<string> = new Set([
	'api', 'read_api', 'read_user', 'create_runner', 'manage_runner', 'k8s_proxy', 'self_rotate', 'read_repository', 'write_repository',
	'read_registry', 'write_registry', 'read_virtual_registry', 'write_virtual_registry', 'ai_features', 'read_observability',
	'write_observability', 'mcp', 'mcp_orbit', 'granular', 'sudo', 'admin_mode', 'read_service_ping',
]);

export function createTokenRoutes(context: MintContext) {
	/**
	A personal token by id, as the caller may reach it (docs/vendors/gitlab.md, auth [D]): an administrator any token (404
	when there is none), anyone else their own only (401 for one that is not theirs or does not exist).
	*/
	const personalTarget = (call: RouteCall): SimToken | SimResponse => {
		const {caller, params} = call;
		const id = params['id'] ?? '';
		const token = /^\d+$/.test(id) ? caller.instance.tokens.get(Number(id)) : undefined;
		if (caller.user.isAdmin) {
			return token ?? notFound('Personal Access Token');
		}

		return token !== undefined && token.userId === caller.user.id && !token.impersonation ? token : unauthorized();
	};

	return {
		/** GET /personal_access_tokens: an administrator sees every token (bots' and impersonation tokens too); anyone else their own. */
		listPersonal(call: RouteCall): SimResponse {
			const {caller, request} = call;
			const now = context.now();
			const userId = request.query.get('user_id');
			if (userId !== null) {
				if (!/^\d+$/.test(userId)) {
					return invalidParameter('user_id is invalid');
				}

				if (!caller.user.isAdmin && Number(userId) !== caller.user.id) {
					return unauthorized();
				}

				if (!caller.instance.users.has(Number(userId))) {
					return notFound('User');
				}
			}

			// Rows are filed by owner as they are added (token-rows.ts): an administrator without `user_id` sees every row,
			// anyone else their own, impersonation tokens left out.
			const owner = userId === null ? (caller.user.isAdmin ? undefined : caller.user.id) : Number(userId);
			const rows = owner === undefined ? caller.instance.tokens.inIdOrder() : caller.instance.tokens.ofUser(owner);
			const tokens = caller.user.isAdmin ? rows : rows.filter(token => !token.impersonation);
			const filtered = filterTokens(tokens, request.query, now);
			return 'status' in filtered ? filtered : paginate(request, filtered, token => tokenEntity(token, now));
		},

		getSelf(call: RouteCall): SimResponse {
			return {status: 200, headers: json, body: tokenEntity(call.caller.token, context.now())};
		},

		getPersonal(call: RouteCall): SimResponse {
			const token = personalTarget(call);
			return 'status' in token ? token : {status: 200, headers: json, body: tokenEntity(token, context.now())};
		},

		/** DELETE /personal_access_tokens/:id and /self: 204; the row stays, revoked. */
		revokePersonal(call: RouteCall): SimResponse {
			const token = call.params['id'] === 'self' ? call.caller.token : personalTarget(call);
			if ('status' in token) {
				return token;
			}

			if (token.revoked) {
				return badRequest('Token already revoked');
			}

			token.revoked = true;
					return {status: 204};
		},

		/** POST /personal_access_tokens/:id/rotate and /self/rotate: 200 (the spec says 201 for `:id`; the code sends 200). */
		rotatePersonal(call: RouteCall): SimResponse {
			const token = call.params['id'] === 'self' ? call.caller.token : personalTarget(call);
			if ('status' in token) {
				return token;
			}

			const rotated = rotateToken(context, call.caller.instance, token, call.request.body);
			return 'status' in rotated ? rotated : {status: 200, headers: json, body: tokenEntity(rotated, context.now(), true)};
		},

		/** POST /users/:user_id/personal_access_tokens: administrators only (docs/vendors/gitlab.md, auth [D]); 201 with the key. */
		createPersonal(call: RouteCall): SimResponse {
			const {caller, request} = call;
			if (!caller.user.isAdmin) {
				return forbidden();
			}

			const userId = call.params['user_id'] ?? '';
			const user = /^\d+$/.test(userId) ? caller.instance.users.get(Number(userId)) : undefined;
			if (user === undefined) {
				return notFound('User');
			}

			const body = createBody(request, false);
			if ('status' in body) {
				return body;
			}

			const expiresAt = chosenExpiry(caller.instance, body.expiresAt, context.now(), 'cap');
			if (typeof expiresAt === 'object' && expiresAt !== null) {
				return expiresAt;
			}

			const token = addToken(context, caller.instance, {userId: user.id, name: body.name, description: body.description, scopes: body.scopes, expiresAt, impersonation: false, previousId: null, resource: null, origin: 'api'});
			return {status: 201, headers: json, body: tokenEntity(token, context.now(), true)};
		},

		listResource(call: RouteCall, kind: ResourceKind): SimResponse {
			const resource = manageable(call, kind);
			if ('status' in resource) {
				return resource;
			}

			const now = context.now();
			const filtered = filterTokens(call.caller.instance.tokens.ofResource(kind, resource.id), call.request.query, now);
			return 'status' in filtered ? filtered : paginate(call.request, filtered, token => tokenEntity(token, now));
		},

		getResource(call: RouteCall, kind: ResourceKind): SimResponse {
			const token = resourceTarget(call, kind);
			return 'status' in token ? token : {status: 200, headers: json, body: tokenEntity(token, context.now())};
		},

		revokeResource(call: RouteCall, kind: ResourceKind): SimResponse {
			const token = resourceTarget(call, kind);
			if ('status' in token) {
				return token;
			}

			if (token.revoked) {
				return badRequest('Token already revoked');
			}

			token.revoked = true;
					return {status: 204};
		},

		rotateResource(call: RouteCall, kind: ResourceKind): SimResponse {
			const token = resourceTarget(call, kind);
			if ('status' in token) {
				return token;
			}

			const rotated = rotateToken(context, call.caller.instance, token, call.request.body);
			return 'status' in rotated ? rotated : {status: 200, headers: json, body: tokenEntity(rotated, context.now(), true)};
		},

		/**
		POST /groups/:id/access_tokens (and projects): with a personal token of someone who manages the resource; the
		level may not exceed the creator's own; a new bot user holds it (docs/vendors/gitlab.md, auth [D]).
		*/
		createResource(call: RouteCall, kind: ResourceKind, addBot: (resource: SimResource, accessLevel: number, name: string) => number): SimResponse {
			const resource = manageable(call, kind);
			if ('status' in resource) {
				return resource;
			}

			if (call.caller.user.bot) {
				return badRequest('Creating a resource access token requires a personal access token');
			}

			const body = createBody(call.request, true);
			if ('status' in body) {
				return body;
			}

			const accessLevel = body.accessLevel ?? 40;
			if (!creatableLevels.has(accessLevel)) {
				return invalidParameter('access_level does not have a valid value');
			}

			if (accessLevel > levelOn(call.caller, resource)) {
				return badRequest('Access level of the token can\'t be greater than the access level of the user who created the token');
			}

			const expiresAt = chosenExpiry(call.caller.instance, body.expiresAt, context.now(), 'cap');
			if (typeof expiresAt === 'object' && expiresAt !== null) {
				return expiresAt;
			}

			const userId = addBot(resource, accessLevel, body.name);
			const token = addToken(context, call.caller.instance, {userId, name: body.name, description: body.description, scopes: body.scopes, expiresAt, impersonation: false, previousId: null, resource: {kind, id: resource.id, accessLevel}, origin: 'api'});
			return {status: 201, headers: json, body: tokenEntity(token, context.now(), true)};
		},
	};

	/**
	The group or project of a route, when the caller may manage its tokens: 404 `Group Not Found` when the caller cannot
	see it, 403 when they can but their level is too low (a bot may read its own resource's tokens at Maintainer).
	*/
	function manageable(call: RouteCall, kind: ResourceKind): SimResource | SimResponse {
		const resource = findResource(call.caller.instance, kind, call.params['id'] ?? '');
		const label = kind === 'group' ? 'Group' : 'Project';
		if (resource === undefined) {
			return notFound(label);
		}

		const level = levelOn(call.caller, resource);
		if (level === 0) {
			return notFound(label);
		}

		const ownBot = call.caller.token.resource?.kind === kind && call.caller.token.resource.id === resource.id;
		return level >= manageLevel(resource) || (ownBot && level >= 40) ? resource : forbidden();
	}

	/** A group or project token by id, or `self` (the bot's own); 404 `<kind> Access Token Not Found` otherwise. */
	function resourceTarget(call: RouteCall, kind: ResourceKind): SimToken | SimResponse {
		const tokenId = call.params['token_id'] ?? '';
		if (tokenId === 'self') {
			const own = call.caller.token;
			const resource = findResource(call.caller.instance, kind, call.params['id'] ?? '');
			return own.resource?.kind === kind && own.resource.id === resource?.id ? own : {status: 405, headers: json, body: {message: '405 Method Not Allowed'}};
		}

		const resource = manageable(call, kind);
		if ('status' in resource) {
			return resource;
		}

		const token = /^\d+$/.test(tokenId) ? call.caller.instance.tokens.get(Number(tokenId)) : undefined;
		if (token?.resource?.kind !== kind || token.resource.id !== resource.id) {
			return message(404, `404 ${kind} Access Token Not Found`);
		}

		return token;
	}
}

/** A group or project by numeric id or URL-encoded full path (the router has decoded it). */
export function findResource(instance: Instance, kind: ResourceKind, id: string): SimResource | undefined {
	const all = kind === 'group' ? instance.groups : instance.projects;
	if (/^\d+$/.test(id)) {
		return all.get(Number(id));
	}

	return [...all.values()].find(resource => resource.fullPath.toLowerCase() === id.toLowerCase());
}

interface CreateFields {
	readonly name: string;
	readonly scopes: readonly string[];
	readonly description: string | null;
	readonly expiresAt: unknown;
	readonly accessLevel: number | undefined;
}

/** The body of a create: `name` and `scopes` required, Grape's `{"error": …}` for what is missing or wrong. */
function createBody(request: SimRequest, resourceToken: boolean): CreateFields | SimResponse {
	const body: unknown = request.body;
	if (request.bodyInvalid || typeof body !== 'object' || body === null || Array.isArray(body)) {
		return invalidParameter('name is missing, scopes is missing');
	}

	const name: unknown = Reflect.get(body, 'name');
	const scopes: unknown = Reflect.get(body, 'scopes');
	const description: unknown = Reflect.get(body, 'description');
	const accessLevel: unknown = Reflect.get(body, 'access_level');
	if (typeof name !== 'string' || name.trim() === '') {
		return invalidParameter('name is missing');
	}

	if (!Array.isArray(scopes) || scopes.length === 0) {
		return invalidParameter('scopes is missing');
	}

	const texts = scopes.filter((scope): scope is string => typeof scope === 'string');
	if (texts.length !== scopes.length || texts.some(scope => !knownScopes.has(scope) || (resourceToken && personalOnlyScopes.has(scope)))) {
		return invalidParameter('scopes does not have a valid value');
	}

	if (description !== undefined && description !== null && typeof description !== 'string') {
		return invalidParameter('description is invalid');
	}

	if (accessLevel !== undefined && (typeof accessLevel !== 'number' || !Number.isInteger(accessLevel))) {
		return invalidParameter('access_level is invalid');
	}

	return {
		name,
		scopes: texts,
		description: typeof description === 'string' ? description : null,
		expiresAt: Reflect.get(body, 'expires_at'),
		accessLevel: typeof accessLevel === 'number' ? accessLevel : undefined,
	};
}
