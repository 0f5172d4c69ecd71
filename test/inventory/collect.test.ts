import {setTimeout as delay} from 'node:timers/promises';
import {afterEach, describe, expect, it} from 'vitest';
import {createLaunchDarklyProvider} from '../../providers/launchdarkly/index.js';
import {createLaunchDarklySimulator} from '../../providers/launchdarkly/simulator.js';
import {createOpalProvider} from '../../providers/opal/index.js';
import {createOpalSimulator} from '../../providers/opal/simulator.js';
import {flattenPages} from '../../src/flatten-pages.js';
import {collectInventory, collectInventoryInBatches, type InventoryEvent} from '../../src/inventory/collect.js';
import {mapEach} from '../../src/map-each.js';
import type {TokenProvider} from '../../src/provider.js';
import type {Token} from '../../src/token.js';
import {startSimulatorServer, type RunningSimulatorServer} from '../../src/simulate/server.js';

const servers: RunningSimulatorServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(async server => server.close()));
});

async function opalAccounts(count: number, tokens: number, maxResultsPerPage?: number) {
	const simulator = createOpalSimulator({accounts: count, tokens, rateLimit: false, maxResultsPerPage});
	const server = await startSimulatorServer(simulator, {latency: {fixed: 5}});
	servers.push(server);
	return {simulator, server, names: simulator.accounts().map(account => account.name)};
}

async function drain(events: AsyncIterable<InventoryEvent>): Promise<InventoryEvent[]> {
	const all: InventoryEvent[] = [];
	for await (const event of events) {
		all.push(event);
	}

	return all;
}

/** Counts turns of the event loop until stopped: network answers are read between two turns, never within one. */
function countTurns(): {readonly turns: () => number; readonly stop: () => void} {
	let turns = 0;
	let ticking = true;
	const tick = (): void => {
		turns++;
		if (ticking) {
			setImmediate(tick);
		}
	};

	setImmediate(tick);
	return {
		turns: () => turns,
		stop() {
			ticking = false;
		},
	};
}

