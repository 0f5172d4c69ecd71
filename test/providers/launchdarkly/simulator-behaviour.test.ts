import {describe, expect, it} from 'vitest';
import {createLaunchDarklySimulator} from '../../../providers/launchdarkly/simulator.js';
import {TokenSchema, TokensSchema} from '../../../providers/launchdarkly/schema.js';
import {ConfigError} from '../../../src/errors/index.js';
import {account1, account2, createClock, expectError, start, useSimulator, valid} from './support.js';

const startSimulator = useSimulator();
const day = 86_400_000;

describe('rate limits', () => {
	it('signals the global and route budgets per ten-second window, and refuses with 429 and the reset time, without Retry-After', async () => {
		const sim = await startSimulator({rateLimit: {global: 5, route: {getTokens: 3}}});
		const windowEnd = String(start + 10_000);

		for (const [globalLeft, routeLeft] of [['4', '2'], ['3', '1'], ['2', '0']] as const) {
			const answer = await sim.admin('GET', '/api/v2/tokens');
			expect(answer.status).toBe(200);
			expect(answer.headers.get('x-ratelimit-global-remaining')).toBe(globalLeft);
			expect(answer.headers.get('x-ratelimit-route-remaining')).toBe(routeLeft);
			expect(answer.headers.get('x-ratelimit-reset')).toBe(windowEnd);
		}

		const routeRefusal = await sim.admin('GET', '/api/v2/tokens');
		expectError(routeRefusal, 429, 'rate_limited');
		// Retry-After belongs to the IP-based limit; the route and global limits say when their window resets.
		expect(routeRefusal.headers.get('retry-after')).toBeNull();
		expect(routeRefusal.headers.get('x-ratelimit-route-remaining')).toBe('0');
		expect(routeRefusal.headers.get('x-ratelimit-reset')).toBe(windowEnd);

		const otherRoute = await sim.admin('GET', `/api/v2/tokens/${sim.simulator.tokenIdFor(account1)}`);
		expect(otherRoute.status).toBe(200);
		expect(otherRoute.headers.get('x-ratelimit-global-remaining')).toBe('0');

		sim.clock.advance(2500);
		const globalRefusal = await sim.request('GET', `/api/v2/tokens/${sim.simulator.tokenIdFor(account1)}`, {key: sim.simulator.keyFor(account1, 'reader')});
		expectError(globalRefusal, 429, 'rate_limited');
		expect(globalRefusal.headers.get('x-ratelimit-global-remaining')).toBe('0');
		expect(globalRefusal.headers.get('retry-after')).toBeNull();
		expect(globalRefusal.headers.get('x-ratelimit-reset')).toBe(windowEnd);

		expect((await sim.request('GET', '/api/v2/tokens', {key: sim.simulator.keyFor(account2)})).status).toBe(200);
		expectError(await sim.request('GET', '/api/v2/tokens', {key: 'api-unknown'}), 401, 'unauthorized');

		sim.clock.set(start + 10_000);
		const fresh = await sim.admin('GET', '/api/v2/tokens');
		expect(fresh.status).toBe(200);
		expect(fresh.headers.get('x-ratelimit-global-remaining')).toBe('4');
		expect(fresh.headers.get('x-ratelimit-reset')).toBe(String(start + 20_000));
	});

	it('is on by default with 500 a window for the account and 200 for the list route', async () => {
		const sim = await startSimulator({rateLimit: {}});

		const answer = await sim.admin('GET', '/api/v2/tokens');

		expect(answer.headers.get('x-ratelimit-global-remaining')).toBe('499');
		expect(answer.headers.get('x-ratelimit-route-remaining')).toBe('199');
		const unlimited = await startSimulator({rateLimit: false});
		expect((await unlimited.admin('GET', '/api/v2/tokens')).headers.get('x-ratelimit-global-remaining')).toBeNull();
	});
});

