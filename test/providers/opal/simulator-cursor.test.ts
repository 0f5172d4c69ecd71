import {describe, expect, it} from 'vitest';
import type {OpalToken} from '../../../providers/opal/schema.js';
import {createRandom} from '../../../src/simulate/random.js';
import {allPages, call, now, page, useOpal, type RunningOpal} from './support.js';

/*
The simulator keeps each org's tokens in listing order as they come and go, and starts a page by binary
search for the cursor's position. These tests hold it to the rule a cursor means: the tokens after the last
one served, newest first and ties by id (descending), whatever was created or deleted since. The expected
pages are worked out here from the org's tokens alone, not from the simulator's order.
*/

const start = useOpal();
const org = 'opal-org-1';
const day = 86_400_000;

interface Clock {
	readonly now: () => number;
	set(at: number): void;
}

function movableClock(): Clock {
	let current = now;
	return {now: () => current, set: at => {
		current = at;
	}};
}

/** Newest first, equal times by id from the highest: the order the cursor rule is written in. */
function listingOrder(left: OpalToken, right: OpalToken): number {
	const byTime = Date.parse(right.created_at) - Date.parse(left.created_at);
	if (byTime !== 0) {
		return byTime;
	}

	return left.token_id < right.token_id ? 1 : left.token_id > right.token_id ? -1 : 0;
}

/** The org's tokens in listing order, sorted here. */
function expectedListing(simulator: RunningOpal['simulator']): OpalToken[] {
	return [...simulator.tokens(org)].sort(listingOrder);
}

const idsOf = (tokens: readonly OpalToken[]): string[] => tokens.map(token => token.token_id);

async function delete_(running: RunningOpal, key: string, tokenId: string): Promise<void> {
	expect((await call(running.baseUrl, `/tokens/${tokenId}`, {method: 'DELETE', key})).status).toBe(200);
}

describe('cursor pages over a changing org', () => {
	it('serves after each cursor exactly the tokens the rule names, through inserts and deletes on both sides of it', async () => {
		const clock = movableClock();
		const running = await start({tokens: 60, now: clock.now});
		const {simulator, baseUrl} = running;
		const key = simulator.keyFor(org, 'admin');
		const [someone] = simulator.users(org);
		const mint = (at: number, label: string): string => {
			clock.set(at);
			return simulator.mintToken(org, {userId: someone?.id ?? '', label}).token.token_id;
		};

		const present = new Set(idsOf(simulator.tokens(org)));
		// The simulator's own keys stay: the walk needs the admin one.
		const own = new Set(idsOf(simulator.tokens(org).filter(token => token.token_label.startsWith('tokenkit-'))));
		const served: string[] = [];
		let cursor: string | undefined;
		let last: OpalToken | undefined;
		for (let round = 0; round < 40; round++) {
			const answer = page(await call(baseUrl, `/tokens?page_size=7${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, {key}));
			const listing = expectedListing(simulator);
			const after = last === undefined ? listing : listing.filter(token => last !== undefined && listingOrder(token, last) > 0);
			expect(idsOf(answer.results)).toEqual(idsOf(after.slice(0, 7)));
			expect(answer.next === undefined || answer.next === null).toBe(after.length <= 7);
			served.push(...idsOf(answer.results));
			last = answer.results.at(-1) ?? last;
			if (answer.next === undefined || answer.next === null) {
				break;
			}

			cursor = answer.next;
			const ahead = after.slice(7);
			// Between pages: a token made now (sorts before the cursor), one made at the very time of a token still
			// ahead (a tie, broken by id), one older than everything, and deletes of the cursor's own token, of a
			// token still ahead and of one already served.
			const tieWith = ahead[Math.floor(ahead.length / 2)];
			mint(now, `new-${round}`);
			mint(tieWith === undefined ? now : Date.parse(tieWith.created_at), `tie-${round}`);
			mint(now - 2000 * day - round * 1000, `old-${round}`);
			const doomed = new Set([last?.token_id, ahead[1]?.token_id, served[Math.floor(served.length / 3)]]);
			for (const id of doomed) {
				if (id !== undefined && present.has(id) && !own.has(id)) {
					await delete_(running, key, id);
					present.delete(id);
				}
			}
		}

		expect(served.length).toBeGreaterThan(60);
		expect(new Set(served).size).toBe(served.length);
		// Every token there from the start to the end was served.
		expect([...present].filter(id => !served.includes(id))).toEqual([]);
	});

	it('keeps the listing order through many creates and deletes at random times, ties included', async () => {
		const clock = movableClock();
		const running = await start({tokens: 80, now: clock.now});
		const {simulator, baseUrl} = running;
		const key = simulator.keyFor(org, 'admin');
		const users = simulator.users(org);
		const random = createRandom(11);
		// A handful of instants, so that many tokens share a creation time and only the id orders them.
		const instants = Array.from({length: 6}, (_, index) => now - (index * 97 + 3) * day);
		for (let batch = 0; batch < 6; batch++) {
			for (let index = 0; index < 15; index++) {
				clock.set(random.pick([instants[0] ?? now, ...instants.slice(1)]));
				simulator.mintToken(org, {userId: users[random.int(0, users.length - 1)]?.id ?? ''});
			}

			const deletable = simulator.tokens(org).filter(token => !token.token_label.startsWith('tokenkit-'));
			for (let index = 0; index < 10; index++) {
				const victim = deletable.splice(random.int(0, deletable.length - 1), 1)[0];
				await delete_(running, key, victim?.token_id ?? '');
			}

			const expected = idsOf(expectedListing(simulator));
			expect(idsOf(simulator.tokens(org))).toEqual(expected);
			for (const pageSize of [1, 9, 1000]) {
				const pages = await allPages(baseUrl, key, `page_size=${pageSize}`);
				expect(idsOf(pages.flatMap(current => current.results))).toEqual(expected);
			}
		}
	});
});
