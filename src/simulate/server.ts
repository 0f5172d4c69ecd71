import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {Socket} from 'node:net';
import {ConfigError} from '../errors/index.js';
import {checkFaults, drawFault, type FaultKind, type FaultProbabilities} from './faults.js';
import {createRandom} from './random.js';
import type {SimRequest, SimResponse, VendorSimulator} from './types.js';

/** Added delay before each answer: `fixed` plus a seeded random part up to `jitter`, in milliseconds. */
export interface LatencyOptions {
	readonly fixed?: number | undefined;
	readonly jitter?: number | undefined;
}

export interface SimulatorServerOptions {
	/** @default '127.0.0.1' */
	readonly host?: string | undefined;
	/** 0 picks a free port. @default 0 */
	readonly port?: number | undefined;
	/** Seeds latency jitter, fault draws and churn. @default 1 */
	readonly seed?: number | undefined;
	readonly latency?: LatencyOptions | undefined;
	readonly faults?: FaultProbabilities | undefined;
	/** `Retry-After` of injected 429s, in seconds. @default 1 */
	readonly retryAfterSeconds?: number | undefined;
	/** How long a `slow` body takes to arrive, in milliseconds. @default 2000 */
	readonly slowBodyMs?: number | undefined;
	/** Create one token and delete another after every `everyRequests` requests. */
	readonly churn?: {readonly everyRequests: number} | undefined;
}

export interface SimulatorServerStats {
	requests: number;
	faults: Record<FaultKind, number>;
}

export interface RunningSimulatorServer {
	/** Where a client points its `baseUrl`: origin plus the vendor's base path. */
	readonly baseUrl: string;
	readonly port: number;
	readonly stats: Readonly<SimulatorServerStats>;
	/** Stops listening, destroys open connections and cancels pending answers. */
	close(): Promise<void>;
}

const maxBodyBytes = 1_048_576;