describe('collectInventory', () => {
	it('lists every account at once and yields every token exactly once, then one outcome per account', async () => {
		const {simulator, server, names} = await opalAccounts(4, 12);
		const providers = names.map(name => createOpalProvider({apiKey: simulator.keyFor(name, 'admin'), baseUrl: server.baseUrl, account: name}));
		const events = await drain(collectInventory(providers, {concurrency: 4}));
		const tokens = events.flatMap(event => (event.type === 'token' ? [event.token] : []));
		for (const name of names) {
			expect(tokens.filter(token => token.account === name).map(token => token.id).sort()).toEqual(simulator.tokens(name).map(token => token.token_id).sort());
		}

		const done = events.flatMap(event => (event.type === 'account-done' ? [event] : []));
		expect(done.map(event => event.account).sort()).toEqual([...names].sort());
		expect(done.every(event => event.tokens === simulator.tokens(event.account).length)).toBe(true);
	});

	it('lets the event loop turn while it hands on a page, so other accounts\' answers are not held up', async () => {
		const {simulator, server, names} = await opalAccounts(2, 3000);
		// Token pages only: about a thousand service users per org would each be looked up.
		const providers = names.map(name => createOpalProvider({apiKey: simulator.keyFor(name, 'admin'), baseUrl: server.baseUrl, account: name, resolveOwners: false}));
		const loop = countTurns();
		let longestRun = 0;
		let run = 0;
		let turnSeen = -1;
		let tokens = 0;
		try {
			for await (const event of collectInventory(providers)) {
				if (event.type !== 'token') {
					continue;
				}

				tokens++;
				run = loop.turns() === turnSeen ? run + 1 : 1;
				turnSeen = loop.turns();
				longestRun = Math.max(longestRun, run);
			}
		} finally {
			loop.stop();
		}

		expect(tokens).toBe(names.reduce((sum, name) => sum + simulator.tokens(name).length, 0));
		// Opal pages hold 1000 tokens; handed on in one go, a whole page (or several) would pass within one turn.
		expect(longestRun).toBeLessThanOrEqual(400);
	});

	it('hands events on in batches of at most 200, a turn of the event loop between two, every token once', async () => {
		const {simulator, server, names} = await opalAccounts(2, 3000);
		const providers = names.map(name => createOpalProvider({apiKey: simulator.keyFor(name, 'admin'), baseUrl: server.baseUrl, account: name, resolveOwners: false}));
		const loop = countTurns();
		const ids: string[] = [];
		const turnsSeen = new Set<number>();
		let batches = 0;
		let largest = 0;
		try {
			for await (const events of collectInventoryInBatches(providers)) {
				batches++;
				largest = Math.max(largest, events.length);
				// A batch is handed on within one turn; the next comes in a later one.
				expect(turnsSeen.has(loop.turns())).toBe(false);
				turnsSeen.add(loop.turns());
				ids.push(...events.flatMap(event => (event.type === 'token' ? [`${event.token.account}/${event.token.id}`] : [])));
			}
		} finally {
			loop.stop();
		}

		const expected = names.flatMap(name => simulator.tokens(name).map(token => `${name}/${token.token_id}`));
		expect(ids.sort()).toEqual(expected.sort());
		expect(largest).toBeLessThanOrEqual(200);
		expect(batches).toBeGreaterThanOrEqual(Math.ceil((expected.length + names.length) / 200));
	});

	it('reports a failing account and still finishes the others', async () => {
		const {simulator, server, names} = await opalAccounts(3, 5);
		const providers = names.map((name, index) => createOpalProvider({apiKey: index === 1 ? 'f'.repeat(64) : simulator.keyFor(name, 'admin'), baseUrl: server.baseUrl, account: name}));
		const events = await drain(collectInventory(providers));
		const failed = events.filter(event => event.type === 'account-failed');
		expect(failed).toHaveLength(1);
		expect(failed[0]).toMatchObject({account: names[1], tokens: 0});
		expect(events.filter(event => event.type === 'account-done')).toHaveLength(2);
	});

	it('fails the account whose page cannot make a token, after the tokens it did make, and finishes the others', async () => {
		const {simulator, server, names} = await opalAccounts(2, 6);
		const [healthy, broken] = names.map(name => createOpalProvider({apiKey: simulator.keyFor(name, 'admin'), baseUrl: server.baseUrl, account: name, resolveOwners: false}));
		if (healthy === undefined || broken === undefined) {
			throw new Error('two accounts expected');
		}

		const listed: Token[] = [];
		for await (const token of broken.list()) {
			listed.push(token);
		}

		// The same tokens in two pages, the second unable to make its second token, as a record the adapter cannot map.
		let made = 0;
		async function* pages(): AsyncGenerator<Iterable<Token>, void, undefined> {
			await Promise.resolve();
			yield mapEach(listed.slice(0, 3), token => token);
			yield mapEach(listed.slice(3), token => {
				if (++made === 2) {
					throw new Error('cannot map this record');
				}

				return token;
			});
		}

		const failing: TokenProvider = {...broken, list: () => flattenPages(pages())};
		const events = await drain(collectInventory([failing, healthy]));
		const handed = events.filter(event => event.type === 'token' && event.token.account === broken.account);
		expect(handed).toHaveLength(4);
		const failed = events.filter(event => event.type === 'account-failed');
		expect(failed).toHaveLength(1);
		expect(failed[0]).toMatchObject({account: broken.account, tokens: 4, error: {message: 'cannot map this record'}});
		expect(events.flatMap(event => (event.type === 'account-done' ? [event.tokens] : []))).toEqual([simulator.tokens(healthy.account).length]);
	});

	it('keeps at most `concurrency` accounts open', async () => {
		const {simulator, server, names} = await opalAccounts(6, 2);
		let open = 0;
		let most = 0;
		const providers = names.map(name => {
			const provider = createOpalProvider({
				apiKey: simulator.keyFor(name, 'admin'),
				baseUrl: server.baseUrl,
				account: name,
				// Only token pages: owner lookups run several at once within one account.
				resolveOwners: false,
				onEvent(event) {
					if (event.type === 'request') {
						open++;
						most = Math.max(most, open);
					} else if (event.type === 'response') {
						open--;
					}
				},
			});
			return provider;
		});
		await drain(collectInventory(providers, {concurrency: 2}));
		expect(most).toBeLessThanOrEqual(2);
		expect(most).toBeGreaterThan(0);
	});

	it('shares one read-ahead budget among the accounts it lists, so a slow reader holds a bounded number of pages', async () => {
		// Pages of ten: LaunchDarkly's provider asks for eight at once when it has the room. Each page after the
		// first reads its predecessor's last token again (providers/launchdarkly/pages.ts), so nine are new.
		const newPerPage = 9;
		const simulator = createLaunchDarklySimulator({accounts: 3, tokens: 200, maxPageSize: 10, rateLimit: false});
		const server = await startSimulatorServer(simulator, {latency: {fixed: 2}});
		servers.push(server);
		const pagesAsked = new Map<string, number>();
		const providers = simulator.accounts().map(account => createLaunchDarklyProvider({
			apiKey: simulator.keyFor(account.name),
			baseUrl: server.baseUrl,
			account: account.name,
			onEvent(event) {
				if (event.type === 'request' && event.path.startsWith('/api/v2/tokens')) {
					pagesAsked.set(account.name, (pagesAsked.get(account.name) ?? 0) + 1);
				}
			},
		}));
		const tokensRead = new Map<string, number>();
		const done = new Map<string, number>();
		let mostAhead = 0;
		for await (const batch of collectInventoryInBatches(providers, {readAheadPages: 2})) {
			for (const event of batch) {
				if (event.type === 'token') {
					tokensRead.set(event.token.account, (tokensRead.get(event.token.account) ?? 0) + 1);
				} else if (event.type === 'account-done') {
					done.set(event.account, event.tokens);
				}
			}

			// A reader slower than the network: the answers pile up unless the listings hold back.
			await delay(15);
			const ahead = [...pagesAsked].reduce((sum, [account, asked]) => sum + asked - Math.floor((tokensRead.get(account) ?? 0) / newPerPage), 0);
			mostAhead = Math.max(mostAhead, ahead);
		}

		expect(done.size).toBe(3);
		expect(tokensRead).toEqual(done);
		expect(Math.min(...done.values())).toBeGreaterThanOrEqual(200);
		// Each account: two pages of its own asked for ahead, one handed on and waiting in the queue, one being read;
		// two more shared. Without the shared budget each would keep eight ahead.
		expect(mostAhead).toBeLessThanOrEqual((3 * 4) + 2);
		expect(mostAhead).toBeGreaterThan(3);
	});

	it('stops every listing when the consumer leaves early', async () => {
		// Two tokens a page: each account needs 16 requests, so an early stop shows.
		const {simulator, server, names} = await opalAccounts(3, 30, 2);
		const providers = names.map(name => createOpalProvider({apiKey: simulator.keyFor(name, 'admin'), baseUrl: server.baseUrl, account: name, resolveOwners: false}));
		for await (const event of collectInventory(providers)) {
			expect(event.type).toBe('token');
			break;
		}

		const requestsAtBreak = server.stats.requests;
		await new Promise(resolve => setTimeout(resolve, 50));
		expect(server.stats.requests).toBe(requestsAtBreak);
		expect(requestsAtBreak).toBeLessThanOrEqual(6);
	});
});
