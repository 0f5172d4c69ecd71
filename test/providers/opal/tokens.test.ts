import {describe, expect, it} from 'vitest';
import {createOpalSimulator} from '../../../providers/opal/simulator.js';
import {createRandom} from '../../../src/simulate/random.js';
import type {SimRequest} from '../../../src/simulate/types.js';
import {allPages, call, failure, now, page, useOpal} from './support.js';

const start = useOpal();
const day = 86_400_000;
const rfc3339Seconds = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
/** Opal's optional, nullable times as epoch ms; null when absent or null. */
const epoch = (time: string | null | undefined): number | null => (time === null || time === undefined ? null : Date.parse(time));
const uuid = /^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/;

describe('seeded orgs', () => {
	it('reports each org with its Opal id, an admin key and its token count', async () => {
		const {simulator, baseUrl} = await start({accounts: 3, tokens: 10});

		const accounts = simulator.accounts();

		expect(accounts.map(account => account.name)).toEqual(['opal-org-1', 'opal-org-2', 'opal-org-3']);
		expect(accounts.every(account => uuid.test(account.id))).toBe(true);
		expect(accounts.map(account => account.tokens)).toEqual([13, 13, 13]);
		for (const account of accounts) {
			expect(account.apiKey).toBe(simulator.keyFor(account.name, 'admin'));
			expect(account.apiKey).toMatch(/^[\da-f]{64}$/);
			expect(page(await call(baseUrl, '/tokens', {key: account.apiKey})).results).toHaveLength(13);
		}
	});

	it('lists the simulator’s own keys as ordinary tokens of the people they act as', async () => {
		const {simulator} = await start();
		const users = new Map(simulator.users('opal-org-1').map(user => [user.id, user]));
		const byLabel = new Map(simulator.tokens('opal-org-1').map(token => [token.token_label, token]));

		const admin = byLabel.get('tokenkit-admin');
		const readOnly = byLabel.get('tokenkit-read-only');
		const member = byLabel.get('tokenkit-member');

		expect([admin?.access_level, readOnly?.access_level, member?.access_level]).toEqual(['FULL_ACCESS', 'READ_ONLY', 'FULL_ACCESS']);
		expect([admin, readOnly, member].map(token => users.get(token?.user_id ?? '')?.admin)).toEqual([true, true, false]);
		expect(admin?.expires_at).toBeNull();
		expect(simulator.keyOf('opal-org-1', admin?.token_id ?? '')).toBe(simulator.keyFor('opal-org-1', 'admin'));
	});

	it('seeds the variety an audit looks for, in Opal’s own fields', async () => {
		const {simulator, baseUrl} = await start({tokens: 300, accounts: 1});
		const users = new Map(simulator.users('opal-org-1').map(user => [user.id, user]));
		const removed = new Set(simulator.removedUserIds('opal-org-1'));

		const tokens = (await allPages(baseUrl, simulator.keyFor('opal-org-1', 'admin'), 'page_size=1000')).flatMap(current => current.results);

		expect(tokens).toHaveLength(303);
		const ageDays = tokens.map(token => (now - Date.parse(token.created_at)) / day);
		expect(Math.min(...ageDays)).toBeLessThan(7);
		expect(Math.max(...ageDays)).toBeGreaterThan(3 * 365);
		const lastUsed = tokens.map(token => epoch(token.last_used_at));
		expect(lastUsed.filter(time => time === null).length).toBeGreaterThan(20);
		expect(lastUsed.filter(time => time !== null && time < now - 90 * day).length).toBeGreaterThan(10);
		const expiries = tokens.map(token => epoch(token.expires_at));
		expect(expiries.filter(time => time !== null && time < now).length).toBeGreaterThan(5);
		expect(expiries.filter(time => time !== null && time > now).length).toBeGreaterThan(10);
		expect(expiries.filter(time => time === null).length).toBeGreaterThan(200);
		const fullAccess = tokens.filter(token => token.access_level === 'FULL_ACCESS').length;
		expect(fullAccess).toBeGreaterThan(40);
		expect(fullAccess).toBeLessThan(120);
		const service = tokens.filter(token => users.get(token.user_id)?.kind === 'service');
		expect(service.length).toBeGreaterThan(60);
		expect(service.every(token => token.creator_user_id !== token.user_id)).toBe(true);
		expect(tokens.filter(token => removed.has(token.user_id)).length).toBeGreaterThan(5);
		expect(tokens.filter(token => removed.has(token.creator_user_id) && !removed.has(token.user_id)).length).toBeGreaterThan(3);
		for (const token of tokens) {
			expect(users.has(token.user_id) || removed.has(token.user_id)).toBe(true);
		}
	});

	it('sends every time as an RFC 3339 string in UTC with whole seconds', async () => {
		const {simulator, baseUrl} = await start({tokens: 100, accounts: 1});

		const {results} = page(await call(baseUrl, '/tokens', {key: simulator.keyFor('opal-org-1', 'admin')}));

		const times = results.flatMap(token => [token.created_at, token.last_used_at, token.expires_at]).filter(time => time !== null && time !== undefined);
		expect(times.length).toBeGreaterThan(150);
		expect(times.filter(time => !rfc3339Seconds.test(time))).toEqual([]);
		// The key that made the request was just used.
		expect(results.find(token => token.token_label === 'tokenkit-admin')?.last_used_at).toBe('2026-05-01T12:00:00Z');
	});

	it('is the same for the same seed and different for another', () => {
		const one = createOpalSimulator({seed: 5, now: () => now});
		const same = createOpalSimulator({seed: 5, now: () => now});
		const other = createOpalSimulator({seed: 6, now: () => now});

		expect(same.tokens('opal-org-2')).toEqual(one.tokens('opal-org-2'));
		expect(same.allSecrets()).toEqual(one.allSecrets());
		expect(same.accounts()).toEqual(one.accounts());
		expect(other.tokens('opal-org-2').map(token => token.token_id)).not.toEqual(one.tokens('opal-org-2').map(token => token.token_id));
	});
});

