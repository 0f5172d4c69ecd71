import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {isoDay} from '../../../providers/gitlab/lifetime.js';
import {createGitLabSimulator} from '../../../providers/gitlab/simulator.js';
import {paginate} from '../../../providers/gitlab/simulator/paging.js';
import type {SimRequest} from '../../../src/simulate/types.js';
import {instance1, instance2, start, useGitLab} from './support.js';

const startGitLab = useGitLab();
const day = 86_400_000;
const today = Math.floor(start / day) * day;

const TokenSchema = v.looseObject({id: v.number(), revoked: v.boolean(), active: v.boolean(), expires_at: v.nullable(v.string()), last_used_at: v.nullable(v.string()), last_used_ips: v.array(v.string())});
const WithKey = v.looseObject({id: v.number(), token: v.string(), expires_at: v.nullable(v.string())});

describe('the GitLab simulator: pages', () => {
	it('pages with X-Page, X-Next-Page (empty on the last), X-Total and absolute Link URLs of its own origin', async () => {
		const running = await startGitLab({tokens: 25});
		const total = running.simulator.tokens(instance1).length;
		const first = await running.request('GET', '/api/v4/personal_access_tokens?per_page=10');
		expect(first.status).toBe(200);
		expect(Object.fromEntries(['x-page', 'x-per-page', 'x-next-page', 'x-prev-page', 'x-total', 'x-total-pages'].map(name => [name, first.headers.get(name)]))).toEqual({
			'x-page': '1', 'x-per-page': '10', 'x-next-page': '2', 'x-prev-page': '', 'x-total': String(total), 'x-total-pages': String(Math.ceil(total / 10)),
		});
		const link = first.headers.get('link') ?? '';
		expect(link).toContain(`<${running.url}/api/v4/personal_access_tokens?per_page=10&page=2>; rel="next"`);
		expect(link).toMatch(/rel="first"/);
		expect(link).toMatch(/rel="last"/);
		const last = await running.request('GET', `/api/v4/personal_access_tokens?per_page=10&page=${Math.ceil(total / 10)}`);
		expect(last.headers.get('x-next-page')).toBe('');
		expect(last.headers.get('link')).not.toMatch(/rel="next"/);
		const beyond = await running.request('GET', '/api/v4/personal_access_tokens?per_page=10&page=99');
		expect(beyond.body).toEqual([]);
		const clamped = await running.request('GET', '/api/v4/personal_access_tokens?per_page=500');
		expect(clamped.headers.get('x-per-page')).toBe('100');
		expect(await running.request('GET', '/api/v4/personal_access_tokens?per_page=ten')).toMatchObject({status: 400, body: {error: 'per_page is invalid'}});
	});

	it('leaves out X-Total, X-Total-Pages and rel="last" past 10,000 rows, as GitLab does', () => {
		const request: SimRequest = {method: 'GET', path: '/api/v4/personal_access_tokens', query: new URLSearchParams('per_page=100&page=3'), headers: {host: '127.0.0.1:1'}, body: undefined, bodyInvalid: false, remoteAddress: '127.0.0.1'};
		const big = paginate(request, Array.from({length: 10_001}, (_, index) => index));
		expect(big.headers).not.toHaveProperty('X-Total');
		expect(big.headers).not.toHaveProperty('X-Total-Pages');
		expect(big.headers?.['Link']).not.toMatch(/rel="last"/);
		expect(big.headers?.['X-Next-Page']).toBe('4');
		expect(paginate(request, Array.from({length: 10_000}, (_, index) => index)).headers).toHaveProperty('X-Total', '10000');
	});
});

