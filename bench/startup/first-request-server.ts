import {once} from 'node:events';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';

/** The first request that reached the server after it was armed. */
export interface FirstRequest {
	/** `performance.now()` of this process when the request (its head parsed) arrived. */
	readonly at: number;
	/** `GET /api/v2/tokens`, say: method and path, the query left out. */
	readonly request: string;
}

export interface FirstRequestServer {
	readonly baseUrl: string;
	/** Waits for the next request to arrive; requests before the call are not it. */
	nextRequest(): Promise<FirstRequest>;
	close(): Promise<void>;
}

/**
A loopback HTTP server that notes when a request arrives, by the clock of this process, and answers every one as
LaunchDarkly answers a key it does not know (401): only the time of the first request counts, and a client that
gives up at once leaves the machine quiet for the next run.
*/
export async function startFirstRequestServer(): Promise<FirstRequestServer> {
	let waiting: ((request: FirstRequest) => void) | undefined;
	const server = createServer((incoming, response) => {
		const at = performance.now();
		const resolve = waiting;
		waiting = undefined;
		resolve?.({at, request: `${incoming.method ?? '?'} ${new URL(incoming.url ?? '/', 'http://server').pathname}`});
		response.writeHead(401, {'content-type': 'application/json'});
		response.end(JSON.stringify({code: 'unauthorized', message: 'Invalid account ID header'}));
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const address: AddressInfo | string | null = server.address();
	if (address === null || typeof address === 'string') {
		throw new Error('the first-request server is not listening on a TCP port');
	}

	return {
		baseUrl: `http://127.0.0.1:${address.port}`,
		async nextRequest() {
			return new Promise<FirstRequest>(resolve => {
				waiting = resolve;
			});
		},
		async close() {
			server.closeAllConnections();
			server.close();
			await once(server, 'close');
		},
	};
}