describe('injected faults', () => {
	it('answers injected 429 (as the IP-based limit: Retry-After only), 500 and 503 in the vendor\'s error shape', async () => {
		const limited = await startSimulator({}, {faults: {429: 1}, retryAfterSeconds: 3});
		const refusal = await limited.admin('GET', '/api/v2/tokens');
		expectError(refusal, 429, 'rate_limited');
		expect(refusal.headers.get('retry-after')).toBe('3');
		expect(refusal.headers.get('x-ratelimit-reset')).toBeNull();

		expectError(await (await startSimulator({}, {faults: {500: 1}})).admin('GET', '/api/v2/tokens'), 500, 'internal_server_error');
		expectError(await (await startSimulator({}, {faults: {503: 1}})).admin('GET', '/api/v2/tokens'), 503, 'service_unavailable');
	});
});

describe('churn', () => {
	it('creates one token and deletes a seeded one in the caller\'s account after each request, sparing the simulator\'s keys', async () => {
		const sim = await startSimulator({tokens: 20}, {churn: {everyRequests: 1}});
		const before = sim.simulator.tokens(account1);
		const untouched = sim.simulator.tokens(account2);

		await sim.admin('GET', '/api/v2/tokens');
		await sim.admin('GET', '/api/v2/tokens');

		const after = sim.simulator.tokens(account1);
		expect(after).toHaveLength(before.length);
		const added = after.filter(token => !before.some(old => old._id === token._id));
		expect(added.map(token => token.name)).toEqual(['churn-1', 'churn-2']);
		expect(added.every(token => token.creationDate === start && token.lastUsed === 0)).toBe(true);
		expect(before.filter(token => !after.some(now => now._id === token._id))).toHaveLength(2);
		for (const role of ['admin', 'owner', 'writer', 'reader'] as const) {
			expect(after.some(token => token._id === sim.simulator.tokenIdFor(account1, role))).toBe(true);
		}

		expect(sim.simulator.tokens(account2)).toEqual(untouched);
		valid(TokensSchema, (await sim.admin('GET', '/api/v2/tokens?limit=1000&showAll=true')).body);
	});
});

