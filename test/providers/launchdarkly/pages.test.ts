import {describe, expect, it} from 'vitest';
import {overlappingPages, type ListAnswer} from '../../../providers/launchdarkly/pages.js';
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
	const request = async (offset: number, limit: number): Promise<ListAnswer<string>> => {
		await Promise.resolve();
		list.requests.push([offset, limit]);
		const served = Math.min(limit, max);
		const answer = {items: list.items.slice(offset, offset + served), total: list.items.length, hasMore: offset + served < list.items.length};
		afterRequest?.(list);
		return answer;
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
		await expect(attempt).rejects.toThrow(/token t3 at position 3 was replaced by t4 between two pages: tokens were created or deleted while listing/);
	});
});
