import {ConfigError} from '../../src/errors/index.js';
import {flattenPages} from '../../src/flatten-pages.js';
import {createHttpClient} from '../../src/http/client.js';
import type {LimiterOptions} from '../../src/http/limiter.js';
import type {Capabilities, CreateTokenInput, TokenProvider} from '../../src/provider.js';
import {checkProviderOptions} from '../../src/provider-options.js';
import type {Token} from '../../src/token.js';
import {unsupported} from '../../src/unsupported.js';
import {adminKeyOperations} from './admin-keys.js';
import {createOpenAIApi} from './api.js';
import {checkOpenAIOptions, checkPageSize, openAIMaxPageSize, type OpenAIProviderOptions} from './options.js';
import {createOpenAIPeople} from './people.js';
import {projectKeyOperations, userKeyAlternative} from './project-keys.js';
import {openAIRotation} from './rotation.js';

/*
OpenAI's organization behind one TokenProvider: its admin keys and every project's keys, users' and service
accounts'. Where OpenAI's documents are silent, this adapter chooses (docs/vendors/openai.md):
- Ids: an admin key is its own id (`key_…`); a project key is `<project id>/<key id>`, since a key's id names no
  project and both families' ids look alike ([I]).
- Projects are listed first, archived ones included, then each project's keys with `owner_project_access=any`; a
  key of an archived project is shown `disabled` (map.ts).
- Every list follows `after` = the last item's id while `has_more` says so, and refuses an answer that disagrees
  with itself (pages.ts).
- Rotation mints a twin and deletes the old key (rotation.ts); a user's project key cannot be minted, so its capabilities
  (`forToken`) say it cannot rotate, and it is refused before anything is sent.
- The credential is told among the admin keys by OpenAI's mask of it (admin-keys.ts).
- OpenAI publishes no rate limits for these routes ([S]): nothing is paced ahead; a 429 waits for its Retry-After,
  and holds every request of the account meanwhile (src/http).
*/

export {openAIAdminKeyToToken, openAIProjectKeyToToken, hintOf as openAIHintOf, projectKeyId as openAIProjectKeyId} from './map.js';
export {twinLifetime as openAITwinLifetime, openAIMaxLifetimeSeconds} from './lifetime.js';
export {openAIDefaultBaseUrl, openAIMaxPageSize} from './options.js';
export type {OpenAIProviderOptions} from './options.js';

/**
Admin keys and project keys: list, get, create (an admin key, or a service account with its key), delete and
rotate (admin and service-account keys; not a user's project key, which OpenAI's API cannot make). Keys record
their last use and may expire; OpenAI has no per-key IP allow-list (its allowlist is set per organization or
project in the dashboard) and no description.
*/
const vendorCapabilities = {
	operations: {list: true, get: true, create: true, update: false, delete: true, rotate: true},
	pagination: 'cursor',
	rotation: openAIRotation,
	maxPageSize: openAIMaxPageSize,
	fields: {expiry: true, lastUsed: true, ipAllowList: false, description: false, owner: true},
	remedies: {
		expire: {remedy: 'none', advice: 'OpenAI sets an expiry only when a key is made: make an expiring replacement (up to a year), switch to it, then revoke this one'},
		narrow: {remedy: 'none', advice: 'use a key of narrower reach (a project key instead of an admin key, a member\'s instead of an owner\'s, restricted permissions), then revoke this one'},
	},
} as const satisfies Capabilities;

/**
A user's project key, which OpenAI's API cannot make: rotating one is refused before anything is sent, and the audit
advises what a person can do instead.
*/
const userKeyCapabilities = {
	...vendorCapabilities,
	operations: {...vendorCapabilities.operations, rotate: false},
	remedies: {
		...vendorCapabilities.remedies,
		rotate: {remedy: 'none', advice: userKeyAlternative},
		expire: {remedy: 'none', advice: 'ask its owner for an expiring key in the dashboard, then revoke this one'},
	},
} as const satisfies Capabilities;

export const openAICapabilities: Capabilities = {
	...vendorCapabilities,
	forToken: token => token.kind === 'personal' ? userKeyCapabilities : vendorCapabilities,
};

/**
OpenAI, one organization: its admin keys and the keys of its projects, with an organization admin key (`sk-admin-…`).

@example
const openai = createOpenAIProvider({apiKey: process.env.OPENAI_ADMIN_KEY ?? '', account: 'openai-prod'});
for await (const token of openai.list()) {
	if (token.kind === 'org' && token.lastUsedAt === null) console.log(`${token.name}: admin key never used`);
}
*/
export interface OpenAIProvider extends TokenProvider {
	/** The projects whose keys this provider manages; null for every project of the organization. */
	readonly projects: readonly string[] | null;
}

/** No published numbers for these routes ([S]): a few requests in flight per organization, and 429s read as they come. */
export const openAIRequestLimits = {concurrency: 4} as const satisfies LimiterOptions;

