import type {SimRequest, SimResponse} from '../../../src/simulate/types.js';
import {mistRoles, type MistAdminPrivilege, type MistApiUsage, type MistRole, type MistSelf} from '../schema.js';
import {orgTokenWire, userTokenWire, type Caller, type OrgRecord} from './model.js';
import {badRequest, forbidden, messages, notFound, ok, okEmpty} from './responses.js';
import type {MistStore} from './store.js';
import {parseOrgTokenCreate, parseOrgTokenUpdate, parseUserTokenName, readObject} from './validate.js';

/** What a route handler knows about the request beyond its body: who called, and the clock. */
export interface RouteContext {
	readonly request: SimRequest;
	readonly params: Readonly<Record<string, string>>;
	readonly caller: Caller;
	/** Epoch seconds, fractional. */
	readonly nowSeconds: number;
	/** Calls the caller's rate-limit subject has made in the current window, this one included. */
	readonly requestsThisWindow: number;
	readonly requestLimit: number;
}

export type MistRoute = (context: RouteContext) => SimResponse;

export type MistRouteName =
	| 'listOrgTokens' | 'createOrgToken' | 'getOrgToken' | 'updateOrgToken' | 'deleteOrgToken'
	| 'listUserTokens' | 'createUserToken' | 'getUserToken' | 'updateUserToken' | 'deleteUserToken'
	| 'getSelf' | 'getUsage';

export interface RouteOptions {
	/** Leave `privileges` out of the org-token create response, as the spec warns Mist may. */
	readonly omitPrivilegesOnCreate: boolean;
}

/**
The org-scope roles a caller holds on `orgId`. An org token holds only its own org (docs/vendors/mist.md: each org
token belongs to one org); a user token acts with its admin's privileges.
*/
function orgRoles(caller: Caller, orgId: string, org: OrgRecord | undefined): MistRole[] {
	if (caller.kind === 'user') {
		// A user token acts with every privilege of its admin that covers the whole org: the org itself, or an
		// org group the org is in.
		return caller.user.privileges.flatMap(privilege => {
			const covers = (privilege.scope === 'org' && privilege.org_id === orgId)
				|| (privilege.scope === 'orggroup' && org !== undefined && (privilege.orggroup_ids ?? []).includes(org.orggroup.id));
			return covers && isRole(privilege.role) ? [privilege.role] : [];
		});
	}

	if (caller.token.orgId !== orgId) {
		return [];
	}

	return caller.token.privileges.flatMap(privilege => (privilege.scope === 'org' && isRole(privilege.role) ? [privilege.role] : []));
}

function isRole(value: string): value is MistRole {
	return mistRoles.some(role => role === value);
}

/**
Access to an org's tokens. Reading needs any org-scope privilege on that org; creating, changing and deleting
need the `admin` role at org scope (a read-only key gets 403). A key without access to the org gets 403
whether or not the org exists, so ids of other orgs cannot be probed.
*/
function orgAccess(store: MistStore, context: RouteContext, write: boolean): {readonly org: OrgRecord} | {readonly denied: SimResponse} {
	const orgId = context.params.org_id ?? '';
	const org = store.orgs.get(orgId);
	const roles = orgRoles(context.caller, orgId, org);
	if (org === undefined || roles.length === 0 || (write && !roles.includes('admin'))) {
		return {denied: forbidden()};
	}

	return {org};
}

/** The email recorded as `created_by`: the admin's own, or for an org token the person behind that token. */
function creatorEmail(caller: Caller): string | null {
	return caller.kind === 'user' ? caller.user.email : caller.token.createdBy;
}

