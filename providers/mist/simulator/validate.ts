import type {SimRequest} from '../../../src/simulate/types.js';
import {mistRoles, mistScopes, mistViews, type MistPrivilege, type MistRole, type MistScope, type MistView} from '../schema.js';
import {isAddressOrCidr} from './auth.js';
import type {OrgRecord} from './model.js';

/** A request body read into what the simulator stores, or the `detail` of a 400. */
export type Parsed<T> = {readonly ok: true; readonly value: T} | {readonly ok: false; readonly detail: string};

export interface OrgTokenInput {
	readonly name: string;
	readonly privileges: MistPrivilege[];
	readonly srcIps: string[];
}

export interface OrgTokenChange {
	readonly name?: string;
	readonly privileges?: MistPrivilege[];
	/** Present when the body carried `src_ips`; the caller compares it with the stored list. */
	readonly srcIps?: string[];
}

const maxPrivileges = 10;
const maxSourceIps = 10;

/** The JSON object a POST or PUT carries; an empty body counts as `{}`. Read-only fields in it are ignored. */
export function readObject(request: SimRequest): Parsed<Readonly<Record<string, unknown>>> {
	if (request.bodyInvalid) {
		return fail('JSON parse error - the request body is not valid JSON');
	}

	if (request.body === undefined) {
		return {ok: true, value: {}};
	}

	if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body)) {
		return fail(`Invalid data. Expected a dictionary, but got ${Array.isArray(request.body) ? 'list' : typeof request.body}.`);
	}

	return {ok: true, value: {...request.body}};
}

/** A create body: `name` and `privileges` required (the spec's schema note), `src_ips` optional. */
export function parseOrgTokenCreate(body: Readonly<Record<string, unknown>>, org: OrgRecord): Parsed<OrgTokenInput> {
	const name = parseName(body.name, true);
	if (!name.ok) {
		return name;
	}

	if (body.privileges === undefined) {
		return fail('privileges is required');
	}

	const privileges = parsePrivileges(body.privileges, org);
	if (!privileges.ok) {
		return privileges;
	}

	const srcIps = body.src_ips === undefined || body.src_ips === null ? noSourceIps() : parseSourceIps(body.src_ips);
	if (!srcIps.ok) {
		return srcIps;
	}

	return {ok: true, value: {name: name.value ?? '', privileges: privileges.value, srcIps: srcIps.value}};
}

/** An update body: any of `name`, `privileges`, `src_ips`, each validated as on create. */
export function parseOrgTokenUpdate(body: Readonly<Record<string, unknown>>, org: OrgRecord): Parsed<OrgTokenChange> {
	const change: {name?: string; privileges?: MistPrivilege[]; srcIps?: string[]} = {};
	if (body.name !== undefined) {
		const name = parseName(body.name, true);
		if (!name.ok) {
			return name;
		}

		if (name.value !== undefined) {
			change.name = name.value;
		}
	}

	if (body.privileges !== undefined) {
		const privileges = parsePrivileges(body.privileges, org);
		if (!privileges.ok) {
			return privileges;
		}

		change.privileges = privileges.value;
	}

	if (body.src_ips !== undefined) {
		const srcIps = body.src_ips === null ? noSourceIps() : parseSourceIps(body.src_ips);
		if (!srcIps.ok) {
			return srcIps;
		}

		change.srcIps = srcIps.value;
	}

	return {ok: true, value: change};
}

/** A user token's name: optional, and a string when present. */
export function parseUserTokenName(value: unknown): Parsed<string | undefined> {
	return parseName(value, false);
}

function parseName(value: unknown, required: boolean): Parsed<string | undefined> {
	if (value === undefined || value === null) {
		return required ? fail('name is required') : {ok: true, value: undefined};
	}

	if (typeof value !== 'string' || value.trim() === '') {
		return fail('name must be a non-empty string');
	}

	return {ok: true, value};
}