export function createOpenAIProvider(options: OpenAIProviderOptions): OpenAIProvider {
	const {credential, account} = checkProviderOptions('openai', options);
	const context = {provider: 'openai', account};
	const openai = checkOpenAIOptions(options, context);
	const client = createHttpClient({
		...options,
		provider: 'openai',
		account,
		baseUrl: openai.baseUrl,
		credential,
		// `AdminApiKeyAuth`: `Authorization: Bearer <admin key>` ([S]).
		authorization: key => `Bearer ${key}`,
		vendorLimits: openAIRequestLimits,
	});
	const api = createOpenAIApi(client);
	const admin = adminKeyOperations({api, account, credential, people: openai.resolveOwners ? createOpenAIPeople(api) : null});
	const projects = projectKeyOperations({api, account, projects: openai.projects});

	/** `key_…` (an admin key) or `<project id>/<key id>`; anything else is refused before any request. */
	const parseId = (id: string): {readonly projectId: string; readonly keyId: string} | {readonly projectId: null; readonly keyId: string} => {
		const parts = typeof id === 'string' ? id.split('/') : [];
		const [first = '', second] = parts;
		if (parts.length === 1 && first.trim() !== '') {
			return {projectId: null, keyId: first};
		}

		if (parts.length === 2 && first.trim() !== '' && second !== undefined && second.trim() !== '') {
			if (openai.projects !== null && !openai.projects.includes(first)) {
				throw new ConfigError(`key ${id.slice(0, 120)} is in project ${first.slice(0, 60)}, which is not among this account's projects (field "projects")`, context);
			}

			return {projectId: first, keyId: second};
		}

		throw new ConfigError(`an OpenAI key id is an admin key's id (key_abc…) or <project id>/<key id> (proj_abc…/key_def…); got "${typeof id === 'string' ? id.slice(0, 80) : typeof id}"`, context);
	};

	async function* pages(signal: AbortSignal | undefined, pageSize: number): AsyncGenerator<Iterable<Token>, void, undefined> {
		yield* admin.pages(signal, pageSize);
		yield* projects.pages(signal, pageSize);
	}

	return {
		provider: 'openai',
		account,
		projects: openai.projects,
		capabilities: openAICapabilities,
		list(listOptions = {}) {
			const size = listOptions.pageSize === undefined ? openai.pageSize : checkPageSize(listOptions.pageSize, context);
			return flattenPages(pages(listOptions.signal, size));
		},
		async get(id, callOptions = {}) {
			const {projectId, keyId} = parseId(id);
			return projectId === null ? admin.get(keyId, callOptions) : projects.get(projectId, keyId, callOptions);
		},
		async create(input: CreateTokenInput, callOptions = {}) {
			const target = createTarget(input, context);
			if (target.kind === 'admin') {
				return admin.create(input.name, callOptions);
			}

			if (openai.projects !== null && !openai.projects.includes(target.projectId)) {
				throw new ConfigError(`field "privileges[0].resource": project ${target.projectId} is not among this account's projects (field "projects")`, context);
			}

			return projects.createServiceAccount(target.projectId, input.name, callOptions);
		},
		update: async () => unsupported(context, 'update', 'OpenAI\'s API cannot rename a key or change an admin key; change a project key\'s name or permissions in the dashboard (the project\'s API keys page), or rotate it into a new one.'),
		async delete(id, callOptions = {}) {
			const {projectId, keyId} = parseId(id);
			await (projectId === null ? admin.delete(keyId, callOptions) : projects.delete(projectId, keyId, callOptions));
		},
		async rotate(id, rotateOptions = {}) {
			const {projectId, keyId} = parseId(id);
			return projectId === null ? admin.rotate(keyId, rotateOptions) : projects.rotate(projectId, keyId, rotateOptions);
		},
	};
}

type CreateTarget = {readonly kind: 'admin'} | {readonly kind: 'service-account'; readonly projectId: string};

/**
What a create asks OpenAI for, from the privileges given: `[{role: 'admin', scope: 'organization'}]` is an admin key;
`kind: 'service'` with `[{role: 'member', scope: 'project', resource: 'proj_…'}]` is a new service account of that
project with its first key. Anything else is a ConfigError before any request: a user's key cannot be made through
the API, and a field OpenAI cannot honour is never dropped in silence.
*/
function createTarget(input: CreateTokenInput, context: {readonly provider: string; readonly account: string}): CreateTarget {
	const example = 'give privileges [{role: \'admin\', scope: \'organization\', resource: null}] for an admin key, or kind \'service\' with [{role: \'member\', scope: \'project\', resource: \'proj_…\'}] for a new service account and its key';
	if (typeof input.name !== 'string' || input.name.trim() === '') {
		throw new ConfigError('field "name" is required: OpenAI names every key', context);
	}

	if (input.kind === 'personal') {
		throw new ConfigError(`field "kind": ${userKeyAlternative}`, context);
	}

	if (input.description !== undefined) {
		throw new ConfigError('field "description": OpenAI keys have no description; leave it out', context);
	}

	if (input.allowedIps !== undefined) {
		throw new ConfigError('field "allowedIps": OpenAI has no per-key IP allow-list (its IP allowlist is set for the whole organization or a project, in the dashboard); leave it out', context);
	}

	const [privilege, ...more] = input.privileges ?? [];
	if (privilege === undefined || more.length > 0) {
		throw new ConfigError(`field "privileges": ${example}`, context);
	}

	if (privilege.scope === 'organization' && privilege.role === 'admin' && input.kind !== 'service') {
		return {kind: 'admin'};
	}

	if (privilege.scope === 'project' && input.kind === 'service' && privilege.resource !== null && /^proj_[A-Za-z\d]+$/.test(privilege.resource)) {
		if (privilege.role !== 'member') {
			throw new ConfigError(`field "privileges[0].role": a new service account is a member of its project (OpenAI's default, [S]); got "${privilege.role.slice(0, 40)}". Make it an owner afterwards in the dashboard if it must be one`, context);
		}

		return {kind: 'service-account', projectId: privilege.resource};
	}

	throw new ConfigError(`field "privileges[0]": ${example}`, context);
}
