import type {SimRequest, SimResponse} from '../../../src/simulate/types.js';
import {errorResponse, invalidField, notFound} from './errors.js';
import {isArchived, type Collection, type Key, type Org, type Project, type ServiceAccount} from './model.js';
import {adminKeyRepresentation, projectKeyRepresentation, projectRepresentation, serviceAccountKeyRepresentation, serviceAccountRepresentation, userRepresentation} from './represent.js';
import type {Minter} from './seed.js';

/** One call of a route: the organization and admin key that ask, what they asked, and the path's parameters. */
export interface RouteCall {
	readonly org: Org;
	readonly caller: Key;
	readonly request: SimRequest;
	readonly params: Readonly<Record<string, string>>;
	readonly now: number;
}

/**
Whether deleting a service account's key through the project-key route works. The spec says it answers 400
([S]); OpenAI's newer reference and client say it deletes the key ([D]). `allowed` is the newer rule.
*/
export type ServiceAccountKeyDelete = 'allowed' | 'refused';

export interface RouteSettings {
	readonly minter: Minter;
	/** Registers a key minted during a request, so a leak search looks for it and the caller index knows it. */
	readonly remember: (org: Org, key: Key, kind: 'admin' | 'project') => void;
	readonly serviceAccountKeyDelete: ServiceAccountKeyDelete;
}

/** `limit` of every list: 1 to 100, default 20 ([S]; the admin keys state no bound and are given the same, [I]). */
export const maxLimit = 100;
const defaultLimit = 20;

/** The longest lifetime a key may be given: `expires_in_seconds` 1 to 31,536,000 ([S]). */
export const maxExpiresInSeconds = 31_536_000;

type Route = (call: RouteCall) => SimResponse;

