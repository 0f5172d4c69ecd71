import {gitLabMaxPageSize} from '../../providers/gitlab/index.js';
import {arrayOf, field, withQuery, type JsonAnswer, type JsonTransport} from './json-get.js';
import {inBatches, walkPages, type PlanStyle, type PlanWalk} from './page-walk.js';

/** Owner lookups in flight at once in tokenkit's plan (providers/gitlab/people.ts). */
const lookupsAtOnce = 8;

export interface GitLabPlanAccount {
	readonly apiKey: string;
	/** The instance root; routes carry `/api/v4`. */
	readonly baseUrl: string;
}

export interface GitLabPlanOptions {
	readonly transport: JsonTransport;
	readonly style: PlanStyle;
	/** `largest`: 100 a page, as tokenkit asks; `vendor-default`: no `per_page`, which GitLab serves as 20. */
	readonly pages: 'largest' | 'vendor-default';
	readonly signal: AbortSignal;
}

/**
An instance listed as its administrator, in tokenkit's request plan (providers/gitlab/listing.ts): who the key is
(`GET /user`), then every group page by page, each group's access tokens page by page, the same for projects, and
last the personal access tokens, page by page, those already listed through a group or project left out, with each
other owner looked up once (`GET /users/:id`). Pages follow `X-Next-Page`.

tokenkit also asks, beside `/user`, which token its key is (`GET /personal_access_tokens/self`), to mark the account's
own credential; a script has no need of it, so neither plan sends it.
*/
export async function walkGitLab(account: GitLabPlanAccount, options: GitLabPlanOptions): Promise<PlanWalk> {
	const {transport, style, signal} = options;
	const headers = {'private-token': account.apiKey};
	const perPage = options.pages === 'largest' ? gitLabMaxPageSize : undefined;
	let requests = 0;
	const get = async (path: string, query: Readonly<Record<string, string | number>> = {}, notFoundIsAnAnswer = false): Promise<JsonAnswer> => {
		requests++;
		return transport.get(withQuery(new URL(path, account.baseUrl), query), headers, signal, notFoundIsAnAnswer);
	};

	/** Every page of a list from page 1, each page's records handed to `work`. */
	const pages = async (path: string, query: Readonly<Record<string, string | number>>, at: number, work: (records: unknown[], at: number) => number | Promise<number>): Promise<number> => walkPages({
		first: 1,
		fetch: async (page: number) => get(path, {page, ...(perPage === undefined ? {} : {per_page: perPage}), ...query}),
		next: answer => nextPage(answer),
		work: async (answer, start) => work(arrayOf(answer.body), start),
		style,
	}, at);

	const me = field((await get('/api/v4/user')).body, 'id');
	let tokens = 0;
	// Group and project tokens show in the administrator's personal list as well, as their bots' tokens.
	const listed = new Set<unknown>();
	let at = 1;
	for (const kind of ['groups', 'projects'] as const) {
		const query = {order_by: 'id', sort: 'asc', ...(kind === 'projects' ? {simple: 'true'} : {})};
		at = await pages(`/api/v4/${kind}`, query, at, async (resources, start) => {
			let now = start;
			for (const resource of resources) {
				now = await pages(`/api/v4/${kind}/${String(field(resource, 'id'))}/access_tokens`, {}, now, (records, pageAt) => {
					for (const record of records) {
						listed.add(field(record, 'id'));
					}

					tokens += records.length;
					return pageAt;
				});
			}

			return now;
		});
	}

	const askedFor = new Set<unknown>();
	const roundTrips = await pages('/api/v4/personal_access_tokens', {}, at, async (records, start) => {
		const fresh = records.filter(record => !listed.has(field(record, 'id')));
		tokens += fresh.length;
		const owners = [...new Set(fresh.map(record => field(record, 'user_id')))].filter(id => id !== me && !askedFor.has(id));
		for (const id of owners) {
			askedFor.add(id);
		}

		return inBatches(owners, style === 'tokenkit' ? lookupsAtOnce : 1, start, async (id, lookupAt) => {
			// A 404 is an owner GitLab no longer has: an answer, as tokenkit takes it.
			await get(`/api/v4/users/${String(id)}`, {}, true);
			return lookupAt + 1;
		});
	});
	return {tokens, requests, roundTrips};
}

/** `X-Next-Page`, which GitLab leaves empty on the last page. */
function nextPage(answer: JsonAnswer): number | undefined {
	const next = answer.headers.get('x-next-page')?.trim() ?? '';
	return next === '' ? undefined : Number(next);
}
