import githubAppJwt from 'universal-github-app-jwt';
import {gitHubMaxPageSize, type GitHubApiVersion} from '../../providers/github/index.js';
import type {GitHubApp} from '../simulator-process.js';
import {arrayOf, field, type JsonAnswer, type JsonTransport} from './json-get.js';
import {inBatches, walkPages, type PlanStyle, type PlanWalk} from './page-walk.js';

/** Membership lookups in flight at once in tokenkit's plan (providers/github/members.ts). */
const lookupsAtOnce = 4;

/** Grants whose repository lists are read at once, for one page of grants, in tokenkit's plan (providers/github/grants.ts). */
const repositoryReadsAtOnce = 4;

/** What GitHub serves a request that names no `per_page`. */
const gitHubDefaultPageSize = 30;

/** The version tokenkit asks for by default (providers/github/options.ts). */
const apiVersion: GitHubApiVersion = '2022-11-28';

export interface GitHubPlanAccount {
	/** The App's private key (PEM). */
	readonly apiKey: string;
	readonly baseUrl: string;
	readonly app: GitHubApp;
}

export interface GitHubPlanOptions {
	readonly transport: JsonTransport;
	readonly style: PlanStyle;
	/** `largest`: 100 a page, as tokenkit asks; `vendor-default`: no `per_page`, which GitHub serves as 30. */
	readonly pages: 'largest' | 'vendor-default';
	readonly signal: AbortSignal;
}

/**
An org's tokens through its GitHub App, in tokenkit's request plan (providers/github/): a JWT signed with the App's
key (by `universal-github-app-jwt`, as tokenkit signs it) mints an installation token, then the list follows the
`Link` header page by page. For each page of fine-grained PAT grants, the owners not yet seen are looked up in the
org (`GET /orgs/{org}/memberships/{login}`, a 404 for one who left), then the repositories of every grant that
reaches a chosen few are read (`…/personal-access-tokens/{id}/repositories`, paged the same way). SSO credential
authorizations take the owner lookups only, and a page with no `Link` header is followed by the next page number
when it came back full, as tokenkit does.
*/
export async function walkGitHub(account: GitHubPlanAccount, options: GitHubPlanOptions): Promise<PlanWalk> {
	const {transport, style, signal} = options;
	const {app} = account;
	const common = {'accept': 'application/vnd.github+json', 'x-github-api-version': apiVersion, 'user-agent': 'tokenkit-bench'};
	const perPage = options.pages === 'largest' ? gitHubMaxPageSize : undefined;
	const jwt = await githubAppJwt({id: app.appId, privateKey: account.apiKey});
	const minted = await transport.post(new URL(`/app/installations/${app.installationId}/access_tokens`, account.baseUrl).href, {...common, authorization: `Bearer ${jwt.token}`}, signal);
	const installationToken = field(minted, 'token');
	if (typeof installationToken !== 'string') {
		throw new TypeError(`${app.org}: the installation token answer has no token`);
	}

	const headers = {...common, authorization: `Bearer ${installationToken}`};
	let requests = 1;
	const get = async (url: string, notFoundIsAnAnswer = false): Promise<JsonAnswer> => {
		requests++;
		return transport.get(url, headers, signal, notFoundIsAnAnswer);
	};

	const orgPath = `/orgs/${encodeURIComponent(app.org)}`;
	const firstPage = (path: string): string => {
		const url = new URL(`${orgPath}/${path}`, account.baseUrl);
		if (perPage !== undefined) {
			url.searchParams.set('per_page', String(perPage));
		}

		return url.href;
	};

	/** Every page from `first`, each page's records handed to `work`; `numbered`: a page with no `Link` header is followed by number. */
	const pages = async (first: string, numbered: boolean, at: number, work: (records: unknown[], at: number) => number | Promise<number>): Promise<number> => walkPages({
		first,
		fetch: async (url: string) => get(url),
		next: (answer, url) => nextPage(answer, url, numbered ? perPage ?? gitHubDefaultPageSize : undefined),
		work: async (answer, start) => work(arrayOf(answer.body), start),
		style,
	}, at);

	const askedFor = new Set<string>();
	const lookUpOwners = async (logins: readonly unknown[], at: number): Promise<number> => {
		const fresh = [...new Set(logins.filter(login => typeof login === 'string'))].filter(login => !askedFor.has(login));
		for (const login of fresh) {
			askedFor.add(login);
		}

		return inBatches(fresh, style === 'tokenkit' ? lookupsAtOnce : 1, at, async (login, lookupAt) => {
			await get(new URL(`${orgPath}/memberships/${encodeURIComponent(login)}`, account.baseUrl).href, true);
			return lookupAt + 1;
		});
	};

	let tokens = 0;
	const roundTrips = app.scope === 'sso'
		? await pages(firstPage('credential-authorizations'), true, 1, async (records, start) => {
			tokens += records.length;
			return lookUpOwners(records.map(record => field(record, 'login')), start);
		})
		: await pages(firstPage('personal-access-tokens'), false, 1, async (grants, start) => {
			tokens += grants.length;
			const looked = await lookUpOwners(grants.map(grant => field(field(grant, 'owner'), 'login')), start);
			// tokenkit takes the page's grants four at a time and reads the repositories of those among them that have a
			// chosen few: a batch with none costs no round trip, one with some waits for its slowest list.
			return inBatches(grants, style === 'tokenkit' ? repositoryReadsAtOnce : 1, looked, async (grant, readAt) => field(grant, 'repository_selection') === 'subset'
				? pages(firstPage(`personal-access-tokens/${String(field(grant, 'id'))}/repositories`), false, readAt, (_repositories, pageAt) => pageAt)
				: readAt);
		});
	return {tokens, requests, roundTrips};
}

/**
The `rel="next"` link. With no `Link` header at all, a list that may leave it out (`numberedPageSize` given: the SSO
list) goes on to the next page number after a full page, as tokenkit does; any other ends.
*/
function nextPage(answer: JsonAnswer, url: string, numberedPageSize: number | undefined): string | undefined {
	const link = answer.headers.get('link');
	if (link !== null) {
		return /<([^>]*)>\s*;\s*rel="next"/.exec(link)?.[1];
	}

	if (numberedPageSize === undefined || arrayOf(answer.body).length < numberedPageSize) {
		return undefined;
	}

	const next = new URL(url);
	next.searchParams.set('page', String(Number(next.searchParams.get('page') ?? '1') + 1));
	return next.href;
}