export function createRoutes(settings: RouteSettings): Record<string, Route> {
	const projectOf = (call: RouteCall): Project | undefined => call.org.projects.get(call.params['project_id'] ?? '');
	const noProject = (call: RouteCall): SimResponse => notFound('project', call.params['project_id'] ?? '');

	return {
		listAdminKeys(call) {
			const order = call.request.query.get('order') ?? 'asc';
			if (order !== 'asc' && order !== 'desc') {
				return invalidField('order', `Invalid value for 'order': expected one of asc, desc.`);
			}

			return listPage(call, call.org.adminKeys, key => adminKeyRepresentation(key, call.org), {order});
		},
		createAdminKey(call) {
			const named = namedBody(call.request);
			if ('status' in named) {
				return named;
			}

			const {body, name} = named;

			const lifetime = expiresIn(body['expires_in_seconds']);
			if (typeof lifetime === 'string') {
				return invalidField('expires_in_seconds', lifetime);
			}

			// The new key's owner is whoever made it: the caller's owner ([I]: the spec does not say).
			const key: Key = {id: settings.minter.id('key_'), name, secret: settings.minter.key('admin'), createdAt: call.now, lastUsedAt: null, expiresAt: lifetime === null ? null : call.now + lifetime * 1000, owner: call.caller.owner, origin: 'created'};
			call.org.adminKeys.add(key);
			settings.remember(call.org, key, 'admin');
			return ok({...adminKeyRepresentation(key, call.org), value: key.secret});
		},
		getAdminKey(call) {
			const key = call.org.adminKeys.get(call.params['key_id'] ?? '');
			return key === undefined ? notFound('admin API key', call.params['key_id'] ?? '') : ok(adminKeyRepresentation(key, call.org));
		},
		deleteAdminKey(call) {
			const id = call.params['key_id'] ?? '';
			return call.org.adminKeys.delete(id) ? ok({id, object: 'organization.admin_api_key.deleted', deleted: true}) : notFound('admin API key', id);
		},
		listProjects(call) {
			const includeArchived = call.request.query.get('include_archived');
			if (includeArchived !== null && includeArchived !== 'true' && includeArchived !== 'false') {
				return invalidField('include_archived', `Invalid value for 'include_archived': expected a boolean.`);
			}

			return listPage(call, call.org.projects, projectRepresentation, {filter: project => includeArchived === 'true' || !isArchived(project)});
		},
		getProject(call) {
			const project = projectOf(call);
			return project === undefined ? noProject(call) : ok(projectRepresentation(project));
		},
		listProjectKeys(call) {
			const project = projectOf(call);
			if (project === undefined) {
				return noProject(call);
			}

			const access = call.request.query.get('owner_project_access');
			if (access !== null && access !== 'active' && access !== 'inactive' && access !== 'any') {
				return invalidField('owner_project_access', `Invalid value for 'owner_project_access': expected one of active, inactive, any.`);
			}

			// Without the parameter, keys whose owner lost access are left out, as the spec warns ([S]).
			const wanted = access ?? 'active';
			return listPage(call, project.keys, key => projectKeyRepresentation(key, project, call.org), {
				filter: key => wanted === 'any' || (projectKeyRepresentation(key, project, call.org)['owner_project_access'] === wanted),
			});
		},
		getProjectKey(call) {
			const project = projectOf(call);
			const key = project?.keys.get(call.params['api_key_id'] ?? '');
			if (project === undefined) {
				return noProject(call);
			}

			return key === undefined ? notFound('API key', call.params['api_key_id'] ?? '') : ok(projectKeyRepresentation(key, project, call.org));
		},
		deleteProjectKey(call) {
			const project = projectOf(call);
			if (project === undefined) {
				return noProject(call);
			}

			const id = call.params['api_key_id'] ?? '';
			const key = project.keys.get(id);
			if (key === undefined) {
				return notFound('API key', id);
			}

			if (key.owner.type === 'service_account' && settings.serviceAccountKeyDelete === 'refused') {
				return errorResponse(400, 'API keys owned by service accounts cannot be deleted through this endpoint; delete the service account instead.', {code: 'invalid_request'});
			}

			project.keys.delete(id);
			return ok({object: 'organization.project.api_key.deleted', id, deleted: true});
		},
		listServiceAccounts(call) {
			const project = projectOf(call);
			if (project === undefined) {
				return noProject(call);
			}

			// Archived projects have no service accounts ([S]: 400).
			return isArchived(project) ? archivedRefusal(project) : listPage(call, project.serviceAccounts, serviceAccountRepresentation, {});
		},
		createServiceAccount(call) {
			const project = projectOf(call);
			if (project === undefined) {
				return noProject(call);
			}

			if (isArchived(project)) {
				return archivedRefusal(project);
			}

			const named = namedBody(call.request);
			if ('status' in named) {
				return named;
			}

			const {body, name} = named;

			const alone: unknown = body['create_service_account_only'];
			if (alone !== undefined && alone !== null && typeof alone !== 'boolean') {
				return invalidField('create_service_account_only', `Invalid type for 'create_service_account_only': expected a boolean.`);
			}

			const lifetime = expiresIn(body['expires_in_seconds']);
			if (typeof lifetime === 'string') {
				return invalidField('expires_in_seconds', lifetime);
			}

			// Made alone, it gets no key and no default role ([S]); otherwise it is a member with its first key.
			const serviceAccount = project.serviceAccounts.add({id: settings.minter.id('svc_acct_'), name, role: alone === true ? 'none' : 'member', createdAt: call.now});
			if (alone === true) {
				return ok({...serviceAccountRepresentation(serviceAccount), api_key: null});
			}

			const key = addServiceAccountKey(call, project, serviceAccount, 'Secret Key', lifetime);
			return ok({...serviceAccountRepresentation(serviceAccount), api_key: serviceAccountKeyRepresentation(key)});
		},
		getServiceAccount(call) {
			const project = projectOf(call);
			const serviceAccount = project?.serviceAccounts.get(call.params['service_account_id'] ?? '');
			if (project === undefined) {
				return noProject(call);
			}

			return serviceAccount === undefined ? notFound('service account', call.params['service_account_id'] ?? '') : ok(serviceAccountRepresentation(serviceAccount));
		},
		updateServiceAccount(call) {
			const project = projectOf(call);
			const serviceAccount = project?.serviceAccounts.get(call.params['service_account_id'] ?? '');
			if (project === undefined) {
				return noProject(call);
			}

			if (serviceAccount === undefined) {
				return notFound('service account', call.params['service_account_id'] ?? '');
			}

			const body = objectBody(call.request);
			if (typeof body === 'string') {
				return invalidField('body', body);
			}

			const role: unknown = body['role'];
			if (role !== undefined && role !== 'owner' && role !== 'member') {
				return invalidField('role', `Invalid value for 'role': expected one of owner, member.`);
			}

			const name: unknown = body['name'];
			if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) {
				return invalidField('name', `Invalid value for 'name': expected a non-empty string.`);
			}

			// Changed in place: its keys name the same account, and an update moves nothing in the list.
			if (typeof name === 'string') {
				serviceAccount.name = name;
			}

			serviceAccount.role = role ?? serviceAccount.role;
			return ok(serviceAccountRepresentation(serviceAccount));
		},
		deleteServiceAccount(call) {
			const project = projectOf(call);
			if (project === undefined) {
				return noProject(call);
			}

			if (isArchived(project)) {
				return archivedRefusal(project);
			}

			const id = call.params['service_account_id'] ?? '';
			if (!project.serviceAccounts.delete(id)) {
				return notFound('service account', id);
			}

			// Its keys go with it ([I]: the spec does not say; a key of an account that no longer exists could not be owned).
			for (const key of [...project.keys.values()]) {
				if (key.owner.type === 'service_account' && key.owner.serviceAccount.id === id) {
					project.keys.delete(key.id);
				}
			}

			return ok({object: 'organization.project.service_account.deleted', id, deleted: true});
		},
		createServiceAccountKey(call) {
			const project = projectOf(call);
			if (project === undefined) {
				return noProject(call);
			}

			const serviceAccount = project.serviceAccounts.get(call.params['service_account_id'] ?? '');
			if (serviceAccount === undefined) {
				return notFound('service account', call.params['service_account_id'] ?? '');
			}

			if (isArchived(project)) {
				return archivedRefusal(project);
			}

			// No field is required ([S]); a body may be left out.
			const body = call.request.body === undefined && !call.request.bodyInvalid ? {} : objectBody(call.request);
			if (typeof body === 'string') {
				return invalidField('body', body);
			}

			const name: unknown = body['name'];
			if (name !== undefined && name !== null && typeof name !== 'string') {
				return invalidField('name', `Invalid type for 'name': expected a string.`);
			}

			const scopes: unknown = body['scopes'];
			if (scopes !== undefined && scopes !== null && (!Array.isArray(scopes) || !scopes.every((scope: unknown) => typeof scope === 'string'))) {
				return invalidField('scopes', `Invalid type for 'scopes': expected an array of strings.`);
			}

			const lifetime = expiresIn(body['expires_in_seconds']);
			if (typeof lifetime === 'string') {
				return invalidField('expires_in_seconds', lifetime);
			}

			return ok(serviceAccountKeyRepresentation(addServiceAccountKey(call, project, serviceAccount, typeof name === 'string' ? name : 'Secret Key', lifetime)));
		},
		getUser(call) {
			const id = call.params['user_id'] ?? '';
			const user = call.org.users.get(id);
			// A user removed from the organization is no longer one of its users.
			return user?.inOrg === true ? ok(userRepresentation(user)) : notFound('user', id);
		},
	};

	function addServiceAccountKey(call: RouteCall, project: Project, serviceAccount: ServiceAccount, name: string, lifetime: number | null): Key {
		const key: Key = {id: settings.minter.id('key_'), name, secret: settings.minter.key('service-account'), createdAt: call.now, lastUsedAt: null, expiresAt: lifetime === null ? null : call.now + lifetime * 1000, owner: {type: 'service_account', serviceAccount}, origin: 'created'};
		project.keys.add(key);
		settings.remember(call.org, key, 'project');
		return key;
	}
}

