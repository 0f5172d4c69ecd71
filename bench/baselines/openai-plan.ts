import {openAIMaxPageSize, openAIRequestLimits} from '../../providers/openai/index.js';
import {projectsAtOnce} from '../../providers/openai/project-keys.js';
import {lookupConcurrency} from '../../src/lookup-cache.js';
import {arrayOf, field, withQuery, type JsonAnswer} from './json-get.js';
import {fresh, inPool, walkPages, type PlanOptions, type PlanWalk} from './page-walk.js';

export interface OpenAIPlanAccount {
	/** The organization's admin key, sent as `Authorization: Bearer`. */
	readonly apiKey: string;
	/** The API root, `…/v1`; routes are joined to it as text, since it has a path. */
	readonly baseUrl: string;
}

/**
One organization's admin keys and every project's keys, in tokenkit's request plan (providers/openai/): the admin keys
oldest first, then the projects (archived ones included), then each project's keys (`owner_project_access=any`, or
OpenAI hides the keys of owners who lost access), four projects at a time. Every list goes by cursor pages of 100
(`limit`, the largest): `after` the page's `last_id` while `has_more`, the next page asked for while a page's work
runs. On each page of admin keys every user owner not asked for yet is read (`GET /organization/users/{id}`; a 404 is
someone removed from the organization), once per run; tokenkit sends at most four requests of an organization at
once (`openAIRequestLimits`), and the next page holds one of them while there is one. A script takes them one by one.

tokenkit tells its own admin key by OpenAI's mask of it, with no request of its own: both plans send what it sends. A
script that sends no page size gets OpenAI's 20 a page.
*/
export async function walkOpenAI(account: OpenAIPlanAccount, options: PlanOptions): Promise<PlanWalk> {
	const {transport, style, signal} = options;
	const headers = {authorization: `Bearer ${account.apiKey}`};
	let requests = 0;
	let tokens = 0;
	const get = async (path: string, query: Readonly<Record<string, string>>, notFoundIsAnAnswer = false): Promise<JsonAnswer> => {
		requests++;
		return transport.get(withQuery(new URL(`${account.baseUrl}/${path}`), query), headers, signal, notFoundIsAnAnswer);
	};

	/** Every page of a list from round trip `at`, each page's items handed to `work` with whether a next page is in flight. */
	const list = async (path: string, query: Readonly<Record<string, string>>, at: number, work: (items: unknown[], at: number, nextInFlight: boolean) => number | Promise<number>): Promise<number> => walkPages<JsonAnswer, string | null>({
		first: null,
		fetch: async after => get(path, {...query, ...(options.pages === 'largest' ? {limit: String(openAIMaxPageSize)} : {}), ...(after === null ? {} : {after})}),
		next(answer) {
			const last = field(answer.body, 'last_id');
			return field(answer.body, 'has_more') === true && typeof last === 'string' ? last : undefined;
		},
		work: async (answer, start) => work(arrayOf(field(answer.body, 'data')), start, style === 'tokenkit' && field(answer.body, 'has_more') === true),
		style,
	}, at);

	const askedForUsers = new Set<string>();
	const adminKeysEnd = await list('organization/admin_api_keys', {order: 'asc'}, 0, async (keys, start, nextInFlight) => {
		tokens += keys.length;
		const users = fresh(keys.map(key => field(key, 'owner')).filter(owner => !isServiceAccount(owner)).map(owner => field(owner, 'id')), askedForUsers);
		const inFlight = style === 'tokenkit' ? Math.min(lookupConcurrency, openAIRequestLimits.concurrency - (nextInFlight ? 1 : 0)) : 1;
		return inPool(users, inFlight, start, async (id, lookupAt) => {
			await get(`organization/users/${encodeURIComponent(id)}`, {}, true);
			return lookupAt + 1;
		});
	});
	const roundTrips = await list('organization/projects', {include_archived: 'true'}, adminKeysEnd, async (projects, start) => inPool(projects, style === 'tokenkit' ? projectsAtOnce : 1, start, async (project, projectAt) => {
		const keysPath = `organization/projects/${encodeURIComponent(String(field(project, 'id')))}/api_keys`;
		return list(keysPath, {owner_project_access: 'any'}, projectAt, (keys, keysAt) => {
			tokens += keys.length;
			return keysAt;
		});
	}));
	return {tokens, requests, roundTrips};
}

/** A service account that owns an admin key has no user to look up (providers/openai/map.ts `ownedByServiceAccount`). */
function isServiceAccount(owner: unknown): boolean {
	return field(owner, 'type') === 'service_account' || field(owner, 'object') === 'organization.service_account';
}
