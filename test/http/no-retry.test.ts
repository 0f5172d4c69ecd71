import {describe, expect, it} from 'vitest';
import {HttpError, RateLimitError, ServerError} from '../../src/errors/index.js';
import {testClient} from '../support/client.js';
import {sendJson, useLoopbackServers} from '../support/loopback-server.js';

const start = useLoopbackServers();

describe('a request sent with retry: false', () => {
	it.each([
		['a 429 (which proves the vendor did not act)', 429, RateLimitError],
		['a 408', 408, HttpError],
		['a 503, even marked idempotent', 503, ServerError],
	] as const)('is sent once after %s', async (_label, status, type) => {
		const server = await start((_request, response) => {
			sendJson(response, status, {}, {'retry-after': '0'});
		});
		const {client, events} = testClient(server.url);

		await expect(client.send({method: 'POST', path: 'tokens/t1/rotate', idempotent: true, retry: false})).rejects.toBeInstanceOf(type);

		expect(server.requests).toHaveLength(1);
		expect(events.filter(event => event.type === 'retry')).toEqual([]);
	});

	it('leaves every other request to the retry policy', async () => {
		const server = await start((_request, response, index) => {
			sendJson(response, index === 0 ? 429 : 201, {}, {'retry-after': '0'});
		});
		const {client} = testClient(server.url);

		await client.send({method: 'POST', path: 'tokens/t1/rotate'});

		expect(server.requests).toHaveLength(2);
	});
});
