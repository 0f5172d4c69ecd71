import {describe, expect, it} from 'vitest';
import {TokenWithKeySchema} from '../../../providers/launchdarkly/schema.js';
import {ConfigError, PaginationError, RateLimitError} from '../../../src/errors/index.js';
import type {HttpEvent} from '../../../src/http/options.js';
import {collect, expectNoSecrets, providerFor, rejectionOf, watchedFetch} from './provider-support.js';
import {account1, useSimulator, valid} from './support.js';

const startSimulator = useSimulator();

describe('LaunchDarkly provider: list', () => {
	it.each([1, 7, 25, 100, 1000])('returns exactly the seeded tokens with pages of %i', async pageSize => {
		const sim = await startSimulator({tokens: 40});
		const listed = await collect(providerFor(sim).list({pageSize}));
		const expected = sim.simulator.tokens(account1).map(token => token._id);
		expect(expected).toHaveLength(44);
		expect(listed.map(token => token.id)).toEqual(expected);
		expect(listed.every(token => token.provider === 'launchdarkly' && token.account === account1)).toBe(true);
	});

	it('returns every token from a server that serves fewer than asked per page', async () => {
		const sim = await startSimulator({tokens: 40, maxPageSize: 7});
		const listed = await collect(providerFor(sim).list());
		expect(listed.map(token => token.id)).toEqual(sim.simulator.tokens(account1).map(token => token._id));
		// Seven per answer, one of them the overlap: 44 tokens in eight requests, one for the custom roles, and one for the caller's identity.
		expect(sim.server.stats.requests).toBe(10);
	});

	it('asks for the largest page by default: one request for 44 tokens, one for the custom roles they name, one for the caller', async () => {
		const sim = await startSimulator({tokens: 40});
		const watched = watchedFetch();
		await collect(providerFor(sim, {fetch: watched.fetch}).list());
		expect(watched.requests.map(request => `${request.url.pathname}${request.url.search}`).sort()).toEqual(['/api/v2/caller-identity', '/api/v2/roles?limit=100&offset=0', '/api/v2/tokens?limit=1000&offset=0&showAll=true']);
	});

	it('sends the raw key, no Bearer, and pins LD-API-Version on every request', async () => {
		const sim = await startSimulator({tokens: 20});
		const watched = watchedFetch();
		await collect(providerFor(sim, {fetch: watched.fetch}).list({pageSize: 5}));
		expect(watched.requests.length).toBeGreaterThan(4);
		for (const request of watched.requests) {
			expect(request.headers.get('authorization')).toBe(sim.simulator.keyFor(account1));
			expect(request.headers.get('ld-api-version')).toBe('20240415');
		}
	});

	it('gets pages with a key made for an API version from before pagination', async () => {
		const sim = await startSimulator({tokens: 20});
		const made = await sim.admin('POST', '/api/v2/tokens', {body: {name: 'old-client', role: 'admin', serviceToken: true, defaultApiVersion: 20_220_603}});
		const oldKey = valid(TokenWithKeySchema, made.body).token;
		// Without the header this key gets the whole unpaginated list in one answer.
		const bare = await sim.request('GET', '/api/v2/tokens?limit=5&showAll=true', {key: oldKey});
		expect(bare.body).toMatchObject({totalCount: 25});
		expect(bare.text).not.toContain('"next"');

		const before = sim.server.stats.requests;
		const listed = await collect(providerFor(sim, {apiKey: oldKey}).list({pageSize: 5}));
		expect(listed.map(token => token.id)).toEqual(sim.simulator.tokens(account1).map(token => token._id));
		// Six pages of five with one overlap each, the custom roles, and the caller's identity.
		expect(sim.server.stats.requests - before).toBe(7 + 1 + 1);
	});

	it('lists every member\'s personal tokens by default, and only the service tokens with showAll false', async () => {
		const sim = await startSimulator({tokens: 40});
		const all = sim.simulator.tokens(account1);
		expect(all.some(token => token.serviceToken !== true)).toBe(true);
		const everything = await collect(providerFor(sim).list());
		expect(everything).toHaveLength(all.length);

		const serviceOnly = await collect(providerFor(sim, {showAll: false}).list());
		expect(serviceOnly.map(token => token.id)).toEqual(all.filter(token => token.serviceToken === true).map(token => token._id));
		const perCall = await collect(providerFor(sim).list({showAll: false}));
		expect(perCall.map(token => token.id)).toEqual(serviceOnly.map(token => token.id));
	});

	it('gives a key without the Admin role its own limited view, without an error', async () => {
		const sim = await startSimulator({tokens: 40});
		const readerId = sim.simulator.tokenIdFor(account1, 'reader');
		const all = sim.simulator.tokens(account1);
		const readerMember = all.find(token => token._id === readerId)?.memberId;
		const listed = await collect(providerFor(sim, {apiKey: sim.simulator.keyFor(account1, 'reader')}).list());
		expect(listed.map(token => token.id)).toEqual(all.filter(token => token.serviceToken === true || token.memberId === readerMember).map(token => token._id));
		expect(listed.length).toBeLessThan(all.length);
	});

	it('fetches the remaining pages side by side once the total is known, up to the concurrency (eight by default)', async () => {
		const sim = await startSimulator({tokens: 96}, {latency: {fixed: 15}});
		const eight = watchedFetch();
		const listed = await collect(providerFor(sim, {fetch: eight.fetch}).list({pageSize: 5}));
		expect(listed).toHaveLength(100);
		// Twenty-four pages follow the first: eight go at once. (The custom roles are listed once the first page
		// names one; the reader waits for them, so the read-ahead starts small and grows again.)
		expect(eight.maxInFlight('/api/v2/tokens')).toBe(8);

		const two = watchedFetch();
		await collect(providerFor(sim, {fetch: two.fetch, concurrency: 2}).list({pageSize: 5}));
		expect(two.maxInFlight('/api/v2/tokens')).toBe(2);
	});

	it('stops sending requests when the caller leaves the loop', async () => {
		const sim = await startSimulator({tokens: 30});
		for await (const token of providerFor(sim).list({pageSize: 2})) {
			expect(token.id).toBeTruthy();
			break;
		}

		// The first page, and the caller's identity asked beside it.
		expect(sim.server.stats.requests).toBe(2);
	});

	it('refuses a page size outside 1 to 1000 before sending', async () => {
		const sim = await startSimulator();
		await expect(collect(providerFor(sim).list({pageSize: 1001}))).rejects.toBeInstanceOf(ConfigError);
		await expect(collect(providerFor(sim).list({pageSize: 0}))).rejects.toBeInstanceOf(ConfigError);
		expect(sim.server.stats.requests).toBe(0);
	});

	it('fails rather than return a wrong list when a token is created while listing', async () => {
		const sim = await startSimulator({tokens: 30}, {latency: {fixed: 5}});
		let creation: Promise<unknown> | undefined;
		const events = (event: HttpEvent): void => {
			// Someone makes a token in the UI just after the first page came back.
			if (event.type === 'response') {
				creation ??= sim.admin('POST', '/api/v2/tokens', {body: {name: 'made-in-the-ui', role: 'reader'}});
			}
		};

		const error = await rejectionOf(collect(providerFor(sim, {onEvent: events}).list({pageSize: 5})));
		await creation;
		expect(error).toBeInstanceOf(PaginationError);
		expect(String(error)).toMatch(/count changed from 34 to 35/);
	});

	it('fails rather than return a wrong list when tokens are created and deleted while listing, leaving the total as it was', async () => {
		const sim = await startSimulator({tokens: 30}, {churn: {everyRequests: 2}});
		const error = await rejectionOf(collect(providerFor(sim).list({pageSize: 5})));
		expect(error).toBeInstanceOf(PaginationError);
		expect(String(error)).toMatch(/two pages disagree on the token at position \d+: \w+ in the page before, \w+ in the page after; tokens were created or deleted while listing/);
		expectNoSecrets(sim, error);
	});

	it('completes with exactly the seeded tokens through 500s, 503s, resets and cut bodies', async () => {
		const sim = await startSimulator({tokens: 60}, {faults: {'500': 0.1, '503': 0.1, reset: 0.05, truncate: 0.05}, seed: 3});
		const events: HttpEvent[] = [];
		const listed = await collect(providerFor(sim, {onEvent: event => events.push(event), retry: {attempts: 10, baseDelay: 1}}).list({pageSize: 5}));
		expect(listed.map(token => token.id)).toEqual(sim.simulator.tokens(account1).map(token => token._id));
		expect(events.filter(event => event.type === 'retry').length).toBeGreaterThan(0);
	});
});

