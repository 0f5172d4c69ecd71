import {describe, expect, it} from 'vitest';
import {Limiter} from '../../src/http/limiter.js';
import {readRateLimitField} from '../../src/http/ratelimit-field.js';
import {readRemaining, readResetTime, vendorRequestedDelay} from '../../src/http/retry.js';

const now = 1_800_000_000_000;

describe('the structured RateLimit field (Cloudflare)', () => {
	it.each([
		['"default";r=50;t=30', [{remaining: 50, resetSeconds: 30}]],
		['"default";r=0;t=300, "burst";r=7;t=1', [{remaining: 0, resetSeconds: 300}, {remaining: 7, resetSeconds: 1}]],
		['default;t=12;r=3', [{remaining: 3, resetSeconds: 12}]],
		['"default";r=-1;t=30', []],
		['"default";r=5', []],
		['garbage', []],
	])('reads %j', (field, items) => {
		expect(readRateLimitField(new Headers({ratelimit: field}))).toEqual(items);
	});

	it('gives what is left and when the window resets, the smallest and earliest of its items', () => {
		const headers = new Headers({'ratelimit': '"default";r=40;t=120, "burst";r=2;t=5', 'ratelimit-policy': '"burst";q=1200;w=300'});
		expect(readRemaining(headers)).toBe(2);
		expect(readResetTime(headers, now)).toBe(now + 5000);
		expect(readRemaining(new Headers())).toBeNull();
	});

	it('lets a 429 without Retry-After wait for the reset it names', () => {
		expect(vendorRequestedDelay(new Headers({ratelimit: '"default";r=0;t=42'}), now)).toBe(42_000);
	});

	it('pauses the limiter when nothing is left, until the window resets', async () => {
		let clock = now;
		const limiter = new Limiter({}, {now: () => clock, maxWait: 1000, context: {provider: 'cloudflare', account: 'cf'}});
		limiter.observe(new Headers({ratelimit: '"default";r=0;t=300'}));
		await expect(limiter.acquire()).rejects.toThrow(/more than the 1 s cap/);
		clock += 300_000;
		const release = await limiter.acquire();
		release();
	});
});
