import {describe, expect, it} from 'vitest';
import {TokenWithKeySchema, type Token as LaunchDarklyToken} from '../../../providers/launchdarkly/schema.js';
import type {HttpEvent} from '../../../src/http/options.js';
import type {Token} from '../../../src/token.js';
import {collect, expectNoSecrets, providerFor, watchedFetch} from './provider-support.js';
import {account1, useSimulator, valid, type Running} from './support.js';

const startSimulator = useSimulator();

const rolesPath = '/api/v2/roles';

function roleId(sim: Running, key: string): string {
	const role = sim.simulator.customRoles(account1).find(candidate => candidate.key === key);
	if (role === undefined) {
		throw new Error(`no seeded role ${key}`);
	}

	return role._id;
}

/** A new service token of account 1, made by the admin key, and its key. */
async function serviceToken(sim: Running, body: Record<string, unknown>): Promise<{readonly id: string; readonly key: string}> {
	const answer = await sim.admin('POST', '/api/v2/tokens', {body: {name: 'made-for-a-test', serviceToken: true, ...body}});
	const token = valid(TokenWithKeySchema, answer.body);
	return {id: token._id, key: token.token};
}

/** What the record says the token may do: a full-access custom role, and the member's role when it is personal. */
function expectedAdmin(record: LaunchDarklyToken, fullRoleId: string): boolean {
	const own = record.role === 'admin' || record.role === 'owner' || (record.customRoleIds ?? []).includes(fullRoleId)
		|| (record.inlineRole ?? []).some(statement => statement.effect === 'allow' && (statement.actions ?? []).includes('*') && (statement.resources ?? []).includes('*'));
	const member = record.serviceToken === true ? undefined : record._member?.role;
	return own && (member === undefined || member === 'admin' || member === 'owner');
}

describe('LaunchDarkly provider: custom roles', () => {
	it('shows custom roles by key and name, and a role that allows * on * as admin, reading the roles once per provider', async () => {
		const sim = await startSimulator({tokens: 60});
		const watched = watchedFetch();
		const ld = providerFor(sim, {fetch: watched.fetch});

		const listed = await collect(ld.list());
		const again = await collect(ld.list({pageSize: 7}));
		const withRoles = listed.find(token => token.privileges.some(privilege => privilege.scope === 'custom-role'));
		expect(withRoles).toBeDefined();
		await ld.get(withRoles?.id ?? '');

		expect(watched.requests.filter(request => request.url.pathname === rolesPath)).toHaveLength(1);
		expect(again).toEqual(listed);
		const names = new Map(sim.simulator.customRoles(account1).map(role => [role.key, role.name]));
		const customPrivileges = listed.flatMap(token => token.privileges).filter(privilege => privilege.scope === 'custom-role');
		expect(customPrivileges.length).toBeGreaterThan(0);
		for (const privilege of customPrivileges) {
			expect(privilege.resource).toBe(names.get(privilege.role));
		}

		const fullRoleId = roleId(sim, 'all-access');
		const records = new Map(sim.simulator.tokens(account1).map(record => [record._id, record]));
		for (const token of listed) {
			const record = records.get(token.id);
			expect(record).toBeDefined();
			expect(token.admin, token.name).toBe(record === undefined ? null : expectedAdmin(record, fullRoleId));
		}

		expect(listed.some(token => token.admin === true && token.privileges.some(privilege => privilege.role === 'all-access'))).toBe(true);
	});

	it('does not ask for the roles when no token has custom roles', async () => {
		const sim = await startSimulator({tokens: 0});
		const watched = watchedFetch();
		const listed = await collect(providerFor(sim, {fetch: watched.fetch}).list());
		expect(listed).toHaveLength(4);
		expect(watched.requests.map(request => request.url.pathname).sort()).toEqual(['/api/v2/caller-identity', '/api/v2/tokens']);
	});

	it('reads every page of the roles', async () => {
		// The simulator clamps the roles listing to two a page, as it clamps the token list.
		const sim = await startSimulator({tokens: 0, maxPageSize: 2});
		const {id} = await serviceToken(sim, {customRoleIds: ['release-auditor', 'all-access']});
		const watched = watchedFetch();
		const token = await providerFor(sim, {fetch: watched.fetch}).get(id);
		expect(token.privileges).toEqual([
			{role: 'release-auditor', scope: 'custom-role', resource: 'Release auditor'},
			{role: 'all-access', scope: 'custom-role', resource: 'All access'},
		]);
		expect(token.admin).toBe(true);
		expect(watched.requests.filter(request => request.url.pathname === rolesPath).map(request => request.url.search)).toEqual(['?limit=100&offset=0', '?limit=2&offset=2']);
	});

	it('leaves admin null (cannot tell), not false, when the key may not read the roles, and asks only once', async () => {
		const sim = await startSimulator({tokens: 0});
		const full = await serviceToken(sim, {name: 'full-by-role', customRoleIds: ['all-access']});
		const flags = await serviceToken(sim, {name: 'flags-by-role', customRoleIds: ['flag-editor']});
		// A key whose only access is a custom role about access tokens may list tokens but not roles.
		const blind = await serviceToken(sim, {name: 'token-manager-key', customRoleIds: ['token-manager']});
		const watched = watchedFetch();
		const ld = providerFor(sim, {apiKey: blind.key, fetch: watched.fetch});

		const byId = (tokens: readonly Token[]): Map<string, Token> => new Map(tokens.map(token => [token.id, token]));
		const listed = byId(await collect(ld.list()));
		await collect(ld.list());

		expect(listed.get(full.id)).toMatchObject({admin: null, privileges: [{role: roleId(sim, 'all-access'), scope: 'custom-role', resource: null}]});
		expect(listed.get(flags.id)?.admin).toBeNull();
		// Tokens without custom roles are judged as before.
		expect(listed.get(sim.simulator.tokenIdFor(account1))?.admin).toBe(true);
		expect(watched.requests.filter(request => request.url.pathname === rolesPath)).toHaveLength(1);
	});

	it('reports an admin token of a member who is now a reader as not admin, with the cap in its privileges, as the vendor enforces it', async () => {
		const sim = await startSimulator({tokens: 0});
		const readerTokenId = sim.simulator.tokenIdFor(account1, 'reader');
		const ld = providerFor(sim);
		const promoted = await ld.update(readerTokenId, {privileges: [{role: 'admin', scope: 'account', resource: null}]});

		expect(promoted.admin).toBe(false);
		expect(promoted.privileges).toEqual([
			{role: 'admin', scope: 'account', resource: null},
			{role: 'reader', scope: 'member-cap', resource: promoted.owner?.id ?? ''},
		]);
		// The simulator holds the token to its member's role: it still may not make tokens.
		const asReader = providerFor(sim, {apiKey: sim.simulator.keyFor(account1, 'reader')});
		await expect(asReader.create({name: 'x', privileges: [{role: 'reader', scope: 'account', resource: null}]})).rejects.toMatchObject({status: 403});
	});

	it('sends custom roles given by key as ids, on update and on create', async () => {
		const sim = await startSimulator({tokens: 0});
		const bodies: unknown[] = [];
		const ld = providerFor(sim, {
			async fetch(input, init) {
				const request = new Request(input, init);
				if (request.method !== 'GET') {
					const text = await request.clone().text();
					bodies.push(text === '' ? undefined : JSON.parse(text));
				}

				return fetch(request);
			},
		});

		const created = await ld.create({name: 'by-key', kind: 'service', privileges: [{role: 'flag-editor', scope: 'custom-role', resource: null}]});
		expect(bodies[0]).toMatchObject({customRoleIds: [roleId(sim, 'flag-editor')]});
		const updated = await ld.update(created.token.id, {privileges: [{role: 'release-auditor', scope: 'custom-role', resource: 'Release auditor'}, {role: roleId(sim, 'flag-editor'), scope: 'custom-role', resource: null}]});
		expect(bodies[1]).toEqual([{op: 'replace', path: '/customRoleIds', value: [roleId(sim, 'release-auditor'), roleId(sim, 'flag-editor')]}]);
		expect(updated.privileges).toEqual([
			{role: 'release-auditor', scope: 'custom-role', resource: 'Release auditor'},
			{role: 'flag-editor', scope: 'custom-role', resource: 'Flag editor'},
		]);
		expectNoSecrets(sim, updated);
	});
});

