import {ConfigError, type ErrorContext} from '../../src/errors/index.js';
import type {Privilege} from '../../src/token.js';
import type {CloudflarePolicy, CloudflareResources} from './schema.js';

/*
How tokenkit writes Cloudflare policies as privileges (docs/vendors/cloudflare.md, mapping):
- one privilege per permission group and resource of a policy;
- `role` is the permission group's name (its id when Cloudflare sends no name), prefixed `deny:` in a deny policy;
- `scope` is the kind of resource: `account`, `zone`, `user`, `r2-bucket`, or `resource` for a kind tokenkit
  does not know;
- `resource` is the resource key as Cloudflare writes it (`com.cloudflare.api.account.zone.<id>`, `…zone.*`); a
  nested map (all zones of one account) is written `<account key>/<inner key>`.
The same form goes back into a create or update, so a privilege read from one token can be given to another.
*/

export const cloudflareDenyPrefix = 'deny:';

const accountPrefix = 'com.cloudflare.api.account.';
const zonePrefix = 'com.cloudflare.api.account.zone.';
const userPrefix = 'com.cloudflare.api.user.';
const r2Prefix = 'com.cloudflare.edge.r2.bucket.';

/** The kind of resource a key names. */
export function resourceScope(key: string): string {
	if (key.startsWith(zonePrefix)) {
		return 'zone';
	}

	if (key.startsWith(accountPrefix)) {
		return 'account';
	}

	if (key.startsWith(userPrefix)) {
		return 'user';
	}

	return key.startsWith(r2Prefix) ? 'r2-bucket' : 'resource';
}

/** Every (resource, scope) a policy's resources name, nested maps flattened to `outer/inner`. */
function flatResources(resources: CloudflareResources): Array<{readonly resource: string; readonly scope: string}> {
	return Object.entries(resources).flatMap(([key, value]) => typeof value === 'string'
		? [{resource: key, scope: resourceScope(key)}]
		: Object.keys(value).map(inner => ({resource: `${key}/${inner}`, scope: resourceScope(inner)})));
}

export function policiesToPrivileges(policies: readonly CloudflarePolicy[]): Privilege[] {
	return policies.flatMap(policy => {
		const resources = flatResources(policy.resources);
		return policy.permission_groups.flatMap(group => {
			const name = group.name ?? group.id;
			// `deny:`, or the effect itself for one Cloudflare may add later: only `allow` grants.
			const role = policy.effect === 'allow' ? name : `${policy.effect}:${name}`;
			return resources.map(({resource, scope}) => ({role, scope, resource}));
		});
	});
}

/** Groups that can mint more tokens (docs/vendors/cloudflare.md, admin rule [I]). */
const tokenMintingGroups: ReadonlySet<string> = new Set(['API Tokens Write', 'Account API Tokens Write']);

/** A resource key that covers a whole account, or every zone of one or of all. */
function accountWide(resource: string): boolean {
	const inner = resource.includes('/') ? resource.slice(resource.indexOf('/') + 1) : resource;
	if (inner === `${zonePrefix}*`) {
		return true;
	}

	return !resource.includes('/') && resource.startsWith(accountPrefix) && !resource.startsWith(zonePrefix);
}

/**
The admin rule (docs/vendors/cloudflare.md, admin [I]): an allow policy that can mint tokens (`API Tokens Write`,
`Account API Tokens Write`), or that grants a write group (`… Write`, `… Edit`) on a whole account or on every
zone of one. Deny policies are not subtracted: a token is judged by the most it was ever meant to do. A group
Cloudflare sent without a name cannot be judged: the answer is null (cannot tell) unless another grant already
makes the token admin.
*/
export function isAdmin(policies: readonly CloudflarePolicy[]): boolean | null {
	let unknown = false;
	for (const policy of policies) {
		if (policy.effect !== 'allow') {
			continue;
		}

		const resources = flatResources(policy.resources);
		for (const group of policy.permission_groups) {
			if (group.name === undefined) {
				unknown = true;
				continue;
			}

			if (tokenMintingGroups.has(group.name)) {
				return true;
			}

			const writes = group.name.endsWith(' Write') || group.name.endsWith(' Edit');
			if (writes && resources.some(({resource}) => accountWide(resource))) {
				return true;
			}
		}
	}

	return unknown ? null : false;
}

