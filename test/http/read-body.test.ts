import {gzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {ConfigError, NetworkError, ResponseTooLargeError} from '../../src/errors/index.js';
import {rejection, testClient} from '../support/client.js';
import {eventually, useLoopbackServers} from '../support/loopback-server.js';

const start = useLoopbackServers();

const cap = 64 * 1024;

describe('maxResponseBytes', () => {
	it('stops reading a body that streams past the cap, and does not ask again', async () => {
		let written = 0;
		let hungUp = false;
		const server = await start(async (_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			const chunk = Buffer.alloc(16 * 1024, 0x20);
			// Without end: only the client hanging up stops it.
			while (!response.destroyed) {
				written += chunk.length;
				if (!response.write(chunk)) {
					await new Promise<void>(resolve => {
						const done = (): void => {
							response.off('drain', done).off('close', done);
							resolve();
						};

						response.once('drain', done).once('close', done);
					});
				}
			}

			hungUp = true;
		});
		const {client} = testClient(server.url, {maxResponseBytes: cap});

		const error = await rejection(client.send({method: 'GET', path: 'tokens', query: {limit: 5}}), ResponseTooLargeError);

		expect(error).toMatchObject({provider: 'testvendor', account: 'acme', method: 'GET', path: '/tokens?limit=5', status: 200, limit: cap});
		expect(error.message).toBe('[tokenkit:testvendor] account "acme": GET /tokens?limit=5 answered HTTP 200 with a body larger than the 64 KiB cap; reading stopped there (raise maxResponseBytes if this account really answers that much)');
		expect(server.requests).toHaveLength(1);
		await eventually(() => hungUp);
		expect(written).toBeGreaterThan(cap);
	});

	it('refuses a body whose Content-Length is past the cap without reading it', async () => {
		const server = await start((_request, response) => {
			response.writeHead(500, {'content-type': 'application/json', 'content-length': String(2 ** 20)});
			response.write('{"message": "');
		});
		const {client} = testClient(server.url, {maxResponseBytes: cap});

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), ResponseTooLargeError);

		expect(error.status).toBe(500);
		expect(server.requests).toHaveLength(1);
	});

	it('counts the bytes after decompression, so a small gzip that unpacks to 1 MiB is refused', async () => {
		const packed = gzipSync(Buffer.alloc(2 ** 20, 0x20));
		expect(packed.length).toBeLessThan(cap);
		const server = await start((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(packed.length)});
			response.end(packed);
		});
		const {client} = testClient(server.url, {maxResponseBytes: cap});

		await rejection(client.send({method: 'GET', path: 'tokens'}), ResponseTooLargeError);
	});

	it('reads a body of exactly the cap', async () => {
		const body = JSON.stringify({pad: 'x'.repeat(cap - 10)});
		expect(Buffer.byteLength(body)).toBe(cap);
		const server = await start((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(body);
		});
		const {client} = testClient(server.url, {maxResponseBytes: cap});

		const response = await client.send({method: 'GET', path: 'tokens'});

		expect(response.body).toEqual(JSON.parse(body));
	});

	it.each([0, 1.5, -1, Number.NaN])('is a ConfigError at construction when %d', value => {
		expect(() => testClient('http://127.0.0.1:9/', {maxResponseBytes: value})).toThrow(ConfigError);
	});
});

describe('the attempt timeout', () => {
	it('covers the body: one that trickles is cut off when the time is up', async () => {
		const server = await start((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.write('[');
			const timer = setInterval(() => response.write(' '), 20);
			response.once('close', () => {
				clearInterval(timer);
			});
		});
		const {client} = testClient(server.url, {timeout: 300, retry: {attempts: 1}});
		const started = performance.now();

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), NetworkError);

		expect(error.message).toBe('[tokenkit:testvendor] account "acme": GET /tokens failed: timed out after 300 ms');
		expect(performance.now() - started).toBeLessThan(1500);
		await eventually(() => server.abandoned === 1);
	});

	it('gives way to the caller\'s signal in the middle of a body, with the caller\'s reason', async () => {
		const server = await start((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.write('[');
			const timer = setInterval(() => response.write(' '), 20);
			response.once('close', () => {
				clearInterval(timer);
			});
		});
		const controller = new AbortController();
		const {client} = testClient(server.url, {signal: controller.signal});
		setTimeout(() => {
			controller.abort(new Error('received SIGTERM'));
		}, 200);
		const started = performance.now();

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), Error);

		expect(error.message).toBe('received SIGTERM');
		expect(performance.now() - started).toBeLessThan(1000);
		expect(server.requests).toHaveLength(1);
	});
});
