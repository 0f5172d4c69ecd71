import {describe, expect, it} from 'vitest';
import {collect} from '../../support/collect.js';
import {org, useOkta} from './support.js';

const start = useOkta();

describe('Okta rate limits', () => {
	it('sends X-Rate-Limit-Limit, -Remaining and -Reset (epoch seconds) on every answer, per endpoint bucket', async () => {
		const okta = await start({rateLimit: {perMinute: {'api-tokens': 50, users: 20}, tokenShare: 0.5}});
		const get = async (path: string) => fetch(`${okta.server.baseUrl}${path}`, {headers: {authorization: `SSWS ${okta.simulator.keyFor(org)}`}});
		const tokens = await get('/api/v1/api-tokens');
		// The credential's share of the bucket is the tighter limit: half of it.
		expect(tokens.headers.get('x-rate-limit-limit')).toBe('25');
		expect(tokens.headers.get('x-rate-limit-remaining')).toBe('24');
		const reset = Number(tokens.headers.get('x-rate-limit-reset'));
		expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
		expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 60);
		const users = await get('/api/v1/users/me');
		expect(users.headers.get('x-rate-limit-limit')).toBe('10');
		expect(users.headers.get('x-rate-limit-remaining')).toBe('9');
		for (let index = 0; index < 9; index++) {
			await get('/api/v1/users/me');
		}

		const refused = await get('/api/v1/users/me');
		expect(refused.status).toBe(429);
		expect(await refused.json()).toMatchObject({errorCode: 'E0000047'});
		expect(refused.headers.get('retry-after')).toBeNull();
		// Another bucket is not touched by it.
		expect((await get('/api/v1/api-tokens')).status).toBe(200);
	});

	it('lists completely through 429s, waiting for each bucket\'s reset, and leaves no owner unknown', async () => {
		const okta = await start({rateLimit: {perMinute: 6, tokenShare: 1, windowMs: 1000}, tokens: 12});
		const tokens = await collect(okta.provider().list());
		expect(tokens).toHaveLength(okta.simulator.apiTokens(org).length);
		expect(tokens.every(token => token.owner?.status !== 'unknown')).toBe(true);
		expect(tokens.every(token => token.admin !== null)).toBe(true);
		const refusals = okta.events.filter(event => event.type === 'attempt' && event.status === 429);
		expect(refusals.length).toBeGreaterThan(0);
		expect(okta.events.some(event => event.type === 'retry' && event.delay <= 2000)).toBe(true);
	});
});
