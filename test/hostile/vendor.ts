import {mkdtemp, writeFile} from 'node:fs/promises';
import type {IncomingHttpHeaders, IncomingMessage, ServerResponse} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach} from 'vitest';
import {startSimulators} from '../../providers/simulators.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import {useLoopbackServers, type LoopbackServer} from '../support/loopback-server.js';

/*
The hostile vendor: a loopback server that stands where a vendor's API should be. Behind it runs the real
simulator of that vendor, so a mode can forward a request and then bend the answer (echo a key, lie about a
total, redirect elsewhere, stall the body, grow it without end), or answer on its own. Each behaviour is one
mode in `test/hostile/modes/`. The server is bounded: it answers at most `maxRequests` requests (later ones get
a 503 without reaching the simulator) and cuts any exchange still open after `maxMs`, so a client bug shows as
a failed assertion, never as a hung run.
*/

/** An answer as it goes over the wire. */
export interface VendorAnswer {
	readonly status: number;
	readonly headers: Readonly<Record<string, string>>;
	readonly body: string;
}

export interface HostileRequest {
	readonly vendor: string;
	readonly method: string;
	/** Path and query as the client sent them. */
	readonly url: string;
	readonly pathname: string;
	readonly headers: IncomingHttpHeaders;
	readonly body: Buffer;
}

export interface HostileExchange {
	readonly request: HostileRequest;
	/** How many requests this server saw before this one. */
	readonly index: number;
	/** Sends the request on to the real simulator and returns its answer. */
	forward(): Promise<VendorAnswer>;
	/** The raw response, for a mode that writes it itself (slowly, endlessly, half-way). */
	readonly response: ServerResponse;
}

/** Answers one request: with an answer the server sends, or `'sent'` when the mode wrote the response itself. */
export type HostileMode = (exchange: HostileExchange) => Promise<VendorAnswer | 'sent'>;

export const passThrough: HostileMode = async exchange => exchange.forward();

/** A mode that forwards and replaces a JSON answer's body with what `rewrite` returns (it may change it in place). */
export function rewriteJson(rewrite: (body: unknown, request: HostileRequest, status: number) => unknown): HostileMode {
	return async exchange => {
		const answer = await exchange.forward();
		if (!answer.headers['content-type']?.includes('json') || answer.body === '') {
			return answer;
		}

		const body = JSON.stringify(rewrite(JSON.parse(answer.body), exchange.request, answer.status));
		return {...answer, body};
	};
}

/** A JSON answer the mode makes up. */
export function json(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): VendorAnswer {
	return {status, headers: {'content-type': 'application/json', ...headers}, body: JSON.stringify(body)};
}

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export interface HostileVendorOptions {
	/** The vendor the server impersonates, e.g. `launchdarkly`. */
	readonly vendor: string;
	readonly mode: HostileMode;
	/** Tokens per simulated account. @default 10 */
	readonly tokens?: number;
	readonly seed?: number;
	/** Also start the other vendors' honest simulators, so a test can check they still finish. @default true */
	readonly others?: boolean;
	/** @default 2000 */
	readonly maxRequests?: number;
	/** @default 20000 */
	readonly maxMs?: number;
}

export interface HostileVendor {
	readonly server: LoopbackServer;
	/** The simulator behind the hostile server. */
	readonly behind: RunningSimulators;
	/** The other vendors' honest simulators (none when `others` is false). */
	readonly honest: RunningSimulators | undefined;
	/** Config entries of every account; the hostile vendor's point at the hostile server. */
	readonly entries: ReadonlyArray<Readonly<Record<string, string>>>;
	/** Requests the server refused because it had answered `maxRequests` already. */
	readonly overflow: number;
	/** Every credential and every key any simulator seeded or minted so far: what a leak scan searches for. */
	secrets(): string[];
	/** A config file with these accounts in a new directory; credentials go through the environment as `${KEY_n}`. */
	writeConfig(accounts?: ReadonlyArray<Readonly<Record<string, string>>>): Promise<{directory: string; configPath: string; env: NodeJS.ProcessEnv}>;
}

const hopHeaders = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'content-encoding']);