describe('the GitLab simulator: who sees what', () => {
	it('answers GitLab\'s statuses and bodies', async () => {
		const running = await startGitLab({tokens: 5});
		const developer = running.simulator.keyFor(instance1, 'developer');
		const adminId = running.simulator.tokenIdFor(instance1);
		expect(await running.request('GET', '/api/v4/personal_access_tokens', {key: 'glpat-unknown'})).toMatchObject({status: 401, body: {message: '401 Unauthorized'}});
		expect(await running.request('GET', '/api/v4/personal_access_tokens', {key: null})).toMatchObject({status: 401});
		expect(await running.request('GET', `/api/v4/personal_access_tokens/${adminId}`, {key: developer})).toMatchObject({status: 401, body: {message: '401 Unauthorized'}});
		expect(await running.request('GET', '/api/v4/personal_access_tokens/999999')).toMatchObject({status: 404, body: {message: '404 Personal Access Token Not Found'}});
		expect(await running.request('GET', '/api/v4/personal_access_tokens?user_id=1', {key: developer})).toMatchObject({status: 401});
		expect(await running.request('GET', '/api/v4/personal_access_tokens?user_id=999')).toMatchObject({status: 404, body: {message: '404 User Not Found'}});
		expect(await running.request('DELETE', `/api/v4/personal_access_tokens/${running.simulator.tokenIdFor(instance1, 'developer')}`, {key: developer})).toMatchObject({
			status: 403, body: {error: 'insufficient_scope', scope: 'api'},
		});
		expect(await running.request('GET', '/api/v4/groups/acme%2Fnope/access_tokens')).toMatchObject({status: 404, body: {message: '404 Group Not Found'}});
		expect(await running.request('GET', '/api/v4/groups/101/access_tokens/1')).toMatchObject({status: 404, body: {message: '404 group Access Token Not Found'}});
		expect(await running.request('GET', '/api/v3/user')).toMatchObject({status: 410});
		expect(await running.request('GET', '/api/v4/nothing')).toMatchObject({status: 404, body: {message: '404 Not Found'}});
		expect(await running.request('PUT', '/api/v4/personal_access_tokens/1')).toMatchObject({status: 405});
		// `self` takes any scope: a read_api token may see itself.
		expect(await running.request('GET', '/api/v4/personal_access_tokens/self', {key: developer})).toMatchObject({status: 200});
	});

	it('shows a non-administrator their own tokens only, and an administrator everyone\'s, bots included', async () => {
		const running = await startGitLab({tokens: 20});
		const own = v.parse(v.array(v.looseObject({user_id: v.number()})), (await running.request('GET', '/api/v4/personal_access_tokens?per_page=100', {key: running.simulator.keyFor(instance1, 'maintainer')})).body);
		expect(new Set(own.map(token => token.user_id)).size).toBe(1);
		const all = v.parse(v.array(TokenSchema), (await running.request('GET', '/api/v4/personal_access_tokens?per_page=100')).body);
		expect(all).toHaveLength(running.simulator.tokens(instance1).length);
		const user = (await running.request('GET', '/api/v4/users/3', {key: running.simulator.keyFor(instance1, 'developer')})).body;
		expect(user).not.toHaveProperty('email');
		expect(user).not.toHaveProperty('is_admin');
		expect((await running.request('GET', '/api/v4/users/3')).body).toHaveProperty('email');
	});

	it('records a use: last_used_at and the address', async () => {
		const running = await startGitLab({tokens: 1});
		const self = v.parse(TokenSchema, (await running.request('GET', '/api/v4/personal_access_tokens/self')).body);
		expect(self.last_used_at).toBe(new Date(start).toISOString());
		expect(self.last_used_ips).toContain('127.0.0.1');
	});
});