/** A policy to send: effect, permission group ids and resources; Cloudflare gives it an id. */
export interface PolicyInput {
	readonly effect: 'allow' | 'deny';
	readonly permission_groups: ReadonlyArray<{readonly id: string}>;
	readonly resources: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
}

const hexId = /^[\da-f]{32}$/;
const resourceKey = /^com\.cloudflare\.[\w.-]+(\.\*)?$/;

/** A privilege as a group reference and an effect, checked before any request. */
export interface ParsedPrivilege {
	readonly effect: 'allow' | 'deny';
	/** The group's name or its 32-hex id, as given. */
	readonly group: string;
	readonly resource: string;
}

/**
Checks privileges given to create or update, naming the field of a bad one, so a mistake is a ConfigError
(exit 2) before anything is sent. A zone or account named by id must be a 32-hex id or `*`.
*/
export function parsePrivileges(privileges: readonly Privilege[], context: ErrorContext): ParsedPrivilege[] {
	if (privileges.length === 0) {
		throw new ConfigError('privileges: a Cloudflare token needs at least one, e.g. {role: \'Zone Read\', scope: \'zone\', resource: \'com.cloudflare.api.account.zone.*\'}', context);
	}

	return privileges.map((privilege, index) => {
		const field = `privileges[${index}]`;
		const deny = privilege.role.startsWith(cloudflareDenyPrefix);
		const group = deny ? privilege.role.slice(cloudflareDenyPrefix.length) : privilege.role;
		if (group.trim() === '') {
			throw new ConfigError(`${field}.role: name a permission group (e.g. 'Zone Read') or give its id`, context);
		}

		if (privilege.resource === null || privilege.resource === '') {
			throw new ConfigError(`${field}.resource: Cloudflare policies always name a resource, e.g. com.cloudflare.api.account.<account id> or com.cloudflare.api.account.zone.*`, context);
		}

		for (const key of privilege.resource.split('/')) {
			if (!resourceKey.test(key)) {
				throw new ConfigError(`${field}.resource: "${privilege.resource}" is not a Cloudflare resource key (com.cloudflare.api.account.<id>, com.cloudflare.api.account.zone.<id>, …)`, context);
			}

			const id = key.startsWith(zonePrefix) ? key.slice(zonePrefix.length) : key.startsWith(accountPrefix) ? key.slice(accountPrefix.length) : undefined;
			if (id !== undefined && id !== '*' && !hexId.test(id)) {
				throw new ConfigError(`${field}.resource: "${id}" is not a ${resourceScope(key)} id (32 hexadecimal digits) or *`, context);
			}
		}

		if (privilege.resource.split('/').length > 2) {
			throw new ConfigError(`${field}.resource: Cloudflare nests resources one level deep at most (<account key>/<zone key>)`, context);
		}

		return {effect: deny ? 'deny' : 'allow', group, resource: privilege.resource};
	});
}

/**
Policies for parsed privileges: one per effect and resource, holding every group given for it. `groupId` turns
a group's name into its id (a 32-hex id passes as it is).
*/
export function privilegesToPolicies(parsed: readonly ParsedPrivilege[], groupId: (group: string) => string): PolicyInput[] {
	const byTarget = new Map<string, {effect: 'allow' | 'deny'; resource: string; groups: string[]}>();
	for (const privilege of parsed) {
		const key = `${privilege.effect} ${privilege.resource}`;
		const entry = byTarget.get(key) ?? {effect: privilege.effect, resource: privilege.resource, groups: []};
		const id = hexId.test(privilege.group) ? privilege.group : groupId(privilege.group);
		if (!entry.groups.includes(id)) {
			entry.groups.push(id);
		}

		byTarget.set(key, entry);
	}

	return [...byTarget.values()].map(({effect, resource, groups}) => {
		const [outer = resource, inner] = resource.split('/');
		return {
			effect,
			permission_groups: groups.map(id => ({id})),
			resources: inner === undefined ? {[outer]: '*'} : {[outer]: {[inner]: '*'}},
		};
	});
}

/** Whether every group a privilege names is given by id, so no permission-group listing is needed. */
export function allGroupsById(parsed: readonly ParsedPrivilege[]): boolean {
	return parsed.every(privilege => hexId.test(privilege.group));
}
