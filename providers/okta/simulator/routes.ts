import type {SimRequest, SimResponse} from '../../../src/simulate/types.js';
import type {Caller} from './access.js';
import {errorResponse} from './errors.js';
import type {App, NetworkCondition, Org} from './model.js';
import type {Minter} from './seed.js';
import {apiTokenRepresentation, appRepresentation, clientSecretRepresentation, roleRepresentation, userRepresentation, zoneRepresentation} from './represent.js';

/** One call of a route: who asks, what they asked, and the path's parameters. */
export interface RouteCall {
	readonly caller: Caller;
	readonly request: SimRequest;
	readonly params: Readonly<Record<string, string>>;
	/** `http://host:port` as the client addressed the simulator: links are absolute on it, as Okta's are. */
	readonly origin: string;
	readonly requestId: string;
	readonly now: number;
}

export interface RouteSettings {
	readonly minter: Minter;
	/** Registers a key minted during a request (a new client secret) in the key list and index. */
	readonly remember: (org: Org, secret: string) => void;
	/** Page size of the API token list when the client sends no `limit`; null: the whole list in one answer. */
	readonly apiTokenPageSize: number | null;
}

/** The largest `limit` Okta's lists take (`limit` ≤ 200 on apps, and on API tokens in the 2023 spec, [S]). */
export const maxLimit = 200;

/** Okta's limit of client secrets per client ([S]). */
export const maxSecretsPerClient = 2;

type Route = (call: RouteCall) => SimResponse;

