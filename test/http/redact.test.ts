import {inspect} from 'node:util';
import {describe, expect, it} from 'vitest';
import {AuthenticationError, MalformedResponseError, NetworkError, PermissionDeniedError, RateLimitError, ServerError, TokenkitError} from '../../src/errors/index.js';
import {clip} from '../../src/http/redact.js';
import {createRedactor} from '../../src/redaction/redactor.js';
import {fakeKey, rejection, testClient} from '../support/client.js';
import {sendJson, useLoopbackServers} from '../support/loopback-server.js';

const start = useLoopbackServers();

/** Every way an error is commonly printed or logged. */
function renderings(error: Error): string[] {
	return [error.message, error.stack ?? '', String(error), inspect(error, {depth: null, showHidden: true}), JSON.stringify(error)];
}

function expectNoKey(error: Error, events: readonly unknown[]): void {
	for (const text of renderings(error)) {
		expect(text).not.toContain(fakeKey);
	}

	expect(JSON.stringify(events)).not.toContain(fakeKey);
}

describe('the credential never leaks', () => {
	it('is redacted when a 401 body echoes it back in every field', async () => {
		const server = await start((request, response) => {
			const sent = request.headers.authorization ?? '';
			sendJson(response, 401, {code: `bad ${sent}`, message: `invalid token: ${sent}`, id: sent});
		});
		const {client, events} = testClient(server.url);

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), AuthenticationError);

		// The server did get the key, so its absence below is redaction, not an empty echo.
		expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${fakeKey}`);
		expect(error.vendorMessage).toBe('invalid token: Bearer [redacted]');
		expect(error.vendorCode).toBe('bad Bearer [redacted]');
		expect(error.requestId).toBe('Bearer [redacted]');
		expectNoKey(error, events);
	});

	it('is redacted from a Mist-style {detail} and from an x-request-id header', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 403, {detail: `token ${fakeKey} lacks org admin`}, {'x-request-id': fakeKey});
		});
		const {client, events} = testClient(server.url);

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), PermissionDeniedError);

		expect(error.vendorMessage).toBe('token [redacted] lacks org admin');
		expectNoKey(error, events);
	});

	it('stays out of retry events and the final error after 5xx answers that echo it', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 500, {error: `upstream rejected ${fakeKey}`});
		});
		const {client, events} = testClient(server.url, {retry: {attempts: 3, baseDelay: 5}});

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), ServerError);

		expect(events.filter(event => event.type === 'retry')).toHaveLength(2);
		expectNoKey(error, events);
	});

	it('stays out of a RateLimitError from a 429 that echoes it', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 429, {message: `slow down ${fakeKey}`}, {'retry-after': '0'});
		});
		const {client, events} = testClient(server.url, {retry: {attempts: 2}});

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), RateLimitError);

		expectNoKey(error, events);
	});

	it('stays out of a MalformedResponseError whose body holds it', async () => {
		const server = await start((_request, response) => {
			response.end(`<html>your key ${fakeKey} is</html>`);
		});
		const {client, events} = testClient(server.url, {retry: {attempts: 1}});

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), MalformedResponseError);

		expectNoKey(error, events);
	});

	it('stays out of a NetworkError and a timeout', async () => {
		const server = await start((request, _response, index) => {
			if (index === 0) {
				request.socket.destroy();
			}
		});
		const {client, events} = testClient(server.url, {retry: {attempts: 2, baseDelay: 5}, timeout: 100});

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), NetworkError);

		expect(error.message).toContain('timed out');
		expectNoKey(error, events);
	});

	it('is not taken from a key shorter than 4 characters, which would shred ordinary text', () => {
		expect(createRedactor(['ab']).scrub('abc def')).toBe('abc def');
		expect(createRedactor(['abcd']).scrub('key=abcd, again abcd')).toBe('key=[redacted], again [redacted]');
	});

	it('clips a vendor message to one line', () => {
		expect(clip('a\n  b\tc')).toBe('a b c');
		expect(clip('x'.repeat(10), 4)).toBe('xxxx…');
	});

	it('keeps every error a TokenkitError, so one instanceof catches them', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 401, {});
		});
		const {client} = testClient(server.url);

		await rejection(client.send({method: 'GET', path: 'tokens'}), TokenkitError);
	});
});
