/**
The vendor's own TypeScript client (`launchdarkly-api-typescript`, generated from the same OpenAPI document)
runs against the simulator unchanged: only its `basePath` and `apiKey` are configured.

What the client does on the wire, read from its source (`common.ts`, `api.ts`):
- the key goes raw into `Authorization` (`setApiKeyToObject`), never with `Bearer`;
- URLs are `basePath` + `/api/v2/tokens…`, so `basePath` is the bare origin, as for app.launchdarkly.com;
- the access-token calls send no `LD-API-Version`, so the token's `defaultApiVersion` decides the list shape.
  A key made with an older version gets every token at once whatever `limit` says: the client still works
  (its loop ends on `totalCount`), and that is what the API does for such a key (docs/vendors/launchdarkly.md [I]), so the
  simulator makes no exception for the client.
*/
import {AccessTokensApi, Configuration, CustomRolesApi, type CustomRole, type Token} from 'launchdarkly-api-typescript';
import {describe, expect, it} from 'vitest';
import {createLaunchDarklySimulator} from '../../../providers/launchdarkly/simulator.js';
import {CustomRolesSchema, TokenSchema, TokensSchema} from '../../../providers/launchdarkly/schema.js';
import {useSimulatorServers} from '../../support/simulator-servers.js';
import {account1, createClock, valid} from './support.js';

const serve = useSimulatorServers();

async function setup(tokens = 57) {
	const clock = createClock();
	const simulator = createLaunchDarklySimulator({tokens, now: clock.now, rateLimit: {}});
	const {server, seen} = await serve(simulator);
	const clientFor = (apiKey: string): AccessTokensApi => new AccessTokensApi(new Configuration({apiKey, basePath: server.baseUrl}));
	const rolesClientFor = (apiKey: string): CustomRolesApi => new CustomRolesApi(new Configuration({apiKey, basePath: server.baseUrl}));
	return {simulator, clock, seen, clientFor, rolesClientFor, admin: clientFor(simulator.keyFor(account1))};
}

/** Every token, page by page: `limit`/`offset` until `totalCount`, as a user of the client would write it. */
async function listAll(api: AccessTokensApi, limit: number): Promise<{tokens: Token[]; pages: number}> {
	const tokens: Token[] = [];
	let pages = 0;
	for (;;) {
		const {data, status} = await api.getTokens(true, limit, tokens.length);
		expect(status).toBe(200);
		valid(TokensSchema, data);
		pages++;
		const items = data.items ?? [];
		tokens.push(...items);
		if (items.length === 0 || tokens.length >= (data.totalCount ?? 0)) {
			return {tokens, pages};
		}
	}
}

