import {describe, expect, it} from 'vitest';
import type {OpalToken} from '../../../providers/opal/schema.js';
import {allPages, call, failure, page, useOpal} from './support.js';

const start = useOpal();
const idsOf = (tokens: readonly OpalToken[]): string[] => tokens.map(token => token.token_id);

describe('GET /tokens pages', () => {
	it('serves 200 tokens by default, names the next page only while there is one, and echoes the cursor used as previous', async () => {
		const {simulator, baseUrl} = await start({tokens: 247, accounts: 1});
		const key = simulator.keyFor('opal-org-1', 'admin');

		const firstAnswer = await call(baseUrl, '/tokens', {key});
		const first = page(firstAnswer);
		expect(first.results).toHaveLength(200);
		expect(typeof first.next).toBe('string');
		expect('previous' in JSON.parse(firstAnswer.text)).toBe(false);

		const lastAnswer = await call(baseUrl, `/tokens?cursor=${encodeURIComponent(first.next ?? '')}`, {key});
		const last = page(lastAnswer);
		expect(last.results).toHaveLength(50);
		expect(last.previous).toBe(first.next);
		expect('next' in JSON.parse(lastAnswer.text)).toBe(false);
	});

	it.each([1, 2, 7, 27, 28, 200, 1000])('lists every token exactly once, newest first, with page_size=%i', async pageSize => {
		const {simulator, baseUrl} = await start();
		const key = simulator.keyFor('opal-org-1', 'admin');

		const pages = await allPages(baseUrl, key, `page_size=${pageSize}`);

		const listed = pages.flatMap(current => current.results);
		expect(idsOf(listed)).toEqual(idsOf(simulator.tokens('opal-org-1')));
		expect(pages).toHaveLength(Math.ceil(28 / pageSize));
		expect(pages.every(current => current.results.length <= pageSize)).toBe(true);
		const times = listed.map(token => Date.parse(token.created_at));
		expect(times).toEqual([...times].sort((left, right) => right - left));
	});

	it('serves a full last page without naming a next one', async () => {
		const {simulator, baseUrl} = await start();

		const only = page(await call(baseUrl, '/tokens?page_size=28', {key: simulator.keyFor('opal-org-1', 'admin')}));

		expect(only.results).toHaveLength(28);
		expect(only.next).toBeUndefined();
	});

	it('serves the same page again for the cursor given as previous', async () => {
		const {simulator, baseUrl} = await start();
		const key = simulator.keyFor('opal-org-1', 'admin');
		const first = page(await call(baseUrl, '/tokens?page_size=5', {key}));
		const second = page(await call(baseUrl, `/tokens?page_size=5&cursor=${encodeURIComponent(first.next ?? '')}`, {key}));

		const again = page(await call(baseUrl, `/tokens?page_size=5&cursor=${encodeURIComponent(second.previous ?? '')}`, {key}));

		expect(idsOf(again.results)).toEqual(idsOf(second.results));
		expect(again.next).toBe(second.next);
		expect(idsOf(second.results)).not.toEqual(idsOf(first.results));
	});

	it.each(['0', '-1', '1001', '2.5', 'abc', '', '1e3'])('answers page_size=%s with 400', async pageSize => {
		const {simulator, baseUrl} = await start();

		const error = failure(await call(baseUrl, `/tokens?page_size=${pageSize}`, {key: simulator.keyFor('opal-org-1', 'admin')}), 400);

		expect(error.message).toContain('page_size');
	});

	it.each([
		['not base64', '***'],
		['base64 of something else', Buffer.from('hello').toString('base64')],
		['a position without a token id', Buffer.from('p=2026-01-01T00%3A00%3A00.000Z').toString('base64')],
	])('answers a cursor that is %s with 400', async (_case, cursor) => {
		const {simulator, baseUrl} = await start();

		const error = failure(await call(baseUrl, `/tokens?cursor=${encodeURIComponent(cursor)}`, {key: simulator.keyFor('opal-org-1', 'admin')}), 400);

		expect(error.message).toContain('cursor');
	});

	it('serves short pages when capped by maxResultsPerPage, and still lists everything', async () => {
		const {simulator, baseUrl} = await start({maxResultsPerPage: 3});
		const key = simulator.keyFor('opal-org-1', 'admin');

		const pages = await allPages(baseUrl, key, 'page_size=10');

		expect(pages[0]?.results).toHaveLength(3);
		expect(pages).toHaveLength(10);
		expect(idsOf(pages.flatMap(current => current.results))).toEqual(idsOf(simulator.tokens('opal-org-1')));
	});
});