/** Registers cleanup after each test; returns the function that starts a hostile vendor. */
export function useHostileVendors(): (options: HostileVendorOptions) => Promise<HostileVendor> {
	const startServer = useLoopbackServers();
	const running: RunningSimulators[] = [];
	afterEach(async () => {
		await Promise.all(running.splice(0).map(async simulators => simulators.close()));
	});

	return async options => {
		const tokens = options.tokens ?? 10;
		const seedOptions = options.seed === undefined ? {} : {seed: options.seed};
		const behind = await startSimulators({vendors: [options.vendor], tokens, rateLimits: false, ...seedOptions});
		running.push(behind);
		const otherVendors = ['mist', 'opal', 'launchdarkly'].filter(name => name !== options.vendor);
		const honest = options.others === false ? undefined : await startSimulators({vendors: otherVendors, tokens, rateLimits: false, ...seedOptions});
		if (honest !== undefined) {
			running.push(honest);
		}

		const target = new URL(behind.get(options.vendor).baseUrl).origin;
		const maxRequests = options.maxRequests ?? 2000;
		const maxMs = options.maxMs ?? 20_000;
		let overflow = 0;
		const server = await startServer(async (request, response, index) => {
			const cut = setTimeout(() => {
				response.destroy();
			}, maxMs);
			response.on('close', () => {
				clearTimeout(cut);
			});
			if (index >= maxRequests) {
				overflow++;
				send(response, json(503, {message: 'hostile vendor: request budget spent'}));
				return;
			}

			const incoming = await readRequest(options.vendor, request);
			const answer = await options.mode({
				request: incoming,
				index,
				response,
				forward: async () => forward(target, incoming),
			});
			if (answer !== 'sent') {
				send(response, answer);
			}
		});

		const hostileBase = server.url.replace(/\/$/, '');
		const entries = [
			...(honest?.vendors.flatMap(vendor => vendor.configEntries()) ?? []),
			...behind.vendors.flatMap(vendor => vendor.configEntries()).map(entry => ({...entry, baseUrl: `${hostileBase}${new URL(entry.baseUrl ?? target).pathname.replace(/\/$/, '')}`})),
		];

		return {
			server,
			behind,
			honest,
			entries,
			get overflow() {
				return overflow;
			},
			secrets: () => [...new Set([...behind.allSecrets(), ...(honest?.allSecrets() ?? [])])],
			async writeConfig(accounts = entries) {
				const env: NodeJS.ProcessEnv = {};
				const withVariables = accounts.map((entry, index) => {
					env[`KEY_${index}`] = entry.apiKey;
					return {...entry, apiKey: `\${KEY_${index}}`};
				});
				const directory = await mkdtemp(join(tmpdir(), 'tokenkit-hostile-'));
				const configPath = join(directory, 'tokenkit.yaml');
				await writeFile(configPath, JSON.stringify({accounts: withVariables}, null, 2), {mode: 0o600});
				return {directory, configPath, env};
			},
		};
	};
}

async function readRequest(vendor: string, request: IncomingMessage): Promise<HostileRequest> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) {
		chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
	}

	const url = request.url ?? '/';
	return {vendor, method: request.method ?? 'GET', url, pathname: new URL(url, 'http://x').pathname, headers: request.headers, body: Buffer.concat(chunks)};
}

async function forward(target: string, request: HostileRequest): Promise<VendorAnswer> {
	const headers = new Headers();
	for (const [name, value] of Object.entries(request.headers)) {
		if (typeof value === 'string' && !hopHeaders.has(name)) {
			headers.set(name, value);
		}
	}

	const init: RequestInit = request.body.length > 0 ? {method: request.method, headers, body: request.body} : {method: request.method, headers};
	const answer = await fetch(new URL(request.url, target), {...init, redirect: 'manual'});
	const outgoing: Record<string, string> = {};
	answer.headers.forEach((value, name) => {
		if (!hopHeaders.has(name)) {
			outgoing[name] = value;
		}
	});
	return {status: answer.status, headers: outgoing, body: await answer.text()};
}

function send(response: ServerResponse, answer: VendorAnswer): void {
	if (response.destroyed || response.headersSent) {
		return;
	}

	response.writeHead(answer.status, {...answer.headers, 'content-length': String(Buffer.byteLength(answer.body))});
	response.end(answer.body);
}
