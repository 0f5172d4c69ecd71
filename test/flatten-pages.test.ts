import {describe, expect, it} from 'vitest';
import {flattenPages, readInPages} from '../src/flatten-pages.js';
import type * as FlattenPagesModule from '../src/flatten-pages.js';
import {mapEach} from '../src/map-each.js';

interface Source {
	readonly pages: AsyncGenerator<readonly number[], void, undefined>;
	/** Pages handed out so far. */
	readonly pulled: () => number;
	/** Whether the generator's `finally` ran: the listing it stands for was stopped. */
	readonly closed: () => boolean;
}

/** Pages that arrive a macrotask apart, as pages from the network do; `failAt` makes that page fail instead. */
function source(pages: ReadonlyArray<readonly number[]>, failAt?: number): Source {
	let pulled = 0;
	let closed = false;
	async function* generate(): AsyncGenerator<readonly number[], void, undefined> {
		try {
			for (const [index, page] of pages.entries()) {
				await new Promise(resolve => setTimeout(resolve, 1));
				if (index === failAt) {
					throw new Error(`page ${index} failed`);
				}

				pulled++;
				yield page;
			}
		} finally {
			closed = true;
		}
	}

	return {pages: generate(), pulled: () => pulled, closed: () => closed};
}

async function drainPages<T>(pages: AsyncIterable<Iterable<T>>): Promise<T[][]> {
	const read: T[][] = [];
	for await (const page of pages) {
		read.push([...page]);
	}

	return read;
}

async function drain<T>(iterable: AsyncIterable<T>): Promise<T[]> {
	const items: T[] = [];
	for await (const item of iterable) {
		items.push(item);
	}

	return items;
}

describe('flattenPages', () => {
	it('yields every item of every page in order, empty pages included', async () => {
		const {pages, closed} = source([[1, 2], [], [3], [4, 5, 6]]);
		expect(await drain(flattenPages(pages))).toEqual([1, 2, 3, 4, 5, 6]);
		expect(closed()).toBe(true);
	});

	it('asks for the next page only when the one in hand is used up', async () => {
		const {pages, pulled} = source([[1, 2], [3, 4], [5]]);
		const items = flattenPages(pages);
		expect(await items.next()).toEqual({done: false, value: 1});
		expect(await items.next()).toEqual({done: false, value: 2});
		expect(pulled()).toBe(1);
		expect(await items.next()).toEqual({done: false, value: 3});
		expect(pulled()).toBe(2);
	});

	it('closes the pages when the loop is left early, and is done afterwards', async () => {
		const {pages, pulled, closed} = source([[1, 2], [3, 4], [5]]);
		const items = flattenPages(pages);
		for await (const item of items) {
			expect(item).toBe(1);
			break;
		}

		expect(closed()).toBe(true);
		expect(pulled()).toBe(1);
		expect(await items.next()).toEqual({done: true, value: undefined});
	});

	it('answers calls made before the last one settled in order, as a generator does', async () => {
		const {pages} = source([[1], [2, 3], [], [4]]);
		const items = flattenPages(pages);
		const answers = await Promise.all(Array.from({length: 6}, async () => items.next()));
		expect(answers.map(answer => answer.done === true ? 'done' : answer.value)).toEqual([1, 2, 3, 4, 'done', 'done']);
	});

	it('fails after the items of the pages before the failure', async () => {
		const {pages} = source([[1, 2], [3], [4]], 2);
		const seen: number[] = [];
		await expect(async () => {
			for await (const item of flattenPages(pages)) {
				seen.push(item);
			}
		}).rejects.toThrow('page 2 failed');
		expect(seen).toEqual([1, 2, 3]);
	});

	it('closes the pages and rethrows on throw()', async () => {
		const {pages, closed} = source([[1, 2], [3]]);
		const items = flattenPages(pages);
		await items.next();
		const reason = new Error('stop');
		await expect(items.throw(reason)).rejects.toBe(reason);
		expect(closed()).toBe(true);
	});
});

describe('readInPages', () => {
	it('gives a flattened listing back its pages, the rest of a page partly read first, empty pages skipped', async () => {
		const {pages, closed} = source([[1, 2, 3], [], [4], [5, 6]]);
		const items = flattenPages(pages);
		expect(await items.next()).toEqual({done: false, value: 1});
		expect(await drainPages(readInPages(items))).toEqual([[2, 3], [4], [5, 6]]);
		expect(closed()).toBe(true);
	});

	it('answers in order when a page is asked for while an item is still on its way', async () => {
		const {pages} = source([[1], [2, 3]]);
		const items = flattenPages(pages);
		const first = items.next();
		const rest = await drainPages(readInPages(items));
		expect(await first).toEqual({done: false, value: 1});
		expect(rest).toEqual([[2, 3]]);
	});

	it('takes whole pages from a listing flattened by another copy of the module (a vendor module\'s library)', async () => {
		// A second instance of the module, as a vendor module that imports the tokenkit library has beside the
		// bundled command: its own functions and its own module state.
		const anotherCopy = '../src/flatten-pages.js?another-copy';
		const otherCopy = await import(/* @vite-ignore */ anotherCopy) as typeof FlattenPagesModule;
		expect(otherCopy.flattenPages).not.toBe(flattenPages);
		const {pages} = source([[1, 2, 3], [4, 5]]);

		expect(await drainPages(readInPages(otherCopy.flattenPages(pages)))).toEqual([[1, 2, 3], [4, 5]]);
	});

	it('makes a page of each item of any other async iterable', async () => {
		async function* numbers(): AsyncGenerator<number, void, undefined> {
			for (const number of [1, 2]) {
				// A source that waits between items, as a listing does.
				await Promise.resolve();
				yield number;
			}
		}

		expect(await drainPages(readInPages(numbers()))).toEqual([[1], [2]]);
	});

	it('stops the listing when the reader leaves early', async () => {
		const {pages, pulled, closed} = source([[1, 2], [3], [4]]);
		for await (const page of readInPages(flattenPages(pages))) {
			expect([...page]).toEqual([1, 2]);
			break;
		}

		expect(closed()).toBe(true);
		expect(pulled()).toBe(1);
	});

	it('makes a page\'s items only as the page is read, and keeps them from the next page', async () => {
		const made: number[] = [];
		async function* pagesMadeLazily(): AsyncGenerator<Iterable<number>, void, undefined> {
			for (const page of [[1, 2, 3], [4, 5]]) {
				await new Promise(resolve => setTimeout(resolve, 1));
				yield mapEach(page, item => {
					made.push(item);
					return item * 10;
				});
			}
		}

		const pages = readInPages(flattenPages(pagesMadeLazily()))[Symbol.asyncIterator]();
		const first = await pages.next();
		expect(made).toEqual([1]);
		const firstItems = first.done === true ? [] : [...first.value];
		expect(firstItems).toEqual([10, 20, 30]);
		expect(made).toEqual([1, 2, 3]);
		const second = await pages.next();
		expect(second.done === true ? [] : [...second.value]).toEqual([40, 50]);
		expect((await pages.next()).done).toBe(true);
	});

	it('passes a page\'s failure on after the pages before it', async () => {
		const {pages} = source([[1], [2]], 1);
		const seen: number[][] = [];
		await expect((async () => {
			for await (const page of readInPages(flattenPages(pages))) {
				seen.push([...page]);
			}
		})()).rejects.toThrow('page 1 failed');
		expect(seen).toEqual([[1]]);
	});
});
