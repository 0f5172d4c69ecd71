import {describe, expect, it} from 'vitest';
import {RedirectError} from '../../src/errors/index.js';
import {fakeKey, rejection, testClient} from '../support/client.js';
import {sendJson, useLoopbackServers} from '../support/loopback-server.js';

const start = useLoopbackServers();

describe('a redirect', () => {
	it.each([301, 302, 303, 307, 308])('(%i to another origin) is a RedirectError, and nothing is sent there', async status => {
		const elsewhere = await start((_request, response) => {
			sendJson(response, 200, {items: []});
		});
		const server = await start((_request, response) => {
			response.writeHead(status, {location: `http://user:pw@127.0.0.1:${elsewhere.port}/api/v2/tokens?key=${fakeKey}#frag`, 'x-request-id': 'req-9'});
			response.end();
		});
		const {client} = testClient(server.url);

		const error = await rejection(client.send({method: 'POST', path: 'tokens', json: {name: 'ci'}}), RedirectError);

		expect(elsewhere.requests).toHaveLength(0);
		expect(server.requests).toHaveLength(1);
		expect(error).toMatchObject({provider: 'testvendor', account: 'acme', status, method: 'POST', path: '/tokens', requestId: 'req-9', crossOrigin: true, location: `http://127.0.0.1:${elsewhere.port}/api/v2/tokens`});
		expect(error.message).toBe(`[tokenkit:testvendor] account "acme": POST /tokens answered HTTP ${status}; a redirect to another origin, http://127.0.0.1:${elsewhere.port}/api/v2/tokens; the vendor's API does not redirect, so it was not followed and nothing was sent there; request id req-9`);
		expect(error.message).not.toContain(fakeKey);
	});

	it('on the same origin is an error too, and is not retried', async () => {
		const server = await start((_request, response) => {
			response.writeHead(302, {location: '/elsewhere'});
			response.end();
		});
		const {client} = testClient(server.url);

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), RedirectError);

		expect(error).toMatchObject({crossOrigin: false, location: `http://127.0.0.1:${server.port}/elsewhere`});
		expect(server.requests).toHaveLength(1);
	});

	it('shows a location it cannot read as such, with no control characters', async () => {
		const server = await start((_request, response) => {
			response.writeHead(301, {location: 'http://[bad'});
			response.end();
		});
		const {client} = testClient(server.url);

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), RedirectError);

		expect(error.location).toBeNull();
		expect(error.message).toContain('a redirect to no readable location');
	});

	it('percent-encodes escape and bidi characters of a location path before they are shown', async () => {
		const server = await start((_request, response) => {
			response.writeHead(301, {location: '/a%1B[31mred%E2%80%AEevil'});
			response.end();
		});
		const {client} = testClient(server.url);

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), RedirectError);

		expect(error.location).toBe(`http://127.0.0.1:${server.port}/a%1B[31mred%E2%80%AEevil`);
		expect(error.message).not.toContain('\u001B');
		expect(error.message).not.toContain('\u202E');
	});

	it('is refused even when a caller\'s fetch follows it by itself', async () => {
		const elsewhere = await start((_request, response) => {
			sendJson(response, 200, {items: []});
		});
		const server = await start((_request, response) => {
			response.writeHead(302, {location: `http://127.0.0.1:${elsewhere.port}/x`});
			response.end();
		});
		const {client} = testClient(server.url, {fetch: async (input, init) => fetch(input, {...init, redirect: 'follow'})});

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), RedirectError);

		expect(error).toMatchObject({crossOrigin: true, location: `http://127.0.0.1:${elsewhere.port}/x`});
	});
});