describe('LaunchDarkly provider: rate limits', () => {
	it('waits as long as Retry-After says after a 429, then finishes', async () => {
		// Seed 9 draws a 429 for the first request and none for the second.
		const sim = await startSimulator({tokens: 10}, {faults: {'429': 0.5}, seed: 9, retryAfterSeconds: 1});
		const events: HttpEvent[] = [];
		const started = performance.now();
		const listed = await collect(providerFor(sim, {onEvent: event => events.push(event), retry: {attempts: 10, baseDelay: 1}}).list());
		expect(listed).toHaveLength(14);
		const retries = events.filter(event => event.type === 'retry');
		expect(retries).toEqual([expect.objectContaining({type: 'retry', attempt: 1, reason: expect.stringContaining('429') as unknown})]);
		expect(retries[0]).toMatchObject({delay: expect.toSatisfy((delay: number) => delay >= 1000 && delay <= 1100) as unknown});
		expect(performance.now() - started).toBeGreaterThanOrEqual(990);
		// The refused page, its retry, the caller's identity, and the custom roles when a token has some.
		const rolesListed = sim.simulator.tokens(account1).some(token => (token.customRoleIds ?? []).length > 0) ? 1 : 0;
		expect(sim.server.stats.requests).toBe(3 + rolesListed);
	});

	it('paces itself by the X-Ratelimit headers, with the simulator\'s windows on the real clock', async () => {
		const sim = await startSimulator({tokens: 16, now: Date.now, rateLimit: {global: 3, windowMs: 300}});
		const events: HttpEvent[] = [];
		const listed = await collect(providerFor(sim, {concurrency: 1, onEvent: event => events.push(event), retry: {attempts: 10, baseDelay: 1}}).list({pageSize: 4}));
		expect(listed.map(token => token.id)).toEqual(sim.simulator.tokens(account1).map(token => token._id));
		// Seven requests against three per window: the limiter must hold some back, by the remaining count or the reset.
		expect(events.some(event => event.type === 'wait' && /the vendor's (rate-limit window|remaining quota)/.test(event.reason))).toBe(true);
	});

	it('gives up with a RateLimitError that says when to try again when Retry-After is past the cap', async () => {
		const sim = await startSimulator({tokens: 5}, {faults: {'429': 1}, retryAfterSeconds: 30});
		const error = await rejectionOf(collect(providerFor(sim, {retry: {maxWait: 1000}}).list()));
		expect(error).toBeInstanceOf(RateLimitError);
		expect(error).toMatchObject({provider: 'launchdarkly', account: account1});
		expect(String(error)).toMatch(/try again after \d{4}-/);
		// The page and the caller's identity, each refused once: no wait past the cap.
		expect(sim.server.stats.requests).toBe(2);
		expectNoSecrets(sim, error);
	});
});
