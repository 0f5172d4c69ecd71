import {createServer, request as httpRequest, type Server} from 'node:http';
import {connect, type AddressInfo, type Socket} from 'node:net';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {fetchFromProxyEnvironment} from '../../src/http/proxy.js';
import {testClient} from '../support/client.js';
import {sendJson, useLoopbackServers} from '../support/loopback-server.js';

const start = useLoopbackServers();

interface ForwardProxy {
	readonly url: string;
	/** `CONNECT host:port` for a tunnel, `GET http://…` for an absolute-URI request. */
	readonly seen: string[];
	close(): Promise<void>;
}

/**
A minimal forward proxy. undici's ProxyAgent (v6) tunnels even plain-HTTP targets with CONNECT, so that is
the path exercised; absolute-URI requests are forwarded too, in case a later undici sends them.
*/
async function startForwardProxy(): Promise<ForwardProxy> {
	const seen: string[] = [];
	const sockets = new Set<Socket>();
	const server: Server = createServer((request, response) => {
		seen.push(`${request.method ?? ''} ${request.url ?? ''}`);
		const upstream = httpRequest(request.url ?? '', {method: request.method, headers: request.headers}, answer => {
			response.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(response);
		});
		upstream.on('error', () => response.destroy());
		request.pipe(upstream);
	});
	server.on('connect', (request, client: Socket, head: Buffer) => {
		seen.push(`CONNECT ${request.url ?? ''}`);
		sockets.add(client);
		const [host = '', port = ''] = (request.url ?? '').split(':');
		const target = connect(Number(port), host, () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			target.write(head);
			target.pipe(client);
			client.pipe(target);
		});
		sockets.add(target);
		target.on('error', () => client.destroy());
		client.on('error', () => target.destroy());
	});
	server.on('connection', (socket: Socket) => sockets.add(socket));
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const address: AddressInfo | string | null = server.address();
	if (address === null || typeof address === 'string') {
		throw new Error('the proxy did not bind a TCP port');
	}

	return {
		url: `http://127.0.0.1:${address.port}`,
		seen,
		async close() {
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		},
	};
}

const proxies: ForwardProxy[] = [];
afterEach(async () => {
	vi.unstubAllEnvs();
	await Promise.all(proxies.splice(0).map(async proxy => proxy.close()));
});

async function proxy(): Promise<ForwardProxy> {
	const started = await startForwardProxy();
	proxies.push(started);
	return started;
}

describe('HTTP_PROXY and NO_PROXY', () => {
	it('sends a request through the proxy named in the environment', async () => {
		const target = await start((_request, response) => {
			sendJson(response, 200, {via: 'target'});
		});
		const forward = await proxy();
		const {client} = testClient(target.url, {environment: {HTTP_PROXY: forward.url}});

		const response = await client.send({method: 'GET', path: 'tokens'});

		expect(response.body).toEqual({via: 'target'});
		expect(forward.seen).toEqual([`CONNECT 127.0.0.1:${target.port}`]);
		expect(target.requests).toHaveLength(1);
		expect(target.requests[0]?.headers.authorization).toBe('Bearer tk-SEEDED-secret-0001');
	});

	it('bypasses the proxy for a host NO_PROXY covers', async () => {
		const target = await start((_request, response) => {
			sendJson(response, 200, {});
		});
		const forward = await proxy();
		const {client} = testClient(target.url, {environment: {HTTP_PROXY: forward.url, NO_PROXY: 'example.com,127.0.0.1'}});

		await client.send({method: 'GET', path: 'tokens'});

		expect(forward.seen).toEqual([]);
		expect(target.requests).toHaveLength(1);
	});

	it('reads NO_PROXY from the given environment only, not from process.env', async () => {
		vi.stubEnv('NO_PROXY', '127.0.0.1');
		vi.stubEnv('no_proxy', '127.0.0.1');
		const target = await start((_request, response) => {
			sendJson(response, 200, {});
		});
		const forward = await proxy();
		const {client} = testClient(target.url, {environment: {HTTP_PROXY: forward.url}});

		await client.send({method: 'GET', path: 'tokens'});

		expect(forward.seen).toEqual([`CONNECT 127.0.0.1:${target.port}`]);
	});

	it('does not proxy plain HTTP when only HTTPS_PROXY is set, even if process.env has HTTP_PROXY', async () => {
		const target = await start((_request, response) => {
			sendJson(response, 200, {});
		});
		const forward = await proxy();
		vi.stubEnv('HTTP_PROXY', forward.url);
		vi.stubEnv('http_proxy', forward.url);
		const {client} = testClient(target.url, {environment: {HTTPS_PROXY: 'http://127.0.0.1:9'}});

		await client.send({method: 'GET', path: 'tokens'});

		expect(forward.seen).toEqual([]);
		expect(target.requests).toHaveLength(1);
	});

	it('leaves the plain fetch in place when no proxy variable is set', () => {
		expect(fetchFromProxyEnvironment({})).toBeUndefined();
		expect(fetchFromProxyEnvironment({HTTPS_PROXY: '', NO_PROXY: '*'})).toBeUndefined();
		expect(fetchFromProxyEnvironment({https_proxy: 'http://127.0.0.1:9'})).toBeTypeOf('function');
	});
});
