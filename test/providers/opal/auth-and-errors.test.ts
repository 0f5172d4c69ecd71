import {describe, expect, it} from 'vitest';
import {createOpalSimulator} from '../../../providers/opal/simulator.js';
import {ConfigError} from '../../../src/errors/index.js';
import {startSimulatorServer} from '../../../src/simulate/server.js';
import {call, failure, now, page, useOpal} from './support.js';

const start = useOpal();
const unknownId = '0b7e3f0e-5d1c-4c9a-9f3e-2a6b1c0d9e8f';

describe('authentication', () => {
	it('accepts "Authorization: Bearer <key>" with the admin key, the scheme in any case', async () => {
		const {simulator, baseUrl} = await start();
		const key = simulator.keyFor('opal-org-1', 'admin');

		expect(page(await call(baseUrl, '/tokens', {key})).results).toHaveLength(28);
		expect(page(await call(baseUrl, '/tokens', {authorization: `bearer ${key}`})).results).toHaveLength(28);
		expect(page(await call(baseUrl, '/tokens', {authorization: `BEARER ${key}`})).results).toHaveLength(28);
	});

	it.each([
		['no Authorization header', undefined],
		['the key without a scheme', 'KEY'],
		['another scheme', 'Token KEY'],
		['Basic credentials', 'Basic dXNlcjpwYXNz'],
		['an empty bearer', 'Bearer '],
		['an unknown key', `Bearer ${'ab12'.repeat(16)}`],
	])('answers 401 with a JSON message and a Bearer challenge for %s', async (_case, authorization) => {
		const {simulator, baseUrl} = await start();
		const key = simulator.keyFor('opal-org-1', 'admin');

		const answer = await call(baseUrl, '/tokens', {authorization: authorization?.replace('KEY', key)});

		expect(failure(answer, 401).message).not.toBe('');
		expect(answer.headers.get('www-authenticate')).toBe('Bearer');
		expect(answer.text).not.toContain(key);
	});

	it('answers 401 to DELETE without a key, before looking at the token', async () => {
		const {simulator, baseUrl} = await start();
		const [victim] = simulator.tokens('opal-org-1');

		failure(await call(baseUrl, `/tokens/${victim?.token_id ?? ''}`, {method: 'DELETE'}), 401);

		expect(simulator.tokens('opal-org-1')).toHaveLength(28);
	});

	it('refuses an expired token with 401 but still lists it', async () => {
		const {simulator, baseUrl} = await start();
		const [admin] = simulator.users('opal-org-1').filter(user => user.admin && user.kind === 'human');
		const expired = simulator.mintToken('opal-org-1', {userId: admin?.id ?? '', label: 'expired-yesterday', expiresAt: now - 86_400_000});
		const expiring = simulator.mintToken('opal-org-1', {userId: admin?.id ?? '', label: 'expires-tomorrow', expiresAt: now + 86_400_000});

		failure(await call(baseUrl, '/tokens', {key: expired.key}), 401);
		expect(page(await call(baseUrl, '/tokens', {key: expiring.key})).results).toHaveLength(30);

		const listed = page(await call(baseUrl, `/tokens?token_ids=${expired.token.token_id}`, {key: simulator.keyFor('opal-org-1', 'admin')})).results;
		expect(listed).toEqual([expect.objectContaining({token_id: expired.token.token_id, expires_at: '2026-04-30T12:00:00Z'})]);
	});

	it('refuses a token once it is deleted', async () => {
		const {simulator, baseUrl} = await start();
		const member = simulator.keyFor('opal-org-1', 'member');
		const memberToken = simulator.tokens('opal-org-1').find(token => token.token_label === 'tokenkit-member');
		failure(await call(baseUrl, '/tokens', {key: member}), 403);

		const deleted = await call(baseUrl, `/tokens/${memberToken?.token_id ?? ''}`, {method: 'DELETE', key: simulator.keyFor('opal-org-1', 'admin')});
		expect(deleted.status).toBe(200);

		failure(await call(baseUrl, '/tokens', {key: member}), 401);
	});

	it('refuses a token whose user has left the org', async () => {
		const {simulator, baseUrl} = await start({tokens: 60});
		const removed = new Set(simulator.removedUserIds('opal-org-1'));
		const orphan = simulator.tokens('opal-org-1').find(token => removed.has(token.user_id));
		expect(orphan).toBeDefined();

		const answer = await call(baseUrl, '/tokens', {key: simulator.keyOf('opal-org-1', orphan?.token_id ?? '')});

		failure(answer, 401);
	});
});

describe('routes', () => {
	it.each([
		['POST', '/tokens', 405, 'GET'],
		['PUT', '/tokens', 405, 'GET'],
		['GET', `/tokens/${unknownId}`, 405, 'DELETE'],
		['PATCH', `/tokens/${unknownId}`, 405, 'DELETE'],
		['PUT', `/tokens/${unknownId}`, 405, 'DELETE'],
		['POST', `/tokens/${unknownId}/rotate`, 404, null],
		['POST', `/tokens/${unknownId}/reset`, 404, null],
		['GET', '/token', 404, null],
		['GET', '/users/tokens', 404, null],
	])('answers %s %s with %i: Opal has no create, get, update or rotate route', async (method, path, status, allow) => {
		const {simulator, baseUrl} = await start();

		const answer = await call(baseUrl, path, {method, key: simulator.keyFor('opal-org-1', 'admin')});

		failure(answer, status);
		expect(answer.headers.get('allow')).toBe(allow);
		expect(simulator.tokens('opal-org-1')).toHaveLength(28);
	});

	it('serves the API under /v1 only', async () => {
		const {simulator, server} = await start();
		expect(server.baseUrl).toBe(`http://127.0.0.1:${server.port}/v1`);

		failure(await call(`http://127.0.0.1:${server.port}`, '/tokens', {key: simulator.keyFor('opal-org-1', 'admin')}), 404);
	});

	it('answers a broken percent-escape in the path with 400, not a crash', async () => {
		const {simulator, baseUrl} = await start();

		failure(await call(baseUrl, '/tokens/%E0%A4%A', {method: 'DELETE', key: simulator.keyFor('opal-org-1', 'admin')}), 400);
	});
});

