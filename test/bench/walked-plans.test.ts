import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {walkDatadog} from '../../bench/baselines/datadog-plan.js';
import {fetchTransport, type JsonTransport} from '../../bench/baselines/json-get.js';
import {walkOpenAI} from '../../bench/baselines/openai-plan.js';
import type {PlanStyle, PlanWalk} from '../../bench/baselines/page-walk.js';
import {createDatadogSimulator, createOpenAISimulator, startSimulatorServer, type RunningSimulatorServer} from '../../src/simulators.js';

/** Bare fetch, counting the most requests it had out at once. */
function countingTransport(): {readonly transport: JsonTransport; readonly mostAtOnce: () => number} {
	let out = 0;
	let most = 0;
	const counted = async <T>(request: () => Promise<T>): Promise<T> => {
		out++;
		most = Math.max(most, out);
		try {
			return await request();
		} finally {
			out--;
		}
	};

	return {
		transport: {
			get: async (...args) => counted(async () => fetchTransport.get(...args)),
			post: async (...args) => counted(async () => fetchTransport.post(...args)),
		},
		mostAtOnce: () => most,
	};
}

type Walk = (style: PlanStyle, transport: JsonTransport) => Promise<PlanWalk>;

/**
Datadog's and OpenAI's plans against their simulators: the script's walk sends one request after another, each its own
round trip, and tokenkit's overlaps them, so that the chain the lower bound takes is shorter than the requests. Datadog's
lists run to 6 to 9 pages of 100, with new owners on pages after the first; OpenAI's admin keys to two.
*/
describe('the walked plans of Datadog and OpenAI', () => {
	const servers: RunningSimulatorServer[] = [];
	const walks = new Map<string, {readonly walk: Walk; readonly tokens: number}>();

	beforeAll(async () => {
		const datadog = createDatadogSimulator({accounts: 1, tokens: 2000, rateLimit: false});
		const openai = createOpenAISimulator({accounts: 1, tokens: 750, rateLimit: false});
		const [datadogServer, openaiServer] = await Promise.all([startSimulatorServer(datadog), startSimulatorServer(openai)]);
		servers.push(datadogServer, openaiServer);
		const [org] = datadog.accounts();
		const [organization] = openai.accounts();
		if (org === undefined || organization === undefined) {
			throw new Error('each simulator seeds one account');
		}

		const signal = new AbortController().signal;
		walks.set('datadog', {
			walk: async (style, transport) => walkDatadog({...org, baseUrl: datadogServer.baseUrl}, {transport, style, pages: 'largest', signal}),
			tokens: org.tokens,
		});
		walks.set('openai', {
			walk: async (style, transport) => walkOpenAI({...organization, baseUrl: openaiServer.baseUrl}, {transport, style, pages: 'largest', signal}),
			tokens: organization.tokens,
		});
	});

	afterAll(async () => {
		await Promise.all(servers.map(async server => server.close()));
	});

	for (const vendor of ['datadog', 'openai']) {
		it(`${vendor}: the script sends each request after the one before; tokenkit's plan sends the same ones, overlapped`, async () => {
			const {walk, tokens} = walks.get(vendor) ?? {walk: undefined, tokens: 0};
			if (walk === undefined) {
				throw new Error(`no walk for ${vendor}`);
			}

			const script = countingTransport();
			const sequential = await walk('sequential', script.transport);
			expect(sequential.tokens).toBe(tokens);
			expect(sequential.roundTrips).toBe(sequential.requests);
			expect(script.mostAtOnce()).toBe(1);

			const bare = countingTransport();
			const overlapped = await walk('tokenkit', bare.transport);
			expect(overlapped).toMatchObject({tokens, requests: sequential.requests});
			expect(overlapped.roundTrips).toBeLessThan(sequential.roundTrips);
			expect(bare.mostAtOnce()).toBeGreaterThan(1);
		});
	}
});
