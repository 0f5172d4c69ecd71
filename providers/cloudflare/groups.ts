import {ConfigError} from '../../src/errors/index.js';
import {closestWord} from '../../src/did-you-mean.js';
import type {CloudflareApi} from './api.js';
import {CloudflarePermissionGroupListSchema, type CloudflarePermissionGroupList} from './schema.js';
import type {ParsedPrivilege} from './privileges.js';

/**
Turns permission group names into ids for a create or update, from `…/tokens/permission_groups` (one page,
docs/vendors/cloudflare.md, permission groups [D]), read once per provider. A name Cloudflare does not list is a
ConfigError naming the privilege.
*/
export function createGroupLookup(api: CloudflareApi, base: string): (parsed: readonly ParsedPrivilege[], signal: AbortSignal | undefined) => Promise<(group: string) => string> {
	let listed: Promise<CloudflarePermissionGroupList> | undefined;
	return async (parsed, signal) => {
		listed ??= api.call(CloudflarePermissionGroupListSchema, {method: 'GET', path: `${base}/permission_groups`, signal}).then(answer => answer.result).catch((error: unknown) => {
			listed = undefined;
			throw error;
		});
		const groups = await listed;
		const byName = new Map(groups.map(group => [group.name, group.id]));
		for (const [index, privilege] of parsed.entries()) {
			if (!/^[\da-f]{32}$/.test(privilege.group) && !byName.has(privilege.group)) {
				const near = closestWord(privilege.group, [...byName.keys()]);
				throw new ConfigError(`privileges[${index}].role: Cloudflare has no permission group "${privilege.group}"${near === undefined ? '' : `; did you mean "${near}"?`}`, api.context);
			}
		}

		return group => byName.get(group) ?? group;
	};
}
