import {ConfigError, type ErrorContext} from '../../src/errors/index.js';
import type {ProviderOptions} from '../../src/provider-options.js';
import {datadogDefaultSite, datadogSiteUrl, readDatadogSite, type DatadogSite} from './sites.js';

/**
The kinds of key a Datadog provider lists, each through the org-wide endpoint that lists it:
- `api-keys`: the org's API keys (`GET /api/v2/api_keys`; needs `api_keys_read`);
- `application-keys`: every user's and service account's application keys (`GET /api/v2/application_keys`; needs
  `org_app_keys_read`);
- `access-tokens`: personal and service access tokens (`GET /api/v2/personal_access_tokens`, which lists both;
  needs `org_app_keys_read`, or `user_app_keys` for the caller's own only).
*/
export type DatadogKeyKind = 'api-keys' | 'application-keys' | 'access-tokens';

export const datadogKeyKinds: readonly DatadogKeyKind[] = ['api-keys', 'application-keys', 'access-tokens'];

/** The largest page Datadog serves (docs/vendors/datadog.md, pagination [S]: "The maximum allowed value is 100"). */
export const datadogMaxPageSize = 100;

export interface DatadogProviderOptions extends ProviderOptions {
	/**
	The org's API key, sent as `DD-API-KEY` (32 hex digits). Datadog needs it beside the application key on every
	call (docs/vendors/datadog.md, auth [S]). Held in a Secret, never printed.
	*/
	readonly apiKey: string;
	/**
	An application key, sent as `DD-APPLICATION-KEY`: it acts with its owner's permissions (or its scopes). Listing
	everything needs `api_keys_read`, `org_app_keys_read` and `user_access_read`, and `service_account_write` for
	`serviceAccounts`; the Datadog Admin Role holds them all. Held in a Secret, never printed.
	*/
	readonly applicationKey: string;
	/**
	The site the org lives on: a domain such as `datadoghq.eu`, or its short name (`us1`, `us3`, `us5`, `eu`, `ap1`,
	`ap2`, `uk1`, `gov`, `us2-fed`). Give `site` or `baseUrl`, not both.
	@default 'datadoghq.com'
	*/
	readonly site?: DatadogSite | (string & Record<never, never>) | undefined;
	/**
	The kinds of key to list.
	@default ['api-keys', 'application-keys', 'access-tokens']
	*/
	readonly kinds?: readonly DatadogKeyKind[] | undefined;
	/**
	Service accounts (their user ids, UUIDs) whose application keys, and access tokens when `access-tokens` is listed,
	are listed through the service account's own endpoints (`service_account_write`), with ids that name the service
	account (`service_accounts/<id>/application_keys/<key id>`). Their keys are left out of the org-wide lists, so
	each is listed once.
	@default []
	*/
	readonly serviceAccounts?: readonly string[] | undefined;
	/**
	Look up each key's owner or creator (`GET /api/v2/users/{id}`, `user_access_read`), once per user per run, for
	their email, whether they are disabled, whether they are a service account, and their roles. Off: owners are
	known by id only, with standing unknown.
	@default true
	*/
	readonly resolveOwners?: boolean | undefined;
	/**
	Keys per page, 1 to 100.
	@default 100
	*/
	readonly pageSize?: number | undefined;
	/** Clock in epoch ms, for expiries and grace periods; replace it in tests. @default Date.now */
	readonly now?: (() => number) | undefined;
}

export interface CheckedDatadogOptions {
	readonly baseUrl: string;
	/** The site when one was given or defaulted; null when `baseUrl` was given. */
	readonly site: DatadogSite | null;
	readonly applicationKey: string;
	readonly kinds: ReadonlySet<DatadogKeyKind>;
	readonly serviceAccounts: readonly string[];
	readonly resolveOwners: boolean;
	readonly pageSize: number;
}

const uuidPattern = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

/** Validates Datadog's own options at construction, so a wrong site, key or service account id fails before any request. */
export function checkDatadogOptions(options: DatadogProviderOptions, context: ErrorContext): CheckedDatadogOptions {
	const applicationKey = checkApplicationKey(options.applicationKey, context);
	checkNotSwapped(options.apiKey, applicationKey, context);
	if (options.site !== undefined && options.baseUrl !== undefined) {
		throw new ConfigError('field "site": give site or baseUrl, not both: site names a Datadog API root, baseUrl replaces it', context);
	}

	let site: DatadogSite | null = null;
	if (options.baseUrl === undefined) {
		const reading = readDatadogSite(typeof options.site === 'string' ? options.site : datadogDefaultSite);
		if (!reading.ok) {
			throw new ConfigError(`field "site": ${reading.problem}`, context);
		}

		site = reading.site;
	}

	const serviceAccounts = checkServiceAccounts(options.serviceAccounts, context);
	const kinds = checkKinds(options.kinds, serviceAccounts.length > 0, context);
	const resolveOwners = options.resolveOwners ?? true;
	if (typeof resolveOwners !== 'boolean') {
		throw new ConfigError(`field "resolveOwners" must be true or false; got ${String(resolveOwners)}`, context);
	}

	return {
		baseUrl: site === null ? options.baseUrl ?? '' : datadogSiteUrl(site),
		site,
		applicationKey,
		kinds,
		serviceAccounts,
		resolveOwners,
		pageSize: checkPageSize(options.pageSize, context),
	};
}