describe('the secret', () => {
	it('never appears in a listing; token_preview shows only its first five characters', async () => {
		const {simulator, baseUrl} = await start();
		const answer = await call(baseUrl, '/tokens', {key: simulator.keyFor('opal-org-1', 'admin')});
		const secrets = simulator.allSecrets();

		expect(secrets).toHaveLength(56);
		expect(secrets.filter(secret => answer.text.includes(secret))).toEqual([]);
		for (const token of page(answer).results) {
			expect(token.token_preview).toBe(simulator.keyOf('opal-org-1', token.token_id).slice(0, 5));
		}
	});

	it('leaves token_preview out when asked to, and the schema still accepts the records', async () => {
		const {simulator, baseUrl} = await start({tokenPreview: false});

		const answer = await call(baseUrl, '/tokens', {key: simulator.keyFor('opal-org-1', 'admin')});

		expect(page(answer).results).toHaveLength(28);
		expect(answer.text).not.toContain('token_preview');
	});

	it('counts minted and churned keys among all secrets, and none appears in any answer', async () => {
		const {simulator, baseUrl} = await start({}, {churn: {everyRequests: 1}});
		const [someone] = simulator.users('opal-org-1');
		const minted = simulator.mintToken('opal-org-1', {userId: someone?.id ?? ''});
		const key = simulator.keyFor('opal-org-1', 'admin');
		const texts: string[] = [];
		for (const path of ['/tokens', '/tokens?page_size=3', `/tokens/${minted.token.token_id}`, '/tokens/nope']) {
			texts.push((await call(baseUrl, path, {key, method: path.startsWith('/tokens/') ? 'DELETE' : 'GET'})).text);
		}

		const secrets = simulator.allSecrets();
		expect(secrets).toContain(minted.key);
		expect(secrets).toHaveLength(56 + 1 + 4);
		expect(secrets.filter(secret => texts.some(text => text.includes(secret)))).toEqual([]);
	});
});

