import type {Random} from '../../../src/simulate/random.js';
import type {SimRequest, SimResponse} from '../../../src/simulate/types.js';
import {holdsAny, type Caller} from './access.js';
import {errorResponse, jsonResponse, noContent} from './errors.js';
import {simPermissions, type SimAccessToken, type SimApplicationKey, type SimOrg, type SimUser} from './model.js';
import {pageOf, readListQuery, type ListQuery} from './paging.js';
import {accessTokenWire, apiKeyWire, applicationKeyWire, rolesWire, userWire} from './represent.js';
import {makeApiKey, type Minter} from './seed.js';
import type {SimStore} from './store.js';

export interface RouteContext {
	readonly caller: Caller;
	readonly request: SimRequest;
	readonly params: Readonly<Record<string, string>>;
	readonly now: number;
}

export type DatadogRoute = (context: RouteContext) => SimResponse;

export interface RouteDependencies {
	readonly store: SimStore;
	readonly minter: Minter;
	readonly random: Random;
}

const day = 86_400_000;

/** Datadog's record of most API keys an org may have [D cassette: `max_allowed` 200]. */
const maxApiKeys = 200;

/** Per user [D cassette: `max_allowed_per_user` 1000]. */
const maxApplicationKeysPerUser = 1000;

const known = new Set<string>(simPermissions);

