import {describe, expect, it} from 'vitest';
import {TokenSchema, TokensSchema} from '../../../providers/launchdarkly/schema.js';
import {account1, account2, expectError, useSimulator, valid} from './support.js';

const startSimulator = useSimulator();

describe('routes, statuses and content types', () => {
	it('serves the six token operations with the statuses of the spec', async () => {
		const sim = await startSimulator();

		const list = await sim.admin('GET', '/api/v2/tokens');
		expect(list.status).toBe(200);
		expect(list.headers.get('content-type')).toBe('application/json');
		valid(TokensSchema, list.body);

		const created = await sim.admin('POST', '/api/v2/tokens', {body: {name: 'status-check', role: 'reader'}});
		expect(created.status).toBe(201);
		const id = valid(TokenSchema, created.body)._id;

		const one = await sim.admin('GET', `/api/v2/tokens/${id}`);
		expect(one.status).toBe(200);
		valid(TokenSchema, one.body);

		const patched = await sim.admin('PATCH', `/api/v2/tokens/${id}`, {body: [{op: 'replace', path: '/name', value: 'renamed'}]});
		expect(patched.status).toBe(200);
		expect(valid(TokenSchema, patched.body).name).toBe('renamed');

		const reset = await sim.admin('POST', `/api/v2/tokens/${id}/reset`);
		expect(reset.status).toBe(200);
		valid(TokenSchema, reset.body);

		const deleted = await sim.admin('DELETE', `/api/v2/tokens/${id}`);
		expect(deleted.status).toBe(204);
		expect(deleted.text).toBe('');
		expect(deleted.headers.get('content-type')).toBeNull();
	});

	it('answers an unknown path 404 and a wrong method 405, both in the error shape', async () => {
		const sim = await startSimulator();

		expectError(await sim.admin('GET', '/api/v2/flags'), 404, 'not_found');
		const wrongMethod = await sim.admin('PUT', '/api/v2/tokens');
		expectError(wrongMethod, 405, 'method_not_allowed');
		expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
	});

	it('answers a token id it does not know, or one of another account, 404', async () => {
		const sim = await startSimulator();
		const otherAccountsToken = sim.simulator.tokenIdFor(account2, 'reader');

		expectError(await sim.admin('GET', '/api/v2/tokens/000000000000000000000000'), 404, 'not_found');
		expectError(await sim.admin('GET', `/api/v2/tokens/${otherAccountsToken}`), 404, 'not_found');
		expectError(await sim.admin('DELETE', `/api/v2/tokens/${otherAccountsToken}`), 404, 'not_found');
		expect(sim.simulator.tokens(account2).map(token => token._id)).toContain(otherAccountsToken);
	});

	it('tunnels PATCH and DELETE through POST with X-HTTP-Method-Override', async () => {
		const sim = await startSimulator();
		const id = sim.simulator.tokens(account1).find(token => token.name?.startsWith('tokenkit-sim') !== true)?._id ?? '';

		const patched = await sim.admin('POST', `/api/v2/tokens/${id}`, {headers: {'X-HTTP-Method-Override': 'PATCH'}, body: [{op: 'replace', path: '/description', value: 'tunnelled'}]});
		expect(patched.status).toBe(200);
		expect(valid(TokenSchema, patched.body).description).toBe('tunnelled');

		const deleted = await sim.admin('POST', `/api/v2/tokens/${id}`, {headers: {'X-HTTP-Method-Override': 'DELETE'}});
		expect(deleted.status).toBe(204);
		expectError(await sim.admin('GET', `/api/v2/tokens/${id}`), 404, 'not_found');
	});
});

