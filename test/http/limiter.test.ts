import {describe, expect, it} from 'vitest';
import {RateLimitError} from '../../src/errors/index.js';
import {Limiter} from '../../src/http/limiter.js';
import {rejection, testClient} from '../support/client.js';
import {delay, sendJson, useLoopbackServers} from '../support/loopback-server.js';

const start = useLoopbackServers();
const hour = 3_600_000;

describe('through the client, against a server', () => {
	it('spaces requests to requestsPerSecond once the burst is spent', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 200, {});
		});
		const {client} = testClient(server.url, {limiter: {requestsPerSecond: 20, burst: 1}});
		const started = performance.now();

		await Promise.all(Array.from({length: 5}, async () => client.send({method: 'GET', path: 'tokens'})));

		// 20 per second is one start every 50 ms: the n-th request cannot arrive before n × 50 ms (2 ms of timer slack).
		expect(server.requests.map((request, index) => request.at - started >= index * 50 - 2)).toEqual([true, true, true, true, true]);
	});

	it('lets a burst go at once', async () => {
		const server = await start(async (_request, response) => {
			await delay(50);
			sendJson(response, 200, {});
		});
		const {client} = testClient(server.url, {limiter: {requestsPerSecond: 1, burst: 3}});

		await Promise.all(Array.from({length: 3}, async () => client.send({method: 'GET', path: 'tokens'})));

		expect(server.maxActive).toBe(3);
	});

	it('never has more requests in flight than its concurrency', async () => {
		const server = await start(async (_request, response) => {
			await delay(40);
			sendJson(response, 200, {});
		});
		const {client} = testClient(server.url, {limiter: {concurrency: 2}});

		await Promise.all(Array.from({length: 6}, async () => client.send({method: 'GET', path: 'tokens'})));

		expect(server.requests).toHaveLength(6);
		expect(server.maxActive).toBe(2);
		expect(client.limiter.inFlight).toBe(0);
	});

	it('refuses without sending once the hourly budget is spent and the wait would pass maxWait', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 200, {});
		});
		const {client} = testClient(server.url, {limiter: {requestsPerHour: 2}});
		await client.send({method: 'GET', path: 'tokens'});
		await client.send({method: 'GET', path: 'tokens'});
		const before = Date.now();

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), RateLimitError);

		expect(server.requests).toHaveLength(2);
		expect(error.status).toBeNull();
		expect(error.retryAt?.getTime()).toBeGreaterThan(before + hour - 60_000);
		expect(error.message).toContain('the hourly budget of 2 requests');
		expect(error.message).toContain('try again after');
	});

	it('waits for the reset when the remaining-quota header says nothing is left', async () => {
		let resetAt = 0;
		const server = await start((_request, response, index) => {
			if (index === 0) {
				resetAt = Date.now() + 300;
				sendJson(response, 200, {}, {'x-ratelimit-global-remaining': '0', 'x-ratelimit-reset': String(resetAt)});
				return;
			}

			sendJson(response, 200, {});
		});
		const {client, events} = testClient(server.url);

		await client.send({method: 'GET', path: 'tokens'});
		await client.send({method: 'GET', path: 'tokens'});

		expect(server.requests).toHaveLength(2);
		// Compared in wall-clock time, which the header is written in; 10 ms for clock granularity.
		const secondArrival = Date.now() - (performance.now() - (server.requests[1]?.at ?? 0));
		expect(secondArrival).toBeGreaterThanOrEqual(resetAt - 10);
		expect(events).toContainEqual(expect.objectContaining({type: 'wait', reason: 'the vendor\'s rate-limit window'}));
		expect(client.stats.waited).toBeGreaterThan(200);
	});

	it('holds every request of the account after a 429, not just the one that got it', async () => {
		const server = await start((_request, response, index) => {
			sendJson(response, index === 0 ? 429 : 200, {}, {'retry-after': '1'});
		});
		const {client} = testClient(server.url);

		const limited = client.send({method: 'GET', path: 'a'});
		await delay(100);
		await Promise.all([limited, client.send({method: 'GET', path: 'b'})]);

		expect(server.requests.map(request => request.url).sort()).toEqual(['/a', '/a', '/b']);
		const [first, ...rest] = server.requests;
		expect(rest.map(request => request.at - (first?.at ?? 0) >= 950)).toEqual([true, true]);
	});
});

