import {describe, expect, it} from 'vitest';
import {RateLimitError, ServerError} from '../../src/errors/index.js';
import {backoffDelay, isIdempotentMethod, longestVendorDelay, parseResetHeader, parseRetryAfter, retryTime, vendorRequestedDelay, withPositiveJitter} from '../../src/http/retry.js';
import {rejection, testClient} from '../support/client.js';
import {sendJson, useLoopbackServers} from '../support/loopback-server.js';

const start = useLoopbackServers();

describe('Retry-After', () => {
	it('waits the seconds a 429 asks for, then retries', async () => {
		const server = await start((_request, response, index) => {
			sendJson(response, index === 0 ? 429 : 200, {}, {'retry-after': '1'});
		});
		const {client, events} = testClient(server.url);

		await client.send({method: 'GET', path: 'tokens'});

		expect(server.requests).toHaveLength(2);
		const [first, second] = server.requests;
		expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
		expect(events.filter(event => event.type === 'retry')).toEqual([expect.objectContaining({delay: 1000})]);
		expect(client.stats).toMatchObject({requests: 2, retries: 1, rateLimited: 1});
	});

	it('waits until an HTTP date, read against the injected clock', async () => {
		// A clock that starts on a whole second far from today: the date only works if `now` is what the client reads.
		const origin = Date.UTC(2031, 0, 15, 12, 0, 0);
		const started = performance.now();
		const now = (): number => origin + (performance.now() - started);
		const server = await start((_request, response, index) => {
			sendJson(response, index === 0 ? 429 : 200, {}, {'retry-after': new Date(origin + 1000).toUTCString()});
		});
		const {client, events} = testClient(server.url, {now});

		await client.send({method: 'GET', path: 'tokens'});

		const [first, second] = server.requests;
		expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(850);
		const retry = events.find(event => event.type === 'retry');
		expect(retry?.type === 'retry' ? retry.delay : undefined).toBeGreaterThan(850);
		expect(retry?.type === 'retry' ? retry.delay : undefined).toBeLessThanOrEqual(1000);
	});

	it('honours Retry-After on a 503 too', async () => {
		const server = await start((_request, response, index) => {
			sendJson(response, index === 0 ? 503 : 200, {}, {'retry-after': '1'});
		});
		const {client, events} = testClient(server.url);

		await client.send({method: 'GET', path: 'tokens'});

		expect(events.filter(event => event.type === 'retry')).toEqual([expect.objectContaining({delay: 1000})]);
	});

	it('adds at most 10% jitter on top of what the vendor asked, never less', async () => {
		const server = await start((_request, response, index) => {
			sendJson(response, index === 0 ? 429 : 200, {}, {'retry-after': '1'});
		});
		const {client, events} = testClient(server.url, {random: () => 0.5});

		await client.send({method: 'GET', path: 'tokens'});

		expect(events.filter(event => event.type === 'retry')).toEqual([expect.objectContaining({delay: 1050})]);
	});
});

describe('the cap on waiting', () => {
	it('rejects at once with a RateLimitError that says when to try again, when Retry-After exceeds maxWait', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 429, {}, {'retry-after': '120'});
		});
		const {client} = testClient(server.url, {retry: {maxWait: 2000}});
		const before = Date.now();
		const started = performance.now();

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), RateLimitError);

		expect(performance.now() - started).toBeLessThan(1000);
		expect(server.requests).toHaveLength(1);
		expect(error.status).toBe(429);
		expect(error.retryAt).not.toBeNull();
		const retryAt = error.retryAt?.getTime() ?? 0;
		expect(retryAt).toBeGreaterThanOrEqual(before + 120_000);
		expect(retryAt).toBeLessThan(Date.now() + 121_000);
		expect(error.message).toContain(`try again after ${error.retryAt?.toISOString() ?? 'never'}`);
		expect(error.message).toContain('120 s, more than the 2 s cap');
	});

	it('caps exponential backoff at maxWait', () => {
		expect(backoffDelay(20, 500, 60_000, () => 1)).toBe(60_000);
	});
});

