import {datadogMaxPageSize, datadogRateLimits} from '../../providers/datadog/index.js';
import {pagesInFlight} from '../../providers/datadog/listing.js';
import {lookupConcurrency} from '../../src/lookup-cache.js';
import {arrayOf, field, withQuery, type JsonAnswer} from './json-get.js';
import {fresh, inPool, walkNumberedPages, type PlanOptions, type PlanWalk} from './page-walk.js';

export interface DatadogPlanAccount {
	/** The org's API key, sent as `DD-API-KEY`. */
	readonly apiKey: string;
	/** The application key sent beside it, as `DD-APPLICATION-KEY`. */
	readonly applicationKey: string;
	/** The site's API origin; routes carry `/api/v2`. */
	readonly baseUrl: string;
}

/** Each list tokenkit reads, in its order, and where a record names the user tokenkit looks up for it. */
const lists = [
	{path: '/api/v2/api_keys', user: 'created_by'},
	{path: '/api/v2/application_keys', user: 'owned_by'},
	{path: '/api/v2/personal_access_tokens', user: 'owned_by'},
] as const;

/**
One org's API keys, application keys and access tokens, in tokenkit's request plan (providers/datadog/listing.ts), with
both keys in Datadog's own headers. The three lists one after another, each paged by number from 0 with `page[size]`
100 (Datadog's largest) and `sort=created_at`: the first page, whose total tells how many pages follow, then the rest
four at a time. On each page every user not asked for yet (an API key's creator, a key's or token's owner) is read
(`GET /api/v2/users/{id}`; a 404 is a user Datadog no longer has), once per run, six at a time: tokenkit's lookup
cache takes eight, but the users' bucket lets six through at once (`datadogRateLimits`). A script takes them one by one.

tokenkit also asks, before the application keys, whose keys its application key is (`GET
/api/v2/current_user/application_keys`, then one of them), to tell its own key among the caller's; a script has no
need of it, so neither plan sends it. A script that sends no page size gets Datadog's default, 100 in real answers.
*/
export async function walkDatadog(account: DatadogPlanAccount, options: PlanOptions): Promise<PlanWalk> {
	const {transport, style, signal} = options;
	const headers = {'dd-api-key': account.apiKey, 'dd-application-key': account.applicationKey};
	const lookupsAtOnce = style === 'tokenkit' ? Math.min(lookupConcurrency, datadogRateLimits.concurrency) : 1;
	const askedForUsers = new Set<string>();
	let requests = 0;
	let tokens = 0;
	const get = async (path: string, query: Readonly<Record<string, string | number>> = {}, notFoundIsAnAnswer = false): Promise<JsonAnswer> => {
		requests++;
		return transport.get(withQuery(new URL(path, account.baseUrl), query), headers, signal, notFoundIsAnAnswer);
	};

	let at = 0;
	for (const list of lists) {
		at = await walkNumberedPages({
			fetch: async number => get(list.path, {...(options.pages === 'largest' ? {'page[size]': datadogMaxPageSize} : {}), 'page[number]': number, 'sort': 'created_at'}),
			pages(first) {
				const served = recordsOf(first).length;
				const total = field(field(field(first.body, 'meta'), 'page'), 'total_filtered_count');
				return served === 0 || typeof total !== 'number' ? 1 : Math.ceil(total / served);
			},
			async work(answer, start) {
				const records = recordsOf(answer);
				tokens += records.length;
				const users = fresh(records.map(record => field(field(field(field(record, 'relationships'), list.user), 'data'), 'id')), askedForUsers);
				return inPool(users, lookupsAtOnce, start, async (id, lookupAt) => {
					await get(`/api/v2/users/${encodeURIComponent(id)}`, {}, true);
					return lookupAt + 1;
				});
			},
			style,
			atOnce: pagesInFlight,
		}, at);
	}

	return {tokens, requests, roundTrips: at};
}

function recordsOf(answer: JsonAnswer): unknown[] {
	return arrayOf(field(answer.body, 'data'));
}