function ok(body: unknown): SimResponse {
	return {status: 200, body};
}

function archivedRefusal(project: Project): SimResponse {
	return errorResponse(400, `Project ${project.id} is archived: archived projects cannot be used or updated and have no service accounts.`, {code: 'project_archived'});
}

/** The request's JSON object, or why it is refused. */
function objectBody(request: SimRequest): Record<string, unknown> | string {
	const {body} = request;
	if (request.bodyInvalid) {
		return 'We could not parse the JSON body of your request. (HINT: This likely means you aren\'t using your HTTP library correctly.)';
	}

	return typeof body === 'object' && body !== null && !Array.isArray(body) ? {...body} : 'The request body must be a JSON object.';
}

/** A create's JSON object and its required `name`, or the 400 that refuses it. */
function namedBody(request: SimRequest): {readonly body: Record<string, unknown>; readonly name: string} | SimResponse {
	const body = objectBody(request);
	if (typeof body === 'string') {
		return invalidField('body', body);
	}

	const name: unknown = body['name'];
	return typeof name === 'string' && name.trim() !== '' ? {body, name} : invalidField('name', `Missing required parameter: 'name'.`);
}

/** `expires_in_seconds`: absent or null for a key that never expires, else a whole number 1 to 31,536,000 ([S]). */
function expiresIn(value: unknown): number | null | string {
	if (value === undefined || value === null) {
		return null;
	}

	return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= maxExpiresInSeconds
		? value
		: `Invalid value for 'expires_in_seconds': expected an integer from 1 to ${maxExpiresInSeconds}.`;
}

/**
A page of a list, OpenAI's way ([S]): `limit` (1 to 100, default 20) and `after`, the id of the last item the client
received; `{object: "list", data, first_id, last_id, has_more}` with `last_id` the page's last item and `has_more`
exact, so a client following either the last item or `last_id` gets every item once. An `after` naming an item
deleted since still marks its place (model.ts); one naming nothing ever listed here is a 400.
*/
function listPage<T extends {readonly id: string}>(call: RouteCall, collection: Collection<T>, represent: (item: T) => unknown, options: {readonly filter?: (item: T) => boolean; readonly order?: 'asc' | 'desc'}): SimResponse {
	const limitText = call.request.query.get('limit');
	const limit = limitText === null ? defaultLimit : Number(limitText);
	if (limitText !== null && (limitText.trim() === '' || !Number.isInteger(limit) || limit < 1 || limit > maxLimit)) {
		return invalidField('limit', `Invalid 'limit': integer below minimum value or above maximum value. Expected a value from 1 to ${maxLimit}.`);
	}

	const after = call.request.query.get('after');
	const place = after === null || after === '' ? null : collection.placeOf(after);
	if (place === undefined) {
		return invalidField('after', `Invalid 'after': no object with id '${after ?? ''}' in this list.`);
	}

	const items = collection.ordered(options.order ?? 'asc', place).filter(item => options.filter?.(item) ?? true);
	const data = items.slice(0, limit);
	return ok({object: 'list', data: data.map(item => represent(item)), first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: items.length > limit});
}