/**
Privileges as the spec defines them: 1 to 10 unique entries, each with a known `role` and `scope` and the id
that scope needs, naming only this org and its own sites and site groups. An org-scope entry gets the org's
id filled in (it is read-only on the wire); one that names another org is refused.
*/
export function parsePrivileges(value: unknown, org: OrgRecord): Parsed<MistPrivilege[]> {
	if (!Array.isArray(value) || value.length === 0 || value.length > maxPrivileges) {
		return fail(`privileges must be a list of 1 to ${maxPrivileges} entries`);
	}

	const privileges: MistPrivilege[] = [];
	const seen = new Set<string>();
	for (const [index, entry] of value.entries()) {
		const privilege = parsePrivilege(entry, org, `privileges[${index}]`);
		if (!privilege.ok) {
			return privilege;
		}

		const identity = JSON.stringify([privilege.value.role, privilege.value.scope, privilege.value.org_id, privilege.value.site_id, privilege.value.sitegroup_id, privilege.value.views]);
		if (seen.has(identity)) {
			return fail(`privileges[${index}] repeats an earlier entry; privileges must be unique`);
		}

		seen.add(identity);
		privileges.push(privilege.value);
	}

	return {ok: true, value: privileges};
}

function parsePrivilege(entry: unknown, org: OrgRecord, where: string): Parsed<MistPrivilege> {
	if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
		return fail(`${where} must be an object with role and scope`);
	}

	const fields: Readonly<Record<string, unknown>> = {...entry};
	const {role, scope} = fields;
	if (!isOneOf(mistRoles, role)) {
		return fail(`${where}.role must be one of ${mistRoles.join(', ')}`);
	}

	if (!isOneOf(mistScopes, scope)) {
		return fail(`${where}.scope must be one of ${mistScopes.join(', ')}`);
	}

	const views = parseViews(fields.views, where);
	if (!views.ok) {
		return views;
	}

	const base = {role, scope, ...(views.value === undefined ? {} : {views: views.value})};
	return withScopeId(base, fields, org, where);
}

function withScopeId(base: {role: MistRole; scope: MistScope; views?: MistView[]}, fields: Readonly<Record<string, unknown>>, org: OrgRecord, where: string): Parsed<MistPrivilege> {
	switch (base.scope) {
		case 'org': {
			if (fields.org_id !== undefined && fields.org_id !== org.id) {
				return fail(`${where}.org_id must be this org's id`);
			}

			return {ok: true, value: {...base, org_id: org.id}};
		}

		case 'site': {
			const siteId = fields.site_id;
			if (typeof siteId !== 'string' || !org.sites.some(site => site.id === siteId)) {
				return fail(`${where}.site_id must name a site of this org`);
			}

			return {ok: true, value: {...base, site_id: siteId}};
		}

		case 'sitegroup': {
			const sitegroupId = fields.sitegroup_id;
			if (typeof sitegroupId !== 'string' || !org.sitegroups.some(group => group.id === sitegroupId)) {
				return fail(`${where}.sitegroup_id must name a site group of this org`);
			}

			return {ok: true, value: {...base, sitegroup_id: sitegroupId}};
		}
	}
}

function parseViews(value: unknown, where: string): Parsed<MistView[] | undefined> {
	if (value === undefined) {
		return {ok: true, value: undefined};
	}

	if (!Array.isArray(value)) {
		return fail(`${where}.views must be a list`);
	}

	const views: MistView[] = [];
	for (const view of value) {
		if (!isOneOf(mistViews, view)) {
			return fail(`${where}.views may hold only ${mistViews.join(', ')}`);
		}

		views.push(view);
	}

	return {ok: true, value: views};
}

/** `src_ips` left out or null: the token may be used from anywhere. */
function noSourceIps(): Parsed<string[]> {
	return {ok: true, value: []};
}

function parseSourceIps(value: unknown): Parsed<string[]> {
	if (!Array.isArray(value)) {
		return fail('src_ips must be a list of IP addresses or CIDR blocks');
	}

	if (value.length > maxSourceIps) {
		return fail(`src_ips may hold at most ${maxSourceIps} entries`);
	}

	const entries: string[] = [];
	for (const [index, entry] of value.entries()) {
		if (typeof entry !== 'string' || !isAddressOrCidr(entry)) {
			return fail(`src_ips[${index}] is not an IP address or CIDR block`);
		}

		entries.push(entry);
	}

	return {ok: true, value: entries};
}

function isOneOf<const T extends string>(allowed: readonly T[], value: unknown): value is T {
	return typeof value === 'string' && allowed.some(item => item === value);
}

function fail(detail: string): {readonly ok: false; readonly detail: string} {
	return {ok: false, detail};
}
