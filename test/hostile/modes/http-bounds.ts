import type {ServerResponse} from 'node:http';
import {json, type HostileMode, type HostileRequest, type VendorAnswer} from '../vendor.js';

/*
Modes that test the bounds of tokenkit's HTTP layer: bodies that never end or trickle, redirects to another
server, absurd rate-limit times, and waits long enough to send a signal into. Each mode bends only the
requests its `match` selects and forwards the rest to the real simulator.
*/

export type RequestMatch = (request: HostileRequest) => boolean;

/** A vendor's token list: the request an inventory always makes. */
export const isTokenList: RequestMatch = request => request.method === 'GET' && /\/(?:apitokens|tokens)$/.test(request.pathname);

/** What a streaming mode saw of the bodies it wrote. */
export interface StreamRecord {
	/** Bytes of body written so far, over all requests. */
	written: number;
	/** Bodies whose connection the client closed before the mode had finished writing them. */
	cutByClient: number;
	/** Bodies written to the end. */
	finished: number;
}

/**
Answers 200 with JSON headers and no Content-Length, then streams a JSON array of long strings until at least
`bytes` are written (Infinity: until the client hangs up), as fast as the client takes them. A finite body is
valid JSON of the wrong shape, so one read whole ends in a ResponseShapeError.
*/
export function floodingBody(bytes: number, match: RequestMatch = isTokenList): {mode: HostileMode; record: StreamRecord} {
	const record: StreamRecord = {written: 0, cutByClient: 0, finished: 0};
	const chunk = Buffer.from(`${JSON.stringify('x'.repeat(1000))},`);
	const mode: HostileMode = async exchange => {
		if (!match(exchange.request)) {
			return exchange.forward();
		}

		const {response} = exchange;
		response.writeHead(200, {'content-type': 'application/json'});
		response.write('[');
		let sent = 0;
		while (sent < bytes) {
			if (response.destroyed) {
				record.cutByClient++;
				return 'sent';
			}

			sent += chunk.length;
			record.written += chunk.length;
			if (!response.write(chunk)) {
				await drainOrClose(response);
			}
		}

		response.end('0]');
		record.finished++;
		return 'sent';
	};

	return {mode, record};
}

/** Answers 200 with JSON headers at once, then one byte of body every `everyMs` until the client hangs up. */
export function tricklingBody(everyMs: number, match: RequestMatch = isTokenList): {mode: HostileMode; record: StreamRecord; started: () => number} {
	const record: StreamRecord = {written: 0, cutByClient: 0, finished: 0};
	let started = 0;
	const mode: HostileMode = async exchange => {
		if (!match(exchange.request)) {
			return exchange.forward();
		}

		const {response} = exchange;
		response.writeHead(200, {'content-type': 'application/json'});
		response.write('[');
		started++;
		await new Promise<void>(resolve => {
			const timer = setInterval(() => {
				response.write(' ');
				record.written++;
			}, everyMs);
			response.once('close', () => {
				clearInterval(timer);
				record.cutByClient++;
				resolve();
			});
		});
		return 'sent';
	};

	return {mode, record, started: () => started};
}

/** Answers the matching requests with a redirect to `location` (built from the request), with no body worth reading. */
export function redirecting(status: number, location: (request: HostileRequest) => string, match: RequestMatch = isTokenList): HostileMode {
	return async exchange => {
		if (!match(exchange.request)) {
			return exchange.forward();
		}

		return {status, headers: {location: location(exchange.request), 'content-type': 'application/json'}, body: JSON.stringify({message: 'moved'})};
	};
}

/** Answers the matching requests with 429 and the given headers (a Retry-After or reset header to test). */
export function rateLimitedWith(headers: Readonly<Record<string, string>>, match: RequestMatch = isTokenList): HostileMode {
	return async exchange => (match(exchange.request) ? json(429, {code: 'rate_limited', message: 'slow down'}, headers) : exchange.forward());
}

/** Forwards every request and adds the given headers to each answer (remaining-quota and reset headers). */
export function withHeaders(headers: (request: HostileRequest) => Readonly<Record<string, string>>): HostileMode {
	return async exchange => {
		const answer: VendorAnswer = await exchange.forward();
		return {...answer, headers: {...answer.headers, ...headers(exchange.request)}};
	};
}

async function drainOrClose(response: ServerResponse): Promise<void> {
	await new Promise<void>(resolve => {
		const done = (): void => {
			response.off('drain', done);
			response.off('close', done);
			resolve();
		};

		response.once('drain', done);
		response.once('close', done);
	});
}
