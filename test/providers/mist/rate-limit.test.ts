import {describe, expect, it} from 'vitest';
import {MistApiUsageSchema, MistErrorSchema, MistUserApiTokenSchema} from '../../../providers/mist/schema.js';
import {fixedClock, useMist, valid} from './support.js';

const start = useMist();
const minute = 60_000;

describe('Mist simulator: rate limit', () => {
	it('answers 429 {detail} naming the limit and no Retry-After by default, as Mist documents none', async () => {
		const {simulator, call} = await start({rateLimit: {limit: 1}});
		const key = simulator.keyFor('mist-org-1');
		expect((await call('/api/v1/self', {key})).status).toBe(200);
		const limited = await call('/api/v1/self', {key});
		expect(limited.status).toBe(429);
		expect(valid(MistErrorSchema, limited.body).detail).toMatch(/reached the 1 API Calls per hour threshold$/);
		expect(limited.headers.get('retry-after')).toBeNull();
	});

	it('sends Retry-After until the hour ends when configured to', async () => {
		const clock = fixedClock();
		const {simulator, call} = await start({now: clock.now, rateLimit: {limit: 3, retryAfter: true}});
		const key = simulator.keyFor('mist-org-1');
		clock.advance(20 * minute);
		for (let index = 0; index < 3; index++) {
			expect((await call('/api/v1/self', {key})).status).toBe(200);
		}

		const limited = await call('/api/v1/self', {key});
		expect(limited.status).toBe(429);
		expect(limited.headers.get('content-type')).toMatch(/^application\/json/);
		expect(valid(MistErrorSchema, limited.body)).toEqual({detail: 'Too Many Request. The API Token used for the request reached the 3 API Calls per hour threshold'});
		// The clock starts on the hour; 20 minutes in, the window has 40 minutes left.
		expect(limited.headers.get('retry-after')).toBe('2400');

		clock.advance(40 * minute);
		expect((await call('/api/v1/self', {key})).status).toBe(200);
	});

	it('limits org tokens one by one', async () => {
		const {simulator, call} = await start({rateLimit: {limit: 2}});
		const admin = simulator.keyFor('mist-org-1');
		await call('/api/v1/self', {key: admin});
		await call('/api/v1/self', {key: admin});
		expect((await call('/api/v1/self', {key: admin})).status).toBe(429);
		expect((await call('/api/v1/self', {key: simulator.keyFor('mist-org-1', 'org-read')})).status).toBe(200);
		expect((await call('/api/v1/self', {key: simulator.keyFor('mist-org-2')})).status).toBe(200);
	});

	it('makes all of an admin\'s user tokens share one budget', async () => {
		const {simulator, call} = await start({rateLimit: {limit: 3}});
		const first = simulator.keyFor('mist-org-1', 'self-admin');
		const second = valid(MistUserApiTokenSchema, (await call('/api/v1/self/apitokens', {method: 'POST', key: first, json: {name: 'second'}})).body).key ?? '';
		expect((await call('/api/v1/self', {key: second})).status).toBe(200);
		expect((await call('/api/v1/self', {key: first})).status).toBe(200);
		expect((await call('/api/v1/self', {key: second})).status).toBe(429);
		expect((await call('/api/v1/self', {key: first})).status).toBe(429);
		expect((await call('/api/v1/self', {key: simulator.keyFor('mist-org-1', 'self-read')})).status).toBe(200);
	});

	it('leaves Retry-After out when told so explicitly, and lets everything through when the limit is off', async () => {
		const limited = await start({rateLimit: {limit: 1, retryAfter: false}});
		const key = limited.simulator.keyFor('mist-org-1');
		await limited.call('/api/v1/self', {key});
		const answer = await limited.call('/api/v1/self', {key});
		expect(answer.status).toBe(429);
		expect(answer.headers.get('retry-after')).toBeNull();

		const open = await start({rateLimit: false});
		const openKey = open.simulator.keyFor('mist-org-1');
		const statuses = await Promise.all(Array.from({length: 30}, async () => (await open.call('/api/v1/self', {key: openKey})).status));
		expect(new Set(statuses)).toEqual(new Set([200]));
	});

	it('reports calls made this hour and the limit at /api/v1/self/usage', async () => {
		const {simulator, call} = await start({rateLimit: {limit: 50}});
		const key = simulator.keyFor('mist-org-1', 'org-read');
		await call('/api/v1/self', {key});
		await call('/api/v1/self', {key});
		const usage = valid(MistApiUsageSchema, (await call('/api/v1/self/usage', {key})).body);
		expect(usage).toEqual({requests: 3, request_limit: 50});

		const defaults = await start();
		expect(valid(MistApiUsageSchema, (await defaults.call('/api/v1/self/usage', {key: defaults.simulator.keyFor('mist-org-1')})).body)).toEqual({requests: 1, request_limit: 5000});
	});

	it('refuses impossible limits at construction', async () => {
		await expect(start({rateLimit: {limit: 0}})).rejects.toThrow('[tokenkit:mist] simulator option rateLimit.limit must be a whole number of at least 1; got 0');
		await expect(start({accounts: 0})).rejects.toThrow(/accounts must be a whole number of at least 1/);
	});
});
