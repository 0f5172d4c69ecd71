import type {SimRequest, SimResponse} from '../../../src/simulate/types.js';
import {isCidr, permits, type KeyIndex} from './access.js';
import {errors, success} from './envelope.js';
import {accountKey, permissionGroups, userKey, zoneKey, type SimAccount, type SimUser, type StoredPolicy, type StoredRequestIp, type StoredToken} from './model.js';
import type {OrderedTokens} from './ordered-tokens.js';
import {rfc3339, shownStatus, tokenWire} from './represent.js';
import type {Minter} from './seed.js';

/** Where a route's tokens live: the caller's own user tokens, or one account's. */
export type Scope =
	| {readonly kind: 'user'; readonly user: SimUser}
	| {readonly kind: 'account'; readonly account: SimAccount};

export interface RouteCall {
	readonly request: SimRequest;
	readonly caller: StoredToken;
	readonly scope: Scope;
	readonly tokenId: string;
	readonly now: number;
}

export interface RouteContext {
	readonly minter: Minter;
	readonly index: KeyIndex;
	/** Every account, to check that a policy names only resources the caller can reach. */
	readonly accounts: readonly SimAccount[];
	/** Token quotas: 50 user tokens per user, 500 account tokens per account [D]. */
	readonly quota: {readonly user: number; readonly account: number};
}

const readGroups = {user: ['API Tokens Read', 'API Tokens Write'], account: ['Account API Tokens Read', 'Account API Tokens Write']} as const;
const writeGroups = {user: ['API Tokens Write'], account: ['Account API Tokens Write']} as const;

function scopeKey(scope: Scope): string {
	return scope.kind === 'user' ? userKey(scope.user.id) : accountKey(scope.account.id);
}

function tokensOf(scope: Scope): OrderedTokens {
	return scope.kind === 'user' ? scope.user.tokens : scope.account.tokens;
}

/** The permission a route needs, checked on the scope's resource [S] (`x-api-token-group`). */
export function allowed(call: Pick<RouteCall, 'caller' | 'scope'>, access: 'read' | 'write'): boolean {
	const groups = access === 'read' ? readGroups[call.scope.kind] : writeGroups[call.scope.kind];
	return permits(call.caller, groups, scopeKey(call.scope));
}

/** A whole number query parameter, or its default; null when present and not one. */
function wholeQuery(query: URLSearchParams, name: string, fallback: number): number | null {
	const text = query.get(name);
	if (text === null || text === '') {
		return fallback;
	}

	return /^\d{1,9}$/.test(text) ? Number(text) : null;
}

