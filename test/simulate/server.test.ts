import {afterEach, describe, expect, it} from 'vitest';
import {parseFaultSpec} from '../../src/simulate/faults.js';
import {startSimulatorServer, type RunningSimulatorServer, type SimulatorServerOptions} from '../../src/simulate/server.js';
import {createEchoSimulator, type EchoSimulator} from './echo-simulator.js';

let running: RunningSimulatorServer | undefined;

afterEach(async () => {
	await running?.close();
	running = undefined;
});

async function start(options: SimulatorServerOptions = {}): Promise<{server: RunningSimulatorServer; simulator: EchoSimulator}> {
	const simulator = createEchoSimulator();
	running = await startSimulatorServer(simulator, options);
	return {server: running, simulator};
}

/** Sends one request and reports what arrived: a status and complete body, or the failure. */
async function exchange(url: string, init?: RequestInit): Promise<{status: number; text: string; json: unknown} | {error: string}> {
	try {
		const response = await fetch(url, init);
		const text = await response.text();
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}

		return {status: response.status, text, json};
	} catch (error) {
		return {error: error instanceof Error ? error.message : String(error)};
	}
}

describe('simulator server', () => {
	it('serves the vendor on loopback with JSON bodies, 404 and 405 told apart', async () => {
		const {server} = await start();
		expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		const ok = await fetch(`${server.baseUrl}/items/7`);
		expect(ok.status).toBe(200);
		expect(ok.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(await ok.json()).toEqual({id: '7'});
		expect((await fetch(`${server.baseUrl}/nothing`)).status).toBe(404);
		const wrongMethod = await fetch(`${server.baseUrl}/items/7`, {method: 'DELETE'});
		expect(wrongMethod.status).toBe(405);
		expect(wrongMethod.headers.get('allow')).toBe('GET');
	});

	it('injects a vendor-shaped 429 with Retry-After and does not apply the request', async () => {
		const {server, simulator} = await start({faults: {'429': 1}, retryAfterSeconds: 7});
		const response = await fetch(`${server.baseUrl}/items`, {method: 'POST', body: '{}'});
		expect(response.status).toBe(429);
		expect(response.headers.get('retry-after')).toBe('7');
		expect(await response.json()).toEqual({error: 'injected 429'});
		expect(simulator.applied).toBe(0);
		expect(server.stats.faults['429']).toBe(1);
	});

	it('resets the connection before applying a request, and after applying one when the answer is lost', async () => {
		const before = await start({faults: {reset: 1}});
		expect(await exchange(`${before.server.baseUrl}/items`, {method: 'POST', body: '{}'})).toHaveProperty('error');
		expect(before.simulator.applied).toBe(0);
		await before.server.close();

		const after = await start({faults: {lost: 1}});
		expect(await exchange(`${after.server.baseUrl}/items`, {method: 'POST', body: '{}'})).toHaveProperty('error');
		expect(after.simulator.applied).toBe(1);
	});

	it('cuts a body short, so reading it fails rather than yielding partial JSON', async () => {
		const {server} = await start({faults: {truncate: 1}});
		const result = await exchange(`${server.baseUrl}/items`);
		expect(result).toHaveProperty('error');
	});

	it('answers 200 with a body that is not JSON', async () => {
		const {server} = await start({faults: {malformed: 1}});
		const result = await exchange(`${server.baseUrl}/items`);
		expect(result).toMatchObject({status: 200, json: undefined});
	});

	it('trickles a slow body out over the configured time, complete', async () => {
		const {server} = await start({faults: {slow: 1}, slowBodyMs: 300});
		const started = performance.now();
		const result = await exchange(`${server.baseUrl}/items`);
		expect(performance.now() - started).toBeGreaterThanOrEqual(250);
		expect(result).toMatchObject({status: 200});
		expect(result).toHaveProperty('json.items.length', 50);
	});

	it('adds the configured latency', async () => {
		const {server} = await start({latency: {fixed: 150}});
		const started = performance.now();
		await exchange(`${server.baseUrl}/items/1`);
		expect(performance.now() - started).toBeGreaterThanOrEqual(140);
	});

	it('draws the same faults for the same seed', async () => {
		const faults = parseFaultSpec('500=0.3,503=0.3');
		const sequence = async (seed: number): Promise<number[]> => {
			const {server} = await start({faults, seed});
			const statuses: number[] = [];
			for (let index = 0; index < 20; index++) {
				statuses.push((await fetch(`${server.baseUrl}/items/1`)).status);
			}

			await server.close();
			return statuses;
		};

		const first = await sequence(42);
		expect(await sequence(42)).toEqual(first);
		expect(first).toContain(200);
		expect(first.some(status => status >= 500)).toBe(true);
		expect(await sequence(43)).not.toEqual(first);
	});

	it('churns after every N requests', async () => {
		const {server, simulator} = await start({churn: {everyRequests: 3}});
		for (let index = 0; index < 7; index++) {
			await fetch(`${server.baseUrl}/items/1`);
		}

		expect(simulator.churned).toBe(2);
	});

	it('closes open keep-alive connections and pending answers on close', async () => {
		const {server} = await start({latency: {fixed: 5000}});
		const pending = exchange(`${server.baseUrl}/items/1`);
		await new Promise(resolve => setTimeout(resolve, 50));
		const started = performance.now();
		await server.close();
		expect(await pending).toHaveProperty('error');
		expect(performance.now() - started).toBeLessThan(1000);
		running = undefined;
	});
});

describe('fault spec', () => {
	it('parses any subset of the documented faults', () => {
		expect(parseFaultSpec('429=0.1,500=0.05,503=0.02,reset=0.02,truncate=0.01,malformed=0.01,slow=0.01')).toEqual({
			'429': 0.1, '500': 0.05, '503': 0.02, reset: 0.02, truncate: 0.01, malformed: 0.01, slow: 0.01,
		});
		expect(parseFaultSpec('')).toEqual({});
	});

	it.each([
		['404=0.1', /unknown fault "404"/],
		['429=2', /between 0 and 1/],
		['429=', /between 0 and 1/],
		['429', /kind=probability/],
		['500=0.6,503=0.6', /add up to 1\.200/],
	])('rejects %s', (spec, message) => {
		expect(() => parseFaultSpec(spec)).toThrow(message);
	});
});
