import * as v from 'valibot';
import {expect} from 'vitest';
import {createMistSimulator, type MistSimulator, type MistSimulatorOptions} from '../../../providers/mist/simulator.js';
import type {RunningSimulatorServer, SimulatorServerOptions} from '../../../src/simulate/server.js';
import {useSimulatorServers} from '../../support/simulator-servers.js';

export interface Call {
	readonly method?: string;
	/** Sent as `Authorization: Token <key>` unless `authorization` is given. */
	readonly key?: string;
	/** The raw Authorization header, for format tests. */
	readonly authorization?: string;
	readonly json?: unknown;
	/** A raw body, for parse-error tests. */
	readonly text?: string;
	readonly headers?: Readonly<Record<string, string>>;
}

export interface Answer {
	readonly status: number;
	readonly headers: Headers;
	readonly text: string;
	/** The parsed body; undefined when empty. */
	readonly body: unknown;
}

export interface Running {
	readonly simulator: MistSimulator;
	readonly server: RunningSimulatorServer;
	readonly call: (path: string, call?: Call) => Promise<Answer>;
}

/** A fixed clock: 2025-06-01T00:00:00Z, plus whatever a test adds. */
export function fixedClock(start = Date.UTC(2025, 5, 1)): {now: () => number; advance(ms: number): void} {
	let current = start;
	return {
		now: () => current,
		advance(ms) {
			current += ms;
		},
	};
}

/** Registers an afterEach that closes every server `start` opened. */
export function useMist(): (options?: MistSimulatorOptions, server?: SimulatorServerOptions) => Promise<Running> {
	const serve = useSimulatorServers();
	return async (options = {}, serverOptions = {}) => {
		const simulator = createMistSimulator({accounts: 2, tokens: 8, ...options});
		const {server} = await serve(simulator, serverOptions);
		return {
			simulator,
			server,
			async call(path, call = {}) {
				const headers: Record<string, string> = {...call.headers};
				if (call.authorization !== undefined) {
					headers.authorization = call.authorization;
				} else if (call.key !== undefined) {
					headers.authorization = `Token ${call.key}`;
				}

				let body: string | undefined;
				if (call.text !== undefined) {
					body = call.text;
					headers['content-type'] = 'application/json';
				} else if (call.json !== undefined) {
					body = JSON.stringify(call.json);
					headers['content-type'] = 'application/json';
				}

				const response = await fetch(`${server.baseUrl}${path}`, {method: call.method ?? 'GET', headers, ...(body === undefined ? {} : {body})});
				const text = await response.text();
				return {status: response.status, headers: response.headers, text, body: text === '' ? undefined : JSON.parse(text)};
			},
		};
	};
}

/** Asserts that `body` matches `schema` and returns it typed. */
export function valid<const TSchema extends v.GenericSchema>(schema: TSchema, body: unknown): v.InferOutput<TSchema> {
	const result = v.safeParse(schema, body);
	if (!result.success) {
		expect.fail(`body does not match the schema: ${result.issues.map(issue => `${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`).join('; ')}`);
	}

	return result.output;
}

export const uuid = /^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/;
export const maskedKey = /^[A-Za-z\d]{4}\.\.\.[A-Za-z\d]{4}$/;
export const fullKey = /^[A-Za-z\d]{72}$/;
