import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {NotFoundError, PaginationError, ResponseShapeError} from '../src/errors/index.js';
import type {HttpClient} from '../src/http/client.js';
import {paginateCursor, paginateNone, paginateOffset, type CursorPage, type OffsetPage, type OffsetPageTerms, type UnreadOffsetPage} from '../src/paginate.js';
import {createReadAheadBudget, type ReadAheadBudget} from '../src/read-ahead.js';
import {parseResponse} from '../src/validate.js';
import {rejection, testClient} from './support/client.js';
import {delay, eventually, sendJson, useLoopbackServers, type Handler} from './support/loopback-server.js';

const start = useLoopbackServers();
const context = {provider: 'testvendor', account: 'acme'};

interface Item {
	readonly id: string;
}

const pageSchema = v.object({
	items: v.array(v.object({id: v.string()})),
	totalCount: v.optional(v.number()),
	next: v.optional(v.nullable(v.string())),
});

function tokens(count: number): Item[] {
	return Array.from({length: count}, (_, index) => ({id: `tok-${String(index).padStart(3, '0')}`}));
}

function ids(items: readonly Item[]): string[] {
	return items.map(item => item.id);
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
	const items: T[] = [];
	for await (const item of iterable) {
		items.push(item);
	}

	return items;
}

interface OffsetServer {
	readonly items: readonly Item[];
	/** The most items the server returns per page, whatever `limit` asks. @default 100 */
	readonly clamp?: number;
	/** Omit `totalCount` from every page. */
	readonly noTotal?: boolean;
	/** Answers late, by offset. */
	readonly delayFor?: (offset: number) => number;
	/** Send `next` (the next offset, or null on the last page), as a link to the next page. */
	readonly links?: boolean;
	/** Rewrites the page the server would send for `offset`. */
	readonly tweak?: (offset: number, page: ServedPage) => ServedPage;
}

interface ServedPage {
	readonly items: readonly Item[];
	readonly totalCount: number;
	readonly next?: string | null;
}

/** A LaunchDarkly-style list endpoint: `GET /tokens?limit&offset` answering `{items, totalCount}` (and `next`). */
function offsetHandler({items, clamp = 100, noTotal = false, links = false, delayFor, tweak}: OffsetServer): Handler {
	return async (request, response) => {
		const url = new URL(request.url ?? '', 'http://x');
		const offset = Number(url.searchParams.get('offset') ?? 0);
		const limit = Math.min(clamp, Number(url.searchParams.get('limit') ?? 20));
		await delay(delayFor?.(offset) ?? 0);
		const next = offset + limit < items.length ? String(offset + limit) : null;
		const honest: ServedPage = {items: items.slice(offset, offset + limit), totalCount: items.length, ...(links ? {next} : {})};
		const {totalCount, ...page} = tweak?.(offset, honest) ?? honest;
		sendJson(response, 200, noTotal ? page : {...page, totalCount});
	};
}

function offsetPages(client: HttpClient, options: {pageSize?: number; concurrency?: number; readAhead?: ReadAheadBudget; signal?: AbortSignal; terms?: OffsetPageTerms} = {}): AsyncGenerator<Item> {
	return paginateOffset<Item>({
		context,
		pageSize: options.pageSize ?? 100,
		concurrency: options.concurrency,
		readAhead: options.readAhead,
		signal: options.signal,
		terms: options.terms,
		idOf: item => item.id,
		async fetchPage(offset, limit, signal): Promise<OffsetPage<Item>> {
			const response = await client.send({method: 'GET', path: 'tokens', query: {limit, offset}, signal});
			const page = parseResponse(pageSchema, response, context);
			return {items: page.items, total: page.totalCount, hasMore: page.next === undefined ? undefined : page.next !== null};
		},
	});
}