export function createRoutes(store: MistStore, options: RouteOptions): Readonly<Record<MistRouteName, MistRoute>> {
	const findOrgToken = (org: OrgRecord, id: string | undefined) => {
		const token = id === undefined ? undefined : store.orgTokens.get(id);
		return token?.orgId === org.id ? token : undefined;
	};

	const findUserToken = (caller: Caller, id: string | undefined) => {
		if (caller.kind !== 'user' || id === undefined) {
			return undefined;
		}

		const token = store.userTokens.get(id);
		return token?.userId === caller.user.id ? token : undefined;
	};

	return {
		listOrgTokens: (context: RouteContext): SimResponse => {
			const access = orgAccess(store, context, false);
			if ('denied' in access) {
				return access.denied;
			}

			// docs/vendors/mist.md: a bare array, no pagination parameters; keys masked.
			return ok(store.orgTokensOf(access.org.id).map(token => orgTokenWire(token)));
		},

		createOrgToken: (context: RouteContext): SimResponse => {
			const access = orgAccess(store, context, true);
			if ('denied' in access) {
				return access.denied;
			}

			const body = readObject(context.request);
			if (!body.ok) {
				return badRequest(body.detail);
			}

			const input = parseOrgTokenCreate(body.value, access.org);
			if (!input.ok) {
				return badRequest(input.detail);
			}

			const token = store.addOrgToken({
				orgId: access.org.id,
				name: input.value.name,
				createdTime: context.nowSeconds,
				lastUsed: null,
				createdBy: creatorEmail(context.caller),
				privileges: input.value.privileges,
				srcIps: input.value.srcIps,
			});
			// docs/vendors/mist.md: 200 (not 201), and the only response that shows the whole key.
			return ok(orgTokenWire(token, true, !options.omitPrivilegesOnCreate));
		},

		getOrgToken: (context: RouteContext): SimResponse => {
			const access = orgAccess(store, context, false);
			if ('denied' in access) {
				return access.denied;
			}

			const token = findOrgToken(access.org, context.params.apitoken_id);
			return token === undefined ? notFound(context.params.apitoken_id) : ok(orgTokenWire(token));
		},

		updateOrgToken: (context: RouteContext): SimResponse => {
			const access = orgAccess(store, context, true);
			if ('denied' in access) {
				return access.denied;
			}

			const token = findOrgToken(access.org, context.params.apitoken_id);
			if (token === undefined) {
				return notFound(context.params.apitoken_id);
			}

			const body = readObject(context.request);
			if (!body.ok) {
				return badRequest(body.detail);
			}

			const change = parseOrgTokenUpdate(body.value, access.org);
			if (!change.ok) {
				return badRequest(change.detail);
			}

			// docs/vendors/mist.md: `src_ips` cannot be changed after creation. Sending the same list back (as a client that
			// echoes a fresh GET does) is accepted; a different one is refused rather than silently dropped.
			if (change.value.srcIps !== undefined && !sameList(change.value.srcIps, token.srcIps)) {
				return badRequest('src_ips cannot be changed once the API token is created; create a new token instead');
			}

			if (change.value.name !== undefined) {
				token.name = change.value.name;
			}

			if (change.value.privileges !== undefined) {
				token.privileges = change.value.privileges;
			}

			// The spec's org-token PUT answers 200 with no body; clients read the token back.
			return okEmpty();
		},

		deleteOrgToken: (context: RouteContext): SimResponse => {
			const access = orgAccess(store, context, true);
			if ('denied' in access) {
				return access.denied;
			}

			const token = findOrgToken(access.org, context.params.apitoken_id);
			if (token === undefined) {
				return notFound(context.params.apitoken_id);
			}

			store.deleteToken(token);
			return okEmpty();
		},

		listUserTokens: (context: RouteContext): SimResponse => {
			if (context.caller.kind !== 'user') {
				return forbidden(messages.userTokensOnly);
			}

			return ok(store.userTokensOf(context.caller.user.id).map(token => userTokenWire(token)));
		},

		createUserToken: (context: RouteContext): SimResponse => {
			const {caller} = context;
			if (caller.kind !== 'user') {
				return forbidden(messages.userTokensOnly);
			}

			const body = readObject(context.request);
			if (!body.ok) {
				return badRequest(body.detail);
			}

			const name = parseUserTokenName(body.value.name);
			if (!name.ok) {
				return badRequest(name.detail);
			}

			const token = store.addUserToken({userId: caller.user.id, name: name.value, createdTime: context.nowSeconds, lastUsed: null});
			// The spec points this response at the list schema, which looks like a slip in the spec; docs/vendors/mist.md
			// infers one object with the whole key, and that is what is sent.
			return ok(userTokenWire(token, true));
		},

		getUserToken: (context: RouteContext): SimResponse => {
			if (context.caller.kind !== 'user') {
				return forbidden(messages.userTokensOnly);
			}

			const token = findUserToken(context.caller, context.params.apitoken_id);
			return token === undefined ? notFound(context.params.apitoken_id) : ok(userTokenWire(token));
		},

		updateUserToken: (context: RouteContext): SimResponse => {
			if (context.caller.kind !== 'user') {
				return forbidden(messages.userTokensOnly);
			}

			const token = findUserToken(context.caller, context.params.apitoken_id);
			if (token === undefined) {
				return notFound(context.params.apitoken_id);
			}

			const body = readObject(context.request);
			if (!body.ok) {
				return badRequest(body.detail);
			}

			if (body.value.name !== undefined) {
				const name = parseUserTokenName(body.value.name);
				if (!name.ok) {
					return badRequest(name.detail);
				}

				token.name = name.value;
			}

			// Unlike the org-token PUT, the spec has the self-token PUT answer with the token.
			return ok(userTokenWire(token));
		},

		deleteUserToken: (context: RouteContext): SimResponse => {
			if (context.caller.kind !== 'user') {
				return forbidden(messages.userTokensOnly);
			}

			const token = findUserToken(context.caller, context.params.apitoken_id);
			if (token === undefined) {
				return notFound(context.params.apitoken_id);
			}

			store.deleteToken(token);
			return okEmpty();
		},

		getSelf: (context: RouteContext): SimResponse => {
			return ok(selfWire(store, context.caller));
		},

		getUsage: (context: RouteContext): SimResponse => {
			const usage: MistApiUsage = {requests: context.requestsThisWindow, request_limit: context.requestLimit};
			return ok(usage);
		},
	};
}

