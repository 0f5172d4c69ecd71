import {ConfigError} from '../../src/errors/index.js';
import {mapEach} from '../../src/map-each.js';
import type {CallOptions} from '../../src/provider.js';
import {scrubToken} from '../../src/redaction/scrub-token.js';
import type {Token} from '../../src/token.js';
import {parseResponse} from '../../src/validate.js';
import {mapContextOf, type GitLabApi} from './api.js';
import type {GitLabIdentity} from './identity.js';
import {personalTokenToToken, resourceTokenToToken} from './map.js';
import type {PersonalTokenScope} from './options.js';
import {gitLabPages} from './pages.js';
import {personFromUser} from './people.js';
import {selectedResources, unknownResource, type SelectedResource} from './resources.js';
import {PersonalAccessTokenListSchema, ResourceAccessTokenListSchema, type PersonalAccessToken, type ResourceAccessToken} from './schema.js';
import {resourcePath, type ResourceKind} from './token-id.js';

/**
Every token of the account, page by page: first the group and then the project access tokens of the configured
groups and projects, then the personal access tokens. An administrator's personal listing also shows the bots'
tokens (docs/vendors/gitlab.md, auth [I]); those already listed through their group or project are left out there,
so each token is listed once, with its group or project.
*/
export async function* gitLabTokenPages(api: GitLabApi, options: CallOptions): AsyncGenerator<Iterable<Token>, void, undefined> {
	const {signal} = options;
	const identity = await api.identity(signal);
	const personal = personalScope(api, identity);
	const listed = new Set<number>();
	for (const kind of ['group', 'project'] as const) {
		const resources = selectedResources({
			client: api.client,
			context: api.context,
			kind,
			selection: kind === 'group' ? api.options.groups : api.options.projects,
			identity,
			perPage: api.options.pageSize,
			signal,
		});
		for await (const resource of resources) {
			for await (const page of resourceTokenPages(api, kind, resource, signal)) {
				for (const record of page) {
					listed.add(record.id);
				}

				const context = mapContextOf(api, identity);
				yield mapEach(page, record => scrubToken(resourceTokenToToken(record, {kind, id: resource.id}, context), api.redactor));
			}
		}
	}

	if (personal === 'none') {
		return;
	}

	const pages = gitLabPages<PersonalAccessToken>({
		context: api.context,
		perPage: api.options.pageSize,
		signal,
		what: 'the personal access tokens',
		idOf: record => String(record.id),
		async fetchPage(page, pageSignal) {
			// `own` names the user even for a non-administrator, for whom it changes nothing: the answer is the same either way.
			const query = {page, per_page: api.options.pageSize, user_id: personal === 'own' ? identity.user.id : undefined};
			const response = await api.client.send({method: 'GET', path: 'api/v4/personal_access_tokens', query, signal: pageSignal});
			return {items: parseResponse(PersonalAccessTokenListSchema, response, api.context), response};
		},
	});
	const self = personFromUser({...identity.user, is_admin: identity.isAdmin});
	for await (const page of pages) {
		const fresh = page.filter(record => !listed.has(record.id));
		const others = fresh.map(record => record.user_id).filter(id => id !== identity.user.id);
		const personOf = others.length === 0 ? undefined : await api.people.lookUp(others, signal);
		const context = mapContextOf(api, identity);
		yield mapEach(fresh, record => {
			const person = record.user_id === identity.user.id || personOf === undefined ? self : personOf(record.user_id);
			return scrubToken(personalTokenToToken(record, person, context), api.redactor);
		});
	}
}

/**
Whose personal tokens to list. `all` from a credential that is not an administrator's cannot be done (GitLab shows
a non-administrator only their own, and answers 401 for another user's id): the account fails, naming the field,
rather than passing its own tokens off as everyone's.
*/
function personalScope(api: GitLabApi, identity: GitLabIdentity): Exclude<PersonalTokenScope, 'auto'> {
	const wanted = api.options.personalTokens;
	if (wanted === 'auto') {
		return identity.isAdmin ? 'all' : 'own';
	}

	if (wanted === 'all' && !identity.isAdmin) {
		const who = identity.user.username === undefined ? `user ${identity.user.id}` : `"${identity.user.username}"`;
		throw new ConfigError(`field "personalTokens": "all" needs an administrator's token, and this one belongs to ${who}, who is not an administrator; GitLab shows a non-administrator only their own tokens. Use "own" (or "auto"), or an administrator's token`, api.context);
	}

	return wanted;
}

async function* resourceTokenPages(api: GitLabApi, kind: ResourceKind, resource: SelectedResource, signal: AbortSignal | undefined): AsyncGenerator<readonly ResourceAccessToken[], void, undefined> {
	const path = `api/v4/${resourcePath(kind, resource.id)}/access_tokens`;
	const pages = gitLabPages<ResourceAccessToken>({
		context: api.context,
		perPage: api.options.pageSize,
		signal,
		what: `the access tokens of ${kind} ${resource.named ?? resource.id}`,
		idOf: record => String(record.id),
		async fetchPage(page, pageSignal) {
			const response = await api.client.send({method: 'GET', path, query: {page, per_page: api.options.pageSize}, signal: pageSignal})
				.catch((error: unknown) => {
					throw unknownResource(error, kind, resource.named ?? String(resource.id), resource.field);
				});
			return {items: parseResponse(ResourceAccessTokenListSchema, response, api.context), response};
		},
	});
	yield* pages;
}