describe('LaunchDarkly provider: the reset header of a 429', () => {
	it('waits until X-Ratelimit-Reset (epoch ms) when a route or global limit refuses without Retry-After', async () => {
		const windowMs = 400;
		const sim = await startSimulator({tokens: 0, now: Date.now, rateLimit: {global: 3, windowMs}});
		// Start just after a window opens, so the whole test fits in one window.
		await new Promise(resolve => {
			setTimeout(resolve, windowMs - (Date.now() % windowMs) + 5);
		});
		const other = sim.simulator.keyFor(account1, 'reader');
		for (let request = 0; request < 3; request++) {
			expect((await sim.request('GET', '/api/v2/tokens?limit=1', {key: other})).status).toBe(200);
		}

		const refusal = await sim.request('GET', '/api/v2/tokens?limit=1', {key: other});
		expect(refusal.status).toBe(429);
		expect(refusal.headers.get('retry-after')).toBeNull();
		const reset = Number(refusal.headers.get('x-ratelimit-reset'));
		expect(reset).toBeGreaterThan(Date.now());
		expect(reset).toBeLessThanOrEqual(Date.now() + windowMs);

		const events: HttpEvent[] = [];
		const token = await providerFor(sim, {onEvent: event => events.push(event), retry: {attempts: 3, baseDelay: 5000}}).get(sim.simulator.tokenIdFor(account1));
		expect(token.name).toBe('tokenkit-sim-admin');
		// The token's read; the caller's identity, asked beside it, may be refused and retried too.
		const retries = events.filter(event => event.type === 'retry' && event.path.startsWith('/api/v2/tokens'));
		expect(retries).toHaveLength(1);
		// The wait comes from the reset time, in milliseconds: not a whole second of Retry-After, nor the 5 s backoff.
		expect(retries[0]).toMatchObject({reason: expect.stringContaining('429') as unknown, delay: expect.toSatisfy((delay: number) => delay > 0 && delay <= windowMs * 1.1 + 50) as unknown});
	});
});
