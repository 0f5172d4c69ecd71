import * as v from 'valibot';
import {expect} from 'vitest';
import {createLaunchDarklySimulator, type LaunchDarklySimulator, type LaunchDarklySimulatorOptions} from '../../../providers/launchdarkly/simulator.js';
import {ErrorRepSchema} from '../../../providers/launchdarkly/schema.js';
import type {RunningSimulatorServer, SimulatorServerOptions} from '../../../src/simulate/server.js';
import {useSimulatorServers} from '../../support/simulator-servers.js';

/** A fixed instant (2025-06-15T00:00:00Z), so seeded data and rate-limit windows are the same on every run. */
export const start = Date.UTC(2025, 5, 15);

export const account1 = 'launchdarkly-account-1';
export const account2 = 'launchdarkly-account-2';

/** A clock the test moves by hand. */
export interface Clock {
	readonly now: () => number;
	set(at: number): void;
	advance(ms: number): void;
}

export function createClock(at = start): Clock {
	let current = at;
	return {
		now: () => current,
		set(next) {
			current = next;
		},
		advance(ms) {
			current += ms;
		},
	};
}

export interface Answer {
	readonly status: number;
	readonly headers: Headers;
	/** Parsed JSON, or undefined for an empty body. */
	readonly body: unknown;
	readonly text: string;
}

export interface Running {
	readonly simulator: LaunchDarklySimulator;
	readonly server: RunningSimulatorServer;
	readonly clock: Clock;
	/** The base URL: origin only, since the routes carry `/api/v2`. */
	readonly url: string;
	/** One request with the given raw Authorization value (none when `key` is undefined). */
	request(method: string, path: string, init?: {key?: string | undefined; body?: unknown; rawBody?: string; headers?: Record<string, string>}): Promise<Answer>;
	/** A request authenticated with the admin key of account 1. */
	admin(method: string, path: string, init?: {body?: unknown; headers?: Record<string, string>}): Promise<Answer>;
}

/** Registers an afterEach that closes every server the returned function starts. */
export function useSimulator(): (options?: LaunchDarklySimulatorOptions, server?: SimulatorServerOptions) => Promise<Running> {
	const serve = useSimulatorServers();
	return async (options = {}, serverOptions = {}) => {
		const clock = createClock();
		const simulator = createLaunchDarklySimulator({now: clock.now, rateLimit: false, ...options});
		const {server} = await serve(simulator, serverOptions);
		const request: Running['request'] = async (method, path, init = {}) => {
			const headers: Record<string, string> = {...init.headers};
			if (init.key !== undefined) {
				headers['Authorization'] = init.key;
			}

			let body: string | undefined = init.rawBody;
			if (init.body !== undefined) {
				body = JSON.stringify(init.body);
				headers['Content-Type'] ??= 'application/json';
			}

			const response = await fetch(`${server.baseUrl}${path}`, {method, headers, ...(body === undefined ? {} : {body})});
			const text = await response.text();
			return {status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) as unknown, text};
		};

		return {
			simulator,
			server,
			clock,
			url: server.baseUrl,
			request,
			admin: async (method, path, init = {}) => request(method, path, {...init, key: simulator.keyFor(account1)}),
		};
	};
}

/** Asserts that `value` matches `schema` (the adapter's wire model) and returns it typed. */
export function valid<const TSchema extends v.GenericSchema>(schema: TSchema, value: unknown): v.InferOutput<TSchema> {
	const result = v.safeParse(schema, value);
	if (!result.success) {
		expect.fail(`body does not match the schema: ${result.issues.map(issue => `${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`).join('; ')}`);
	}

	return result.output;
}

/** Asserts a LaunchDarkly error answer: status, JSON content type, `{code, message, id}`. */
export function expectError(answer: Answer, status: number, code: string): void {
	expect(answer.status, answer.text).toBe(status);
	expect(answer.headers.get('content-type')).toBe('application/json');
	const body = valid(ErrorRepSchema, answer.body);
	expect(body.code).toBe(code);
	expect(body.message).not.toBe('');
	expect(body.id).toMatch(/^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/);
}
