import {ConfigError, type ErrorContext} from '../../src/errors/index.js';
import type {ProviderOptions} from '../../src/provider-options.js';
import {isMistCloud, mistClouds, mistDefaultCloud, type MistCloud} from './clouds.js';

/**
Which tokens a Mist provider manages.
- `org`: the org tokens of one org (`/api/v1/orgs/{org_id}/apitokens`); needs `orgId`.
- `self`: the user ("self") tokens of the admin whose key the provider uses (`/api/v1/self/apitokens`).
*/
export type MistTokenScope = 'org' | 'self';

export interface MistProviderOptions extends ProviderOptions {
	/**
	The org whose tokens to manage, a UUID (it is in the portal's URL as `org_id=`). Required for scope `org`;
	not allowed for scope `self`, whose tokens belong to an admin and work in every org that admin can reach.
	@example '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'
	*/
	readonly orgId?: string | undefined;
	/**
	The Mist cloud the org lives on (see `mistClouds`). Give `cloud` or `baseUrl`, not both.
	@default 'global01' (https://api.mist.com)
	@example 'emea01'
	*/
	// `string & Record<never, never>` keeps editor completion for the known names while a config file's plain
	// string still type-checks; an unknown name is a ConfigError at construction.
	readonly cloud?: MistCloud | (string & Record<never, never>) | undefined;
	/**
	Org tokens or the caller's own user tokens.
	@default 'org'
	*/
	readonly scope?: MistTokenScope | undefined;
}

export type CheckedMistOptions =
	| {readonly baseUrl: string; readonly scope: 'org'; readonly orgId: string}
	| {readonly baseUrl: string; readonly scope: 'self'; readonly orgId: null};

const uuidPattern = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

export function isUuid(value: string): boolean {
	return uuidPattern.test(value);
}

/** Validates Mist's own options at construction, so a wrong cloud or org id fails before any request. */
export function checkMistOptions(options: MistProviderOptions, context: ErrorContext): CheckedMistOptions {
	// Read as a plain string: a config file may hold anything here.
	const scope: string = options.scope ?? 'org';
	if (scope !== 'org' && scope !== 'self') {
		throw new ConfigError(`scope must be 'org' or 'self'; got "${scope}"`, context);
	}

	if (options.cloud !== undefined && options.baseUrl !== undefined) {
		throw new ConfigError('give cloud or baseUrl, not both: cloud names a Mist API root, baseUrl replaces it', context);
	}

	let baseUrl: string = mistClouds[mistDefaultCloud];
	if (options.cloud !== undefined) {
		if (!isMistCloud(options.cloud)) {
			throw new ConfigError(`unknown Mist cloud "${options.cloud}"; known clouds: ${Object.keys(mistClouds).join(', ')} (other hosts go in baseUrl)`, context);
		}

		baseUrl = mistClouds[options.cloud];
	} else if (options.baseUrl !== undefined) {
		baseUrl = options.baseUrl;
	}

	if (scope === 'self') {
		if (options.orgId !== undefined) {
			throw new ConfigError('orgId is for scope \'org\'; user tokens (scope \'self\') belong to the admin, not to one org, so leave orgId out', context);
		}

		return {baseUrl, scope: 'self', orgId: null};
	}

	if (options.orgId === undefined || options.orgId === '') {
		throw new ConfigError('orgId is required for scope \'org\' (the org_id in the Mist portal\'s URL)', context);
	}

	if (typeof options.orgId !== 'string' || !isUuid(options.orgId)) {
		throw new ConfigError('orgId must be a UUID such as 6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d (the org_id in the Mist portal\'s URL)', context);
	}

	return {baseUrl, scope: 'org', orgId: options.orgId};
}