/**
`GET /api/v1/self`. mistapi tells the two kinds of key apart by `email`: a user token's answer has the admin's
email and names; an org token's has the token's `name` instead. Privileges carry the names of what they
point at, as Mist's admin privileges do.
*/
function selfWire(store: MistStore, caller: Caller): MistSelf {
	const org = store.orgOf(caller);
	const orgName = org?.name ?? '';
	if (caller.kind === 'user') {
		return {
			email: caller.user.email,
			first_name: caller.user.firstName,
			last_name: caller.user.lastName,
			via_sso: false,
			privileges: structuredClone([...caller.user.privileges]),
		};
	}

	const privileges = caller.token.privileges.map((privilege): MistAdminPrivilege => {
		const views = privilege.views === undefined ? {} : {views: [...privilege.views]};
		if (privilege.site_id !== undefined) {
			const site = org?.sites.find(candidate => candidate.id === privilege.site_id);
			return {scope: privilege.scope, role: privilege.role, site_id: privilege.site_id, org_id: caller.token.orgId, name: site?.name ?? '', org_name: orgName, ...views};
		}

		if (privilege.sitegroup_id !== undefined) {
			const group = org?.sitegroups.find(candidate => candidate.id === privilege.sitegroup_id);
			// An admin privilege names site groups as a list (`admin_privilege.sitegroup_ids`), even just one.
			return {scope: privilege.scope, role: privilege.role, sitegroup_ids: [privilege.sitegroup_id], org_id: caller.token.orgId, name: group?.name ?? '', org_name: orgName, ...views};
		}

		return {scope: privilege.scope, role: privilege.role, org_id: caller.token.orgId, name: orgName, ...views};
	});
	return {name: caller.token.name, privileges};
}

/** Same entries, in any order. */
function sameList(left: readonly string[], right: readonly string[]): boolean {
	const sortedRight = [...right].sort();
	return left.length === right.length && [...left].sort().every((entry, index) => entry === sortedRight[index]);
}