export function checkPageSize(pageSize: number | undefined, context: ErrorContext): number {
	const size = pageSize ?? datadogMaxPageSize;
	if (!Number.isInteger(size) || size < 1 || size > datadogMaxPageSize) {
		throw new ConfigError(`field "pageSize" must be a whole number from 1 to ${datadogMaxPageSize}; got ${String(size)}`, context);
	}

	return size;
}

/** The same rules as the API key's (src/provider-options.ts), naming this field. The value is never quoted. */
function checkApplicationKey(key: unknown, context: ErrorContext): string {
	if (typeof key !== 'string' || key.trim() === '') {
		throw new ConfigError('field "applicationKey" is missing or empty: Datadog needs an application key (DD-APPLICATION-KEY) beside the API key on every call', context);
	}

	if (key !== key.trim() || /[\r\n]/.test(key)) {
		throw new ConfigError('field "applicationKey" has leading or trailing whitespace or a line break (a key file with a trailing newline?); trim it', context);
	}

	if (/[^\x20-\x7E]/.test(key)) {
		throw new ConfigError('field "applicationKey" holds a character that is not printable ASCII (a pasted quote or letter?); no Datadog key has one', context);
	}

	return key;
}

/**
An API key is 32 hex digits and an application key 40, or `ddapp_`/`ddap_` and more (docs/vendors/datadog.md, schemas
[S v1][D]). Keys of exactly the other's shape were given the wrong way round: said before Datadog refuses them with a
bare 403. The same key in both fields is refused too.
*/
function checkNotSwapped(apiKey: string, applicationKey: string, context: ErrorContext): void {
	if (apiKey === applicationKey) {
		throw new ConfigError('fields "apiKey" and "applicationKey" hold the same key; Datadog needs an API key and an application key, two different keys', context);
	}

	const looksLikeApiKey = (key: string): boolean => /^[\da-f]{32}$/i.test(key);
	const looksLikeApplicationKey = (key: string): boolean => /^[\da-f]{40}$/i.test(key) || /^ddapp?_/i.test(key);
	if (looksLikeApplicationKey(apiKey) && looksLikeApiKey(applicationKey)) {
		throw new ConfigError('fields "apiKey" and "applicationKey" look swapped: an API key is 32 hex digits, an application key 40; give the API key as "apiKey"', context);
	}
}

/** The org-wide lists to read; none is allowed only where service accounts are listed instead. */
function checkKinds(kinds: readonly DatadogKeyKind[] | undefined, serviceAccounts: boolean, context: ErrorContext): ReadonlySet<DatadogKeyKind> {
	if (kinds === undefined) {
		return new Set(datadogKeyKinds);
	}

	const written: unknown = kinds;
	if (!isList(written) || (written.length === 0 && !serviceAccounts)) {
		throw new ConfigError(`field "kinds" must list one or more of ${datadogKeyKinds.join(', ')} (or be empty, with "serviceAccounts" naming the service accounts to list)`, context);
	}

	const checked = new Set<DatadogKeyKind>();
	for (const kind of written) {
		const known = datadogKeyKinds.find(candidate => candidate === kind);
		if (known === undefined) {
			throw new ConfigError(`field "kinds": unknown kind ${JSON.stringify(String(kind).slice(0, 40))}; kinds are ${datadogKeyKinds.join(', ')}`, context);
		}

		checked.add(known);
	}

	return checked;
}

function checkServiceAccounts(ids: readonly string[] | undefined, context: ErrorContext): readonly string[] {
	if (ids === undefined) {
		return [];
	}

	const written: unknown = ids;
	if (!isList(written)) {
		throw new ConfigError('field "serviceAccounts" must be a list of service account ids', context);
	}

	const checked = new Set<string>();
	for (const [index, id] of written.entries()) {
		// Datadog's user ids, service accounts' included, are UUIDs (docs/vendors/datadog.md, schemas [S]).
		if (typeof id !== 'string' || !uuidPattern.test(id)) {
			throw new ConfigError(`field "serviceAccounts": item ${index + 1} is not a service account id (a UUID such as 00000000-0000-1234-0000-000000000000, from the service account's page in Organization Settings)`, context);
		}

		checked.add(id.toLowerCase());
	}

	return [...checked];
}

function isList(value: unknown): value is readonly unknown[] {
	return Array.isArray(value);
}
