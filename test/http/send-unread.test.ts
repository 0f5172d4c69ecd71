import {describe, expect, it} from 'vitest';
import {MalformedResponseError, ServerError} from '../../src/errors/index.js';
import {rejection, testClient} from '../support/client.js';
import {sendJson, useLoopbackServers} from '../support/loopback-server.js';

const start = useLoopbackServers();

describe('sendUnread', () => {
	it('resolves once the answer has arrived, and parses it only when read', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 200, {items: [1, 2]}, {'x-request-id': 'req-7'});
		});
		const {client} = testClient(server.url);

		const unread = await client.sendUnread({method: 'GET', path: 'tokens', query: {limit: 2}});
		expect(server.requests).toHaveLength(1);
		const response = await unread.read();

		expect(response).toMatchObject({status: 200, body: {items: [1, 2]}, requestId: 'req-7', method: 'GET', path: '/tokens?limit=2'});
		expect(server.requests).toHaveLength(1);
	});

	it('asks again when the body it kept turns out garbled, and reads the new answer', async () => {
		let answered = 0;
		const server = await start((_request, response) => {
			answered++;
			if (answered === 1) {
				response.writeHead(200, {'content-type': 'application/json'});
				response.end('{"items": [1, 2');
				return;
			}

			sendJson(response, 200, {items: [1, 2]});
		});
		const {client, events} = testClient(server.url);

		const unread = await client.sendUnread({method: 'GET', path: 'tokens'});
		// The garbled body arrived whole, so nothing is asked again until it is read.
		expect(server.requests).toHaveLength(1);
		const response = await unread.read();

		expect(response.body).toEqual({items: [1, 2]});
		expect(server.requests).toHaveLength(2);
		expect(client.stats).toMatchObject({requests: 2, retries: 1});
		expect(events).toContainEqual(expect.objectContaining({type: 'retry', path: '/tokens', attempt: 1, reason: expect.stringContaining('not valid JSON') as unknown}));
		// The second attempt is counted as the policy's second, not as a first again.
		expect(events).toContainEqual(expect.objectContaining({type: 'attempt', attempt: 2}));
	});

	it('reports a body that stays garbled as MalformedResponseError, once the retry policy has had its attempts', async () => {
		const server = await start((_request, response) => {
			response.writeHead(200, {'content-type': 'text/html'});
			response.end('<html>gateway</html>');
		});
		const {client} = testClient(server.url, {retry: {attempts: 3, baseDelay: 5}});

		const unread = await client.sendUnread({method: 'GET', path: 'tokens'});
		const error = await rejection(unread.read(), MalformedResponseError);

		expect(error).toMatchObject({provider: 'testvendor', account: 'acme', status: 200, reason: 'not valid JSON', method: 'GET', path: '/tokens'});
		// The kept answer was the first of the three attempts the policy allows.
		expect(server.requests).toHaveLength(3);
	});

	it('does not ask again when retries are off', async () => {
		const server = await start((_request, response) => {
			response.end('{"items": ');
		});
		const {client} = testClient(server.url);

		const unread = await client.sendUnread({method: 'GET', path: 'tokens', retry: false});
		await rejection(unread.read(), MalformedResponseError);

		expect(server.requests).toHaveLength(1);
	});

	it('fails on the status as send does, before anything is kept', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 500, {message: 'down'});
		});
		const {client} = testClient(server.url, {retry: {attempts: 2, baseDelay: 5}});

		await rejection(client.sendUnread({method: 'GET', path: 'tokens'}), ServerError);

		expect(server.requests).toHaveLength(2);
	});

	it('refuses a request that is not safe to send twice, or that mints a key, without sending it', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 200, {});
		});
		const {client} = testClient(server.url);

		await expect(client.sendUnread({method: 'POST', path: 'tokens', json: {}})).rejects.toThrow(/safe to send twice and mints nothing, not POST tokens/);
		await expect(client.sendUnread({method: 'GET', path: 'tokens/1/reset', mints: 'token'})).rejects.toThrow(/mints nothing/);
		expect(server.requests).toHaveLength(0);
	});
});
