import {describe, expect, it} from 'vitest';
import {collect} from '../../support/collect.js';
import {instance1, useGitLab} from './support.js';

const startGitLab = useGitLab();

describe('GitLab rate limits', () => {
	it('sends RateLimit-* headers, reset in epoch seconds, and a plain-text 429 with Retry-After and RateLimit-ResetTime', async () => {
		const running = await startGitLab({tokens: 2, rateLimit: {requests: 2, windowMs: 60_000}, now: Date.now});
		const first = await running.request('GET', '/api/v4/user');
		expect(first.status).toBe(200);
		expect(first.headers.get('ratelimit-name')).toBe('throttle_authenticated_api');
		expect(first.headers.get('ratelimit-limit')).toBe('2');
		expect(first.headers.get('ratelimit-remaining')).toBe('1');
		const reset = Number(first.headers.get('ratelimit-reset'));
		expect(reset).toBeGreaterThan(Date.now() / 1000 - 1);
		expect(reset).toBeLessThan(Date.now() / 1000 + 61);
		await running.request('GET', '/api/v4/user');
		const refused = await running.request('GET', '/api/v4/user');
		expect(refused.status).toBe(429);
		expect(refused.text).toBe('Retry later\n');
		expect(refused.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(Date.parse(refused.headers.get('ratelimit-resettime') ?? '')).toBeGreaterThan(Date.now() - 1000);
	});

	it('lists in full under a tight per-user limit, waiting as the headers and Retry-After say rather than failing', async () => {
		const running = await startGitLab({tokens: 30, rateLimit: {requests: 6, windowMs: 700}, now: Date.now});
		const {provider, events} = running.provider({groups: 'all', projects: 'all', pageSize: 20, now: Date.now});
		const tokens = await collect(provider.list());
		expect(tokens).toHaveLength(running.simulator.accounts().find(account => account.name === instance1)?.tokens ?? 0);
		const waited = events.filter(event => event.type === 'wait' || event.type === 'retry');
		expect(waited.length).toBeGreaterThan(0);
		// Any retry after a 429 waited at least what the answer asked for (whole seconds, at least 1).
		const delays = events.flatMap(event => (event.type === 'retry' ? [event.delay] : []));
		expect(delays.every(delay => delay >= 1000)).toBe(true);
	});
});