describe('the official LaunchDarkly TypeScript client', () => {
	it('lists every token page by page, sending the raw key and no API version', async () => {
		const {simulator, seen, admin} = await setup();

		const {tokens, pages} = await listAll(admin, 10);

		expect(pages).toBe(7);
		expect(tokens.map(token => token._id)).toEqual(simulator.tokens(account1).map(token => token._id));
		expect(tokens.every(token => token.token?.length === 4)).toBe(true);
		expect(seen.map(request => `${request.method} ${request.path}?${request.query.toString()}`).slice(0, 2)).toEqual([
			'GET /api/v2/tokens?showAll=true&limit=10&offset=0',
			'GET /api/v2/tokens?showAll=true&limit=10&offset=10',
		]);
		expect(seen.every(request => request.headers.authorization === simulator.keyFor(account1))).toBe(true);
		expect(seen.some(request => request.headers['ld-api-version'] !== undefined)).toBe(false);
	});

	it('gets everything in one answer with a key made for an older API version, and still ends its loop', async () => {
		const {simulator, admin, clientFor} = await setup(40);
		const legacy = await admin.postToken({name: 'legacy-integration', role: 'admin', serviceToken: true, defaultApiVersion: 20_220_603});

		const {tokens, pages} = await listAll(clientFor(legacy.data.token ?? ''), 10);

		expect(pages).toBe(1);
		expect(tokens).toHaveLength(simulator.tokens(account1).length);
	});

	it('creates, gets, patches, resets (old key valid until the expiry) and deletes a token', async () => {
		const {simulator, clock, admin, clientFor} = await setup();

		const created = await admin.postToken({name: 'client-made', description: 'made by the official client', role: 'reader', serviceToken: true});
		expect(created.status).toBe(201);
		const token = valid(TokenSchema, created.data);
		const firstKey = token.token ?? '';
		expect(firstKey).toMatch(/^api-[\da-f-]{36}$/);
		expect(simulator.allSecrets()).toContain(firstKey);

		const got = await admin.getToken(token._id);
		expect(got.status).toBe(200);
		expect(valid(TokenSchema, got.data)).toMatchObject({_id: token._id, name: 'client-made', role: 'reader', token: firstKey.slice(-4)});

		const patched = await admin.patchToken(token._id, [
			{op: 'test', path: '/name', value: 'client-made'},
			{op: 'replace', path: '/name', value: 'client-renamed'},
			{op: 'replace', path: '/role', value: 'writer'},
		]);
		expect(patched.status).toBe(200);
		expect(valid(TokenSchema, patched.data)).toMatchObject({name: 'client-renamed', role: 'writer'});

		const expiry = clock.now() + 3_600_000;
		const reset = await admin.resetToken(token._id, expiry);
		expect(reset.status).toBe(200);
		const secondKey = valid(TokenSchema, reset.data).token ?? '';
		expect(reset.data._id).toBe(token._id);
		expect(secondKey).toMatch(/^api-[\da-f-]{36}$/);
		expect(secondKey).not.toBe(firstKey);

		const withOldKey = clientFor(firstKey);
		const withNewKey = clientFor(secondKey);
		expect((await withOldKey.getToken(token._id)).data.token).toBe(secondKey.slice(-4));
		expect((await withNewKey.getToken(token._id)).status).toBe(200);
		clock.set(expiry - 1);
		expect((await withOldKey.getTokens(false, 5, 0)).status).toBe(200);
		clock.set(expiry);
		await expect(withOldKey.getToken(token._id)).rejects.toMatchObject({response: {status: 401, data: {code: 'unauthorized'}}});
		expect((await withNewKey.getToken(token._id)).status).toBe(200);

		const deleted = await admin.deleteToken(token._id);
		expect(deleted.status).toBe(204);
		await expect(admin.getToken(token._id)).rejects.toMatchObject({response: {status: 404, data: {code: 'not_found'}}});
		await expect(withNewKey.getTokens()).rejects.toMatchObject({response: {status: 401}});
	});

	it('lists the custom roles page by page with its CustomRolesApi, in the shape its own types declare', async () => {
		const {simulator, seen, rolesClientFor} = await setup(5);
		const roles = rolesClientFor(simulator.keyFor(account1));
		const listed: CustomRole[] = [];
		for (;;) {
			const {data, status} = await roles.getCustomRoles(3, listed.length);
			expect(status).toBe(200);
			valid(CustomRolesSchema, data);
			listed.push(...data.items);
			if (data.items.length === 0 || listed.length >= (data.totalCount ?? 0)) {
				break;
			}
		}

		expect(listed.map(role => [role.key, role.name])).toEqual([['token-manager', 'Token manager'], ['flag-editor', 'Flag editor'], ['release-auditor', 'Release auditor'], ['all-access', 'All access']]);
		expect(listed.find(role => role.key === 'all-access')?.policy).toEqual([{effect: 'allow', actions: ['*'], resources: ['*']}]);
		expect(listed).toEqual(simulator.customRoles(account1));
		expect(seen.filter(request => request.path === '/api/v2/roles').map(request => request.query.toString())).toEqual(['limit=3&offset=0', 'limit=3&offset=3']);
	});

	it('surfaces the simulator\'s 403 for a reader key as the client\'s error', async () => {
		const {simulator, clientFor} = await setup(5);
		const reader = clientFor(simulator.keyFor(account1, 'reader'));

		await expect(reader.postToken({role: 'reader'})).rejects.toMatchObject({response: {status: 403, data: {code: 'forbidden'}}});
	});
});
