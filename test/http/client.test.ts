import {describe, expect, it} from 'vitest';
import {
	AuthenticationError,
	BadRequestError,
	ConflictError,
	HttpError,
	MalformedResponseError,
	NetworkError,
	NotFoundError,
	PermissionDeniedError,
	ServerError,
	UnprocessableError,
} from '../../src/errors/index.js';
import {fakeKey, rejection, testClient} from '../support/client.js';
import {delay, eventually, sendJson, useLoopbackServers} from '../support/loopback-server.js';

const start = useLoopbackServers();

describe('a successful exchange', () => {
	it('sends the credential, default headers and query, and returns the parsed body with its request id', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 200, {items: [1, 2]}, {'x-request-id': 'req-42'});
		});
		const {client} = testClient(`${server.url}api/v2`, {defaultHeaders: {'ld-api-version': '20240415'}});

		const response = await client.send({method: 'GET', path: '/tokens', query: {limit: 20, filter: undefined, showAll: true}});

		expect(response.body).toEqual({items: [1, 2]});
		expect(response.requestId).toBe('req-42');
		expect(response.path).toBe('/api/v2/tokens?limit=20&showAll=true');
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0]?.url).toBe('/api/v2/tokens?limit=20&showAll=true');
		expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${fakeKey}`);
		expect(server.requests[0]?.headers['ld-api-version']).toBe('20240415');
		expect(client.stats).toEqual({requests: 1, retries: 0, rateLimited: 0, waited: 0});
	});

	it('sends a JSON body and reads an empty 204 as undefined', async () => {
		let received = '';
		const server = await start(async (request, response) => {
			for await (const chunk of request) {
				received += String(chunk);
			}

			response.writeHead(204).end();
		});
		const {client} = testClient(server.url);

		const response = await client.send({method: 'POST', path: 'tokens', json: {name: 'ci'}});

		expect(response.status).toBe(204);
		expect(response.body).toBeUndefined();
		expect(JSON.parse(received)).toEqual({name: 'ci'});
		expect(server.requests[0]?.headers['content-type']).toContain('application/json');
	});
});

describe('statuses that are final', () => {
	const finalStatuses: ReadonlyArray<[number, new (...args: never[]) => HttpError]> = [
		[400, BadRequestError],
		[401, AuthenticationError],
		[403, PermissionDeniedError],
		[404, NotFoundError],
		[409, ConflictError],
		[422, UnprocessableError],
	];

	it.each(finalStatuses)('sends a GET answered %i exactly once, with the error class for that status', async (status, type) => {
		const server = await start((_request, response) => {
			sendJson(response, status, {message: 'no'}, {'x-request-id': `req-${status}`});
		});
		const {client} = testClient(server.url);

		const error = await rejection(client.send({method: 'GET', path: 'tokens/t1'}), type);

		expect(server.requests).toHaveLength(1);
		expect(client.stats.retries).toBe(0);
		expect(error).toMatchObject({provider: 'testvendor', account: 'acme', status, requestId: `req-${status}`, method: 'GET', path: '/tokens/t1'});
		expect(error.message).toMatch(/^\[tokenkit:testvendor\] account "acme": GET \/tokens\/t1 answered HTTP \d{3}/);
		expect(error.message).toContain(`request id req-${status}`);
	});

	it('reads the request id and code from a LaunchDarkly-style error body', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 404, {code: 'not_found', message: 'Unknown token', id: 'ld-req-7f3a'});
		});
		const {client} = testClient(server.url);

		const error = await rejection(client.send({method: 'GET', path: 'tokens/t1'}), NotFoundError);

		expect(error.requestId).toBe('ld-req-7f3a');
		expect(error.vendorCode).toBe('not_found');
		expect(error.vendorMessage).toBe('Unknown token');
		expect(error.message).toContain('vendor says: Unknown token');
	});

	it('does not take a Mist-style {id} of a missing object for a request id', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 404, {id: 'some-object', detail: 'not found'});
		});
		const {client} = testClient(server.url);

		const error = await rejection(client.send({method: 'GET', path: 'x'}), NotFoundError);

		expect(error.requestId).toBeUndefined();
		expect(error.vendorMessage).toBe('not found');
	});

	it('registers a minted key inside an envelope (mints: result.value) the moment the answer is read', async () => {
		const minted = 'cfat_0123456789abcdefghijABCDEFGHIJ0123456789abcdef';
		const server = await start((_request, response) => {
			sendJson(response, 200, {success: true, errors: [], result: {id: 't1', value: minted}});
		});
		const {client} = testClient(server.url);

		await client.send({method: 'POST', path: 'x', json: {}, mints: 'result.value'});

		expect(client.redactor.scrub(`echo ${minted} and ${minted.slice(10, 30)}`)).not.toContain(minted.slice(10, 30));
	});

	it('reads the first of an errors list, as Cloudflare sends them, with its numeric code', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 403, {success: false, errors: [{code: 9109, message: 'Unauthorized to access requested resource'}, {code: 1, message: 'second'}], messages: [], result: null});
		});
		const {client} = testClient(server.url);

		const error = await rejection(client.send({method: 'GET', path: 'x'}), PermissionDeniedError);

		expect([error.vendorCode, error.vendorMessage, error.requestId]).toEqual(['9109', 'Unauthorized to access requested resource', undefined]);
	});

	it('reads an errors list of strings, as Datadog sends them, the first three joined', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 404, {errors: ['API key not found', 'see the docs', 'third', 'fourth']});
		});
		const {client} = testClient(server.url);

		const error = await rejection(client.send({method: 'GET', path: 'x'}), NotFoundError);

		expect(error.vendorMessage).toBe('API key not found; see the docs; third');
		expect(error.message).toContain('vendor says: API key not found');
	});

	it('sends the credential in the vendor\'s own headers, and no Authorization header, where the vendor asks for them', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 200, {});
		});
		const second = 'application-key-0123456789abcdef0123456789';
		const {client} = testClient(server.url, {authorization: key => ({'dd-api-key': key, 'dd-application-key': second})});

		await client.send({method: 'GET', path: 'x'});

		const [request] = server.requests;
		expect(request?.headers['dd-api-key']).toBe(fakeKey);
		expect(request?.headers['dd-application-key']).toBe(second);
		expect(request?.headers.authorization).toBeUndefined();
	});

	it('reads OpenAI\'s {error: {message, type, param, code}}: the message with the parameter it names, and the code', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 400, {error: {message: 'Invalid value for \'limit\'.', type: 'invalid_request_error', param: 'limit', code: 'invalid_value'}});
		});
		const {client} = testClient(server.url);

		const error = await rejection(client.send({method: 'GET', path: 'x'}), BadRequestError);

		expect([error.vendorCode, error.vendorMessage]).toEqual(['invalid_value', 'Invalid value for \'limit\'. (param "limit")']);
	});

	it('takes OpenAI\'s error type for its code when the code is null', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 404, {error: {message: 'No such project', type: 'invalid_request_error', param: null, code: null}});
		});
		const {client} = testClient(server.url);

		const error = await rejection(client.send({method: 'GET', path: 'x'}), NotFoundError);

		expect([error.vendorCode, error.vendorMessage]).toEqual(['invalid_request_error', 'No such project']);
	});
});

describe('statuses that are retried', () => {
	it.each([500, 502, 503, 504])('retries a GET answered %i until attempts run out, then throws ServerError', async status => {
		const server = await start((_request, response) => {
			sendJson(response, status, {message: 'down'});
		});
		const {client} = testClient(server.url, {retry: {attempts: 3, baseDelay: 5}});

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), ServerError);

		expect(error.status).toBe(status);
		expect(server.requests).toHaveLength(3);
		expect(client.stats).toMatchObject({requests: 3, retries: 2});
	});

	it('retries a 408 and keeps it an HttpError with its status', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 408, {});
		});
		const {client} = testClient(server.url, {retry: {attempts: 2, baseDelay: 5}});

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), HttpError);

		expect(error.status).toBe(408);
		expect(server.requests).toHaveLength(2);
	});

	it('retries a 503 and counts the retry when the second attempt succeeds', async () => {
		const server = await start((_request, response, index) => {
			sendJson(response, index === 0 ? 503 : 200, {ok: index});
		});
		const {client, events} = testClient(server.url);

		const response = await client.send({method: 'GET', path: 'tokens'});

		expect(response.body).toEqual({ok: 1});
		expect(server.requests).toHaveLength(2);
		expect(client.stats).toMatchObject({requests: 2, retries: 1});
		// random() is 0, so the first backoff is exactly half the 10 ms base delay ("equal jitter").
		expect(events.filter(event => event.type === 'retry')).toEqual([
			expect.objectContaining({type: 'retry', method: 'GET', attempt: 1, delay: 5}),
		]);
	});
});

describe('a POST, which the vendor may have applied', () => {
	it('is not retried after a 500', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 500, {});
		});
		const {client} = testClient(server.url);

		await rejection(client.send({method: 'POST', path: 'tokens', json: {}}), ServerError);

		expect(server.requests).toHaveLength(1);
	});

	it('is not retried after a connection reset', async () => {
		const server = await start(request => {
			request.socket.destroy();
		});
		const {client} = testClient(server.url);

		const error = await rejection(client.send({method: 'POST', path: 'tokens', json: {}}), NetworkError);

		expect(server.requests).toHaveLength(1);
		expect(error.notSent).toBe(false);
		expect(error.message).toContain('not sent again');
	});

	it('is retried after a 429, which proves it was not applied', async () => {
		const server = await start((_request, response, index) => {
			sendJson(response, index === 0 ? 429 : 201, {}, {'retry-after': '0'});
		});
		const {client} = testClient(server.url);

		const response = await client.send({method: 'POST', path: 'tokens', json: {}});

		expect(response.status).toBe(201);
		expect(server.requests).toHaveLength(2);
	});

	it('is retried after a 500 when the caller marks it idempotent', async () => {
		const server = await start((_request, response, index) => {
			sendJson(response, index === 0 ? 500 : 200, {});
		});
		const {client} = testClient(server.url);

		await client.send({method: 'POST', path: 'tokens/t1/reset', idempotent: true});

		expect(server.requests).toHaveLength(2);
	});
});

describe('network failures', () => {
	it('retries a GET whose connection the server reset', async () => {
		const server = await start((request, response, index) => {
			if (index === 0) {
				request.socket.destroy();
				return;
			}

			sendJson(response, 200, {ok: true});
		});
		const {client} = testClient(server.url);

		const response = await client.send({method: 'GET', path: 'tokens'});

		expect(response.body).toEqual({ok: true});
		expect(server.requests).toHaveLength(2);
		expect(client.stats.retries).toBe(1);
	});

	it('retries a GET whose body was cut short', async () => {
		const server = await start((_request, response, index) => {
			if (index === 0) {
				// Announce 100 bytes, send 10, hang up.
				response.writeHead(200, {'content-type': 'application/json', 'content-length': '100'});
				response.write('{"items":[');
				setTimeout(() => response.destroy(), 10);
				return;
			}

			sendJson(response, 200, {items: []});
		});
		const {client} = testClient(server.url);

		const response = await client.send({method: 'GET', path: 'tokens'});

		expect(response.body).toEqual({items: []});
		expect(server.requests).toHaveLength(2);
	});

	it('reports a body cut short on the last attempt as a NetworkError', async () => {
		const server = await start((_request, response) => {
			response.writeHead(200, {'content-length': '100'});
			response.write('{"items":[');
			setTimeout(() => response.destroy(), 10);
		});
		const {client} = testClient(server.url, {retry: {attempts: 1}});

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), NetworkError);

		expect(error.reason).toContain('response body cut short');
	});

	it('gives a NetworkError that says it timed out when the server never answers, after retrying', async () => {
		const server = await start(() => {
			// Never answer: the client's timeout has to end it.
		});
		const {client} = testClient(server.url, {timeout: 100, retry: {attempts: 2, baseDelay: 5}});

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), NetworkError);

		expect(error.message).toContain('timed out after 100 ms');
		expect(error.status).toBeNull();
		expect(server.requests).toHaveLength(2);
	});

	it('retries a refused connection, which provably never reached the vendor, even for a POST', async () => {
		const server = await start(() => undefined);
		const {url} = server;
		await new Promise<void>(resolve => {
			server.server.close(() => {
				resolve();
			});
		});
		const {client} = testClient(url, {retry: {attempts: 2, baseDelay: 5}});

		const error = await rejection(client.send({method: 'POST', path: 'tokens', json: {}}), NetworkError);

		expect(error.notSent).toBe(true);
		expect(error.reason).toBe('connection refused');
		expect(client.stats).toMatchObject({requests: 2, retries: 1});
	});
});

describe('a body that is not JSON', () => {
	it('is retried for a GET, then reported as MalformedResponseError', async () => {
		const server = await start((_request, response) => {
			response.writeHead(200, {'content-type': 'text/html'});
			response.end('<html>gateway</html>');
		});
		const {client} = testClient(server.url, {retry: {attempts: 3, baseDelay: 5}});

		const error = await rejection(client.send({method: 'GET', path: 'tokens'}), MalformedResponseError);

		expect(error).toMatchObject({status: 200, reason: 'not valid JSON', method: 'GET', path: '/tokens'});
		expect(server.requests).toHaveLength(3);
	});

	it('is not retried for a POST', async () => {
		const server = await start((_request, response) => {
			response.end('{"id": ');
		});
		const {client} = testClient(server.url);

		await rejection(client.send({method: 'POST', path: 'tokens', json: {}}), MalformedResponseError);

		expect(server.requests).toHaveLength(1);
	});
});

describe('abort', () => {
	it('sends nothing when the signal is already aborted', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 200, {});
		});
		const {client} = testClient(server.url);
		const reason = new Error('caller gave up');

		const error = await rejection(client.send({method: 'GET', path: 'tokens', signal: AbortSignal.abort(reason)}), Error);

		expect(error).toBe(reason);
		expect(server.requests).toHaveLength(0);
		expect(client.stats.requests).toBe(0);
	});

	it('stops a 5 s Retry-After wait at once with the abort reason', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 429, {}, {'retry-after': '5'});
		});
		const controller = new AbortController();
		const {client} = testClient(server.url, {signal: controller.signal});
		const reason = new Error('shutting down');

		const sending = client.send({method: 'GET', path: 'tokens'});
		await eventually(() => server.requests.length === 1);
		await delay(50);
		const abortedAt = performance.now();
		controller.abort(reason);
		const error = await rejection(sending, Error);

		expect(error).toBe(reason);
		expect(performance.now() - abortedAt).toBeLessThan(200);
		expect(server.requests).toHaveLength(1);
	});

	it('aborts a request in flight and does not retry it', async () => {
		const server = await start(() => {
			// Hold the request so the abort lands while it is on the wire.
		});
		const controller = new AbortController();
		const {client} = testClient(server.url);
		const reason = new Error('stop');

		const sending = client.send({method: 'GET', path: 'tokens', signal: controller.signal});
		await eventually(() => server.requests.length === 1);
		controller.abort(reason);

		expect(await rejection(sending, Error)).toBe(reason);
		await eventually(() => server.abandoned === 1);
		expect(server.requests).toHaveLength(1);
	});
});