export function createRoutes(context: RouteContext) {
	const {minter, index} = context;

	/**
	Lists page by page: `page` from 1, `per_page` from 5 to 50 (20 by default), `direction` by issue date, and
	expired tokens only with `include_expired=true` [S]. Past the last page the answer is 200 with an empty
	`result`, which is where Cloudflare's SDK stops [D]. The spec gives no error for a `per_page` out of range: the
	simulator refuses it with a 400 rather than clamp it [I].
	*/
	function list(call: RouteCall): SimResponse {
		const {query} = call.request;
		const page = wholeQuery(query, 'page', 1);
		const perPage = wholeQuery(query, 'per_page', 20);
		if (page === null || page < 1) {
			return errors.invalid('page must be a whole number of at least 1');
		}

		if (perPage === null || perPage < 5 || perPage > 50) {
			return errors.invalid('per_page must be a whole number from 5 to 50');
		}

		const direction = query.get('direction') ?? 'asc';
		if (direction !== 'asc' && direction !== 'desc') {
			return errors.invalid('direction must be asc or desc');
		}

		// The order is kept as tokens come and go (ordered-tokens.ts). With expired tokens included, as tokenkit asks, a
		// page is a slice of it. Without, the expired ones are left out in one pass over it (never a sort): which tokens
		// have expired depends on the time of the request, and an update may change a token's expiry in place.
		const ordered = tokensOf(call.scope).inListOrder();
		const visible = query.get('include_expired') === 'true' ? ordered : ordered.filter(token => shownStatus(token, call.now) !== 'expired');
		const total = visible.length;
		const start = (page - 1) * perPage;
		const end = page * perPage;
		// `desc` is the same order backwards: its page is the mirror slice, reversed.
		const slice = direction === 'asc' ? visible.slice(start, end) : visible.slice(Math.max(0, total - end), Math.max(0, total - start)).reverse();
		return success(slice.map(token => tokenWire(token, call.now)), {result_info: {page, per_page: perPage, count: slice.length, total_count: total}});
	}

	function find(call: RouteCall): StoredToken | undefined {
		return tokensOf(call.scope).get(call.tokenId);
	}

	function create(call: RouteCall): SimResponse {
		const checked = checkTokenBody(call.request.body, call, context, true);
		if ('response' in checked) {
			return checked.response;
		}

		const tokens = tokensOf(call.scope);
		const limit = call.scope.kind === 'user' ? context.quota.user : context.quota.account;
		if (tokens.size >= limit) {
			return errors.quota(limit);
		}

		const {scope} = call;
		const kind = scope.kind;
		const token: StoredToken = {
			id: minter.id(),
			name: checked.name,
			status: 'active',
			issuedOn: call.now,
			modifiedOn: call.now,
			lastUsedOn: null,
			notBefore: checked.notBefore,
			expiresOn: checked.expiresOn,
			requestIp: checked.requestIp,
			policies: checked.policies,
			secret: minter.secret(kind),
			creatorEmail: kind === 'account' && call.caller.owner.kind === 'user' ? userEmail(context, call.caller.owner.userId) : null,
			owner: scope.kind === 'user' ? {kind: 'user', userId: scope.user.id} : {kind: 'account', accountId: scope.account.id},
			reserved: false,
		};
		tokens.add(token);
		index.set(token.secret, token);
		// Create answers 200, not 201, with the token and its secret in `value`, the only time it is shown [S].
		return success({...tokenWire(token, call.now), value: token.secret});
	}

	function update(call: RouteCall): SimResponse {
		const token = find(call);
		if (token === undefined) {
			return errors.noRoute();
		}

		const checked = checkTokenBody(call.request.body, call, context, false);
		if ('response' in checked) {
			return checked.response;
		}

		// A full replace [S]: what the body leaves out is gone (condition, dates), except the status, kept unless sent.
		token.name = checked.name;
		token.policies = checked.policies;
		token.requestIp = checked.requestIp;
		token.notBefore = checked.notBefore;
		token.expiresOn = checked.expiresOn;
		token.status = checked.status ?? token.status;
		token.modifiedOn = call.now;
		return success(tokenWire(token, call.now));
	}

	function remove(call: RouteCall): SimResponse {
		const token = find(call);
		if (token === undefined) {
			return errors.noRoute();
		}

		tokensOf(call.scope).delete(token.id);
		index.delete(token.secret);
		return success({id: token.id});
	}

	/** A new secret for the same id; the old one stops at once [S][D]. The answer's `result` is the bare secret. */
	function roll(call: RouteCall): SimResponse {
		const token = find(call);
		if (token === undefined) {
			return errors.noRoute();
		}

		const body = call.request.body;
		if (call.request.bodyInvalid || (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body)))) {
			return errors.invalid('the request body must be a JSON object or empty');
		}

		index.delete(token.secret);
		token.secret = minter.secret(call.scope.kind);
		token.modifiedOn = call.now;
		index.set(token.secret, token);
		return success(token.secret);
	}

	return {
		list,
		get: (call: RouteCall): SimResponse => {
			const token = find(call);
			return token === undefined ? errors.noRoute() : success(tokenWire(token, call.now));
		},
		create,
		update,
		remove,
		roll,
		permissionGroups: (call: RouteCall): SimResponse => {
			const name = call.request.query.get('name');
			const scope = call.request.query.get('scope');
			return success(permissionGroups.filter(group => (name === null || group.name === name) && (scope === null || group.scopes.includes(scope))).map(group => ({...group, scopes: [...group.scopes]})));
		},
		verify: (call: RouteCall): SimResponse => {
			const token = call.caller;
			const result = {
				id: token.id,
				status: shownStatus(token, call.now),
				...(token.expiresOn === null ? {} : {expires_on: rfc3339(token.expiresOn)}),
				...(token.notBefore === null ? {} : {not_before: rfc3339(token.notBefore)}),
			};
			// Cloudflare's word that the token works [I].
			return success(result, {messages: [{code: 10000, message: 'This API Token is valid and active', type: null}]});
		},
	};
}

function userEmail(context: RouteContext, userId: string): string | null {
	return context.accounts.find(account => account.admin.id === userId)?.admin.email ?? null;
}

type Checked =
	| {readonly response: SimResponse}
	| {
		readonly name: string;
		readonly policies: StoredPolicy[];
		readonly requestIp: StoredRequestIp | undefined;
		readonly notBefore: number | null;
		readonly expiresOn: number | null;
		readonly status: 'active' | 'disabled' | undefined;
	};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