/**
The handlers of every route, by name. Each answers as docs/vendors/datadog.md says Datadog does: status codes, error
texts, the fields of each kind of answer (represent.ts), and who may see what (the permission checks are the
caller's; simulator.ts checks each route's `x-permission` before the handler runs, and the handlers check what
depends on the record, such as whose key it is).
*/
export function createRoutes({store, minter, random}: RouteDependencies): Readonly<Record<string, DatadogRoute>> {
	const apiKeyNotFound = (): SimResponse => errorResponse(404, 'API key not found');
	const applicationKeyNotFound = (): SimResponse => errorResponse(404, 'Application key not found');
	const tokenNotFound = (): SimResponse => errorResponse(404, 'Access token not found');

	const serviceAccountOf = (org: SimOrg, id: string | undefined): SimUser | undefined => {
		const user = id === undefined ? undefined : org.users.get(id);
		return user?.serviceAccount === true ? user : undefined;
	};

	const includedUsers = (org: SimOrg, ids: Iterable<string>): Array<Record<string, unknown>> =>
		[...new Set(ids)].flatMap(id => {
			const user = org.users.get(id);
			return user === undefined ? [] : [userWire(user, org)];
		});

	const listApplicationKeys = (context: RouteContext, keys: Iterable<SimApplicationKey>, withOwner: boolean): SimResponse => {
		const query = readListQuery(context.request.query, ['created_at', 'last4', 'name']);
		if (!isQuery(query)) {
			return query;
		}

		const owners = context.request.query.getAll('filter[owned_by]');
		const owned = owners.length === 0 ? [...keys] : [...keys].filter(key => owners.includes(key.ownerId));
		const page = pageOf(owned, query, {created_at: key => key.createdAt, last4: key => key.key.slice(-4), name: key => key.name}, key => key.name);
		const include = withOwner && (context.request.query.get('include') ?? '').split(',').includes('owned_by');
		return jsonResponse(200, {
			data: page.items.map(key => applicationKeyWire(key, {withKey: false, withOwner})),
			...(include ? {included: includedUsers(context.caller.org, page.items.map(key => key.ownerId))} : {}),
			meta: {max_allowed_per_user: maxApplicationKeysPerUser, page: {total_filtered_count: page.total}},
		});
	};

	const createApplicationKey = (context: RouteContext, owner: SimUser): SimResponse => {
		const body = attributesOf(context.request, 'application_keys');
		if (!body.ok) {
			return body.response;
		}

		const name = stringAttribute(body.attributes, 'name');
		if (name === undefined || name.trim() === '') {
			return errorResponse(400, 'name is required');
		}

		const scopes = scopesAttribute(body.attributes);
		if (scopes === 'invalid') {
			return errorResponse(400, 'scopes must be null or a list of permission names');
		}

		const unknown = scopes?.find(scope => !known.has(scope));
		if (unknown !== undefined) {
			return errorResponse(400, `Invalid scope: ${unknown.slice(0, 60)}`);
		}

		const {org} = context.caller;
		if ([...org.applicationKeys.values()].filter(key => key.ownerId === owner.id).length >= maxApplicationKeysPerUser) {
			return errorResponse(400, 'Application key limit reached for this user');
		}

		const key: SimApplicationKey = {id: random.uuid(), name, key: minter.applicationKey(), createdAt: context.now, lastUsedAt: null, scopes, ownerId: owner.id, origin: 'api'};
		store.addApplicationKey(org, key);
		return jsonResponse(201, {data: applicationKeyWire(key, {withKey: true, withOwner: true})});
	};

	const patchApplicationKey = (context: RouteContext, key: SimApplicationKey): SimApplicationKey | SimResponse => {
		const body = attributesOf(context.request, 'application_keys', key.id);
		if (!body.ok) {
			return body.response;
		}

		const name = stringAttribute(body.attributes, 'name');
		if (name?.trim() === '') {
			return errorResponse(400, 'name must not be empty');
		}

		const scopes = 'scopes' in body.attributes ? scopesAttribute(body.attributes) : key.scopes;
		if (scopes === 'invalid' || scopes?.some(scope => !known.has(scope)) === true) {
			return errorResponse(400, 'scopes must be null or a list of permission names');
		}

		key.name = name ?? key.name;
		key.scopes = scopes;
		return key;
	};

	/** A caller's own key shows whole outside One-Time-Read orgs [S][D]. */
	const ownKeyAnswer = (context: RouteContext, key: SimApplicationKey): SimResponse => {
		const {org} = context.caller;
		const owner = org.users.get(key.ownerId);
		return jsonResponse(200, {
			data: applicationKeyWire(key, {withKey: !org.oneTimeRead, withOwner: true}),
			// Sent unasked [D cassette]: the owner and their roles.
			included: owner === undefined ? [] : [userWire(owner, org), ...rolesWire(owner, org)],
		});
	};

	const callersKey = (context: RouteContext): SimApplicationKey | undefined => {
		const key = context.caller.org.applicationKeys.get(context.params['app_key_id'] ?? '');
		return key?.ownerId === context.caller.user.id ? key : undefined;
	};

	const serviceAccountKey = (context: RouteContext): SimApplicationKey | SimResponse => {
		const serviceAccount = serviceAccountOf(context.caller.org, context.params['service_account_id']);
		if (serviceAccount === undefined) {
			return errorResponse(404, 'Service account not found');
		}

		const key = context.caller.org.applicationKeys.get(context.params['app_key_id'] ?? '');
		return key?.ownerId === serviceAccount.id ? key : applicationKeyNotFound();
	};

	const listAccessTokens = (context: RouteContext, tokens: readonly SimAccessToken[]): SimResponse => {
		const query = readListQuery(context.request.query, ['name', 'created_at', 'expires_at', 'last_used_at']);
		if (!isQuery(query)) {
			return query;
		}

		const owners = context.request.query.getAll('filter[owned_by]');
		const owned = owners.length === 0 ? tokens : tokens.filter(token => owners.includes(token.ownerId));
		const page = pageOf(owned, query, {name: token => token.name, created_at: token => token.createdAt, expires_at: token => token.expiresAt, last_used_at: token => token.lastUsedAt}, token => token.name);
		return jsonResponse(200, {data: page.items.map(token => accessTokenWire(token, false)), meta: {page: {total_filtered_count: page.total}}}, true);
	};

	const createAccessToken = (context: RouteContext, kind: 'personal' | 'service', owner: SimUser): SimResponse => {
		const body = attributesOf(context.request, kind === 'personal' ? 'personal_access_tokens' : 'service_access_tokens');
		if (!body.ok) {
			return body.response;
		}

		const name = stringAttribute(body.attributes, 'name');
		const scopes = scopesAttribute(body.attributes);
		if (name === undefined || name.trim() === '') {
			return errorResponse(400, 'name is required');
		}

		if (scopes === null || scopes === 'invalid' || scopes.length === 0 || scopes.some(scope => !known.has(scope))) {
			return errorResponse(400, 'scopes must list at least one permission name');
		}

		const written = body.attributes['expires_at'];
		const expiresAt = typeof written === 'string' ? Date.parse(written) : null;
		if (written === undefined || written === null ? kind === 'personal' : expiresAt === null || Number.isNaN(expiresAt)) {
			return errorResponse(400, kind === 'personal' ? 'expires_at is required' : 'expires_at must be a date-time');
		}

		// At least 24 hours ahead, at most a year [S+][D PAT doc, Pulumi doc].
		if (expiresAt !== null && (expiresAt < context.now + day || expiresAt > context.now + 366 * day)) {
			return errorResponse(400, 'expires_at must be at least 24 hours and at most 1 year in the future');
		}

		const minted = minter.accessToken(kind);
		const token: SimAccessToken = {id: random.uuid(), kind, name, key: minted.key, publicPortion: minted.publicPortion, createdAt: context.now, modifiedAt: null, expiresAt, lastUsedAt: null, scopes, ownerId: owner.id, origin: 'api'};
		store.addAccessToken(context.caller.org, token);
		return jsonResponse(201, {data: accessTokenWire(token, true)}, true);
	};

	const patchAccessToken = (context: RouteContext, token: SimAccessToken): SimResponse => {
		const body = attributesOf(context.request, token.kind === 'personal' ? 'personal_access_tokens' : 'service_access_tokens', token.id);
		if (!body.ok) {
			return body.response;
		}

		if ('expires_at' in body.attributes) {
			return errorResponse(400, 'expires_at cannot be updated');
		}

		const name = stringAttribute(body.attributes, 'name');
		const scopes = 'scopes' in body.attributes ? scopesAttribute(body.attributes) : token.scopes;
		if (name?.trim() === '' || scopes === null || scopes === 'invalid' || scopes.length === 0 || scopes.some(scope => !known.has(scope))) {
			return errorResponse(400, 'name must not be empty, and scopes must list at least one permission name');
		}

		token.name = name ?? token.name;
		token.scopes = scopes;
		token.modifiedAt = context.now;
		return jsonResponse(200, {data: accessTokenWire(token, false)}, true);
	};

	/** A personal access token the caller may reach: any with `org_app_keys_read`, their own with `user_app_keys` [S+]. */
	const reachableToken = (context: RouteContext, write: boolean): SimAccessToken | undefined => {
		const token = context.caller.org.accessTokens.get(context.params['token_id'] ?? '');
		if (token?.kind !== 'personal') {
			return undefined;
		}

		const orgWide = holdsAny(context.caller, [write ? 'org_app_keys_write' : 'org_app_keys_read']);
		return orgWide || token.ownerId === context.caller.user.id ? token : undefined;
	};

	const serviceToken = (context: RouteContext): SimAccessToken | SimResponse => {
		const serviceAccount = serviceAccountOf(context.caller.org, context.params['service_account_id']);
		if (serviceAccount === undefined) {
			return errorResponse(404, 'Service account not found');
		}

		const token = context.caller.org.accessTokens.get(context.params['token_id'] ?? '');
		return token?.kind === 'service' && token.ownerId === serviceAccount.id ? token : tokenNotFound();
	};

	const revoke = (org: SimOrg, id: string): SimResponse => (store.revokeAccessToken(org, id) === 'unknown' ? tokenNotFound() : noContent());

	return {
		listApiKeys(context) {
			const query = readListQuery(context.request.query, ['created_at', 'last4', 'modified_at', 'name']);
			if (!isQuery(query)) {
				return query;
			}

			const {org} = context.caller;
			const page = pageOf(org.apiKeys.values(), query, {created_at: key => key.createdAt, last4: key => key.key.slice(-4), modified_at: key => key.modifiedAt, name: key => key.name}, key => key.name);
			const include = (context.request.query.get('include') ?? '').split(',');
			const related = page.items.flatMap(key => [...(include.includes('created_by') ? [key.createdBy] : []), ...(include.includes('modified_by') && key.modifiedBy !== null ? [key.modifiedBy] : [])]);
			return jsonResponse(200, {
				data: page.items.map(key => apiKeyWire(key, context.now, false)),
				...(related.length > 0 ? {included: includedUsers(org, related)} : {}),
				meta: {max_allowed: maxApiKeys, page: {total_filtered_count: page.total}},
			});
		},
		createApiKey(context) {
			const body = attributesOf(context.request, 'api_keys');
			if (!body.ok) {
				return body.response;
			}

			const name = stringAttribute(body.attributes, 'name');
			if (name === undefined || name.trim() === '') {
				return errorResponse(400, 'name is required');
			}

			const {org} = context.caller;
			if (org.apiKeys.size >= maxApiKeys) {
				return errorResponse(400, `API key limit of ${maxApiKeys} reached`);
			}

			const key = makeApiKey({id: random.uuid(), name, key: minter.apiKey(), createdAt: context.now, lastUsedAt: null, createdBy: context.caller.user.id, origin: 'api'});
			key.category = stringAttribute(body.attributes, 'category') ?? key.category;
			const remote = body.attributes['remote_config_read_enabled'];
			key.remoteConfigReadEnabled = typeof remote === 'boolean' ? remote : key.remoteConfigReadEnabled;
			store.addApiKey(org, key);
			return jsonResponse(201, {data: apiKeyWire(key, context.now, true)});
		},
		getApiKey(context) {
			const key = context.caller.org.apiKeys.get(context.params['api_key_id'] ?? '');
			// A single key's answer carries the whole key [D cassette 2025].
			return key === undefined ? apiKeyNotFound() : jsonResponse(200, {data: apiKeyWire(key, context.now, true)});
		},
		updateApiKey(context) {
			const key = context.caller.org.apiKeys.get(context.params['api_key_id'] ?? '');
			if (key === undefined) {
				return apiKeyNotFound();
			}

			const body = attributesOf(context.request, 'api_keys', key.id);
			if (!body.ok) {
				return body.response;
			}

			// `name` is required in every PATCH, even one that changes only another field [S].
			const name = stringAttribute(body.attributes, 'name');
			if (name === undefined || name.trim() === '') {
				return errorResponse(400, 'name is required');
			}

			key.name = name;
			key.category = stringAttribute(body.attributes, 'category') ?? key.category;
			const remote = body.attributes['remote_config_read_enabled'];
			key.remoteConfigReadEnabled = typeof remote === 'boolean' ? remote : key.remoteConfigReadEnabled;
			key.modifiedAt = context.now;
			key.modifiedBy = context.caller.user.id;
			return jsonResponse(200, {data: apiKeyWire(key, context.now, true)});
		},
		deleteApiKey(context) {
			return store.removeApiKey(context.caller.org, context.params['api_key_id'] ?? '') ? noContent() : apiKeyNotFound();
		},

		listApplicationKeys: context => listApplicationKeys(context, context.caller.org.applicationKeys.values(), true),
		getApplicationKey(context) {
			const key = context.caller.org.applicationKeys.get(context.params['app_key_id'] ?? '');
			if (key === undefined) {
				return applicationKeyNotFound();
			}

			const include = (context.request.query.get('include') ?? '').split(',').includes('owned_by');
			return jsonResponse(200, {data: applicationKeyWire(key, {withKey: false, withOwner: true}), ...(include ? {included: includedUsers(context.caller.org, [key.ownerId])} : {})});
		},
		updateApplicationKey(context) {
			const key = context.caller.org.applicationKeys.get(context.params['app_key_id'] ?? '');
			if (key === undefined) {
				return applicationKeyNotFound();
			}

			const changed = patchApplicationKey(context, key);
			return 'status' in changed ? changed : jsonResponse(200, {data: applicationKeyWire(changed, {withKey: false, withOwner: true})});
		},
		deleteApplicationKey(context) {
			return store.removeApplicationKey(context.caller.org, context.params['app_key_id'] ?? '') ? noContent() : applicationKeyNotFound();
		},

		listCurrentUserApplicationKeys: context => listApplicationKeys(context, [...context.caller.org.applicationKeys.values()].filter(key => key.ownerId === context.caller.user.id), false),
		createCurrentUserApplicationKey: context => createApplicationKey(context, context.caller.user),
		getCurrentUserApplicationKey(context) {
			const key = callersKey(context);
			return key === undefined ? applicationKeyNotFound() : ownKeyAnswer(context, key);
		},
		updateCurrentUserApplicationKey(context) {
			const key = callersKey(context);
			if (key === undefined) {
				return applicationKeyNotFound();
			}

			const changed = patchApplicationKey(context, key);
			return 'status' in changed ? changed : ownKeyAnswer(context, changed);
		},
		deleteCurrentUserApplicationKey(context) {
			const key = callersKey(context);
			return key !== undefined && store.removeApplicationKey(context.caller.org, key.id) ? noContent() : applicationKeyNotFound();
		},

		listServiceAccountApplicationKeys(context) {
			const serviceAccount = serviceAccountOf(context.caller.org, context.params['service_account_id']);
			if (serviceAccount === undefined) {
				return errorResponse(404, 'Service account not found');
			}

			return listApplicationKeys(context, [...context.caller.org.applicationKeys.values()].filter(key => key.ownerId === serviceAccount.id), false);
		},
		createServiceAccountApplicationKey(context) {
			const serviceAccount = serviceAccountOf(context.caller.org, context.params['service_account_id']);
			return serviceAccount === undefined ? errorResponse(404, 'Service account not found') : createApplicationKey(context, serviceAccount);
		},
		getServiceAccountApplicationKey(context) {
			const key = serviceAccountKey(context);
			// A Partial record: no key, no `owned_by` [S][D cassette].
			return 'status' in key ? key : jsonResponse(200, {data: applicationKeyWire(key, {withKey: false, withOwner: false})});
		},
		updateServiceAccountApplicationKey(context) {
			const key = serviceAccountKey(context);
			if ('status' in key) {
				return key;
			}

			const changed = patchApplicationKey(context, key);
			return 'status' in changed ? changed : jsonResponse(200, {data: applicationKeyWire(changed, {withKey: false, withOwner: false})});
		},
		deleteServiceAccountApplicationKey(context) {
			const key = serviceAccountKey(context);
			if ('status' in key) {
				return key;
			}

			store.removeApplicationKey(context.caller.org, key.id);
			return noContent();
		},

		listPersonalAccessTokens(context) {
			const all = [...context.caller.org.accessTokens.values()];
			// With `org_app_keys_read`, every token of the org, service ones too [S+][D]; with only `user_app_keys`, the caller's own ([I]).
			const visible = holdsAny(context.caller, ['org_app_keys_read']) ? all : all.filter(token => token.kind === 'personal' && token.ownerId === context.caller.user.id);
			return listAccessTokens(context, visible);
		},
		createPersonalAccessToken: context => createAccessToken(context, 'personal', context.caller.user),
		getPersonalAccessToken(context) {
			const token = reachableToken(context, false);
			return token === undefined ? tokenNotFound() : jsonResponse(200, {data: accessTokenWire(token, false)}, true);
		},
		updatePersonalAccessToken(context) {
			const token = reachableToken(context, true);
			return token === undefined ? tokenNotFound() : patchAccessToken(context, token);
		},
		revokePersonalAccessToken(context) {
			const id = context.params['token_id'] ?? '';
			const token = reachableToken(context, true);
			return token === undefined && !context.caller.org.revokedTokens.has(id) ? tokenNotFound() : revoke(context.caller.org, id);
		},

		listServiceAccountAccessTokens(context) {
			const serviceAccount = serviceAccountOf(context.caller.org, context.params['service_account_id']);
			if (serviceAccount === undefined) {
				return errorResponse(404, 'Service account not found');
			}

			return listAccessTokens(context, [...context.caller.org.accessTokens.values()].filter(token => token.kind === 'service' && token.ownerId === serviceAccount.id));
		},
		createServiceAccountAccessToken(context) {
			const serviceAccount = serviceAccountOf(context.caller.org, context.params['service_account_id']);
			return serviceAccount === undefined ? errorResponse(404, 'Service account not found') : createAccessToken(context, 'service', serviceAccount);
		},
		getServiceAccountAccessToken(context) {
			const token = serviceToken(context);
			return 'status' in token ? token : jsonResponse(200, {data: accessTokenWire(token, false)}, true);
		},
		updateServiceAccountAccessToken(context) {
			const token = serviceToken(context);
			return 'status' in token ? token : patchAccessToken(context, token);
		},
		revokeServiceAccountAccessToken(context) {
			const id = context.params['token_id'] ?? '';
			if (context.caller.org.revokedTokens.has(id)) {
				return noContent();
			}

			const token = serviceToken(context);
			return 'status' in token ? token : revoke(context.caller.org, id);
		},

		getUser(context) {
			const {org} = context.caller;
			const user = org.users.get(context.params['user_id'] ?? '');
			if (user === undefined) {
				return errorResponse(404, 'User not found');
			}

			return jsonResponse(200, {data: userWire(user, org), included: [...rolesWire(user, org), {id: org.id, type: 'orgs', attributes: {name: org.name, public_id: org.id.slice(0, 12)}}]});
		},
	};
}