describe('DELETE /tokens/{token_id}', () => {
	it('lets an admin delete any token of the org: 200 with an empty body, then 404', async () => {
		const {simulator, baseUrl} = await start();
		const key = simulator.keyFor('opal-org-1', 'admin');
		const victim = simulator.tokens('opal-org-1').find(token => token.token_label !== 'tokenkit-admin');
		const path = `/tokens/${victim?.token_id ?? ''}`;

		const deleted = await call(baseUrl, path, {method: 'DELETE', key});

		expect(deleted.status).toBe(200);
		expect(deleted.text).toBe('');
		expect(deleted.headers.get('content-length')).toBe('0');
		expect(simulator.tokens('opal-org-1').map(token => token.token_id)).not.toContain(victim?.token_id);
		expect(simulator.accounts()[0]?.tokens).toBe(27);
		failure(await call(baseUrl, path, {method: 'DELETE', key}), 404);
	});

	it.each([
		['an unknown id', '0b7e3f0e-5d1c-4c9a-9f3e-2a6b1c0d9e8f'],
		['an id that is not a UUID', 'not-a-token'],
	])('answers %s with 404', async (_case, id) => {
		const {simulator, baseUrl} = await start();

		failure(await call(baseUrl, `/tokens/${id}`, {method: 'DELETE', key: simulator.keyFor('opal-org-1', 'admin')}), 404);
	});

	it('does not reach into another org: 404, and the token stays', async () => {
		const {simulator, baseUrl} = await start();
		const [theirs] = simulator.tokens('opal-org-2');

		failure(await call(baseUrl, `/tokens/${theirs?.token_id ?? ''}`, {method: 'DELETE', key: simulator.keyFor('opal-org-1', 'admin')}), 404);

		expect(simulator.tokens('opal-org-2')).toHaveLength(28);
	});

	it('lets an admin delete the very token it authenticates with, which then stops working', async () => {
		const {simulator, baseUrl} = await start();
		const key = simulator.keyFor('opal-org-1', 'admin');
		const own = simulator.tokens('opal-org-1').find(token => token.token_label === 'tokenkit-admin');

		expect((await call(baseUrl, `/tokens/${own?.token_id ?? ''}`, {method: 'DELETE', key})).status).toBe(200);

		failure(await call(baseUrl, '/tokens', {key}), 401);
	});

	it('refuses a READ_ONLY token with 403, even an admin’s', async () => {
		const {simulator, baseUrl} = await start();
		const [victim] = simulator.tokens('opal-org-1');

		failure(await call(baseUrl, `/tokens/${victim?.token_id ?? ''}`, {method: 'DELETE', key: simulator.keyFor('opal-org-1', 'readOnly')}), 403);

		expect(simulator.tokens('opal-org-1')).toHaveLength(28);
	});

	describe('a non-admin', () => {
		async function memberScene(allowAllUsersToCreateTokens: boolean) {
			const {simulator, baseUrl} = await start({allowAllUsersToCreateTokens});
			const key = simulator.keyFor('opal-org-1', 'member');
			const memberToken = simulator.tokens('opal-org-1').find(token => token.token_label === 'tokenkit-member');
			const memberId = memberToken?.user_id ?? '';
			const own = simulator.mintToken('opal-org-1', {userId: memberId, label: 'laptop'});
			const others = simulator.tokens('opal-org-1').find(token => token.user_id !== memberId);
			return {simulator, baseUrl, key, own, others};
		}

		it('may delete their own token when the org lets all users create tokens', async () => {
			const {simulator, baseUrl, key, own} = await memberScene(true);

			expect((await call(baseUrl, `/tokens/${own.token.token_id}`, {method: 'DELETE', key})).status).toBe(200);

			expect(simulator.tokens('opal-org-1').map(token => token.token_id)).not.toContain(own.token.token_id);
		});

		it('may not delete their own token when only admins may create tokens', async () => {
			const {simulator, baseUrl, key, own} = await memberScene(false);

			failure(await call(baseUrl, `/tokens/${own.token.token_id}`, {method: 'DELETE', key}), 403);

			expect(simulator.tokens('opal-org-1').map(token => token.token_id)).toContain(own.token.token_id);
		});

		it.each([true, false])('may not delete someone else’s token (all users may create tokens: %s)', async allowed => {
			const {simulator, baseUrl, key, others} = await memberScene(allowed);

			failure(await call(baseUrl, `/tokens/${others?.token_id ?? ''}`, {method: 'DELETE', key}), 403);

			expect(simulator.tokens('opal-org-1')).toHaveLength(29);
		});
	});
});

describe('churn', () => {
	const requestWith = (key: string | undefined): SimRequest => ({
		method: 'GET',
		path: '/v1/tokens',
		query: new URLSearchParams(),
		headers: key === undefined ? {} : {authorization: `Bearer ${key}`},
		body: undefined,
		bodyInvalid: false,
		remoteAddress: '127.0.0.1',
	});

	it('creates one token and deletes another in the caller’s org, sparing the simulator’s keys', () => {
		const simulator = createOpalSimulator({now: () => now, tokens: 2});
		const random = createRandom(3);
		const roleIds = simulator.tokens('opal-org-1').filter(token => token.token_label.startsWith('tokenkit-')).map(token => token.token_id);
		const otherOrg = simulator.tokens('opal-org-2');

		for (let round = 0; round < 10; round++) {
			const before = simulator.tokens('opal-org-1').map(token => token.token_id);
			simulator.churn(requestWith(simulator.keyFor('opal-org-1', 'admin')), random);
			const after = simulator.tokens('opal-org-1').map(token => token.token_id);

			expect(after).toHaveLength(before.length);
			const created = after.filter(id => !before.includes(id));
			expect(created).toHaveLength(1);
			expect(before.filter(id => !after.includes(id))).toHaveLength(1);
			const record = simulator.tokens('opal-org-1').find(token => token.token_id === created[0]);
			expect(record?.created_at).toBe('2026-05-01T12:00:00Z');
			expect(record?.last_used_at).toBeNull();
		}

		expect(simulator.tokens('opal-org-1').map(token => token.token_id)).toEqual(expect.arrayContaining(roleIds));
		expect(simulator.tokens('opal-org-2')).toEqual(otherOrg);
	});

	it('picks an org itself when the request carries no key it knows', () => {
		const simulator = createOpalSimulator({now: () => now});

		simulator.churn(requestWith(undefined), createRandom(1));

		expect(simulator.accounts().map(account => account.tokens)).toEqual([28, 28]);
		expect(simulator.allSecrets()).toHaveLength(57);
	});
});