Checks a create (`iam_create_payload`) or update (`iam_token_body`) body: `name` (at most 120 characters) and
`policies` are required [S]; each policy has an effect, permission groups the catalogue knows, and resources the
caller can reach (a zone or account the caller cannot read is refused with 403, code 9109 [I]); the condition is
read under `request_ip` or `"request.ip"` [I] and kept as `request_ip`; `status` may be `active` or `disabled` on
update, never `expired` [I].
*/
function checkTokenBody(body: unknown, call: RouteCall, context: RouteContext, creating: boolean): Checked {
	const invalid = (message: string): Checked => ({response: errors.invalid(message)});
	if (call.request.bodyInvalid || !isRecord(body)) {
		return invalid('the request body must be a JSON object');
	}

	const {name, policies} = body;
	if (typeof name !== 'string' || name.trim() === '' || name.length > 120) {
		return invalid('name is required, 1 to 120 characters');
	}

	if (!Array.isArray(policies) || policies.length === 0) {
		return invalid('policies is required and must not be empty');
	}

	const stored: StoredPolicy[] = [];
	for (const [position, item] of policies.entries()) {
		const checked = checkPolicy(item, position, call, context);
		if ('response' in checked) {
			return checked;
		}

		stored.push(checked.policy);
	}

	const condition = body['condition'];
	let requestIp: StoredRequestIp | undefined;
	if (condition !== undefined && condition !== null) {
		const ip: unknown = isRecord(condition) ? condition['request_ip'] ?? condition['request.ip'] : undefined;
		if (!isRecord(condition) || (ip !== undefined && !isRecord(ip))) {
			return invalid('condition.request_ip must be an object with in and not_in lists');
		}

		if (ip !== undefined) {
			const lists: Record<string, string[]> = {};
			for (const key of ['in', 'not_in'] as const) {
				const list = ip[key];
				if (list === undefined) {
					continue;
				}

				if (!Array.isArray(list) || !list.every((entry): entry is string => typeof entry === 'string' && isCidr(entry))) {
					return invalid(`condition.request_ip.${key} must be a list of IPv4 or IPv6 CIDR ranges`);
				}

				lists[key] = list;
			}

			requestIp = {...(lists['in'] === undefined ? {} : {in: lists['in']}), ...(lists['not_in'] === undefined ? {} : {not_in: lists['not_in']})};
		}
	}

	const notBefore = timeField(body['not_before']);
	const expiresOn = timeField(body['expires_on']);
	if (notBefore === undefined || expiresOn === undefined) {
		return invalid('not_before and expires_on must be RFC 3339 date-times');
	}

	const status = body['status'];
	if (status !== undefined && (creating || (status !== 'active' && status !== 'disabled'))) {
		return invalid(creating ? 'status cannot be set on create' : 'status must be active or disabled');
	}

	return {name, policies: stored, requestIp, notBefore, expiresOn, status: status === 'active' || status === 'disabled' ? status : undefined};
}

/** An RFC 3339 time as epoch ms; null when absent; undefined when it is not one. */
function timeField(value: unknown): number | null | undefined {
	if (value === undefined || value === null) {
		return null;
	}

	const ms = typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) ? Date.parse(value) : Number.NaN;
	return Number.isNaN(ms) ? undefined : ms;
}

function checkPolicy(item: unknown, position: number, call: RouteCall, context: RouteContext): {readonly response: SimResponse} | {readonly policy: StoredPolicy} {
	const invalid = (message: string) => ({response: errors.invalid(`policies[${position}]: ${message}`)});
	if (!isRecord(item)) {
		return invalid('must be an object');
	}

	const {effect, permission_groups: groups, resources} = item;
	if (effect !== 'allow' && effect !== 'deny') {
		return invalid('effect must be allow or deny');
	}

	if (!Array.isArray(groups) || groups.length === 0) {
		return invalid('permission_groups is required');
	}

	const named: Array<{id: string; name: string}> = [];
	for (const group of groups) {
		const id: unknown = isRecord(group) ? group['id'] : undefined;
		const known = permissionGroups.find(candidate => candidate.id === id);
		if (known === undefined) {
			return invalid(`permission group ${typeof id === 'string' ? id : '(no id)'} does not exist`);
		}

		named.push({id: known.id, name: known.name});
	}

	if (!isRecord(resources) || Object.keys(resources).length === 0) {
		return invalid('resources is required');
	}

	const copied: Record<string, string | Record<string, string>> = {};
	for (const [key, value] of Object.entries(resources)) {
		if (typeof value === 'string') {
			if (!reachable(key, undefined, call, context)) {
				return {response: errors.unauthorized()};
			}

			copied[key] = value;
		} else if (isRecord(value) && Object.values(value).every(inner => typeof inner === 'string')) {
			const inner: Record<string, string> = {};
			for (const [innerKey, innerValue] of Object.entries(value)) {
				if (!reachable(innerKey, key, call, context) || typeof innerValue !== 'string') {
					return {response: errors.unauthorized()};
				}

				inner[innerKey] = innerValue;
			}

			copied[key] = inner;
		} else {
			return invalid(`resources.${key} must be "*" or a map of resources to "*"`);
		}
	}

	return {policy: {id: context.minter.id(), effect, permission_groups: named, resources: copied}};
}

/**
Whether a policy may name this resource: an account the token's scope reaches (its own account, or an account of
which the user is a member), a zone of such an account, the user themself, or a wildcard. Anything else is a
resource the caller cannot read.
*/
function reachable(key: string, outer: string | undefined, call: RouteCall, context: RouteContext): boolean {
	const accounts = call.scope.kind === 'account'
		? [call.scope.account]
		: context.accounts.filter(account => call.scope.kind === 'user' && call.scope.user.accountIds.includes(account.id));
	if (outer !== undefined && !accounts.some(account => accountKey(account.id) === outer)) {
		return false;
	}

	if (key === 'com.cloudflare.api.account.*' || key === 'com.cloudflare.api.account.zone.*') {
		return true;
	}

	if (call.scope.kind === 'user' && key === userKey(call.scope.user.id)) {
		return true;
	}

	return accounts.some(account => key === accountKey(account.id) || account.zones.some(zone => key === zoneKey(zone.id)));
}
