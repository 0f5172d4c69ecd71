import {describe, expect, it} from 'vitest';
import {overlappingPages, type UnreadAnswer} from '../../../providers/launchdarkly/pages.js';
import {PaginationError} from '../../../src/errors/index.js';
import {paginateOffset} from '../../../src/paginate.js';

const context = {provider: 'launchdarkly', account: 'ld-prod'};

interface FakeList {
	items: string[];
	/** Every request as [offset, limit]. */
	readonly requests: Array<[number, number]>;
}

/** A list server in memory that clamps `limit` to `max` and may change the list after each request. */
function fakeList(count: number, max = 1000, afterRequest?: (list: FakeList) => void) {
	const list: FakeList = {items: Array.from({length: count}, (_, index) => `t${index}`), requests: []};
	const request = async (offset: number, limit: number): Promise<UnreadAnswer<string>> => {
		await Promise.resolve();
		list.requests.push([offset, limit]);
		const served = Math.min(limit, max);
		const answer = {items: list.items.slice(offset, offset + served), total: list.items.length, hasMore: offset + served < list.items.length};
		afterRequest?.(list);
		// As an answer over the wire: what the list held when it was asked, read later.
		return {read: async () => Promise.resolve(answer)};
	};

	return {list, request};
}

async function read(count: number, pageSize: number, max?: number, afterRequest?: (list: FakeList) => void) {
	const {list, request} = fakeList(count, max, afterRequest);
	const pages = overlappingPages({context, pageSize, request, idOf: (item: string) => item});
	const seen: string[] = [];
	for await (const item of paginateOffset({context, idOf: item => item, pageSize: pages.pageSize, fetchPage: pages.fetchPage, concurrency: 3})) {
		seen.push(item);
	}

	return {seen, list};
}

describe('overlappingPages', () => {
	it.each([
		[64, 25, undefined, 3],
		[64, 1000, undefined, 1],
		[64, 2, undefined, 64],
		[64, 1, undefined, 64],
		[40, 1000, 7, 7],
		[40, 25, 1, 40],
		[0, 25, undefined, 1],
	])('%i items, pages of %i, server max %s: every item once, in %i requests', async (count, pageSize, max, requests) => {
		const {seen, list} = await read(count, pageSize, max);
		expect(seen).toEqual(list.items);
		expect(list.requests).toHaveLength(requests);
		expect(list.requests.every(([, limit]) => limit <= pageSize)).toBe(true);
	});

	it('asks every page after the first from one item before it', async () => {
		const {list} = await read(64, 25);
		expect(list.requests).toEqual([[0, 25], [23, 25], [47, 25]]);
	});

	it('fails when a token is deleted and another created during the listing, which leaves the total as it was', async () => {
		let churned = false;
		const attempt = read(30, 5, undefined, list => {
			if (!churned) {
				churned = true;
				list.items = [...list.items.filter(item => item !== 't1'), 'new'];
			}
		});
		await expect(attempt).rejects.toThrow(PaginationError);
		await expect(attempt).rejects.toThrow(/two pages disagree on the token at position 3: t3 in the page before, t4 in the page after; tokens were created or deleted while listing/);
	});

	it('notices the list moving when the later of two neighbouring pages answers first', async () => {
		const list: FakeList = {items: Array.from({length: 30}, (_, index) => `t${index}`), requests: []};
		// The page from offset 3 answers last; the one from 7 reads the list, and then t5 (inside the page from 3) is deleted and a token made.
		const request = async (offset: number, limit: number): Promise<UnreadAnswer<string>> => {
			await new Promise(resolve => setTimeout(resolve, offset === 3 ? 30 : 0));
			list.requests.push([offset, limit]);
			const answer = {items: list.items.slice(offset, offset + limit), total: list.items.length, hasMore: offset + limit < list.items.length};
			if (offset === 7) {
				list.items = [...list.items.filter(item => item !== 't5'), 'new'];
			}

			return {read: async () => Promise.resolve(answer)};
		};
		const pages = overlappingPages({context, pageSize: 5, request, idOf: (item: string) => item});

		const attempt = (async () => {
			for await (const item of paginateOffset({context, idOf: each => each, pageSize: pages.pageSize, fetchPage: pages.fetchPage, concurrency: 3})) {
				expect(item).toBeTruthy();
			}
		})();

		await expect(attempt).rejects.toThrow(/two pages disagree on the token at position 7: t8 in the page before, t7 in the page after/);
		const answered = list.requests.map(([offset]) => offset);
		expect(answered.indexOf(7)).toBeLessThan(answered.indexOf(3));
	});

	it('holds a few ids to compare, not one per token, however long the list', async () => {
		const {request} = fakeList(10_000);
		const pages = overlappingPages({context, pageSize: 10, request, idOf: (item: string) => item});
		let listed = 0;
		let most = 0;
		for await (const item of paginateOffset({context, idOf: each => each, pageSize: pages.pageSize, fetchPage: pages.fetchPage, concurrency: 8})) {
			expect(item).toBeTruthy();
			listed++;
			most = Math.max(most, pages.remembered);
		}

		expect(listed).toBe(10_000);
		// At most the ends of the pages in flight, plus the first page's first positions.
		expect(most).toBeLessThanOrEqual(2 * 8 + 2);
	});
});