export function createRoutes(settings: RouteSettings): Record<string, Route> {
	const notFound = (call: RouteCall, what: string, id: string): SimResponse => errorResponse('notFound', `Not found: Resource not found: ${id} (${what})`, call.requestId);
	const validation = (call: RouteCall, field: string, cause: string): SimResponse => errorResponse('validation', `Api validation failed: ${field}`, call.requestId, {causes: [cause]});
	const appOf = (call: RouteCall): App | undefined => call.caller.org.apps.get(call.params['appId'] ?? '');

	return {
		listApiTokens(call) {
			// Okta lists only live tokens ([S]); expired ones were removed before the route ran.
			const all = [...call.caller.org.tokens.values()].sort((left, right) => (left.id < right.id ? -1 : 1));
			return page(call, all.map(token => ({id: token.id, body: apiTokenRepresentation(token, call.origin)})), '/api/v1/api-tokens', settings.apiTokenPageSize);
		},
		getApiToken(call) {
			const token = call.caller.org.tokens.get(call.params['id'] ?? '');
			return token === undefined ? notFound(call, 'ApiToken', call.params['id'] ?? '') : ok(apiTokenRepresentation(token, call.origin));
		},
		upsertApiToken(call) {
			const token = call.caller.org.tokens.get(call.params['id'] ?? '');
			if (token === undefined) {
				return notFound(call, 'ApiToken', call.params['id'] ?? '');
			}

			const network = readNetwork(call.request.body, call.caller.org);
			if (typeof network === 'string') {
				return validation(call, 'network', network);
			}

			// Only the network condition changes, whatever else the body holds ([D]: an Okta engineer on terraform PR #2550).
			token.network = network;
			return ok(apiTokenRepresentation(token, call.origin));
		},
		revokeApiToken(call) {
			const id = call.params['id'] ?? '';
			return call.caller.org.tokens.delete(id) ? {status: 204} : notFound(call, 'ApiToken', id);
		},
		revokeCurrentApiToken(call) {
			if (call.caller.kind !== 'ssws') {
				// The only route that accepts no OAuth access token ([S]: its security lists apiToken alone).
				return errorResponse('forbidden', 'You do not have permission to perform the requested action', call.requestId);
			}

			call.caller.org.tokens.delete(call.caller.token.id);
			return {status: 204};
		},
		getUser(call) {
			const id = call.params['id'] ?? '';
			const user = id === 'me' && call.caller.kind === 'ssws' ? call.caller.user : call.caller.org.users.get(id);
			return user === undefined ? notFound(call, 'User', id) : ok(userRepresentation(user, call.origin));
		},
		listUserRoles(call) {
			const id = call.params['id'] ?? '';
			const user = call.caller.org.users.get(id);
			return user === undefined ? notFound(call, 'User', id) : ok(user.roles.map(role => roleRepresentation(role, user, call.origin)));
		},
		getZone(call) {
			const id = call.params['id'] ?? '';
			const zone = call.caller.org.zones.get(id);
			return zone === undefined ? notFound(call, 'NetworkZone', id) : ok(zoneRepresentation(zone, call.origin));
		},
		listApps(call) {
			const apps = [...call.caller.org.apps.values()].sort((left, right) => (left.id < right.id ? -1 : 1));
			// `limit` defaults to -1, everything (docs/vendors/okta.md, pagination [S]).
			return page(call, apps.map(app => ({id: app.id, body: appRepresentation(app, call.origin)})), '/api/v1/apps', null);
		},
		getApp(call) {
			const app = appOf(call);
			return app === undefined ? notFound(call, 'AppInstance', call.params['appId'] ?? '') : ok(appRepresentation(app, call.origin));
		},
		listSecrets(call) {
			const app = appOf(call);
			if (app === undefined || app.signOnMode !== 'OPENID_CONNECT') {
				return notFound(call, 'AppInstance', call.params['appId'] ?? '');
			}

			return ok(app.secrets.map(secret => clientSecretRepresentation(secret, app, call.origin, false)));
		},
		createSecret(call) {
			const app = appOf(call);
			if (app === undefined || app.signOnMode !== 'OPENID_CONNECT') {
				return notFound(call, 'AppInstance', call.params['appId'] ?? '');
			}

			const body: unknown = call.request.body ?? {};
			if (typeof body !== 'object' || body === null || Array.isArray(body)) {
				return errorResponse('malformed', 'The request body was not well-formed.', call.requestId);
			}

			if (app.secrets.length >= maxSecretsPerClient) {
				return validation(call, 'OAuth2ClientSecretMediated', 'You\'ve reached the maximum number of client secrets per client.');
			}

			const supplied: unknown = Reflect.get(body, 'client_secret');
			if (supplied !== undefined && app.authMethod === 'private_key_jwt') {
				return validation(call, 'client_secret', '\'client_secret\' can\'t be used when \'token_endpoint_auth_method\' is \'private_key_jwt\'.');
			}

			if (supplied !== undefined && (typeof supplied !== 'string' || !/^[\x21-\x7E]{14,100}$/.test(supplied))) {
				return validation(call, 'client_secret', '\'client_secret\' must be 14 to 100 printable ASCII characters.');
			}

			const status: unknown = Reflect.get(body, 'status');
			const value = typeof supplied === 'string' ? supplied : settings.minter.clientSecret();
			settings.remember(call.caller.org, value);
			const secret = {id: settings.minter.id('ocs'), secret: value, hash: settings.minter.id('').slice(0, 17), status: status === 'INACTIVE' ? 'INACTIVE' as const : 'ACTIVE' as const, created: call.now, lastUpdated: call.now};
			app.secrets.push(secret);
			return {status: 201, body: clientSecretRepresentation(secret, app, call.origin, true)};
		},
		getSecret(call) {
			const app = appOf(call);
			const secret = app?.secrets.find(candidate => candidate.id === call.params['secretId']);
			return app === undefined || secret === undefined ? notFound(call, 'OAuth2ClientSecret', call.params['secretId'] ?? '') : ok(clientSecretRepresentation(secret, app, call.origin, false));
		},
		activateSecret: call => setSecretStatus(call, 'ACTIVE'),
		deactivateSecret: call => setSecretStatus(call, 'INACTIVE'),
		deleteSecret(call) {
			const app = appOf(call);
			const index = app?.secrets.findIndex(candidate => candidate.id === call.params['secretId']) ?? -1;
			const secret = app?.secrets[index];
			if (app === undefined || secret === undefined) {
				return notFound(call, 'OAuth2ClientSecret', call.params['secretId'] ?? '');
			}

			if (secret.status === 'ACTIVE') {
				return validation(call, 'OAuth2ClientSecretMediated', 'You can\'t delete an active client secret. Deactivate the secret before deleting it.');
			}

			app.secrets.splice(index, 1);
			return {status: 204};
		},
	};

	function setSecretStatus(call: RouteCall, status: 'ACTIVE' | 'INACTIVE'): SimResponse {
		const app = appOf(call);
		const secret = app?.secrets.find(candidate => candidate.id === call.params['secretId']);
		if (app === undefined || secret === undefined) {
			return notFound(call, 'OAuth2ClientSecret', call.params['secretId'] ?? '');
		}

		if (status === 'INACTIVE' && secret.status === 'ACTIVE' && app.secrets.filter(candidate => candidate.status === 'ACTIVE').length === 1) {
			return validation(call, 'OAuth2ClientSecretMediated', 'You can\'t deactivate the only active client secret.');
		}

		if (secret.status !== status) {
			secret.status = status;
			secret.lastUpdated = call.now;
		}

		return ok(clientSecretRepresentation(secret, app, call.origin, false));
	}
}

