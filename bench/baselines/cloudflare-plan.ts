import {cloudflareMaxPageSize} from '../../providers/cloudflare/index.js';
import {arrayOf, field, type JsonAnswer} from './json-get.js';
import {walkPages, type PlanOptions, type PlanWalk} from './page-walk.js';

export interface CloudflarePlanAccount {
	readonly apiKey: string;
	/** The API root, `…/client/v4`; routes are joined to it as text, since it has a path. */
	readonly baseUrl: string;
	/** The account's 32-hex id, for its account tokens; unused for user tokens. */
	readonly id: string;
	/** An account's tokens, or the user tokens of the user whose token the key is. */
	readonly scope: 'account' | 'user';
}

/**
One scope's tokens in tokenkit's request plan (providers/cloudflare/): for user tokens, who the user is (`GET /user`,
the owner of every one of them), then the list page by page, `per_page` 50 (Cloudflare's largest) with expired tokens
included, until a page comes back empty, each page asked for once the one before has come back with tokens.

tokenkit also asks, before the first page, which token its key is (`GET …/tokens/verify`), to mark the account's own
credential; a script has no need of it, so neither plan sends it. A script that sends no page size gets Cloudflare's
20 a page, and asks for expired tokens too, or it would not list them all.
*/
export async function walkCloudflare(account: CloudflarePlanAccount, options: PlanOptions): Promise<PlanWalk> {
	const {transport, style, signal} = options;
	const headers = {authorization: `Bearer ${account.apiKey}`};
	let requests = 0;
	const get = async (url: string): Promise<JsonAnswer> => {
		requests++;
		return transport.get(url, headers, signal);
	};

	let at = 0;
	if (account.scope === 'user') {
		await get(`${account.baseUrl}/user`);
		at = 1;
	}

	const list = `${account.baseUrl}/${account.scope === 'user' ? 'user/tokens' : `accounts/${encodeURIComponent(account.id)}/tokens`}`;
	let tokens = 0;
	const roundTrips = await walkPages({
		first: 1,
		fetch: async (page: number) => {
			const url = new URL(list);
			url.searchParams.set('page', String(page));
			if (options.pages === 'largest') {
				url.searchParams.set('per_page', String(cloudflareMaxPageSize));
			}

			url.searchParams.set('include_expired', 'true');
			url.searchParams.set('direction', 'asc');
			return get(url.href);
		},
		// An empty page is the end: Cloudflare's own SDK stops there (docs/vendors/cloudflare.md, pagination).
		next: (answer, page) => (resultOf(answer).length === 0 ? undefined : page + 1),
		work: (answer, start) => {
			tokens += resultOf(answer).length;
			return start;
		},
		style,
	}, at);
	return {tokens, requests, roundTrips};
}

function resultOf(answer: JsonAnswer): unknown[] {
	return arrayOf(field(answer.body, 'result'));
}