describe('rate limit', () => {
	it('allows 100 requests a second per org by default, then answers 429 with no rate-limit headers', async () => {
		let clock = now;
		// `rateLimit: undefined` undoes the helper's `false`, leaving the simulator's default.
		const {simulator, baseUrl} = await start({rateLimit: undefined, now: () => clock});
		const key = simulator.keyFor('opal-org-1', 'admin');

		for (let index = 0; index < 100; index++) {
			expect((await call(baseUrl, '/tokens?page_size=1', {key})).status).toBe(200);
		}

		const limited = await call(baseUrl, '/tokens?page_size=1', {key});
		expect(failure(limited, 429).message).toMatch(/rate limit/i);
		expect(limited.headers.get('retry-after')).toBeNull();
		expect([...limited.headers.keys()].filter(name => name.includes('ratelimit'))).toEqual([]);

		clock += 1000;
		expect((await call(baseUrl, '/tokens?page_size=1', {key})).status).toBe(200);
	});

	it('shares one budget among all tokens of an org, and keeps orgs apart', async () => {
		const {simulator, baseUrl} = await start({rateLimit: {limit: 3}});
		const admin = simulator.keyFor('opal-org-1', 'admin');
		const readOnly = simulator.keyFor('opal-org-1', 'readOnly');
		const member = simulator.keyFor('opal-org-1', 'member');

		expect((await call(baseUrl, '/tokens', {key: admin})).status).toBe(200);
		expect((await call(baseUrl, '/tokens', {key: readOnly})).status).toBe(200);
		// A refused request still reaches Opal and counts.
		expect((await call(baseUrl, '/tokens', {key: member})).status).toBe(403);
		failure(await call(baseUrl, '/tokens', {key: readOnly}), 429);
		failure(await call(baseUrl, `/tokens/${unknownId}`, {method: 'DELETE', key: admin}), 429);

		expect((await call(baseUrl, '/tokens', {key: simulator.keyFor('opal-org-2', 'admin')})).status).toBe(200);
	});

	it('does not count requests it cannot tie to an org', async () => {
		const {simulator, baseUrl} = await start({rateLimit: {limit: 1}});

		for (const authorization of [undefined, 'Bearer nope', 'Token nope']) {
			failure(await call(baseUrl, '/tokens', {authorization}), 401);
		}

		expect((await call(baseUrl, '/tokens', {key: simulator.keyFor('opal-org-1', 'admin')})).status).toBe(200);
	});

	it('opens a new window when the configured window has passed', async () => {
		let clock = now;
		const {simulator, baseUrl} = await start({rateLimit: {limit: 1, windowMs: 60_000}, now: () => clock});
		const key = simulator.keyFor('opal-org-1', 'admin');

		expect((await call(baseUrl, '/tokens', {key})).status).toBe(200);
		clock += 30_000;
		failure(await call(baseUrl, '/tokens', {key}), 429);
		clock += 30_000;
		expect((await call(baseUrl, '/tokens', {key})).status).toBe(200);
	});
});

describe('injected faults', () => {
	it.each([
		[429, {'429': 1}],
		[500, {'500': 1}],
		[503, {'503': 1}],
	] as const)('answers an injected %i with an Opal-shaped JSON body', async (status, faults) => {
		const {simulator, baseUrl} = await start({}, {faults, retryAfterSeconds: 7});

		const answer = await call(baseUrl, '/tokens', {key: simulator.keyFor('opal-org-1', 'admin')});

		expect(failure(answer, status).message).not.toBe('');
		// Opal documents no Retry-After, so the simulator sends none even when the server offers one.
		expect(answer.headers.get('retry-after')).toBeNull();
	});

	it('answers a malformed fault with a body that is not JSON', async () => {
		const simulator = createOpalSimulator({rateLimit: false});
		const server = await startSimulatorServer(simulator, {faults: {malformed: 1}});
		try {
			const answer = await call(server.baseUrl, '/tokens', {key: simulator.keyFor('opal-org-1', 'admin')});
			expect(answer.status).toBe(200);
			expect(() => JSON.parse(answer.text) as unknown).toThrow(SyntaxError);
		} finally {
			await server.close();
		}
	});
});

describe('options', () => {
	it.each([
		[{accounts: 0}, /accounts/],
		[{tokens: -1}, /tokens/],
		[{seed: 1.5}, /seed/],
		[{rateLimit: {limit: 0}}, /rateLimit\.limit/],
		[{rateLimit: {windowMs: 0}}, /rateLimit\.windowMs/],
		[{maxResultsPerPage: 0}, /maxResultsPerPage/],
	])('rejects %o at construction with a ConfigError', (options, message) => {
		expect(() => createOpalSimulator(options)).toThrow(ConfigError);
		expect(() => createOpalSimulator(options)).toThrow(message);
	});

	it('names the known accounts when asked for an unknown one', () => {
		const simulator = createOpalSimulator();

		expect(() => simulator.keyFor('opal-org-3', 'admin')).toThrow(/opal-org-1, opal-org-2/);
	});
});
