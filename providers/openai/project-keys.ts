import {BadRequestError, NotFoundError, UnsupportedOperationError} from '../../src/errors/index.js';
import {readMintedAnswer} from '../../src/minted-answer.js';
import type {HttpResponse} from '../../src/http/client.js';
import type {CallOptions, MintedToken, RotateOptions, RotateResult} from '../../src/provider.js';
import {scrubToken} from '../../src/redaction/scrub-token.js';
import {rotateByReplace} from '../../src/rotation/replace.js';
import type {Token} from '../../src/token.js';
import {parseResponse} from '../../src/validate.js';
import type {OpenAIApi} from './api.js';
import {twinLifetime} from './lifetime.js';
import {openAIProjectKeyToToken, projectKeyId, serviceAccountKeyRecord, type MintedServiceAccountKey, type ServiceAccountRef} from './map.js';
import {listPages} from './pages.js';
import {openAIRotation} from './rotation.js';
import {
	OpenAIProjectKeyListSchema,
	OpenAIProjectKeySchema,
	OpenAIProjectListSchema,
	OpenAIProjectSchema,
	OpenAIServiceAccountCreatedSchema,
	OpenAIServiceAccountKeySchema,
	type OpenAIProject,
	type OpenAIProjectKey,
	type OpenAIServiceAccountKey,
} from './schema.js';

/** Projects whose keys are read at once while a page of projects is listed; the limiter paces the requests. */
export const projectsAtOnce = 4;

/** Where a user's project key comes from, since OpenAI's API cannot create one ([S]: no POST on a project's api_keys). */
export const userKeyAlternative = 'OpenAI\'s API cannot create a user\'s project key: ask its owner to create a new key in the dashboard (the project\'s API keys page), switch what uses this key to the new one, then revoke this one (tokenkit revoke)';

/** A POST that mints a key: where, what, the answer's field that holds the key, and whether it may be sent again. */
interface MintRequest {
	readonly path: string;
	readonly json: unknown;
	readonly mints: 'value' | 'api_key.value';
	readonly retry: boolean;
}

export interface ProjectKeySettings {
	readonly api: OpenAIApi;
	readonly account: string;
	/** The projects the config names (`projects`); null for every project, archived ones included. */
	readonly projects: readonly string[] | null;
}

/** Project keys, users' and service accounts' (`/organization/projects/{project_id}/api_keys`, [S]). */
export interface ProjectKeyOperations {
	pages(signal: AbortSignal | undefined, pageSize: number): AsyncGenerator<Iterable<Token>, void, undefined>;
	get(projectId: string, keyId: string, options: CallOptions): Promise<Token>;
	/** A new service account in the project, with the key OpenAI mints for it. */
	createServiceAccount(projectId: string, name: string, options: CallOptions): Promise<MintedToken>;
	delete(projectId: string, keyId: string, options: CallOptions): Promise<void>;
	rotate(projectId: string, keyId: string, options: RotateOptions): Promise<RotateResult>;
}

