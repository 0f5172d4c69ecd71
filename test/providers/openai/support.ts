import {afterEach} from 'vitest';
import {createOpenAIProvider, type OpenAIProvider} from '../../../providers/openai/index.js';
import type {OpenAIProviderOptions} from '../../../providers/openai/options.js';
import {createOpenAISimulator, type OpenAISimulator, type OpenAISimulatorOptions} from '../../../providers/openai/simulator.js';
import type {HttpEvent} from '../../../src/http/options.js';
import {startSimulatorServer, type RunningSimulatorServer, type SimulatorServerOptions} from '../../../src/simulate/server.js';
import type {SimRequest, VendorSimulator} from '../../../src/simulate/types.js';

export const org = 'openai-org-1';

export interface RunningOpenAI {
	readonly simulator: OpenAISimulator;
	readonly server: RunningSimulatorServer;
	/** Every request the simulator answered, in order. */
	readonly seen: SimRequest[];
	/** Every HTTP event of the providers made with `provider()`. */
	readonly events: HttpEvent[];
	/** A provider for `org` with its admin key, unless the options say otherwise. */
	provider(options?: Partial<OpenAIProviderOptions>): OpenAIProvider;
}

/** Starts OpenAI simulators on loopback (rate limits off unless asked) and closes them after each test. */
export function useOpenAI(): (options?: OpenAISimulatorOptions, serverOptions?: SimulatorServerOptions) => Promise<RunningOpenAI> {
	const open: RunningSimulatorServer[] = [];
	afterEach(async () => {
		await Promise.all(open.splice(0).map(async server => server.close()));
	});

	return async (options = {}, serverOptions = {}) => {
		const simulator = createOpenAISimulator({accounts: 1, tokens: 30, rateLimit: false, ...options});
		const seen: SimRequest[] = [];
		const recording: VendorSimulator = {
			...simulator,
			handle(request) {
				seen.push(request);
				return simulator.handle(request);
			},
		};
		const server = await startSimulatorServer(recording, serverOptions);
		open.push(server);
		const events: HttpEvent[] = [];
		return {
			simulator,
			server,
			seen,
			events,
			provider: (overrides = {}) => createOpenAIProvider({
				apiKey: simulator.keyFor(org),
				baseUrl: server.baseUrl,
				account: org,
				retry: {baseDelay: 1},
				onEvent: event => events.push(event),
				...overrides,
			}),
		};
	};
}