describe('an absurd wait', () => {
	it.each([
		['Retry-After seconds past a year', {'retry-after': '99999999999999999999'}],
		['a Retry-After date in year 275760', {'retry-after': 'Sat, 13 Sep 275760 00:00:00 GMT'}],
		['an epoch-ms reset past a year', {'x-ratelimit-reset': '99999999999999999'}],
		['a reset of 1e300', {'x-ratelimit-reset': '1e300'}],
	])('(%s) ends the request at once in a RateLimitError that says the vendor gave no usable time', async (_label, headers) => {
		const server = await start((_request, response) => {
			sendJson(response, 429, {}, headers);
		});
		const {client} = testClient(server.url);

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), RateLimitError);

		expect(error.retryAt).toBeNull();
		expect(error.message).toBe('[tokenkit:testvendor] account "acme": rate limited: the vendor asked for a wait with no usable end, more than the 60 s cap; try again later (the vendor gave no usable time)');
		expect(server.requests).toHaveLength(1);
	});

	it('on a 503 ends the request with the ServerError, not a RangeError', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 503, {}, {'retry-after': '99999999999999999999'});
		});
		const {client} = testClient(server.url);

		await rejection(client.send({method: 'GET', path: 'tokens'}), ServerError);

		expect(server.requests).toHaveLength(1);
	});

	it('past year 275760 (which no Date holds) counts as no time given: backoff, then "try again later"', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 429, {}, {'retry-after': 'Sun, 14 Sep 275760 00:00:00 GMT'});
		});
		const {client} = testClient(server.url, {retry: {attempts: 2, baseDelay: 5}});

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), RateLimitError);

		expect(server.requests).toHaveLength(2);
		expect(error.retryAt).toBeNull();
		expect(error.message).toContain('still rate limited after 2 attempts; try again later (the vendor gave no usable time)');
	});

	it('is read as Infinity past a year, and never becomes a Date', () => {
		const now = 1_700_000_000_000;
		expect(parseRetryAfter(String(longestVendorDelay / 1000), now)).toBe(longestVendorDelay);
		expect(parseRetryAfter(String(longestVendorDelay / 1000 + 1), now)).toBe(Number.POSITIVE_INFINITY);
		expect(parseRetryAfter('9'.repeat(400), now)).toBe(Number.POSITIVE_INFINITY);
		expect(vendorRequestedDelay(new Headers({'x-ratelimit-reset': '1e300'}), now)).toBe(Number.POSITIVE_INFINITY);
		expect(retryTime(now, Number.POSITIVE_INFINITY)).toBeNull();
		expect(retryTime(8.64e15, 1)).toBeNull();
		expect(retryTime(now, 5000)?.getTime()).toBe(now + 5000);
	});
});

describe('retries running out', () => {
	it('ends a run of 429s in a RateLimitError after the configured attempts', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 429, {code: 'rate_limited'}, {'retry-after': '0'});
		});
		const {client} = testClient(server.url, {retry: {attempts: 3}});

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), RateLimitError);

		expect(server.requests).toHaveLength(3);
		expect(client.stats).toMatchObject({requests: 3, retries: 2, rateLimited: 3});
		expect(error.message).toContain('still rate limited after 3 attempts');
		expect(error).toMatchObject({provider: 'testvendor', account: 'acme', status: 429});
	});

	it('says "try again later" when the vendor never said when', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 429, {});
		});
		const {client} = testClient(server.url, {retry: {attempts: 2, baseDelay: 5}});

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), RateLimitError);

		expect(error.retryAt).toBeNull();
		expect(error.message).toContain('try again later');
	});

	it('makes a single attempt when attempts is 1', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 500, {});
		});
		const {client} = testClient(server.url, {retry: {attempts: 1}});

		await rejection(client.send({method: 'GET', path: 'tokens'}), ServerError);

		expect(server.requests).toHaveLength(1);
	});
});

describe('the pure policy', () => {
	it.each([
		['3', 3000],
		[' 0 ', 0],
		['Wed, 15 Jan 2031 12:00:05 GMT', 5000],
		['Wed, 15 Jan 2031 11:00:00 GMT', 0],
		['soon', null],
		[null, null],
	])('reads Retry-After %j as %j ms', (value, expected) => {
		expect(parseRetryAfter(value, Date.UTC(2031, 0, 15, 12, 0, 0))).toBe(expected);
	});

	it.each([
		['1700000000000', 1_700_000_000_000],
		['1700000000', 1_700_000_000_000],
		['30', 1_000_030_000],
		['-1', null],
		['', null],
	])('reads a reset header %j as epoch ms %j', (value, expected) => {
		expect(parseResetHeader(value, 1_000_000_000)).toBe(expected);
	});

	it('prefers Retry-After over a reset header, and ignores a reset in the past', () => {
		const now = 1_700_000_000_000;
		expect(vendorRequestedDelay(new Headers({'retry-after': '2', 'x-ratelimit-reset': String(now + 9000)}), now)).toBe(2000);
		expect(vendorRequestedDelay(new Headers({'x-ratelimit-reset': String(now + 9000)}), now)).toBe(9000);
		expect(vendorRequestedDelay(new Headers({'x-ratelimit-reset': String(now - 9000)}), now)).toBe(0);
		expect(vendorRequestedDelay(new Headers(), now)).toBeNull();
	});

	it('doubles the backoff each attempt, keeping at least half of it fixed', () => {
		expect([1, 2, 3].map(attempt => backoffDelay(attempt, 100, 60_000, () => 0))).toEqual([50, 100, 200]);
		expect([1, 2, 3].map(attempt => backoffDelay(attempt, 100, 60_000, () => 1))).toEqual([100, 200, 400]);
	});

	it('adds at most one second of jitter to a long vendor delay', () => {
		expect(withPositiveJitter(30_000, () => 1)).toBe(31_000);
		expect(withPositiveJitter(0, () => 1)).toBe(0);
	});

	it('knows which methods are idempotent', () => {
		expect(['GET', 'put', 'DELETE'].map(method => isIdempotentMethod(method))).toEqual([true, true, true]);
		expect(['POST', 'PATCH'].map(method => isIdempotentMethod(method))).toEqual([false, false]);
	});
});