describe('the GitLab simulator: rotation', () => {
	it('answers 200 with a new id and key, and the old key dies at once', async () => {
		const running = await startGitLab({tokens: 5});
		const target = running.simulator.tokenIdFor(instance1, 'maintainer');
		const oldKey = running.simulator.keyFor(instance1, 'maintainer');
		const rotated = await running.request('POST', `/api/v4/personal_access_tokens/${target}/rotate`, {body: {expires_at: isoDay(today + 10 * day)}});
		expect(rotated.status).toBe(200);
		const body = v.parse(WithKey, rotated.body);
		expect(body.id).toBeGreaterThan(target);
		expect(body.expires_at).toBe(isoDay(today + 10 * day));
		expect(await running.request('GET', '/api/v4/user', {key: oldKey})).toMatchObject({status: 401, body: {error: 'invalid_token', error_description: 'Token was revoked. You have to re-authorize from the user.'}});
		expect(await running.request('GET', '/api/v4/user', {key: body.token})).toMatchObject({status: 200});
		expect(await running.request('POST', `/api/v4/personal_access_tokens/${target}/rotate`)).toMatchObject({status: 400, body: {message: '400 Bad request - Token already revoked'}});
	});

	it('gives a rotation without expires_at 7 days where expiry is required, and none where it is not', async () => {
		const running = await startGitLab({tokens: 5});
		const required = v.parse(WithKey, (await running.request('POST', `/api/v4/personal_access_tokens/${running.simulator.tokenIdFor(instance1, 'developer')}/rotate`)).body);
		expect(required.expires_at).toBe(isoDay(today + 7 * day));
		const free = v.parse(WithKey, (await running.request('POST', `/api/v4/personal_access_tokens/${running.simulator.tokenIdFor(instance2, 'developer')}/rotate`, {key: running.simulator.keyFor(instance2)})).body);
		expect(free.expires_at).toBeNull();
		expect(await running.request('POST', `/api/v4/personal_access_tokens/${running.simulator.tokenIdFor(instance1, 'maintainer')}/rotate`, {body: {expires_at: isoDay(today + 400 * day)}})).toMatchObject({
			status: 400, body: {message: `400 Bad request - Expires at must be before ${isoDay(today + 366 * day)}`},
		});
	});

	it('revokes the whole family when a revoked key is used to rotate (reuse detection)', async () => {
		const running = await startGitLab({tokens: 5});
		const oldKey = running.simulator.keyFor(instance1, 'maintainer');
		const rotated = v.parse(WithKey, (await running.request('POST', '/api/v4/personal_access_tokens/self/rotate', {key: oldKey})).body);
		expect(await running.request('GET', '/api/v4/user', {key: rotated.token})).toMatchObject({status: 200});
		expect(await running.request('POST', '/api/v4/personal_access_tokens/self/rotate', {key: oldKey})).toMatchObject({status: 401, body: {error: 'invalid_token'}});
		expect(await running.request('GET', '/api/v4/user', {key: rotated.token})).toMatchObject({status: 401, body: {error: 'invalid_token'}});
	});

	it('refuses an expired key as expired, from 00:00 UTC on its expiry date', async () => {
		let now = start;
		const running = await startGitLab({tokens: 1, now: () => now});
		const expires = v.parse(TokenSchema, (await running.request('GET', '/api/v4/personal_access_tokens/self')).body).expires_at ?? '';
		now = Date.parse(`${expires}T00:00:00Z`) - 1;
		expect(await running.request('GET', '/api/v4/user')).toMatchObject({status: 200});
		now += 1;
		expect(await running.request('GET', '/api/v4/user')).toMatchObject({status: 401, body: {error: 'invalid_token', error_description: 'Token is expired. You can either do re-authorization or token refresh.'}});
	});
});

describe('the GitLab simulator: seeding and churn', () => {
	it('gives the same instances and keys for the same seed, and risky tokens for the audit', () => {
		const one = createGitLabSimulator({seed: 5, now: () => start});
		const two = createGitLabSimulator({seed: 5, now: () => start});
		expect(one.accounts()).toEqual(two.accounts());
		const tokens = one.tokens(instance2).map(token => v.parse(v.looseObject({expires_at: v.nullable(v.string()), revoked: v.boolean(), last_used_at: v.nullable(v.string())}), token));
		expect(tokens.some(token => token.expires_at === null)).toBe(true);
		expect(tokens.some(token => token.revoked)).toBe(true);
		expect(tokens.some(token => token.last_used_at === null)).toBe(true);
		expect(one.tokens(instance1).some(token => token['expires_at'] === null)).toBe(false);
	});

	it('makes a token and revokes another every N requests; the count only grows, since GitLab keeps revoked tokens', async () => {
		const running = await startGitLab({tokens: 10}, {churn: {everyRequests: 2}});
		const before = running.simulator.accounts()[0]?.tokens ?? 0;
		const revokedBefore = running.simulator.tokens(instance1).filter(token => token['revoked'] === true).length;
		for (let index = 0; index < 4; index++) {
			await running.request('GET', '/api/v4/user');
		}

		expect(running.simulator.accounts()[0]?.tokens).toBe(before + 2);
		expect(running.simulator.tokens(instance1).filter(token => token['revoked'] === true)).toHaveLength(revokedBefore + 2);
	});
});
