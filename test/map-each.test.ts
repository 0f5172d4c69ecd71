import {describe, expect, it} from 'vitest';
import {flattenPages} from '../src/flatten-pages.js';
import {mapEach} from '../src/map-each.js';

describe('mapEach', () => {
	it('maps each item only when it is read, in order', () => {
		const mapped: number[] = [];
		const items = mapEach([1, 2, 3], item => {
			mapped.push(item);
			return item * 10;
		});
		expect(mapped).toEqual([]);

		const iterator = items[Symbol.iterator]();
		expect(iterator.next()).toEqual({done: false, value: 10});
		expect(mapped).toEqual([1]);
		expect([...iterator]).toEqual([20, 30]);
		expect(mapped).toEqual([1, 2, 3]);
	});

	it('lets a listing hand out the first item of a page before the rest is mapped', async () => {
		const mapped: number[] = [];
		async function* pages(): AsyncGenerator<Iterable<string>, void, undefined> {
			await Promise.resolve();
			yield mapEach([1, 2, 3], item => {
				mapped.push(item);
				return `t${item}`;
			});
		}

		const listing = flattenPages(pages());
		expect(await listing.next()).toEqual({done: false, value: 't1'});
		expect(mapped).toEqual([1]);
		await listing.return();
		expect(mapped).toEqual([1]);
	});
});