/**
As LaunchDarkly's adapter pages, in pages of 10: each answer kept unread (HttpClient.sendUnread) until the pager reaches
it. `arrived` is told when an answer comes in, `reading` when the pager reads it, and may fail that page by throwing.
*/
function unreadOffsetPages(client: HttpClient, hooks: {concurrency?: number; arrived?: (offset: number) => void; reading?: (offset: number) => void}): AsyncGenerator<Item> {
	return paginateOffset<Item>({
		context,
		pageSize: 10,
		concurrency: hooks.concurrency,
		idOf: item => item.id,
		async fetchPage(offset, limit, signal): Promise<UnreadOffsetPage<Item>> {
			const unread = await client.sendUnread({method: 'GET', path: 'tokens', query: {limit, offset}, signal});
			hooks.arrived?.(offset);
			return {
				async read() {
					hooks.reading?.(offset);
					const page = parseResponse(pageSchema, await unread.read(), context);
					return {items: page.items, total: page.totalCount};
				},
			};
		},
	});
}

/**
Reads a listing of pages of 10 slowly (40 ms over each page) and returns, after each page read past the first
five, how many pages the listing had asked for beyond those read: on their way, or come in and waiting.
*/
async function aheadOfSlowReader(server: {readonly requests: readonly unknown[]}, listing: AsyncIterable<Item>): Promise<number[]> {
	const ahead: number[] = [];
	let read = 0;
	for await (const item of listing) {
		read++;
		if (read % 10 === 0) {
			expect(item.id).toBe(`tok-${String(read - 1).padStart(3, '0')}`);
			await delay(40);
			ahead.push(server.requests.length - read / 10);
		}
	}

	return ahead.slice(5, -8);
}

function median(values: readonly number[]): number {
	const sorted = [...values].sort((left, right) => left - right);
	return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function requestedOffsets(requests: ReadonlyArray<{url: string}>): string[] {
	return requests.map(request => {
		const url = new URL(request.url, 'http://x');
		return `${url.searchParams.get('offset') ?? '?'}+${url.searchParams.get('limit') ?? '?'}`;
	});
}

describe('paginateNone', () => {
	it('yields everything one response holds', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 200, {items: tokens(3)});
		});
		const {client} = testClient(server.url);

		const items = await collect(paginateNone(async () => parseResponse(pageSchema, await client.send({method: 'GET', path: 'tokens'}), context).items));

		expect(ids(items)).toEqual(['tok-000', 'tok-001', 'tok-002']);
		expect(server.requests).toHaveLength(1);
	});
});