export function projectKeyOperations(settings: ProjectKeySettings): ProjectKeyOperations {
	const {api, account} = settings;
	const {context} = api;
	const projectPath = (projectId: string): string => `organization/projects/${encodeURIComponent(projectId)}`;
	const keysPath = (projectId: string): string => `${projectPath(projectId)}/api_keys`;
	const keyPath = (projectId: string, keyId: string): string => `${keysPath(projectId)}/${encodeURIComponent(keyId)}`;
	const toToken = (record: OpenAIProjectKey, project: OpenAIProject): Token => scrubToken(openAIProjectKeyToToken(record, project, account), api.redactor);

	/** One project; a project the config names that OpenAI does not have is an error naming the config's field. */
	async function readProject(projectId: string, signal: AbortSignal | undefined): Promise<OpenAIProject> {
		try {
			return (await api.fetch(OpenAIProjectSchema, {method: 'GET', path: projectPath(projectId), signal})).data;
		} catch (error) {
			if (error instanceof NotFoundError && settings.projects?.includes(projectId) === true) {
				throw new NotFoundError(error.details, `field "projects": project ${projectId} does not exist in this organization (check its id on the project's settings page)`, {cause: error});
			}

			throw error;
		}
	}

	async function readKey(projectId: string, keyId: string, signal: AbortSignal | undefined): Promise<OpenAIProjectKey> {
		return (await api.fetch(OpenAIProjectKeySchema, {method: 'GET', path: keyPath(projectId, keyId), signal})).data;
	}

	/** The projects to list: those the config names, read one by one, or every project, archived ones included. */
	async function* projectPages(signal: AbortSignal | undefined, pageSize: number): AsyncGenerator<readonly OpenAIProject[], void, undefined> {
		if (settings.projects !== null) {
			const named: OpenAIProject[] = [];
			for (const projectId of settings.projects) {
				named.push(await readProject(projectId, signal));
			}

			yield named;
			return;
		}

		// Archived projects too ([S]: `include_archived`, false by default): their keys still exist, and are shown disabled.
		yield* listPages({api, path: 'organization/projects', schema: OpenAIProjectListSchema, query: {include_archived: 'true'}, pageSize, signal, what: 'the projects'});
	}

	/** Every key of one project. `owner_project_access=any`: without it OpenAI hides keys whose owner lost access ([S]). */
	async function keysOf(project: OpenAIProject, signal: AbortSignal | undefined, pageSize: number): Promise<Token[]> {
		const tokens: Token[] = [];
		const pages = listPages({api, path: keysPath(project.id), schema: OpenAIProjectKeyListSchema, query: {owner_project_access: 'any'}, pageSize, signal, what: `the keys of project ${project.id}`});
		for await (const records of pages) {
			for (const record of records) {
				tokens.push(toToken(record, project));
			}
		}

		return tokens;
	}

	/** Deletes a project key; OpenAI's older refusal of a service account's key is explained. */
	async function deleteKey(projectId: string, keyId: string, signal: AbortSignal | undefined): Promise<void> {
		try {
			await api.send({method: 'DELETE', path: keyPath(projectId, keyId), signal});
		} catch (error) {
			if (!(error instanceof BadRequestError)) {
				throw error;
			}

			// The spec says this DELETE refuses a service account's key (400); OpenAI's newer reference and client
			// say it deletes it (docs/vendors/openai.md, rotation [S] vs [D]). Under the older rule a service account's key
			// goes only with its account, which would take the account's other keys too: that is left to a person.
			const owner = await readKey(projectId, keyId, signal).then(record => record.owner?.service_account?.id, () => undefined);
			if (owner === undefined) {
				throw error;
			}

			throw new BadRequestError(error.details, `OpenAI refused to delete a key of service account ${owner}, as its older rule has it (a service account's key goes only with the account). Delete the key in the dashboard, or delete service account ${owner} with all its keys (DELETE /organization/projects/${projectId}/service_accounts/${owner}) once nothing uses them`, {cause: error});
		}
	}

	/**
	Mints a key and reads it back as the project lists it (the create answer has no mask and names no owner, [S]). The
	answer's `value` (at `request.mints`) is registered with the redactor as the answer is read and read first, so
	it is kept whatever else the answer lacks. `serviceAccountOf` names the account the key is for, from the answer.
	*/
	async function mint(projectId: string, project: OpenAIProject, request: MintRequest, serviceAccountOf: (response: HttpResponse) => ServiceAccountRef, signal: AbortSignal | undefined): Promise<MintedToken> {
		const response = await api.send({method: 'POST', path: request.path, json: request.json, signal, mints: request.mints, retry: request.retry});
		const fromRecord = (key: MintedServiceAccountKey): Token => openAIProjectKeyToToken(serviceAccountKeyRecord(key, serviceAccountOf(response), Date.now()), project, account);
		const minted = await readMintedAnswer({
			context,
			response,
			body: request.mints === 'api_key.value' ? fieldOf(response.body, 'api_key') : response.body,
			keyField: 'value',
			idField: 'id',
			alwaysReadBack: true,
			fromAnswer(record) {
				const key: OpenAIServiceAccountKey = {...parseResponse(OpenAIServiceAccountKeySchema, {...response, body: record}, context, {idKey: 'id'})};
				// The whole key goes into the Secret only; `raw` must never hold it.
				delete key['value'];
				return fromRecord(key);
			},
			readBack: async keyId => toToken(await readKey(projectId, keyId, signal), project),
			fallback: (keyId, answered) => answered ?? fromRecord({id: keyId}),
		});
		return {...minted, token: scrubToken(minted.token, api.redactor)};
	}

	return {
		async* pages(signal, pageSize) {
			for await (const projects of projectPages(signal, pageSize)) {
				const found = new Map<string, Token[]>();
				let next = 0;
				const worker = async (): Promise<void> => {
					while (next < projects.length) {
						const project = projects[next++];
						if (project !== undefined) {
							found.set(project.id, await keysOf(project, signal, pageSize));
						}
					}
				};

				await Promise.all(Array.from({length: Math.min(projectsAtOnce, projects.length)}, worker));
				yield projects.flatMap(project => found.get(project.id) ?? []);
			}
		},
		async get(projectId, keyId, options) {
			const project = await readProject(projectId, options.signal);
			return toToken(await readKey(projectId, keyId, options.signal), project);
		},
		async createServiceAccount(projectId, name, options) {
			const project = await readProject(projectId, options.signal);
			const path = `${projectPath(projectId)}/service_accounts`;
			// Creating a service account mints its first key (`api_key.value`, [S]); the account gets OpenAI's default role, member.
			return mint(projectId, project, {path, json: {name}, mints: 'api_key.value', retry: true}, response => {
				const created = parseResponse(OpenAIServiceAccountCreatedSchema, response, context, {idKey: 'id'});
				return {id: created.id, name: created.name, created_at: created.created_at, role: created.role};
			}, options.signal);
		},
		delete: async (projectId, keyId, options) => deleteKey(projectId, keyId, options.signal),
		async rotate(projectId, keyId, options) {
			const id = projectKeyId(projectId, keyId);
			let original: {readonly record: OpenAIProjectKey; readonly project: OpenAIProject} | undefined;
			return rotateByReplace(id, options, {
				async read(_id, call) {
					const project = await readProject(projectId, call.signal);
					const record = await readKey(projectId, keyId, call.signal);
					const token = toToken(record, project);
					if (token.kind !== 'service') {
						// Refused before anything is minted: OpenAI's API cannot make a user's key.
						throw new UnsupportedOperationError({...context, operation: 'rotate', alternative: userKeyAlternative});
					}

					original = {record, project};
					return token;
				},
				async createTwin(_token, call) {
					const serviceAccount = original?.record.owner?.service_account;
					if (original === undefined || serviceAccount === undefined || serviceAccount === null) {
						throw new Error(`rotation of ${id} has no service account read fresh for it`);
					}

					const {record, project} = original;
					const lifetime = twinLifetime(record.created_at, record.expires_at);
					// The same service account gets a second key, named as the old one. Its permission scopes cannot be
					// read ([S]), so none are sent and the key gets OpenAI's default for the account ([I]). The expiry is
					// sent only when the old key had one: the field is newer than the spec ([D]).
					const json = {...(record.name === undefined || record.name === null ? {} : {name: record.name}), ...(lifetime === null ? {} : {expires_in_seconds: lifetime})};
					const path = `${projectPath(projectId)}/service_accounts/${encodeURIComponent(serviceAccount.id)}/api_keys`;
					return mint(projectId, project, {path, json, mints: 'value', retry: openAIRotation.retrySafe}, () => ({...serviceAccount}), call.signal);
				},
				revoke: async (_id, call) => deleteKey(projectId, keyId, call.signal),
				now: Date.now,
				context,
				name: openAIRotation.name,
			});
		},
	};
}

function fieldOf(record: unknown, field: string): unknown {
	return typeof record === 'object' && record !== null && !Array.isArray(record) ? Reflect.get(record, field) : undefined;
}
