import type {SimResponse} from '../../../src/simulate/types.js';
import {levelOn} from './access.js';
import {invalidParameter, notFound} from './errors.js';
import type {ResourceKind, SimResource} from './model.js';
import {paginate} from './paging.js';
import {resourceEntity, userEntity} from './represent.js';
import {findResource, type RouteCall} from './token-routes.js';

const json = {'Content-Type': 'application/json'} as const;

/**
The routes tokenkit reads besides the tokens: who the caller is, users by id, and the groups and projects it can see.
An administrator sees every user's email and `is_admin`, every group and every project; anyone else their own
email, the public fields of others, and the groups and projects they are a member of.
*/
export const directoryRoutes = {
	currentUser(call: RouteCall): SimResponse {
		const {user, instance} = call.caller;
		const entity = userEntity(user, instance, user.isAdmin);
		// The user themselves sees their own email; `is_admin` only reaches an administrator.
		return {status: 200, headers: json, body: {...entity, email: user.email}};
	},

	user(call: RouteCall): SimResponse {
		const id = call.params['id'] ?? '';
		const user = /^\d+$/.test(id) ? call.caller.instance.users.get(Number(id)) : undefined;
		if (user === undefined) {
			return notFound('User');
		}

		return {status: 200, headers: json, body: userEntity(user, call.caller.instance, call.caller.user.isAdmin)};
	},

	resources(call: RouteCall, kind: ResourceKind): SimResponse {
		const {caller, request} = call;
		const all = [...(kind === 'group' ? caller.instance.groups : caller.instance.projects).values()];
		const raw = request.query.get('min_access_level');
		if (raw !== null && !/^\d+$/.test(raw)) {
			return invalidParameter('min_access_level does not have a valid value');
		}

		const least = raw === null ? null : Number(raw);
		// An administrator sees everything, but `min_access_level` asks about membership, which an administrator may lack.
		const visible = all.filter(resource => least === null ? levelOn(caller, resource) > 0 : (resource.members.get(caller.user.id) ?? 0) >= least);
		const orderBy = request.query.get('order_by') ?? (kind === 'group' ? 'name' : 'created_at');
		const sorted = visible.sort((a, b) => (orderBy === 'name' || orderBy === 'path' ? a.fullPath.localeCompare(b.fullPath) : a.id - b.id));
		// GitLab's defaults: groups by name ascending, projects newest first.
		const direction = request.query.get('sort') ?? (kind === 'group' ? 'asc' : 'desc');
		const ordered = direction === 'desc' ? sorted.reverse() : sorted;
		return paginate(request, ordered, resource => resourceEntity(resource, caller.instance));
	},

	resource(call: RouteCall, kind: ResourceKind): SimResponse {
		const found: SimResource | undefined = findResource(call.caller.instance, kind, call.params['id'] ?? '');
		if (found === undefined || levelOn(call.caller, found) === 0) {
			return notFound(kind === 'group' ? 'Group' : 'Project');
		}

		return {status: 200, headers: json, body: resourceEntity(found, call.caller.instance)};
	},
};