describe('paginateOffset', () => {
	it('fetches the pages after the first concurrently, bounded, and yields them in order', async () => {
		const all = tokens(40);
		// Later pages answer sooner, so yielding in order cannot be an accident of arrival.
		const server = await start(offsetHandler({items: all, clamp: 7, delayFor: offset => (offset === 0 ? 0 : 100 - offset)}));
		const {client} = testClient(server.url);

		const items = await collect(offsetPages(client, {concurrency: 3}));

		expect(ids(items)).toEqual(ids(all));
		// Asked for 100, served 7: the rest is asked for in pages of 7.
		expect(requestedOffsets(server.requests)).toEqual(['0+100', '7+7', '14+7', '21+7', '28+7', '35+7']);
		expect(server.maxActive).toBe(3);
	});

	it('keeps `concurrency` pages asked for ahead of a slow reader when it has the room to itself', async () => {
		const server = await start(offsetHandler({items: tokens(200), clamp: 10}));
		const {client} = testClient(server.url);

		const ahead = await aheadOfSlowReader(server, offsetPages(client, {concurrency: 6}));

		// A page read, the next one asked for: six pages stay on their way or waiting while the reader works.
		expect(median(ahead)).toBe(6);
	});

	it('keeps two pages of its own ahead of a slow reader, and no more, when the shared room is taken', async () => {
		const server = await start(offsetHandler({items: tokens(200), clamp: 10}));
		const {client} = testClient(server.url);
		const readAhead = createReadAheadBudget(0);

		const ahead = await aheadOfSlowReader(server, offsetPages(client, {concurrency: 8, readAhead}));

		expect(Math.max(...ahead)).toBe(2);
		expect(readAhead.free()).toBe(0);
	});

	it('shares the room for pages ahead between listings, and gives it all back when they end', async () => {
		const servers = [await start(offsetHandler({items: tokens(200), clamp: 10})), await start(offsetHandler({items: tokens(200), clamp: 10}))];
		const readAhead = createReadAheadBudget(3);
		const pagesRead = [0, 0];
		const aheadOfEach: number[] = [];
		const aheadOfBoth: number[] = [];
		await Promise.all(servers.map(async (server, listing) => {
			for await (const item of offsetPages(testClient(server.url).client, {concurrency: 8, readAhead})) {
				if (item.id.endsWith('9')) {
					const read = (pagesRead[listing] ?? 0) + 1;
					pagesRead[listing] = read;
					await delay(40);
					aheadOfEach.push(server.requests.length - read);
					aheadOfBoth.push(servers.reduce((sum, each) => sum + each.requests.length, 0) - pagesRead.reduce((sum, each) => sum + each, 0));
				}
			}
		}));

		expect(pagesRead).toEqual([20, 20]);
		// Two pages each of their own, and three more between them: never the sixteen of two listings at eight.
		expect(Math.max(...aheadOfEach)).toBeLessThanOrEqual(5);
		expect(Math.max(...aheadOfBoth)).toBeLessThanOrEqual(7);
		// The room is used, not only bounded.
		expect(Math.max(...aheadOfBoth)).toBeGreaterThan(4);
		expect(readAhead.free()).toBe(3);
	});

	it('hands room given back to a listing that waits for it at once, not at its next page', async () => {
		const server = await start(offsetHandler({items: tokens(100), clamp: 10, delayFor: offset => (offset === 10 ? 600 : 0)}));
		const readAhead = createReadAheadBudget(4);
		// Another listing holds all the room.
		for (let page = 0; page < 4; page++) {
			expect(readAhead.take()).toBe(true);
		}

		const listing = collect(offsetPages(testClient(server.url).client, {concurrency: 8, readAhead}));
		// The first page, then its own two (offsets 10 and 20), and it waits on the one at 10.
		await eventually(() => server.requests.length === 3);
		await delay(50);
		expect(server.requests).toHaveLength(3);

		const given = performance.now();
		readAhead.give(4);
		await eventually(() => server.requests.length === 7, 400);
		// Before its page at 10 came in (600 ms): the room was used while the listing still waited.
		expect(performance.now() - given).toBeLessThan(400);
		expect(ids(await listing)).toEqual(ids(tokens(100)));
		expect(readAhead.free()).toBe(4);
	});

	it('gives its room back when the reader leaves early or the listing fails', async () => {
		const server = await start(offsetHandler({items: tokens(200), clamp: 10, tweak: (offset, page) => (offset === 120 ? {...page, totalCount: 201} : page)}));
		const readAhead = createReadAheadBudget(5);

		for await (const item of offsetPages(testClient(server.url).client, {concurrency: 8, readAhead})) {
			if (item.id === 'tok-030') {
				break;
			}
		}

		expect(readAhead.free()).toBe(5);
		await rejection(collect(offsetPages(testClient(server.url).client, {concurrency: 8, readAhead})), PaginationError);
		expect(readAhead.free()).toBe(5);
	});

	it('widens to `concurrency` pages in flight while the reader waits for the network', async () => {
		const server = await start(offsetHandler({items: tokens(300), clamp: 10, delayFor: offset => (offset === 0 ? 0 : 60)}));
		const {client} = testClient(server.url);

		expect(ids(await collect(offsetPages(client, {concurrency: 6, readAhead: createReadAheadBudget(4)})))).toEqual(ids(tokens(300)));
		expect(server.maxActive).toBe(6);
	});

	it('fills a page the server cut short in the middle', async () => {
		const all = tokens(30);
		const server = await start(offsetHandler({
			items: all,
			clamp: 10,
			tweak: (offset, page) => (offset === 10 ? {...page, items: page.items.slice(0, 4)} : page),
		}));
		const {client} = testClient(server.url);

		const items = await collect(offsetPages(client, {concurrency: 1}));

		expect(ids(items)).toEqual(ids(all));
		// The gap 14..19 is asked for exactly; the page at 20 may already be on its way.
		expect(requestedOffsets(server.requests).sort()).toEqual(['0+100', '10+10', '14+6', '20+10']);
	});

	it('fills a short last page', async () => {
		const all = tokens(25);
		const server = await start(offsetHandler({
			items: all,
			clamp: 10,
			tweak: (offset, page) => (offset === 20 ? {...page, items: page.items.slice(0, 2)} : page),
		}));
		const {client} = testClient(server.url);

		expect(ids(await collect(offsetPages(client)))).toEqual(ids(all));
		expect(requestedOffsets(server.requests)).toContain('22+10');
	});

	it('fails with PaginationError on an id seen twice, rather than dropping it', async () => {
		const all = tokens(12);
		// The second page repeats the last item of the first, as a list shifted by a deletion would.
		const server = await start(offsetHandler({
			items: all,
			clamp: 6,
			tweak: (offset, page) => (offset === 6 ? {...page, items: [all[5] ?? {id: ''}, ...page.items.slice(1)]} : page),
		}));
		const {client} = testClient(server.url);

		const error = await rejection(collect(offsetPages(client)), PaginationError);

		expect(error.message).toBe('[tokenkit:testvendor] account "acme": token id "tok-005" was listed twice (again in the page at offset 6); the list cannot be trusted to be complete');
	});

	it('fails with PaginationError on an id that comes again pages later, or within one page', async () => {
		const all = tokens(30);
		const later = await start(offsetHandler({
			items: all,
			clamp: 5,
			tweak: (offset, page) => (offset === 25 ? {...page, items: [...page.items.slice(0, 4), all[2] ?? {id: ''}]} : page),
		}));
		const within = await start(offsetHandler({
			items: all,
			clamp: 5,
			tweak: (offset, page) => (offset === 10 ? {...page, items: [...page.items.slice(0, 4), page.items[1] ?? {id: ''}]} : page),
		}));

		expect((await rejection(collect(offsetPages(testClient(later.url).client)), PaginationError)).message).toContain('token id "tok-002" was listed twice (again in the page at offset 25)');
		expect((await rejection(collect(offsetPages(testClient(within.url).client)), PaginationError)).message).toContain('token id "tok-011" was listed twice (again in the page at offset 10)');
	});

	it('quotes a repeated id inertly: control and bidi characters escaped, a long one cut', async () => {
		const hostile = `ev\u001b[2Jil\u202e${'x'.repeat(200)}`;
		const server = await start(offsetHandler({items: [{id: hostile}, {id: hostile}]}));

		const error = await rejection(collect(offsetPages(testClient(server.url).client)), PaginationError);

		expect(error.message).toContain(String.raw`token id "ev\u001b[2Jil\u202e${'x'.repeat(71)}…" was listed twice`);
		expect(error.message.includes('\u001b') || error.message.includes('\u202e')).toBe(false);
	});

	it('fails with PaginationError when a page holds more tokens than the total announced', async () => {
		const server = await start(offsetHandler({items: tokens(20), clamp: 5, tweak: (_offset, page) => ({...page, totalCount: 3})}));

		const error = await rejection(collect(offsetPages(testClient(server.url).client, {terms: {total: 'totalCount', hasMore: '_links.next'}})), PaginationError);

		expect(error.message).toBe('[tokenkit:testvendor] account "acme": the page at offset 0 holds 5 tokens, more than the 3 announced in all (totalCount); the list cannot be trusted to be complete');
	});

	it('fails with PaginationError when a page says more follow once the total is reached (a total lower than the list)', async () => {
		// Pages of 5 that say more follow, and a total of 5: the listing would stop after the first page, complete.
		const server = await start(offsetHandler({items: tokens(20), clamp: 5, links: true, tweak: (_offset, page) => ({...page, totalCount: 5})}));

		const error = await rejection(collect(offsetPages(testClient(server.url).client, {terms: {total: 'totalCount', hasMore: '_links.next'}})), PaginationError);

		expect(error.message).toContain('the page at offset 0 says more pages follow (_links.next), but with it the list already holds the 5 tokens announced in all (totalCount)');
	});

	it('fails with PaginationError when a page says none follow before the total is reached', async () => {
		const server = await start(offsetHandler({items: tokens(20), clamp: 5, links: true, tweak: (offset, page) => (offset === 10 ? {...page, next: null} : page)}));

		const error = await rejection(collect(offsetPages(testClient(server.url).client, {concurrency: 1})), PaginationError);

		expect(error.message).toContain('the page at offset 10 says no page follows (no next-page link), but the list holds 15 of the 20 tokens announced in all (total)');
	});

	it('fails with PaginationError, without a total, on an empty page that says more follow', async () => {
		const server = await start(offsetHandler({items: tokens(12), clamp: 5, noTotal: true, links: true, tweak: (offset, page) => (offset === 10 ? {...page, items: [], next: '15'} : page)}));

		const error = await rejection(collect(offsetPages(testClient(server.url).client)), PaginationError);

		expect(error.message).toContain('the page at offset 10 is empty but says more pages follow (next-page link)');
	});

	it('lists a whole account whose pages, links and total agree', async () => {
		const all = tokens(23);
		const server = await start(offsetHandler({items: all, clamp: 5, links: true}));

		expect(ids(await collect(offsetPages(testClient(server.url).client)))).toEqual(ids(all));
	});

	it('throws PaginationError when the total changes while listing', async () => {
		const server = await start(offsetHandler({
			items: tokens(20),
			clamp: 5,
			tweak: (offset, page) => (offset === 10 ? {...page, totalCount: 21} : page),
		}));
		const {client} = testClient(server.url);

		const error = await rejection(collect(offsetPages(client, {concurrency: 1})), PaginationError);

		expect(error.message).toContain('changed from 20 to 21');
		expect(error.message).toMatch(/^\[tokenkit:testvendor\] account "acme":/);
	});

	it('throws PaginationError when an announced page comes back empty', async () => {
		const server = await start(offsetHandler({
			items: tokens(20),
			clamp: 5,
			tweak: (offset, page) => (offset === 10 ? {...page, items: []} : page),
		}));
		const {client} = testClient(server.url);

		const error = await rejection(collect(offsetPages(client)), PaginationError);

		expect(error.message).toContain('page at offset 10 was empty although 20 tokens were announced');
	});

	it('reads page after page until an empty one when the server sends no total', async () => {
		const all = tokens(12);
		const server = await start(offsetHandler({items: all, clamp: 5, noTotal: true}));
		const {client} = testClient(server.url);

		expect(ids(await collect(offsetPages(client)))).toEqual(ids(all));
		expect(requestedOffsets(server.requests)).toEqual(['0+100', '5+100', '10+100', '12+100']);
	});

	it('stops requesting, and aborts what is in flight, when the consumer breaks out', async () => {
		// Page 5 takes long enough for 10 and 15 to reach the server; those answer so late they are still in flight when the loop is left.
		const server = await start(offsetHandler({items: tokens(50), clamp: 5, delayFor: offset => (offset === 0 ? 0 : offset === 5 ? 100 : 400)}));
		const {client} = testClient(server.url);

		const seen: string[] = [];
		for await (const item of offsetPages(client, {concurrency: 3})) {
			seen.push(item.id);
			if (seen.length === 6) {
				break;
			}
		}

		expect(seen).toEqual(ids(tokens(6)));
		// Pages 0 and 5 were read; 10 and 15 were on the wire, and 20 had just been started (it may not have reached the server).
		expect(requestedOffsets(server.requests).slice(0, 4)).toEqual(['0+100', '5+5', '10+5', '15+5']);
		await eventually(() => server.abandoned >= 2 && server.abandoned === server.requests.length - 2);
		const sent = server.requests.length;
		// Longer than the late pages take: had anything kept running, more requests would arrive now.
		await delay(500);
		expect(server.requests).toHaveLength(sent);
		expect(sent).toBeLessThanOrEqual(5);
		expect(server.abandoned).toBe(sent - 2);
		expect(client.limiter.inFlight).toBe(0);
	});

	it('stops everything when the caller aborts', async () => {
		const server = await start(offsetHandler({items: tokens(20), clamp: 5, delayFor: offset => (offset === 0 ? 0 : 300)}));
		const {client} = testClient(server.url);
		const controller = new AbortController();
		const reason = new Error('user pressed ctrl-c');

		const listing = collect(offsetPages(client, {signal: controller.signal}));
		await eventually(() => server.requests.length > 1);
		controller.abort(reason);

		expect(await rejection(listing, Error)).toBe(reason);
		await eventually(() => server.abandoned >= 1);
	});

	it('reads a page that came unread only when the listing reaches it, in page order', async () => {
		const all = tokens(60);
		const server = await start(offsetHandler({items: all, clamp: 10}));
		const {client} = testClient(server.url);
		const log: string[] = [];
		const listing = unreadOffsetPages(client, {
			concurrency: 4,
			arrived(offset) {
				log.push(`arrived ${offset}`);
			},
			reading(offset) {
				log.push(`read ${offset}`);
			},
		});

		/** At each page's first item, the last page read; after the reader's work on it, how many later pages had come in unread. */
		const seen: Array<{offset: number; lastRead: string | undefined; arrivedLater: number}> = [];
		let index = 0;
		for await (const item of listing) {
			expect(item.id).toBe(all[index]?.id);
			if (index % 10 === 0) {
				const lastRead = log.filter(entry => entry.startsWith('read')).at(-1);
				// A slow reader: the pages after this one come in meanwhile.
				await delay(30);
				const arrivedLater = log.filter(entry => entry.startsWith('arrived') && Number(entry.split(' ')[1]) > index).length;
				seen.push({offset: index, lastRead, arrivedLater});
			}

			index++;
		}

		expect(index).toBe(60);
		expect(seen.map(page => page.lastRead)).toEqual(['read 0', 'read 10', 'read 20', 'read 30', 'read 40', 'read 50']);
		expect(log.filter(entry => entry.startsWith('read'))).toEqual(['read 0', 'read 10', 'read 20', 'read 30', 'read 40', 'read 50']);
		// Pages did come in ahead of the reader, the first page's reader included, and waited unread.
		expect(seen.slice(0, 3).every(page => page.arrivedLater >= 1)).toBe(true);
	});

	it('fails with a page read when reached, after the pages before it were handed out', async () => {
		const all = tokens(30);
		const server = await start(offsetHandler({items: all, clamp: 10}));
		const {client} = testClient(server.url);
		const handedOut: string[] = [];
		const listing = unreadOffsetPages(client, {
			reading(offset) {
				if (offset === 20) {
					throw new PaginationError('page 20 does not add up', context);
				}
			},
		});

		const error = await rejection((async () => {
			for await (const item of listing) {
				handedOut.push(item.id);
			}
		})(), PaginationError);

		expect(error.message).toContain('page 20 does not add up');
		expect(handedOut).toEqual(ids(all.slice(0, 20)));
	});
});

