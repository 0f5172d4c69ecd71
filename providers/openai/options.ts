import {ConfigError, type ErrorContext} from '../../src/errors/index.js';
import type {ProviderOptions} from '../../src/provider-options.js';

/** OpenAI's API root: every path of the Administration API is relative to it ([S]: `servers`). */
export const openAIDefaultBaseUrl = 'https://api.openai.com/v1';

/** The largest `limit` of OpenAI's project lists ([S]); admin keys state no bound, and are asked for no more ([I]). */
export const openAIMaxPageSize = 100;

export interface OpenAIProviderOptions extends ProviderOptions {
	/**
	The API root; the default is OpenAI's. Give the `/v1` root of a proxy or gateway that stands in front of it.
	@default 'https://api.openai.com/v1'
	*/
	readonly baseUrl?: string | undefined;
	/**
	Only these projects' keys, by id (`proj_…`, in the dashboard's project settings). The organization's admin keys
	are always listed. A project that does not exist fails the listing, naming this field.
	@default every project, archived ones included
	@example ['proj_Xz1abc…', 'proj_Qq8def…']
	*/
	readonly projects?: readonly string[] | undefined;
	/**
	Look up each admin key's owner in the organization's users (`GET /organization/users/{id}`), once per provider
	while fresh: their email, and whether they are still in the organization. Off: owners are known by id, standing
	unknown. A project key names its owner itself.
	@default true
	*/
	readonly resolveOwners?: boolean | undefined;
	/**
	Items per page of every list, 1 to 100.
	@default 100
	*/
	readonly pageSize?: number | undefined;
}

export interface CheckedOpenAIOptions {
	readonly baseUrl: string;
	readonly projects: readonly string[] | null;
	readonly resolveOwners: boolean;
	readonly pageSize: number;
}

/** A project id as OpenAI writes them: `proj_` and letters and digits ([S] examples, [I] that every id has this form). */
const projectIdPattern = /^proj_[A-Za-z\d]+$/;

/**
The key prefixes OpenAI gives each kind of secret key ([I]: widespread in secret scanners; the spec's examples are
shorter). An admin key starts `sk-admin-`; every other `sk-` key is a project, service-account or older user key,
which cannot call the Administration API at all ([D]). A key without `sk-` is let through: OpenAI may give keys
another form, and its answer (401 or 403) then says what is wrong.
*/
const otherKeyKinds: ReadonlyArray<readonly [string, string]> = [
	['sk-proj-', 'a project API key (sk-proj-…)'],
	['sk-svcacct-', 'a service account\'s key (sk-svcacct-…)'],
	['sk-', 'a user or project API key (sk-…)'],
];

/** Validates OpenAI's own options at construction, so a wrong key kind, project id or page size fails before any request. */
export function checkOpenAIOptions(options: OpenAIProviderOptions, context: ErrorContext): CheckedOpenAIOptions {
	if (!options.apiKey.startsWith('sk-admin-')) {
		const other = otherKeyKinds.find(([prefix]) => options.apiKey.startsWith(prefix));
		if (other !== undefined) {
			throw new ConfigError(`field "apiKey" is ${other[1]}, not an organization admin key (sk-admin-…): only an admin key may list and manage the organization's keys; an organization owner creates one in the dashboard (Settings › Organization › Admin keys)`, context);
		}
	}

	const resolveOwners = options.resolveOwners ?? true;
	if (typeof resolveOwners !== 'boolean') {
		throw new ConfigError(`field "resolveOwners" must be true or false; got ${String(resolveOwners)}`, context);
	}

	return {baseUrl: checkBaseUrl(options.baseUrl, context), projects: checkProjects(options.projects, context), resolveOwners, pageSize: checkPageSize(options.pageSize, context)};
}

/** A page size, from the options or from one listing's own: 1 to OpenAI's largest `limit`; absent is the largest. */
export function checkPageSize(pageSize: number | undefined, context: ErrorContext): number {
	const size = pageSize ?? openAIMaxPageSize;
	if (!Number.isInteger(size) || size < 1 || size > openAIMaxPageSize) {
		throw new ConfigError(`field "pageSize" must be a whole number from 1 to ${openAIMaxPageSize}; got ${String(size)}`, context);
	}

	return size;
}

function checkProjects(projects: readonly string[] | undefined, context: ErrorContext): readonly string[] | null {
	if (projects === undefined) {
		return null;
	}

	if (!Array.isArray(projects) || projects.length === 0) {
		throw new ConfigError('field "projects" must be a non-empty list of project ids (proj_…); leave it out for every project', context);
	}

	const ids: string[] = [];
	// Read as unknown: a config file may hold anything here.
	const entries: readonly unknown[] = projects;
	for (const [index, id] of entries.entries()) {
		if (typeof id !== 'string' || !projectIdPattern.test(id)) {
			throw new ConfigError(`field "projects[${index}]": ${typeof id === 'string' ? `"${id.slice(0, 60)}"` : typeof id} is not an OpenAI project id such as proj_abc123 (the project's settings page shows it)`, context);
		}

		if (ids.includes(id)) {
			throw new ConfigError(`field "projects[${index}]": project ${id} is named twice`, context);
		}

		ids.push(id);
	}

	return ids;
}

function checkBaseUrl(baseUrl: string | undefined, context: ErrorContext): string {
	if (baseUrl === undefined) {
		return openAIDefaultBaseUrl;
	}

	let url: URL;
	try {
		url = new URL(baseUrl);
	} catch {
		// The value is not repeated: a pasted URL may carry a key in its query or userinfo.
		throw new ConfigError(`field "baseUrl" is not an absolute URL; OpenAI's is ${openAIDefaultBaseUrl}`, context);
	}

	// OpenAI's own host answers only under /v1: without it every request would be a 404 that names no cause.
	if (url.hostname === 'api.openai.com' && url.pathname.replace(/\/+$/, '') !== '/v1') {
		throw new ConfigError(`field "baseUrl" must be OpenAI's API root ${openAIDefaultBaseUrl}, with its /v1: tokenkit adds organization/… to it`, context);
	}

	return baseUrl;
}
