import * as v from 'valibot';
import {expect} from 'vitest';
import {createOpalSimulator, type OpalSimulator, type OpalSimulatorOptions} from '../../../providers/opal/simulator.js';
import {OpalErrorBodySchema, OpalTokenPageSchema, type OpalErrorBody, type OpalTokenPage} from '../../../providers/opal/schema.js';
import type {RunningSimulatorServer, SimulatorServerOptions} from '../../../src/simulate/server.js';
import {useSimulatorServers} from '../../support/simulator-servers.js';

/** The simulators' fixed clock, so rate-limit windows and expiries do not depend on when the test runs. */
export const now = Date.parse('2026-05-01T12:00:00Z');

export interface RunningOpal {
	readonly simulator: OpalSimulator;
	readonly server: RunningSimulatorServer;
	/** Ends in `/v1`, like Opal's base URL. */
	readonly baseUrl: string;
}

/**
Starts Opal simulators on loopback and closes them after each test. The clock is fixed at `now` and the
rate limit is off unless a test asks for them.
*/
export function useOpal(): (options?: OpalSimulatorOptions, serverOptions?: SimulatorServerOptions) => Promise<RunningOpal> {
	const serve = useSimulatorServers();
	return async (options = {}, serverOptions = {}) => {
		const simulator = createOpalSimulator({now: () => now, rateLimit: false, ...options});
		const {server} = await serve(simulator, serverOptions);
		return {simulator, server, baseUrl: server.baseUrl};
	};
}

export interface Answer {
	readonly status: number;
	readonly headers: Headers;
	readonly text: string;
}

export interface CallOptions {
	readonly method?: string | undefined;
	/** Sent as `Authorization: Bearer <key>`. */
	readonly key?: string | undefined;
	/** Replaces the Authorization header altogether. */
	readonly authorization?: string | undefined;
}

/** One request to the simulator; `path` is relative to the base URL, e.g. `/tokens?page_size=5`. */
export async function call(baseUrl: string, path: string, options: CallOptions = {}): Promise<Answer> {
	const headers: Record<string, string> = {};
	const authorization = options.authorization ?? (options.key === undefined ? undefined : `Bearer ${options.key}`);
	if (authorization !== undefined) {
		headers.authorization = authorization;
	}

	const response = await fetch(`${baseUrl}${path}`, {method: options.method ?? 'GET', headers});
	return {status: response.status, headers: response.headers, text: await response.text()};
}

/** Parses a `GET /tokens` answer, checking status, content type and the wire schema. */
export function page(answer: Answer): OpalTokenPage {
	expect(answer.status, answer.text).toBe(200);
	expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
	return valid(OpalTokenPageSchema, answer.text);
}

/** Parses an error answer, checking status, content type and the (inferred) error body shape. */
export function failure(answer: Answer, status: number): OpalErrorBody {
	expect(answer.status, answer.text).toBe(status);
	expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
	return valid(OpalErrorBodySchema, answer.text);
}

export function valid<const TSchema extends v.GenericSchema>(schema: TSchema, text: string): v.InferOutput<TSchema> {
	const result = v.safeParse(schema, JSON.parse(text));
	expect(result.issues?.map(issue => `${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`) ?? []).toEqual([]);
	if (!result.success) {
		throw new TypeError('unreachable: the assertion above failed');
	}

	return result.output;
}

/** Follows `next` from the first page to the last, returning every page. */
export async function allPages(baseUrl: string, key: string, query = ''): Promise<OpalTokenPage[]> {
	const pages: OpalTokenPage[] = [];
	let cursor: string | undefined;
	for (let guard = 0; guard < 1000; guard++) {
		const parameters = new URLSearchParams(query);
		if (cursor !== undefined) {
			parameters.set('cursor', cursor);
		}

		const current = page(await call(baseUrl, `/tokens?${parameters.toString()}`, {key}));
		pages.push(current);
		if (current.next === undefined || current.next === null) {
			return pages;
		}

		cursor = current.next;
	}

	throw new Error('pagination did not end within 1000 pages');
}