describe('paginateCursor', () => {
	/** An Opal-style endpoint: `GET /tokens?cursor=` answering `{items, next}` from a table of pages. */
	function cursorHandler(pages: Record<string, {items: readonly Item[]; next: string | null}>): Handler {
		return (request, response) => {
			const cursor = new URL(request.url ?? '', 'http://x').searchParams.get('cursor') ?? '';
			const page = pages[cursor];
			if (page === undefined) {
				sendJson(response, 404, {message: `no page ${cursor}`});
				return;
			}

			sendJson(response, 200, page);
		};
	}

	function cursorPages(client: HttpClient): AsyncGenerator<Item> {
		return paginateCursor<Item>({
			context,
			idOf: item => item.id,
			async fetchPage(cursor, signal): Promise<CursorPage<Item>> {
				const response = await client.send({method: 'GET', path: 'tokens', query: {cursor: cursor ?? undefined}, signal});
				const page = parseResponse(pageSchema, response, context);
				return {items: page.items, next: page.next};
			},
		});
	}

	/** As the Opal adapter reads pages: `next` first, the items (validated) only when the pager asks for them. */
	function lazyCursorPages(client: HttpClient, log: string[]): AsyncGenerator<Item> {
		return paginateCursor<Item>({
			context,
			idOf: item => item.id,
			async fetchPage(cursor, signal): Promise<CursorPage<Item>> {
				log.push(`request ${cursor ?? 'first'}`);
				const response = await client.send({method: 'GET', path: 'tokens', query: {cursor: cursor ?? undefined}, signal});
				const next: unknown = Reflect.get(Object(response.body), 'next');
				return {
					next: typeof next === 'string' ? next : null,
					items: () => {
						log.push(`read ${cursor ?? 'first'}`);
						return parseResponse(pageSchema, response, context).items;
					},
				};
			},
		});
	}

	it('follows the cursor until it is null', async () => {
		const all = tokens(5);
		const server = await start(cursorHandler({
			'': {items: all.slice(0, 2), next: 'c1'},
			c1: {items: all.slice(2, 4), next: 'c2'},
			c2: {items: all.slice(4), next: null},
		}));
		const {client} = testClient(server.url);

		expect(ids(await collect(cursorPages(client)))).toEqual(ids(all));
		expect(server.requests.map(request => request.url)).toEqual(['/tokens', '/tokens?cursor=c1', '/tokens?cursor=c2']);
	});

	it('rejects a cursor seen twice instead of looping', async () => {
		const all = tokens(6);
		const server = await start(cursorHandler({
			'': {items: all.slice(0, 2), next: 'c1'},
			c1: {items: all.slice(2, 4), next: 'c2'},
			c2: {items: all.slice(4), next: 'c1'},
		}));
		const {client} = testClient(server.url);

		const error = await rejection(collect(cursorPages(client)), PaginationError);

		expect(error.message).toContain('cursor "c1" a second time after 3 pages');
		expect(server.requests).toHaveLength(3);
	});

	it('rejects an empty page that still names a next cursor', async () => {
		const server = await start(cursorHandler({
			'': {items: tokens(2), next: 'c1'},
			c1: {items: [], next: 'c2'},
		}));
		const {client} = testClient(server.url);

		const error = await rejection(collect(cursorPages(client)), PaginationError);

		expect(error.message).toContain('page 2 was empty but named a next cursor');
		expect(server.requests).toHaveLength(2);
	});

	it('fails with PaginationError on an id seen on an earlier page, rather than dropping it', async () => {
		const all = tokens(6);
		const server = await start(cursorHandler({
			'': {items: all.slice(0, 3), next: 'c1'},
			c1: {items: all.slice(3, 5), next: 'c2'},
			c2: {items: [all[5] ?? {id: ''}, all[0] ?? {id: ''}], next: null},
		}));
		const {client} = testClient(server.url);

		const error = await rejection(collect(cursorPages(client)), PaginationError);

		expect(error.message).toBe('[tokenkit:testvendor] account "acme": token id "tok-000" was listed twice (again on page 3); the list cannot be trusted to be complete');
	});

	it('aborts the request in flight, and sends no further one, when the consumer breaks out', async () => {
		const all = tokens(6);
		const pages = cursorHandler({
			'': {items: all.slice(0, 2), next: 'c1'},
			c1: {items: all.slice(2, 4), next: 'c2'},
			c2: {items: all.slice(4), next: null},
		});
		// The second page answers late, so it is still on its way when the loop is left.
		const server = await start(async (request, response, index) => {
			await delay(index === 0 ? 0 : 300);
			await pages(request, response, index);
		});
		const {client} = testClient(server.url);

		for await (const item of cursorPages(client)) {
			expect(item.id).toBe('tok-000');
			// The next page was asked for before this one was handed out.
			await eventually(() => server.requests.length === 2);
			break;
		}

		await eventually(() => server.abandoned === 1);
		await delay(400);
		expect(server.requests.map(request => request.url)).toEqual(['/tokens', '/tokens?cursor=c1']);
		expect(client.limiter.inFlight).toBe(0);
	});

	it('asks for the next page before reading the current one, with one request in flight at a time', async () => {
		const all = tokens(6);
		const server = await start(cursorHandler({
			'': {items: all.slice(0, 2), next: 'c1'},
			c1: {items: all.slice(2, 4), next: 'c2'},
			c2: {items: all.slice(4), next: null},
		}));
		const {client} = testClient(server.url);
		const log: string[] = [];

		expect(ids(await collect(lazyCursorPages(client, log)))).toEqual(ids(all));
		expect(log).toEqual(['request first', 'request c1', 'read first', 'request c2', 'read c1', 'read c2']);
		expect(server.maxActive).toBe(1);
	});

	it('reports a page that breaks the schema after the pages before it, and aborts the request sent for its cursor', async () => {
		const all = tokens(4);
		const pages = cursorHandler({
			'': {items: all.slice(0, 2), next: 'c1'},
			c2: {items: all.slice(2), next: null},
		});
		const server = await start(async (request, response, index) => {
			if (index === 1) {
				// The cursor is fine, an item is not: the next page is already on its way when this one is read.
				sendJson(response, 200, {items: [{id: 7}], next: 'c2'});
				return;
			}

			await delay(index === 2 ? 300 : 0);
			await pages(request, response, index);
		});
		const {client} = testClient(server.url);
		const seen: string[] = [];
		const log: string[] = [];

		const error = await rejection((async () => {
			for await (const item of lazyCursorPages(client, log)) {
				seen.push(item.id);
			}
		})(), ResponseShapeError);

		expect(seen).toEqual(['tok-000', 'tok-001']);
		expect(error.issues).toEqual([{path: 'items.0.id', problem: 'expected string, got a number'}]);
		expect(log).toEqual(['request first', 'request c1', 'read first', 'request c2', 'read c1']);
		// The request for c2 was stopped: either before it left, or on the wire.
		await delay(400);
		expect(server.requests.length - 2).toBe(server.abandoned);
		expect(client.limiter.inFlight).toBe(0);
	});

	it('reports a failed request after the items of the page before it', async () => {
		const all = tokens(2);
		// No page c1: it answers 404.
		const server = await start(cursorHandler({'': {items: all, next: 'c1'}}));
		const {client} = testClient(server.url);
		const seen: string[] = [];

		const error = await rejection((async () => {
			for await (const item of lazyCursorPages(client, [])) {
				seen.push(item.id);
			}
		})(), NotFoundError);

		expect(seen).toEqual(['tok-000', 'tok-001']);
		expect(error.status).toBe(404);
	});
});