/**
Serves one vendor simulator over HTTP on loopback, adding what every vendor shares: seeded latency, seeded
faults (see faults.ts) and churn. The vendor decides everything else.
*/
export async function startSimulatorServer(simulator: VendorSimulator, options: SimulatorServerOptions = {}): Promise<RunningSimulatorServer> {
	const faults = options.faults ?? {};
	checkFaults(faults);
	const everyRequests = options.churn?.everyRequests;
	if (everyRequests !== undefined && (!Number.isInteger(everyRequests) || everyRequests < 1)) {
		throw new ConfigError(`churn.everyRequests must be a whole number of at least 1; got ${everyRequests}`);
	}

	const seed = options.seed ?? 1;
	const faultRandom = createRandom(seed).fork(`${simulator.vendor}:faults`);
	const latencyRandom = createRandom(seed).fork(`${simulator.vendor}:latency`);
	const churnRandom = createRandom(seed).fork(`${simulator.vendor}:churn`);
	const fixedLatency = options.latency?.fixed ?? 0;
	const jitter = options.latency?.jitter ?? 0;
	const retryAfterSeconds = options.retryAfterSeconds ?? 1;
	const slowBodyMs = options.slowBodyMs ?? 2000;
	const stats: SimulatorServerStats = {requests: 0, faults: {'429': 0, '500': 0, '503': 0, reset: 0, lost: 0, truncate: 0, malformed: 0, slow: 0}};
	const timers = new Set<NodeJS.Timeout>();
	const sockets = new Set<Socket>();
	const state = {closed: false};
	// Read through a function: the flag changes while this request awaits, which narrowing cannot see.
	const isClosed = (): boolean => state.closed;

	const later = async (ms: number): Promise<void> => {
		if (ms <= 0) {
			return;
		}

		await new Promise<void>(resolve => {
			const timer = setTimeout(() => {
				timers.delete(timer);
				resolve();
			}, ms);
			timers.add(timer);
		});
	};

	const server = createServer((incoming, outgoing) => {
		void serve(incoming, outgoing).catch(() => {
			outgoing.destroy();
		});
	});
	server.on('connection', socket => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});

	async function serve(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
		const request = await readRequest(incoming);
		stats.requests++;
		const fault = drawFault(faults, faultRandom);
		await later(fixedLatency + (jitter > 0 ? latencyRandom.next() * jitter : 0));
		if (isClosed()) {
			outgoing.destroy();
			return;
		}

		if (fault !== null) {
			stats.faults[fault]++;
		}

		if (fault === '429' || fault === '500' || fault === '503') {
			send(outgoing, simulator.faultResponse(fault === '429' ? 429 : fault === '500' ? 500 : 503, retryAfterSeconds));
			return;
		}

		if (fault === 'reset') {
			outgoing.socket?.resetAndDestroy();
			return;
		}

		const response = simulator.handle(request);
		if (everyRequests !== undefined && stats.requests % everyRequests === 0) {
			simulator.churn(request, churnRandom);
		}

		switch (fault) {
			case 'lost': {
				outgoing.socket?.resetAndDestroy();
				return;
			}

			case 'truncate': {
				const body = serialize(response);
				writeHead(outgoing, response, Buffer.byteLength(body) + 64);
				outgoing.write(body.slice(0, Math.floor(body.length / 2)));
				// Let the half body leave before the connection goes, so the client sees a short body, not a refused request.
				setImmediate(() => outgoing.socket?.resetAndDestroy());
				return;
			}

			case 'malformed': {
				const body = '{"items": [{"id": "0"}, {"id": ';
				writeHead(outgoing, {status: 200, headers: response.headers}, Buffer.byteLength(body));
				outgoing.end(body);
				return;
			}

			case 'slow': {
				const body = Buffer.from(serialize(response));
				writeHead(outgoing, response, body.length);
				const chunks = 10;
				const size = Math.ceil(body.length / chunks);
				for (let index = 0; index < chunks && !isClosed(); index++) {
					outgoing.write(body.subarray(index * size, (index + 1) * size));
					await later(slowBodyMs / chunks);
				}

				outgoing.end();
				return;
			}

			default: {
				send(outgoing, response);
			}
		}
	}

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});

	const address = server.address();
	if (address === null || typeof address === 'string') {
		throw new Error('simulator server has no TCP address');
	}

	const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
	return {
		baseUrl: `http://${host}:${address.port}${simulator.basePath}`,
		port: address.port,
		stats,
		async close() {
			state.closed = true;
			for (const timer of timers) {
				clearTimeout(timer);
			}

			timers.clear();
			const stopped = new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
			for (const socket of sockets) {
				socket.destroy();
			}

			server.closeAllConnections();
			await stopped;
		},
	};
}

async function readRequest(incoming: IncomingMessage): Promise<SimRequest> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of incoming) {
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
		size += buffer.length;
		if (size > maxBodyBytes) {
			break;
		}

		chunks.push(buffer);
	}

	const text = Buffer.concat(chunks).toString('utf8');
	const url = new URL(incoming.url ?? '/', 'http://simulator.invalid');
	let body: unknown;
	let bodyInvalid = false;
	if (text.trim() !== '') {
		try {
			body = JSON.parse(text);
		} catch {
			bodyInvalid = true;
		}
	}

	return {
		method: (incoming.method ?? 'GET').toUpperCase(),
		path: url.pathname,
		query: url.searchParams,
		headers: incoming.headers,
		body,
		bodyInvalid,
		remoteAddress: (incoming.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
	};
}

function serialize(response: SimResponse): string {
	if (response.text !== undefined) {
		return response.text;
	}

	return response.body === undefined ? '' : JSON.stringify(response.body);
}

function writeHead(outgoing: ServerResponse, response: SimResponse, contentLength: number): void {
	const headers: Record<string, string | number> = {...response.headers, 'content-length': contentLength};
	if (contentLength > 0 && !Object.keys(headers).some(name => name.toLowerCase() === 'content-type')) {
		headers['content-type'] = 'application/json; charset=utf-8';
	}

	outgoing.writeHead(response.status, headers);
}

function send(outgoing: ServerResponse, response: SimResponse): void {
	// Encoded once: a large page would otherwise be walked twice, for its length and for the socket.
	const body = Buffer.from(serialize(response));
	writeHead(outgoing, response, body.length);
	outgoing.end(body);
}
