import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import type {CloudflareSimulator} from '../../../providers/cloudflare/simulator.js';
import {createRandom} from '../../../src/simulate/random.js';
import type {SimRequest} from '../../../src/simulate/types.js';
import {account, useCloudflare} from './support.js';

const start = useCloudflare();

const PageSchema = v.object({
	success: v.literal(true),
	result: v.array(v.record(v.string(), v.unknown())),
	result_info: v.object({page: v.number(), per_page: v.number(), count: v.number(), total_count: v.number()}),
});
const CreatedSchema = v.object({result: v.object({id: v.string()})});
const GroupsSchema = v.object({result: v.array(v.object({id: v.string()}))});

interface Listing {
	readonly direction: 'asc' | 'desc';
	readonly includeExpired: boolean;
	readonly perPage: number;
}

/**
What a page should hold, worked out the plain way from every token of the account as it is now: the visible ones
sorted by issue time then id (no two seeded or created here share a second), reversed for `desc`, then sliced.
*/
function expectedPage(simulator: CloudflareSimulator, listing: Listing, page: number): v.InferOutput<typeof PageSchema> {
	const visible = simulator.tokens(account)
		.filter(token => listing.includeExpired || token['status'] !== 'expired')
		.toSorted((a, b) => String(a['issued_on']).localeCompare(String(b['issued_on'])) || String(a['id']).localeCompare(String(b['id'])));
	const ordered = listing.direction === 'asc' ? visible : visible.toReversed();
	const result = ordered.slice((page - 1) * listing.perPage, page * listing.perPage);
	return {success: true, result, result_info: {page, per_page: listing.perPage, count: result.length, total_count: visible.length}};
}

describe('the Cloudflare simulator\'s token list', () => {
	it('serves each page in issue order, either way, with its count and total, as tokens are made and deleted between pages', async () => {
		let now = Date.UTC(2026, 2, 1, 12);
		const cloudflare = await start({tokens: 40, now: () => now});
		const {simulator} = cloudflare;
		const accountId = simulator.accountId(account);
		const ownId = simulator.tokenIdFor(account);
		const base = `${cloudflare.server.baseUrl}/accounts/${accountId}/tokens`;
		const headers = {authorization: `Bearer ${simulator.keyFor(account)}`, 'content-type': 'application/json'};
		const [group] = v.parse(GroupsSchema, await (await fetch(`${base}/permission_groups?name=DNS%20Read`, {headers})).json()).result;
		const churnRequest: SimRequest = {method: 'GET', path: '/', query: new URLSearchParams(), headers, body: undefined, bodyInvalid: false, remoteAddress: '127.0.0.1'};
		const random = createRandom(3);
		let changes = 0;

		/** Between two pages: a token made and one deleted through the API, and every other time a churn round (one more of each). */
		const change = async (): Promise<void> => {
			changes++;
			now += 1000;
			const body = JSON.stringify({name: `made-${changes}`, policies: [{effect: 'allow', permission_groups: [{id: group?.id ?? ''}], resources: {[`com.cloudflare.api.account.${accountId}`]: {'com.cloudflare.api.account.zone.*': '*'}}}]});
			const created = v.parse(CreatedSchema, await (await fetch(base, {method: 'POST', headers, body})).json()).result.id;
			// The earliest token (which moves every later one up a place) or one from the middle; never the caller's own or the one just made.
			const others = expectedPage(simulator, {direction: 'asc', includeExpired: true, perPage: 1000}, 1).result.map(token => token['id']).filter(id => id !== ownId && id !== created);
			const doomed = changes % 3 === 0 ? others[Math.floor(others.length / 2)] : others[0];
			expect((await fetch(`${base}/${String(doomed)}`, {method: 'DELETE', headers})).status).toBe(200);
			if (changes % 2 === 0) {
				now += 1000;
				simulator.churn(churnRequest, random);
			}
		};

		for (const listing of [{direction: 'asc', includeExpired: true, perPage: 7}, {direction: 'desc', includeExpired: true, perPage: 5}, {direction: 'asc', includeExpired: false, perPage: 6}, {direction: 'desc', includeExpired: false, perPage: 9}] as const) {
			let pages = 0;
			for (let page = 1; ; page++) {
				const query = new URLSearchParams({page: String(page), per_page: String(listing.perPage), direction: listing.direction, ...(listing.includeExpired ? {include_expired: 'true'} : {})});
				// Worked out before the request: the caller's own key shows the use before this one, as Cloudflare records a use after answering.
				const expected = expectedPage(simulator, listing, page);
				const answer = v.parse(PageSchema, await (await fetch(`${base}?${query.toString()}`, {headers})).json());
				expect(answer).toEqual(expected);
				pages++;
				if (answer.result.length === 0) {
					break;
				}

				await change();
			}

			expect(pages).toBeGreaterThan(4);
		}

		// The two ways round are the same order: every token, once, each way.
		const whole = (direction: 'asc' | 'desc') => expectedPage(simulator, {direction, includeExpired: true, perPage: 1000}, 1).result.map(token => token['id']);
		const walked = async (direction: 'asc' | 'desc'): Promise<unknown[]> => {
			const ids: unknown[] = [];
			for (let page = 1; ; page++) {
				const answer = v.parse(PageSchema, await (await fetch(`${base}?page=${page}&per_page=50&include_expired=true&direction=${direction}`, {headers})).json());
				if (answer.result.length === 0) {
					return ids;
				}

				ids.push(...answer.result.map(token => token['id']));
			}
		};

		expect(await walked('asc')).toEqual(whole('asc'));
		expect(await walked('desc')).toEqual(whole('asc').toReversed());
	});
});
