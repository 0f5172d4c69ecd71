import type {IncomingMessage} from 'node:http';
import type {Handler} from './loopback-server.js';

/** The request a rewrite is about: method and path with query, as the client sent them. */
export interface ProxiedRequest {
	readonly method: string;
	readonly url: string;
}

/** Returns the body to send instead of the vendor's JSON answer, or the same body to pass it on. */
export type Rewrite = (body: unknown, request: ProxiedRequest, status: number) => unknown;

// Headers the vendors' clients and simulators act on; hop-by-hop and length headers are recomputed.
const forwardedRequestHeaders = ['authorization', 'content-type', 'ld-api-version', 'accept'];
const forwardedResponseHeaders = ['content-type', 'retry-after', 'x-ratelimit-reset', 'x-ratelimit-route-remaining', 'x-ratelimit-global-remaining', 'x-ratelimit-auth-token-remaining'];

/**
A loopback handler that forwards every request to `target` (a simulator's origin) and lets a test change
a JSON answer on the way back: a vendor that renamed a field, a cursor that repeats, a total that lies.
*/
export function rewritingProxy(target: string, rewrite: Rewrite): Handler {
	return async (request, response) => {
		const body = await readBody(request);
		const method = request.method ?? 'GET';
		const url = request.url ?? '/';
		const headers = new Headers();
		for (const name of forwardedRequestHeaders) {
			const value = request.headers[name];
			if (typeof value === 'string') {
				headers.set(name, value);
			}
		}

		const answer = await fetch(new URL(url, target), body.length > 0 ? {method, headers, body} : {method, headers});
		const text = await answer.text();
		const rewritten = answer.headers.get('content-type')?.includes('json') === true && text !== ''
			? JSON.stringify(rewrite(JSON.parse(text), {method, url}, answer.status))
			: text;
		const outgoing: Record<string, string> = {'content-length': String(Buffer.byteLength(rewritten))};
		for (const name of forwardedResponseHeaders) {
			const value = answer.headers.get(name);
			if (value !== null) {
				outgoing[name] = value;
			}
		}

		response.writeHead(answer.status, outgoing);
		response.end(rewritten);
	};
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) {
		chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
	}

	return Buffer.concat(chunks);
}