describe('authentication', () => {
	it('takes the raw key in Authorization, with no scheme', async () => {
		const sim = await startSimulator();
		const key = sim.simulator.keyFor(account1);
		expect(key).toMatch(/^api-[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/);

		expect((await sim.request('GET', '/api/v2/tokens', {key})).status).toBe(200);
		expectError(await sim.request('GET', '/api/v2/tokens', {key: `Bearer ${key}`}), 401, 'unauthorized');
		expectError(await sim.request('GET', '/api/v2/tokens', {key: `Token ${key}`}), 401, 'unauthorized');
		expectError(await sim.request('GET', '/api/v2/tokens', {key: key.toUpperCase()}), 401, 'unauthorized');
	});

	it('refuses a missing or unknown key with 401 on every route', async () => {
		const sim = await startSimulator();
		const id = sim.simulator.tokenIdFor(account1, 'reader');
		const routes: Array<[string, string]> = [
			['GET', '/api/v2/tokens'],
			['POST', '/api/v2/tokens'],
			['GET', `/api/v2/tokens/${id}`],
			['PATCH', `/api/v2/tokens/${id}`],
			['DELETE', `/api/v2/tokens/${id}`],
			['POST', `/api/v2/tokens/${id}/reset`],
		];

		for (const [method, path] of routes) {
			expectError(await sim.request(method, path), 401, 'unauthorized');
			expectError(await sim.request(method, path, {key: 'api-00000000-0000-4000-8000-000000000000'}), 401, 'unauthorized');
		}

		expect(sim.simulator.tokens(account1).some(token => token._id === id)).toBe(true);
	});

	it('lets every key of an account in, and records the use in lastUsed (epoch ms)', async () => {
		const sim = await startSimulator();
		sim.clock.advance(5000);
		for (const role of ['admin', 'owner', 'writer', 'reader'] as const) {
			const key = sim.simulator.keyFor(account1, role);
			const answer = await sim.request('GET', `/api/v2/tokens/${sim.simulator.tokenIdFor(account1, role)}`, {key});
			expect(answer.status).toBe(200);
			expect(valid(TokenSchema, answer.body).lastUsed).toBe(sim.clock.now());
		}
	});

	it('leaves lastUsed alone when it refuses a request with a 4xx, and records the next request it carries out', async () => {
		const sim = await startSimulator({rateLimit: {global: 6}});
		const key = sim.simulator.keyFor(account1, 'reader');
		const id = sim.simulator.tokenIdFor(account1, 'reader');
		const lastUsed = (): number | undefined => sim.simulator.tokens(account1).find(token => token._id === id)?.lastUsed;
		expect((await sim.request('GET', `/api/v2/tokens/${id}`, {key})).status).toBe(200);
		const first = sim.clock.now();
		expect(lastUsed()).toBe(first);

		sim.clock.advance(1000);
		expectError(await sim.request('POST', '/api/v2/tokens', {key, body: {name: 'x', role: 'reader'}}), 403, 'forbidden');
		expectError(await sim.request('GET', '/api/v2/tokens/5f0000000000000000000abc', {key}), 404, 'not_found');
		expectError(await sim.request('GET', '/api/v2/tokens?limit=0', {key}), 400, 'invalid_request');
		expectError(await sim.request('GET', `/api/v2/tokens/${id}`, {key, headers: {'LD-API-Version': 'latest'}}), 400, 'invalid_request');
		expect((await sim.request('GET', `/api/v2/tokens/${id}`, {key})).status).toBe(200);
		const second = sim.clock.now();
		sim.clock.advance(1000);
		expectError(await sim.request('GET', `/api/v2/tokens/${id}`, {key}), 429, 'rate_limited');
		expect(lastUsed()).toBe(second);
	});

	it('refuses a personal token whose member has left the account', async () => {
		const sim = await startSimulator({tokens: 60});
		const orphan = sim.simulator.tokens(account1).find(token => token._member === undefined && token.serviceToken === false);
		expect(orphan).toBeDefined();
		const reset = await sim.admin('POST', `/api/v2/tokens/${orphan?._id ?? ''}/reset`);
		const newKey = valid(TokenSchema, reset.body).token ?? '';
		expect(newKey).toMatch(/^api-/);

		expectError(await sim.request('GET', '/api/v2/tokens', {key: newKey}), 401, 'unauthorized');
	});
});

describe('the LD-API-Version header', () => {
	it('refuses a value that is not an API version', async () => {
		const sim = await startSimulator();

		expectError(await sim.admin('GET', '/api/v2/tokens', {headers: {'LD-API-Version': 'latest'}}), 400, 'invalid_request');
		expectError(await sim.admin('GET', '/api/v2/tokens', {headers: {'LD-API-Version': '20150101'}}), 400, 'invalid_request');
		expect((await sim.admin('GET', '/api/v2/tokens', {headers: {'LD-API-Version': 'beta'}})).status).toBe(200);
	});
});