describe('the limiter on a fake clock', () => {
	function limiterAt(clock: {now: number}, options: ConstructorParameters<typeof Limiter>[0], maxWait = 500): Limiter {
		return new Limiter(options, {now: () => clock.now, maxWait, context: {provider: 'testvendor', account: 'acme'}});
	}

	it('frees hourly budget as sends age out of the sliding hour', async () => {
		const clock = {now: 0};
		const limiter = limiterAt(clock, {requestsPerHour: 2});
		(await limiter.acquire())();
		clock.now = 5000;
		(await limiter.acquire())();

		clock.now = hour;
		(await limiter.acquire())();
		const error = await rejection(limiter.acquire(), RateLimitError);

		expect(error.retryAt?.getTime()).toBe(5000 + hour);
	});

	it('does not charge the hourly budget for a request it refused', async () => {
		const clock = {now: 0};
		const limiter = limiterAt(clock, {requestsPerHour: 2});
		(await limiter.acquire())();
		clock.now = 5000;
		(await limiter.acquire())();
		await rejection(limiter.acquire(), RateLimitError);
		await rejection(limiter.acquire(), RateLimitError);

		// The send at 0 has left the hour and the refused ones never went, so one request may go at once.
		clock.now = hour;
		const release = await limiter.acquire();
		release();
		expect(limiter.inFlight).toBe(0);
	});

	it('spreads the last few requests of a window over the time left, and refuses a wait past the cap', async () => {
		const clock = {now: 1_000_000};
		const limiter = limiterAt(clock, {});
		// Four requests left, the window resets in 4 s: one request a second.
		limiter.observe(new Headers({'x-ratelimit-remaining': '4', 'x-ratelimit-reset': '4'}));
		(await limiter.acquire())();

		const error = await rejection(limiter.acquire(), RateLimitError);

		expect(error.retryAt?.getTime()).toBe(1_001_000);
		expect(error.message).toContain('the vendor\'s remaining quota');
	});

	it('pauses everything until a reset given in epoch ms when nothing is left', async () => {
		const t0 = 1_700_000_000_000;
		const clock = {now: t0};
		const limiter = limiterAt(clock, {});
		limiter.observe(new Headers({'x-ratelimit-global-remaining': '0', 'x-ratelimit-reset': String(t0 + 2000)}));

		const error = await rejection(limiter.acquire(), RateLimitError);

		expect(error.retryAt?.getTime()).toBe(t0 + 2000);
		clock.now = t0 + 2000;
		(await limiter.acquire())();
	});

	it.each(['99999999999999999', '1e300', String(8.64e15 + 1)])('does not pause for a reset of %s, absurdly far ahead, when nothing is left', async reset => {
		const t0 = 1_700_000_000_000;
		const limiter = limiterAt({now: t0}, {});
		limiter.observe(new Headers({'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset}));

		(await limiter.acquire())();
	});

	it('refuses with no retry time, and no RangeError, when the vendor paused it without end', async () => {
		const limiter = limiterAt({now: 1_700_000_000_000}, {});
		limiter.pauseUntil(Number.POSITIVE_INFINITY);

		const error = await rejection(limiter.acquire(), RateLimitError);

		expect(error.retryAt).toBeNull();
		expect(error.message).toBe('[tokenkit:testvendor] account "acme": rate limited: the vendor\'s rate-limit window would need a wait with no usable end, more than the 1 s cap; try again later (the vendor gave no usable time)');
	});

	it('gives a slot to a waiting request when one is released, and none to an aborted one', async () => {
		const clock = {now: 0};
		const limiter = limiterAt(clock, {concurrency: 1});
		const release = await limiter.acquire();
		const controller = new AbortController();
		const abandoned = limiter.acquire(controller.signal);
		const waiting = limiter.acquire();
		controller.abort(new Error('gone'));
		await rejection(abandoned, Error);

		release();
		(await waiting)();

		expect(limiter.inFlight).toBe(0);
	});
});
