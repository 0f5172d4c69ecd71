import {oktaMaxAppsPage} from '../../providers/okta/client-secrets.js';
import {lookupConcurrency} from '../../src/lookup-cache.js';
import {allIpZones} from '../../providers/okta/network.js';
import {arrayOf, field, type JsonAnswer} from './json-get.js';
import {fresh, inPool, walkPages, type PlanOptions, type PlanWalk} from './page-walk.js';

export interface OktaPlanAccount {
	readonly apiKey: string;
	/** The org's origin; routes carry `/api/v1`. */
	readonly baseUrl: string;
	/** Which of the org's credentials the account lists, as its two config entries name them. */
	readonly scope: 'api-tokens' | 'client-secrets';
}

/** The sign-on mode of the only apps that have client secrets. */
const oauthSignOnMode = 'OPENID_CONNECT';

/**
One org's API tokens or its apps' client secrets, in tokenkit's request plan (providers/okta/), with `SSWS` auth.
- API tokens: the list, page by page as `Link: rel="next"` names them (the list takes no page size: the org decides).
  On each page, every owner not yet asked for is read (`GET /api/v1/users/{id}`) and, unless Okta no longer has
  them (404), their roles (`…/roles`); then every network zone a token's condition includes and that was not read
  yet (`GET /api/v1/zones/{id}`). tokenkit takes each of these eight at a time, each worker going on to the next
  as soon as it is done, and so does the bare client; a script takes them one by one.
- Client secrets: the apps, 200 a page (`limit`, the largest; a script that sends none gets them all at once),
  then the secrets of each OpenID Connect app on the page, eight at a time in tokenkit's plan.

tokenkit also asks who its key is (`GET /api/v1/users/me`) on the first page of API tokens, to tell its own token
among the caller's; a script has no need of it, so neither plan sends it.
*/
export async function walkOkta(account: OktaPlanAccount, options: PlanOptions): Promise<PlanWalk> {
	const {transport, style, signal} = options;
	const headers = {authorization: `SSWS ${account.apiKey}`};
	const atOnce = style === 'tokenkit' ? lookupConcurrency : 1;
	let requests = 0;
	let tokens = 0;
	const get = async (path: string, notFoundIsAnAnswer = false): Promise<JsonAnswer> => {
		requests++;
		return transport.get(new URL(path, account.baseUrl).href, headers, signal, notFoundIsAnAnswer);
	};

	/** Every page from `first`, following `Link: rel="next"`, each page's records handed to `work`. */
	const pages = async (first: string, work: (records: unknown[], at: number) => Promise<number>): Promise<number> => walkPages({
		first,
		fetch: async (url: string) => get(url),
		next: answer => /<([^>]*)>\s*;\s*rel="next"/.exec(answer.headers.get('link') ?? '')?.[1],
		work: async (answer, start) => work(arrayOf(answer.body), start),
		style,
	}, 0);

	if (account.scope === 'client-secrets') {
		const roundTrips = await pages(`/api/v1/apps${options.pages === 'largest' ? `?limit=${oktaMaxAppsPage}` : ''}`, async (apps, start) => {
			const clients = apps.filter(app => field(app, 'signOnMode') === oauthSignOnMode);
			return inPool(clients, atOnce, start, async (app, at) => {
				// An app deleted since its page was read has no secrets left: a 404 is an answer, as tokenkit takes it.
				const secrets = await get(`/api/v1/apps/${encodeURIComponent(String(field(app, 'id')))}/credentials/secrets`, true);
				tokens += secrets.body === null ? 0 : arrayOf(secrets.body).length;
				return at + 1;
			});
		});
		return {tokens, requests, roundTrips};
	}

	const askedForUsers = new Set<string>();
	const askedForZones = new Set<string>();
	const roundTrips = await pages('/api/v1/api-tokens', async (records, start) => {
		tokens += records.length;
		const users = fresh(records.map(record => field(record, 'userId')), askedForUsers);
		const looked = await inPool(users, atOnce, start, async (id, at) => {
			const path = `/api/v1/users/${encodeURIComponent(id)}`;
			// A 404 is an owner Okta no longer has: gone, with no roles to read.
			if ((await get(path, true)).status === 404) {
				return at + 1;
			}

			await get(`${path}/roles`, true);
			return at + 2;
		});
		const zones = fresh(records.flatMap(record => includedZones(field(record, 'network'))), askedForZones);
		return inPool(zones, atOnce, looked, async (id, at) => {
			await get(`/api/v1/zones/${encodeURIComponent(id)}`, true);
			return at + 1;
		});
	});
	return {tokens, requests, roundTrips};
}

/**
The zones a condition includes, which tokenkit reads to state the token's allow-list (providers/okta/network.ts):
none for `ANYWHERE`, no condition, an exclude-only one, or one that includes every IP zone.
*/
function includedZones(network: unknown): unknown[] {
	const include = field(network, 'include');
	if (field(network, 'connection') !== 'ZONE' || !Array.isArray(include) || include.includes(allIpZones)) {
		return [];
	}

	return include;
}