describe('seeded accounts', () => {
	it('is deterministic for a seed and clock, and differs for another seed', () => {
		const make = (seed: number) => createLaunchDarklySimulator({seed, now: () => start});
		const a = make(7);
		const b = make(7);
		const c = make(8);

		expect(a.tokens(account1)).toEqual(b.tokens(account1));
		expect(a.allSecrets()).toEqual(b.allSecrets());
		expect(a.accounts()).toEqual(b.accounts());
		expect(c.tokens(account1)).not.toEqual(a.tokens(account1));
	});

	it('reports each account with its admin key and token count', async () => {
		const sim = await startSimulator({accounts: 3, tokens: 12});
		const accounts = sim.simulator.accounts();

		expect(accounts.map(account => account.name)).toEqual([account1, account2, 'launchdarkly-account-3']);
		for (const account of accounts) {
			expect(account.id).toMatch(/^[\da-f]{24}$/);
			expect(account.apiKey).toBe(sim.simulator.keyFor(account.name));
			expect(account.tokens).toBe(16);
			expect(sim.simulator.tokens(account.name).every(token => token.ownerId === account.id)).toBe(true);
		}

		await sim.admin('POST', '/api/v2/tokens', {body: {role: 'reader'}});
		expect(sim.simulator.accounts()[0]?.tokens).toBe(17);
	});

	it('seeds the variety an audit needs, in LaunchDarkly\'s units', () => {
		const simulator = createLaunchDarklySimulator({accounts: 2, tokens: 200, now: () => start});
		const tokens = [account1, account2].flatMap(name => simulator.tokens(name).map(token => valid(TokenSchema, token)));
		const ages = tokens.map(token => (start - token.creationDate) / day);

		for (const token of tokens) {
			expect(token.creationDate).toBeGreaterThan(1e12);
			expect(token.creationDate).toBeLessThanOrEqual(start);
			expect(token.lastModified).toBeGreaterThanOrEqual(token.creationDate);
			expect(token.lastModified).toBeLessThanOrEqual(start);
			expect(token.lastUsed === 0 || (token.lastUsed !== undefined && token.lastUsed >= token.creationDate && token.lastUsed <= start)).toBe(true);
			expect(token._id.slice(0, 8)).toBe(Math.floor(token.creationDate / 1000).toString(16));
			expect(token.token).toMatch(/^[\da-f]{4}$/);
			expect(Object.keys(token).some(key => /expir/i.test(key))).toBe(false);
		}

		expect(Math.min(...ages)).toBeLessThan(30);
		expect(Math.max(...ages)).toBeGreaterThan(3 * 365);
		expect(tokens.filter(token => token.lastUsed === 0).length).toBeGreaterThan(20);
		expect(tokens.filter(token => token.lastUsed !== undefined && token.lastUsed > 0 && start - token.lastUsed > 90 * day).length).toBeGreaterThan(10);
		expect(tokens.filter(token => token.serviceToken === true).length).toBeGreaterThan(60);
		expect(tokens.filter(token => token.serviceToken === false).length).toBeGreaterThan(100);
		const count = (predicate: (token: (typeof tokens)[number]) => boolean): number => tokens.filter(predicate).length;
		expect(count(token => token.role === 'admin')).toBeGreaterThan(20);
		expect(count(token => token.role === 'owner')).toBeGreaterThan(0);
		expect(count(token => token.inlineRole?.some(statement => statement.resources?.includes('*') === true && statement.actions?.includes('*') === true) === true)).toBeGreaterThan(3);
		expect(count(token => token.role === 'reader')).toBeGreaterThan(50);
		expect(count(token => token.role === 'writer')).toBeGreaterThan(10);
		expect(count(token => (token.customRoleIds?.length ?? 0) > 0)).toBeGreaterThan(5);
		const orphans = tokens.filter(token => token._member === undefined);
		expect(orphans.length).toBeGreaterThan(10);
		expect(orphans.every(token => /^[\da-f]{24}$/.test(token.memberId))).toBe(true);
		expect(new Set(tokens.map(token => token.defaultApiVersion))).toEqual(new Set([20_191_212, 20_210_729, 20_220_603, 20_240_415]));
		expect(tokens.filter(token => token.description === undefined).length).toBeGreaterThan(20);
	});

	it('keeps seeded times relative to the clock it was given', () => {
		const clock = createClock(Date.UTC(2030, 0, 1));
		const simulator = createLaunchDarklySimulator({tokens: 50, now: clock.now});

		const newest = Math.max(...simulator.tokens(account1).map(token => token.creationDate));

		expect(newest).toBeGreaterThan(Date.UTC(2029, 10, 1));
		expect(newest).toBeLessThanOrEqual(Date.UTC(2030, 0, 1));
	});
});

describe('options', () => {
	it.each([
		['accounts: 0', {accounts: 0}],
		['tokens: -1', {tokens: -1}],
		['maxPageSize: 0', {maxPageSize: 0}],
		['rateLimit.global: 0', {rateLimit: {global: 0}}],
		['rateLimit.route: 1.5', {rateLimit: {route: 1.5}}],
		['tokenCap.serviceTokens: -1', {tokenCap: {serviceTokens: -1}}],
	])('refuses %s at construction with a ConfigError', (_label, options) => {
		expect(() => createLaunchDarklySimulator(options)).toThrow(ConfigError);
	});

	it('refuses an unknown account or key role in the inspection helpers', () => {
		const simulator = createLaunchDarklySimulator({accounts: 1, tokens: 0});

		expect(() => simulator.keyFor('launchdarkly-account-9')).toThrow(ConfigError);
		expect(() => simulator.tokenIdFor(account1, 'root' as 'admin')).toThrow(/unknown key role/);
	});
});
