import {isIP} from 'node:net';
import {ConfigError, type ErrorContext} from '../../src/errors/index.js';
import type {Privilege} from '../../src/token.js';
import {isUuid} from './options.js';
import {mistRoles, mistScopes, type MistPrivilege, type MistRole, type MistScope} from './schema.js';

/** A privilege as a create or update request sends it. `org_id` is never sent: it is read-only (docs/vendors/mist.md, schemas [S]). */
export interface MistPrivilegeInput {
	readonly role: string;
	readonly scope: string;
	readonly site_id?: string;
	readonly sitegroup_id?: string;
	readonly views?: readonly string[];
}

/** `privileges` holds 1 to 10 unique entries; `src_ips` at most 10 (docs/vendors/mist.md, schemas [S]). */
const maxPrivileges = 10;
const maxSourceIps = 10;

/**
Normalized privileges to Mist's request form, checked before anything is sent, so a mistake is a ConfigError
that says what is wrong instead of a bare 400. An `org` privilege applies to the provider's org (its
resource may be null or that org's id); `site` and `sitegroup` privileges need the site's or group's id.
*/
export function toMistPrivileges(privileges: readonly Privilege[], orgId: string, context: ErrorContext): MistPrivilegeInput[] {
	if (privileges.length === 0 || privileges.length > maxPrivileges) {
		throw new ConfigError(`a Mist org token needs 1 to ${maxPrivileges} privileges; got ${privileges.length}`, context);
	}

	const seen = new Set<string>();
	return privileges.map((privilege, index) => {
		const where = `privileges[${index}]`;
		const {role, scope, resource} = privilege;
		if (!isOneOf(mistRoles, role)) {
			throw new ConfigError(`${where}.role "${role}" is not a Mist role; use one of ${mistRoles.join(', ')}`, context);
		}

		if (!isOneOf(mistScopes, scope)) {
			throw new ConfigError(`${where}.scope "${scope}" is not a Mist token scope; use one of ${mistScopes.join(', ')}`, context);
		}

		const wire = wirePrivilege(role, scope, resource, orgId, where, context);
		const identity = JSON.stringify([wire.role, wire.scope, wire.site_id, wire.sitegroup_id]);
		if (seen.has(identity)) {
			throw new ConfigError(`${where} repeats an earlier privilege; Mist requires them to be unique`, context);
		}

		seen.add(identity);
		return wire;
	});
}

function wirePrivilege(role: MistRole, scope: MistScope, resource: string | null, orgId: string, where: string, context: ErrorContext): MistPrivilegeInput {
	switch (scope) {
		case 'org': {
			if (resource !== null && resource.toLowerCase() !== orgId.toLowerCase()) {
				throw new ConfigError(`${where}: an org-scope privilege applies to this provider's org (${orgId}); set resource to null or to that id`, context);
			}

			return {role, scope};
		}

		case 'site': {
			if (resource === null || !isUuid(resource)) {
				throw new ConfigError(`${where}: a site-scope privilege needs the site's id (a UUID) in resource`, context);
			}

			return {role, scope, site_id: resource};
		}

		case 'sitegroup': {
			if (resource === null || !isUuid(resource)) {
				throw new ConfigError(`${where}: a sitegroup-scope privilege needs the site group's id (a UUID) in resource`, context);
			}

			return {role, scope, sitegroup_id: resource};
		}
	}
}

/**
A privilege copied from a token as Mist showed it, for a twin: every writable field, `views` included (the
normalized Privilege has no place for them). `org_id` is left out: Mist fills it in (it is read-only).
*/
export function copyPrivilege(privilege: MistPrivilege): MistPrivilegeInput {
	return {
		role: privilege.role,
		scope: privilege.scope,
		...(privilege.site_id === undefined ? {} : {site_id: privilege.site_id}),
		...(privilege.sitegroup_id === undefined ? {} : {sitegroup_id: privilege.sitegroup_id}),
		...(privilege.views === undefined ? {} : {views: [...privilege.views]}),
	};
}

/** Checks an allow-list for `src_ips`: at most 10 IPv4/IPv6 addresses or CIDR blocks. */
export function checkAllowedIps(allowedIps: readonly string[], context: ErrorContext): string[] {
	if (allowedIps.length > maxSourceIps) {
		throw new ConfigError(`Mist allows at most ${maxSourceIps} entries in an IP allow-list; got ${allowedIps.length}`, context);
	}

	return allowedIps.map((entry, index) => {
		if (!isAddressOrCidr(entry)) {
			throw new ConfigError(`allowedIps[${index}] is not an IP address or CIDR block (e.g. 203.0.113.7 or 203.0.113.0/24)`, context);
		}

		return entry;
	});
}

function isAddressOrCidr(value: string): boolean {
	const [address = '', prefix, ...extra] = value.split('/');
	const family = isIP(address);
	if (family === 0 || extra.length > 0) {
		return false;
	}

	return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

function isOneOf<const T extends string>(allowed: readonly T[], value: string): value is T {
	return allowed.some(item => item === value);
}

/** Mist tokens have no description (docs/vendors/mist.md, schemas [S]); an empty one asks for nothing and passes. */
export function rejectDescription(description: string | undefined, context: ErrorContext): void {
	if (description !== undefined && description !== '') {
		throw new ConfigError('Mist tokens have no description; put what the token is for in its name', context);
	}
}
