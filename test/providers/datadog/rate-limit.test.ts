import {describe, expect, it} from 'vitest';
import {collect} from '../../support/collect.js';
import {org, useDatadog} from './support.js';

const start = useDatadog();

describe('Datadog rate limits', () => {
	it('sends X-RateLimit-Limit, -Period, -Remaining, -Reset (seconds) and -Name on every answer, per endpoint', async () => {
		const datadog = await start({rateLimit: {limit: {api_keys: 3, users: 10}, periodSeconds: 60}});
		const keys = datadog.simulator.keysFor(org);
		const get = async (path: string) => fetch(`${datadog.server.baseUrl}${path}`, {headers: {'dd-api-key': keys.apiKey, 'dd-application-key': keys.applicationKey}});
		const first = await get('/api/v2/api_keys');
		expect(Object.fromEntries([...first.headers].filter(([name]) => name.startsWith('x-ratelimit-') && name !== 'x-ratelimit-reset'))).toEqual({
			'x-ratelimit-limit': '3',
			'x-ratelimit-period': '60',
			'x-ratelimit-remaining': '2',
			'x-ratelimit-name': 'api_keys',
		});
		const reset = Number(first.headers.get('x-ratelimit-reset'));
		expect(reset).toBeGreaterThanOrEqual(1);
		expect(reset).toBeLessThanOrEqual(60);
		await get('/api/v2/api_keys');
		await get('/api/v2/api_keys');
		const refused = await get('/api/v2/api_keys');
		expect(refused.status).toBe(429);
		expect(await refused.json()).toEqual({errors: ['Too many requests']});
		expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
		expect(refused.headers.get('retry-after')).toBeNull();
		// Another endpoint's bucket is its own.
		const user = await get(`/api/v2/users/${datadog.simulator.userIdFor(org)}`);
		expect(user.status).toBe(200);
		expect(user.headers.get('x-ratelimit-name')).toBe('users');
	});

	it('paces itself by the headers: a listing of many pages on a small budget waits for each reset instead of being refused', async () => {
		// Three requests a second per endpoint, and a page of five: the API keys alone take several periods.
		const datadog = await start({tokens: 40, rateLimit: {limit: 3, periodSeconds: 1}});
		const tokens = await collect(datadog.provider({pageSize: 5}).list());
		expect(tokens).toHaveLength(datadog.simulator.accounts()[0]?.tokens ?? -1);
		expect(tokens.every(token => token.id.startsWith('api_keys/') || token.owner?.status !== 'unknown')).toBe(true);
		const refusals = datadog.events.filter(event => event.type === 'attempt' && event.status === 429);
		const waits = datadog.events.filter(event => event.type === 'wait');
		expect(waits.length).toBeGreaterThan(0);
		// The limiter holds requests back on X-RateLimit-Remaining; the pages asked for side by side before it knew may be refused, and are waited out.
		expect(refusals.length).toBeLessThan(datadog.seen.length / 4);
	});
});
