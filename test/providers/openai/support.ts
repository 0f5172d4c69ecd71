import {createOpenAIProvider, type OpenAIProvider} from '../../../providers/openai/index.js';
import type {OpenAIProviderOptions} from '../../../providers/openai/options.js';
import {createOpenAISimulator, type OpenAISimulator, type OpenAISimulatorOptions} from '../../../providers/openai/simulator.js';
import type {HttpEvent} from '../../../src/http/options.js';
import type {SimulatorServerOptions} from '../../../src/simulate/server.js';
import {useSimulatorServers, type ServedSimulator} from '../../support/simulator-servers.js';

export const org = 'openai-org-1';

export interface RunningOpenAI extends ServedSimulator<OpenAISimulator> {
	/** Every HTTP event of the providers made with `provider()`. */
	readonly events: HttpEvent[];
	/** A provider for `org` with its admin key, unless the options say otherwise. */
	provider(options?: Partial<OpenAIProviderOptions>): OpenAIProvider;
}

/** Starts OpenAI simulators on loopback (rate limits off unless asked) and closes them after each test. */
export function useOpenAI(): (options?: OpenAISimulatorOptions, serverOptions?: SimulatorServerOptions) => Promise<RunningOpenAI> {
	const serve = useSimulatorServers();
	return async (options = {}, serverOptions = {}) => {
		const simulator = createOpenAISimulator({accounts: 1, tokens: 30, rateLimit: false, ...options});
		const served = await serve(simulator, serverOptions);
		const events: HttpEvent[] = [];
		return {
			...served,
			events,
			provider: (overrides = {}) => createOpenAIProvider({
				apiKey: simulator.keyFor(org),
				baseUrl: served.server.baseUrl,
				account: org,
				retry: {baseDelay: 1},
				onEvent: event => events.push(event),
				...overrides,
			}),
		};
	};
}