describe('listing while tokens come and go', () => {
	it('neither repeats nor skips a token when tokens are created and deleted between pages, the cursor token included', async () => {
		const {simulator, baseUrl} = await start();
		const key = simulator.keyFor('opal-org-1', 'admin');
		const before = simulator.tokens('opal-org-1');
		const first = page(await call(baseUrl, '/tokens?page_size=10', {key}));
		const anchor = first.results.at(-1);
		const unseen = before[20];
		const [someone] = simulator.users('opal-org-1');

		// The token the cursor was made from, and one not yet served, disappear; two new ones appear.
		for (const victim of [anchor, unseen]) {
			expect((await call(baseUrl, `/tokens/${victim?.token_id ?? ''}`, {method: 'DELETE', key})).status).toBe(200);
		}

		const minted = [
			simulator.mintToken('opal-org-1', {userId: someone?.id ?? '', label: 'new-1'}),
			simulator.mintToken('opal-org-1', {userId: someone?.id ?? '', label: 'new-2'}),
		];

		const rest = await allPages(baseUrl, key, `page_size=10&cursor=${encodeURIComponent(first.next ?? '')}`);

		const seen = [...idsOf(first.results), ...idsOf(rest.flatMap(current => current.results))];
		expect(new Set(seen).size).toBe(seen.length);
		const survivors = idsOf(before).filter(id => id !== anchor?.token_id && id !== unseen?.token_id);
		expect(survivors.filter(id => !seen.includes(id))).toEqual([]);
		expect(seen).not.toContain(unseen?.token_id);
		// New tokens are the newest, so they sort before the cursor and do not disturb the pages after it.
		expect(seen).not.toContain(minted[0]?.token.token_id);
		expect(seen).toHaveLength(27);
	});

	it('lists every token that lived through the listing exactly once under server churn', async () => {
		const {simulator, baseUrl} = await start({tokens: 60}, {churn: {everyRequests: 1}, seed: 9});
		const key = simulator.keyFor('opal-org-1', 'admin');
		const before = new Set(idsOf(simulator.tokens('opal-org-1')));

		const pages = await allPages(baseUrl, key, 'page_size=4');

		const after = new Set(idsOf(simulator.tokens('opal-org-1')));
		const seen = idsOf(pages.flatMap(current => current.results));
		expect(new Set(seen).size).toBe(seen.length);
		const survivors = [...before].filter(id => after.has(id));
		expect(survivors.length).toBeLessThan(before.size);
		expect(survivors.filter(id => !seen.includes(id))).toEqual([]);
	});
});

describe('filters', () => {
	it('filters by comma-separated token_ids and pages through the result', async () => {
		const {simulator, baseUrl} = await start();
		const key = simulator.keyFor('opal-org-1', 'admin');
		const wanted = simulator.tokens('opal-org-1').filter((_token, index) => index % 5 === 0);
		const query = `token_ids=${idsOf(wanted).join(',')}`;

		const pages = await allPages(baseUrl, key, `${query}&page_size=2`);

		expect(idsOf(pages.flatMap(current => current.results))).toEqual(idsOf(wanted));
		expect(pages).toHaveLength(3);
	});

	it('reads upper-case ids and ignores ids of other orgs or of no token', async () => {
		const {simulator, baseUrl} = await start();
		const [mine] = simulator.tokens('opal-org-1');
		const [theirs] = simulator.tokens('opal-org-2');
		const ids = [mine?.token_id.toUpperCase(), theirs?.token_id, '0b7e3f0e-5d1c-4c9a-9f3e-2a6b1c0d9e8f'].join(',');

		const filtered = page(await call(baseUrl, `/tokens?token_ids=${ids}`, {key: simulator.keyFor('opal-org-1', 'admin')}));

		expect(idsOf(filtered.results)).toEqual([mine?.token_id]);
	});

	it('takes only the first token_ids when the parameter is repeated (the spec joins ids with commas)', async () => {
		const {simulator, baseUrl} = await start();
		const [one, two] = simulator.tokens('opal-org-1');

		const filtered = page(await call(baseUrl, `/tokens?token_ids=${one?.token_id ?? ''}&token_ids=${two?.token_id ?? ''}`, {key: simulator.keyFor('opal-org-1', 'admin')}));

		expect(idsOf(filtered.results)).toEqual([one?.token_id]);
	});

	it('filters by user_id, including a service user', async () => {
		const {simulator, baseUrl} = await start({tokens: 40});
		const key = simulator.keyFor('opal-org-1', 'admin');
		const service = simulator.users('opal-org-1').find(user => user.kind === 'service');
		const [firstAdmin] = simulator.users('opal-org-1');

		for (const user of [service, firstAdmin]) {
			const expected = simulator.tokens('opal-org-1').filter(token => token.user_id === user?.id);
			expect(expected.length).toBeGreaterThan(0);
			const pages = await allPages(baseUrl, key, `user_id=${user?.id ?? ''}&page_size=1`);
			expect(idsOf(pages.flatMap(current => current.results))).toEqual(idsOf(expected));
		}
	});

	it('answers an unknown user_id with an empty page', async () => {
		const {simulator, baseUrl} = await start();

		const empty = page(await call(baseUrl, '/tokens?user_id=0b7e3f0e-5d1c-4c9a-9f3e-2a6b1c0d9e8f', {key: simulator.keyFor('opal-org-1', 'admin')}));

		expect(empty).toEqual({results: []});
	});

	it.each([
		['token_ids=not-a-uuid', 'token_ids'],
		['token_ids=0b7e3f0e-5d1c-4c9a-9f3e-2a6b1c0d9e8f,42', 'token_ids'],
		['user_id=42', 'user_id'],
	])('answers %s with 400', async (query, name) => {
		const {simulator, baseUrl} = await start();

		const error = failure(await call(baseUrl, `/tokens?${query}`, {key: simulator.keyFor('opal-org-1', 'admin')}), 400);

		expect(error.message).toContain(name);
	});
});

describe('who may list', () => {
	it('lets an admin list with a READ_ONLY token, and refuses a non-admin with 403', async () => {
		const {simulator, baseUrl} = await start();

		expect(page(await call(baseUrl, '/tokens', {key: simulator.keyFor('opal-org-1', 'readOnly')})).results).toHaveLength(28);
		const refused = failure(await call(baseUrl, '/tokens', {key: simulator.keyFor('opal-org-1', 'member')}), 403);
		expect(refused.message).toMatch(/admin/);
	});

	it('lists only the tokens of the caller’s org', async () => {
		const {simulator, baseUrl} = await start();

		const listed = page(await call(baseUrl, '/tokens', {key: simulator.keyFor('opal-org-2', 'admin')})).results;

		expect(idsOf(listed)).toEqual(idsOf(simulator.tokens('opal-org-2')));
		expect(idsOf(listed).some(id => idsOf(simulator.tokens('opal-org-1')).includes(id))).toBe(false);
	});
});
