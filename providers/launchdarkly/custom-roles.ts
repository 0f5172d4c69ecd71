import {ConfigError, NotFoundError, PermissionDeniedError, type ErrorContext} from '../../src/errors/index.js';
import type {HttpClient} from '../../src/http/client.js';
import {paginateOffset} from '../../src/paginate.js';
import {parseResponse} from '../../src/validate.js';
import {CustomRolesSchema, type CustomRole} from './schema.js';

/**
What tokenkit knows of an account's custom roles: the whole listing, or why it could not read it. A token
record names its custom roles by id only (`customRoleIds`); their keys, names and policies live here.
*/
export type CustomRoleDirectory =
	| {readonly readable: true; readonly byId: ReadonlyMap<string, CustomRole>; readonly byKey: ReadonlyMap<string, CustomRole>}
	| {readonly readable: false; readonly reason: string};

/**
Roles per listing request. The spec gives a default of 20 and no maximum for roles (it says 100 for teams);
100 is a choice, and a server that serves fewer per page is still read to the end by `paginateOffset`.
*/
export const customRolesPageSize = 100;

const rolesPath = 'api/v2/roles';

export interface CustomRoleLookup {
	/**
	The account's custom roles, listed once (every page) on first use and kept for the life of the provider.
	A 403 or 404 is an answer too ("this key cannot read them") and is kept; any other failure is thrown and
	forgotten, so the next call asks again. The first caller's signal governs the listing they share.
	*/
	directory(signal?: AbortSignal): Promise<CustomRoleDirectory>;
	/** {@link directory}, but a failure becomes an unreadable directory: for mapping a token after a write, when throwing would hide what was written. */
	directoryOrUnknown(signal?: AbortSignal): Promise<CustomRoleDirectory>;
}

export function createCustomRoleLookup(client: HttpClient): CustomRoleLookup {
	const {context} = client;
	let cached: Promise<CustomRoleDirectory> | undefined;

	const directory = async (signal?: AbortSignal): Promise<CustomRoleDirectory> => {
		cached ??= listRoles(client, context, signal).catch((error: unknown) => {
			cached = undefined;
			throw error;
		});
		return cached;
	};

	return {
		directory,
		async directoryOrUnknown(signal) {
			try {
				return await directory(signal);
			} catch {
				return {readable: false, reason: 'the custom roles could not be listed'};
			}
		},
	};
}

async function listRoles(client: HttpClient, context: ErrorContext, signal: AbortSignal | undefined): Promise<CustomRoleDirectory> {
	const roles = paginateOffset({
		context,
		pageSize: customRolesPageSize,
		idOf: (role: CustomRole) => role._id,
		concurrency: 1,
		signal,
		fetchPage: async (offset, limit, pageSignal) => {
			const response = await client.send({method: 'GET', path: rolesPath, query: {limit, offset}, signal: pageSignal});
			const answer = parseResponse(CustomRolesSchema, response, context);
			return {items: answer.items, total: answer.totalCount ?? null, hasMore: answer._links?.['next'] !== undefined};
		},
	});
	const byId = new Map<string, CustomRole>();
	const byKey = new Map<string, CustomRole>();
	try {
		for await (const role of roles) {
			byId.set(role._id, role);
			byKey.set(role.key, role);
		}
	} catch (error) {
		// The key may read tokens but not roles (a custom role without `role/*`), or the instance has no roles API.
		if (error instanceof PermissionDeniedError || error instanceof NotFoundError) {
			return {readable: false, reason: `this key may not list custom roles (HTTP ${error.status})`};
		}

		throw error;
	}

	return {readable: true, byId, byKey};
}

/** An id as LaunchDarkly makes them: a 24-hex ObjectId. */
const objectId = /^[\da-f]{24}$/;

/**
The ids to send for custom roles a caller named by id or key. LaunchDarkly's token API takes ids (the
vendor's Terraform provider looks each key up first, docs/vendors/launchdarkly.md [D] sources), so a key is resolved through the
roles listing; an unknown one is a ConfigError naming it, before anything is sent. When the key may not read
the roles, a value that already looks like an id is sent as it is, and anything else cannot be resolved.
*/
export function resolveCustomRoleIds(references: readonly string[], directory: CustomRoleDirectory, context: ErrorContext): string[] {
	return references.map(reference => {
		if (!directory.readable) {
			if (objectId.test(reference)) {
				return reference;
			}

			throw new ConfigError(`custom role "${reference}" cannot be looked up to find its id: ${directory.reason}. Give the role's id instead`, context);
		}

		const role = directory.byId.get(reference) ?? directory.byKey.get(reference);
		if (role === undefined) {
			throw new ConfigError(`unknown custom role "${reference}": the account has no custom role with that key or id`, context);
		}

		return role._id;
	});
}