function isQuery(value: ListQuery | SimResponse): value is ListQuery {
	return 'size' in value;
}

type Attributes = Readonly<Record<string, unknown>>;

/**
`{data: {type, attributes}}` (and `data.id`, equal to the path's, in a PATCH) [S]; anything else is a 400, as
Datadog's request validation answers.
*/
function attributesOf(request: SimRequest, type: string, id?: string): {readonly ok: true; readonly attributes: Attributes} | {readonly ok: false; readonly response: SimResponse} {
	const refuse = (message: string) => ({ok: false, response: errorResponse(400, message)}) as const;
	if (request.bodyInvalid) {
		return refuse('Bad Request: the body is not valid JSON');
	}

	const data: unknown = isRecord(request.body) ? request.body['data'] : undefined;
	if (!isRecord(data)) {
		return refuse('Bad Request: "data" is required');
	}

	if (data['type'] !== type) {
		return refuse(`Bad Request: data.type must be "${type}"`);
	}

	if (id !== undefined && data['id'] !== id) {
		return refuse('Bad Request: data.id is required and must match the id in the path');
	}

	const attributes = data['attributes'];
	return isRecord(attributes) ? {ok: true, attributes} : refuse('Bad Request: data.attributes is required');
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringAttribute(attributes: Attributes, name: string): string | undefined {
	const value = attributes[name];
	return typeof value === 'string' ? value : undefined;
}

function scopesAttribute(attributes: Attributes): readonly string[] | null | 'invalid' {
	const value = attributes['scopes'];
	if (value === undefined || value === null) {
		return null;
	}

	return Array.isArray(value) && value.every(item => typeof item === 'string') ? value.map(String) : 'invalid';
}
