import {NotFoundError, type ErrorContext} from '../../src/errors/index.js';
import type {HttpClient} from '../../src/http/client.js';
import {parseResponse} from '../../src/validate.js';
import type {GitLabIdentity} from './identity.js';
import type {ResourceSelection} from './options.js';
import {gitLabPages} from './pages.js';
import {GitLabResourceListSchema, GitLabResourceSchema, type GitLabResource} from './schema.js';
import {resourcePath, type ResourceKind} from './token-id.js';

/** A group or project whose access tokens are listed: its numeric id, and how the config named it. */
export interface SelectedResource {
	readonly id: number;
	/** The config's entry (`acme/platform`, `42`), or null when found through `all`. */
	readonly named: string | null;
	/** The config field that selected it, for messages: `groups[1]`, or `groups` for `all`. */
	readonly field: string;
}

/**
The least role that manages a resource's access tokens, for `all` (docs/vendors/gitlab.md, auth [D]): Owner of a group
(50); Maintainer of a project (40), which may create tokens up to its own level. An administrator is given every
group and project instead, which the list routes show it without a role.
*/
const manageLevel: Readonly<Record<ResourceKind, number>> = {group: 50, project: 40};

/**
The groups or projects of a selection, each once (one named by id and by path is listed once). A named one is
looked up by `GET /groups/:id` (or `/projects/:id`), so a wrong name fails here, naming the config field; `all` pages
through `GET /groups` (`/projects`).
*/
export async function* selectedResources(input: {
	readonly client: HttpClient;
	readonly context: ErrorContext;
	readonly kind: ResourceKind;
	readonly selection: ResourceSelection;
	readonly identity: GitLabIdentity;
	readonly perPage: number;
	readonly signal: AbortSignal | undefined;
}): AsyncGenerator<SelectedResource, void, undefined> {
	const {client, context, kind, selection, identity, perPage, signal} = input;
	const field = kind === 'group' ? 'groups' : 'projects';
	const seen = new Set<number>();
	if (selection === 'all') {
		const pages = gitLabPages<GitLabResource>({
			context,
			perPage,
			signal,
			what: `the ${field} this token can see`,
			idOf: resource => String(resource.id),
			async fetchPage(page, pageSignal) {
				const query = {
					page,
					per_page: perPage,
					order_by: 'id',
					sort: 'asc',
					// Projects: only the fields tokenkit needs; GitLab's full project record is large.
					...(kind === 'project' ? {simple: 'true'} : {}),
					...(identity.isAdmin ? {} : {min_access_level: manageLevel[kind]}),
				};
				const response = await client.send({method: 'GET', path: `api/v4/${field}`, query, signal: pageSignal});
				return {items: parseResponse(GitLabResourceListSchema, response, context), response};
			},
		});
		for await (const page of pages) {
			for (const resource of page) {
				if (!seen.has(resource.id)) {
					seen.add(resource.id);
					yield {id: resource.id, named: null, field};
				}
			}
		}

		return;
	}

	for (const [index, entry] of selection.entries()) {
		const named = String(entry);
		const entryField = `${field}[${index}]`;
		const id = typeof entry === 'number' ? entry : await resolve(client, context, kind, entry, entryField, signal);
		if (!seen.has(id)) {
			seen.add(id);
			yield {id, named, field: entryField};
		}
	}
}

async function resolve(client: HttpClient, context: ErrorContext, kind: ResourceKind, path: string, field: string, signal: AbortSignal | undefined): Promise<number> {
	try {
		const response = await client.send({method: 'GET', path: `api/v4/${resourcePath(kind, path)}`, signal});
		return parseResponse(GitLabResourceSchema, response, context).id;
	} catch (error) {
		throw unknownResource(error, kind, path, field);
	}
}

/**
A named group or project GitLab does not show this credential: the error says which config field names it. GitLab
answers 404 both for one that does not exist and for one the credential may not see (docs/vendors/gitlab.md, errors [D]).
*/
export function unknownResource(error: unknown, kind: ResourceKind, named: string, field: string): unknown {
	if (error instanceof NotFoundError) {
		return new NotFoundError(error, `field "${field}": ${kind} "${named}" does not exist, or this token cannot see it`, {cause: error});
	}

	return error;
}
