import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import {afterEach} from 'vitest';

/** What the server saw of one request, in arrival order. */
export interface SeenRequest {
	readonly method: string;
	/** Path and query, as sent on the request line (absolute-form for a proxy). */
	readonly url: string;
	readonly headers: IncomingMessage['headers'];
	/** performance.now() when the request arrived. */
	readonly at: number;
}

/** Handles one request; `index` counts requests from 0, so a handler can fail the first N and then succeed. */
export type Handler = (request: IncomingMessage, response: ServerResponse, index: number) => void | Promise<void>;

export interface LoopbackServer {
	readonly server: Server;
	/** `http://127.0.0.1:<port>/` */
	readonly url: string;
	readonly port: number;
	readonly requests: readonly SeenRequest[];
	/** Requests whose connection closed before the handler finished the response (the client aborted them). */
	readonly abandoned: number;
	/** The most requests that were being handled at the same moment. */
	readonly maxActive: number;
}

/**
Registers an afterEach that closes every server the returned `start` opened, sockets included, so a
test that leaves a request hanging cannot keep the run alive.
*/
export function useLoopbackServers(): (handler: Handler) => Promise<LoopbackServer> {
	const open: Array<{server: Server; sockets: Set<Socket>}> = [];

	afterEach(async () => {
		const closing = open.splice(0).map(async ({server, sockets}) => {
			for (const socket of sockets) {
				socket.destroy();
			}

			server.closeAllConnections();
			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		});
		await Promise.all(closing);
	});

	return async handler => {
		const requests: SeenRequest[] = [];
		const sockets = new Set<Socket>();
		let active = 0;
		let maxActive = 0;
		let abandoned = 0;

		const server = createServer((request, response) => {
			const index = requests.length;
			requests.push({method: request.method ?? '', url: request.url ?? '', headers: request.headers, at: performance.now()});
			active++;
			maxActive = Math.max(maxActive, active);
			response.on('close', () => {
				active--;
				if (!response.writableFinished) {
					abandoned++;
				}
			});

			Promise.resolve(handler(request, response, index)).catch((error: unknown) => {
				// A broken handler is a broken test: answer 599 so the assertion that follows fails loudly.
				response.statusCode = 599;
				response.end(String(error));
			});
		});
		server.on('connection', socket => {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
		});
		// Keep-alive sockets would otherwise outlive a test and hold the next one's server open.
		server.keepAliveTimeout = 200;
		open.push({server, sockets});

		await new Promise<void>(resolve => {
			server.listen(0, '127.0.0.1', resolve);
		});
		const address: AddressInfo | string | null = server.address();
		if (address === null || typeof address === 'string') {
			throw new Error('the server did not bind a TCP port');
		}

		const {port} = address;
		return {
			server,
			port,
			url: `http://127.0.0.1:${port}/`,
			requests,
			get abandoned() {
				return abandoned;
			},
			get maxActive() {
				return maxActive;
			},
		};
	};
}

/** Answers with a JSON body and the given status and headers. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = JSON.stringify(body);
	response.writeHead(status, {'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers});
	response.end(text);
}

/** Resolves after `ms` milliseconds; for handlers that answer late. */
export async function delay(ms: number): Promise<void> {
	await new Promise(resolve => setTimeout(resolve, ms));
}

/** Polls until `check` is true or `timeout` ms pass; for effects that land on the server a moment after the client moved on. */
export async function eventually(check: () => boolean, timeout = 2000): Promise<void> {
	const start = performance.now();
	while (!check()) {
		if (performance.now() - start > timeout) {
			throw new Error(`condition not met within ${timeout} ms`);
		}

		await delay(10);
	}
}