function ok(body: unknown): SimResponse {
	return {status: 200, body};
}

/**
A page of a list, Okta's way (docs/vendors/okta.md, pagination [D]): `limit` (1 to 200) and an opaque `after`
cursor (here the last id of the page before: lists are in id order, so a cursor stays good when items are
added or removed meanwhile), an absolute `Link: <…>; rel="self"` and, while more follow, `rel="next"`.
`defaultSize` is the page size without `limit`; null is everything in one answer, with no `next`.
*/
function page(call: RouteCall, items: ReadonlyArray<{id: string; body: unknown}>, path: string, defaultSize: number | null): SimResponse {
	const limitText = call.request.query.get('limit');
	let size = defaultSize;
	if (limitText !== null) {
		const limit = Number(limitText);
		if (!Number.isInteger(limit) || limit < -1 || limit === 0) {
			return errorResponse('validation', 'Api validation failed: limit', call.requestId, {causes: ['limit: The limit must be a number from 1 to 200.']});
		}

		size = limit === -1 ? null : Math.min(limit, maxLimit);
	}

	const after = call.request.query.get('after');
	const rest = after === null ? items : items.filter(item => item.id > after);
	const shown = size === null ? rest : rest.slice(0, size);
	const query = (cursor: string | null): string => {
		const parts = [...(cursor === null ? [] : [`after=${encodeURIComponent(cursor)}`]), ...(limitText === null ? [] : [`limit=${encodeURIComponent(limitText)}`])];
		return parts.length === 0 ? '' : `?${parts.join('&')}`;
	};

	const links = [`<${call.origin}${path}${query(after)}>; rel="self"`];
	const last = shown.at(-1);
	if (shown.length < rest.length && last !== undefined) {
		links.push(`<${call.origin}${path}${query(last.id)}>; rel="next"`);
	}

	return {status: 200, headers: {Link: links.join(', ')}, body: shown.map(item => item.body)};
}

/** A PUT body's network condition, or why it is refused (zones must exist in the org). */
function readNetwork(body: unknown, org: Org): NetworkCondition | string {
	const network: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'network') : undefined;
	if (typeof network !== 'object' || network === null) {
		return 'network: The network condition is required.';
	}

	const connection: unknown = Reflect.get(network, 'connection');
	if (connection === 'ANYWHERE') {
		return {connection: 'ANYWHERE'};
	}

	if (connection !== 'ZONE') {
		return 'network.connection: The connection must be ANYWHERE or ZONE.';
	}

	const lists: Record<'include' | 'exclude', string[]> = {include: [], exclude: []};
	for (const key of ['include', 'exclude'] as const) {
		const value: unknown = Reflect.get(network, key);
		if (value === undefined || value === null) {
			continue;
		}

		if (!Array.isArray(value) || !value.every((id: unknown) => typeof id === 'string' && org.zones.has(id))) {
			return `network.${key}: Every zone must be a network zone of this org.`;
		}

		lists[key] = value.filter((id: unknown): id is string => typeof id === 'string');
	}

	if (lists.include.length === 0 && lists.exclude.length === 0) {
		return 'network: A ZONE condition names at least one zone.';
	}

	return {connection: 'ZONE', ...(lists.include.length > 0 ? {include: lists.include} : {}), ...(lists.exclude.length > 0 ? {exclude: lists.exclude} : {})};
}
