import {describe, expect, it} from 'vitest';
import {CustomRolesSchema, TokensSchema, TokenWithKeySchema} from '../../../providers/launchdarkly/schema.js';
import {account1, expectError, useSimulator, valid, type Running} from './support.js';

const startSimulator = useSimulator();

async function serviceKey(sim: Running, body: Record<string, unknown>): Promise<string> {
	const answer = await sim.admin('POST', '/api/v2/tokens', {body: {name: 'made-for-a-test', serviceToken: true, ...body}});
	return valid(TokenWithKeySchema, answer.body).token;
}

describe('GET /api/v2/roles', () => {
	it('lists the custom roles in the spec\'s shape: key, name, policy, 20 a page by default, limit and offset', async () => {
		const sim = await startSimulator();

		const all = await sim.admin('GET', '/api/v2/roles');
		expect(all.status).toBe(200);
		expect(all.headers.get('content-type')).toBe('application/json');
		const roles = valid(CustomRolesSchema, all.body);
		expect(roles.totalCount).toBe(4);
		expect(roles.items.map(role => [role.key, role.name])).toEqual([
			['token-manager', 'Token manager'],
			['flag-editor', 'Flag editor'],
			['release-auditor', 'Release auditor'],
			['all-access', 'All access'],
		]);
		expect(roles.items.find(role => role.key === 'all-access')?.policy).toEqual([{effect: 'allow', actions: ['*'], resources: ['*']}]);
		expect(roles.items.every(role => /^[\da-f]{24}$/.test(role._id) && role._links['self']?.href === `/api/v2/roles/${role.key}`)).toBe(true);
		expect(roles._links?.['next']).toBeUndefined();
		expect(roles.items).toEqual(sim.simulator.customRoles(account1));

		const page = valid(CustomRolesSchema, (await sim.admin('GET', '/api/v2/roles?limit=3&offset=2')).body);
		expect(page.items.map(role => role.key)).toEqual(['release-auditor', 'all-access']);
		expect(page.totalCount).toBe(4);
		const first = valid(CustomRolesSchema, (await sim.admin('GET', '/api/v2/roles?limit=2')).body);
		expect(first._links?.['next']?.href).toBe('/api/v2/roles?limit=2&offset=2');
		expectError(await sim.admin('GET', '/api/v2/roles?limit=0'), 400, 'invalid_request');
		expectError(await sim.admin('GET', '/api/v2/roles?offset=-1'), 400, 'invalid_request');
	});

	it('lets base-role keys read the roles, and refuses with 403 a key whose custom role or policy says nothing of roles', async () => {
		const sim = await startSimulator({tokens: 0});
		for (const role of ['admin', 'owner', 'writer', 'reader'] as const) {
			expect((await sim.request('GET', '/api/v2/roles', {key: sim.simulator.keyFor(account1, role)})).status, role).toBe(200);
		}

		expectError(await sim.request('GET', '/api/v2/roles', {key: await serviceKey(sim, {customRoleIds: ['flag-editor']})}), 403, 'forbidden');
		expectError(await sim.request('GET', '/api/v2/roles', {key: await serviceKey(sim, {inlineRole: [{effect: 'allow', actions: ['*'], resources: ['proj/*']}]})}), 403, 'forbidden');
		expect((await sim.request('GET', '/api/v2/roles', {key: await serviceKey(sim, {inlineRole: [{effect: 'allow', actions: ['viewRole'], resources: ['role/*']}]})})).status).toBe(200);
		expect((await sim.request('GET', '/api/v2/roles', {key: await serviceKey(sim, {customRoleIds: ['all-access']})})).status).toBe(200);
	});

	it('counts against its own route limit and the account\'s global one', async () => {
		const sim = await startSimulator({tokens: 0, rateLimit: {global: 10, route: {getCustomRoles: 1}}});
		const answer = await sim.admin('GET', '/api/v2/roles');
		expect(answer.headers.get('x-ratelimit-route-remaining')).toBe('0');
		expect(answer.headers.get('x-ratelimit-global-remaining')).toBe('9');
		const refusal = await sim.admin('GET', '/api/v2/roles');
		expectError(refusal, 429, 'rate_limited');
		expect(refusal.headers.get('retry-after')).toBeNull();
		expect((await sim.admin('GET', '/api/v2/tokens')).status).toBe(200);
	});
});

describe('what a token may do', () => {
	it('holds a personal admin token to its member\'s role: a reader member\'s admin token cannot manage tokens or see them all', async () => {
		const sim = await startSimulator({tokens: 30});
		const readerId = sim.simulator.tokenIdFor(account1, 'reader');
		const readerKey = sim.simulator.keyFor(account1, 'reader');
		expect((await sim.admin('PATCH', `/api/v2/tokens/${readerId}`, {body: [{op: 'replace', path: '/role', value: 'admin'}]})).status).toBe(200);

		expectError(await sim.request('POST', '/api/v2/tokens', {key: readerKey, body: {name: 'x', role: 'reader', serviceToken: true}}), 403, 'forbidden');
		const seen = valid(TokensSchema, (await sim.request('GET', '/api/v2/tokens?showAll=true&limit=1000', {key: readerKey})).body).items ?? [];
		expect(seen.length).toBeLessThan(sim.simulator.tokens(account1).length);
		// The owner's personal admin token is an admin's.
		expect(valid(TokensSchema, (await sim.request('GET', '/api/v2/tokens?showAll=true&limit=1000', {key: sim.simulator.keyFor(account1, 'owner')})).body).items).toHaveLength(sim.simulator.tokens(account1).length);
	});

	it('gives a service token with the all-access custom role the Admin role: it manages tokens and sees every one', async () => {
		const sim = await startSimulator({tokens: 30});
		const key = await serviceKey(sim, {customRoleIds: ['all-access']});
		expect((await sim.request('POST', '/api/v2/tokens', {key, body: {name: 'by-role', role: 'reader', serviceToken: true}})).status).toBe(201);
		expect(valid(TokensSchema, (await sim.request('GET', '/api/v2/tokens?showAll=true&limit=1000', {key})).body).items).toHaveLength(sim.simulator.tokens(account1).length);
	});
});
