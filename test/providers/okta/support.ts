import {afterEach} from 'vitest';
import {createOktaProvider, type OktaProvider} from '../../../providers/okta/index.js';
import type {OktaProviderOptions} from '../../../providers/okta/options.js';
import {createOktaSimulator, type OktaSimulator, type OktaSimulatorOptions} from '../../../providers/okta/simulator.js';
import type {HttpEvent} from '../../../src/http/options.js';
import {startSimulatorServer, type RunningSimulatorServer, type SimulatorServerOptions} from '../../../src/simulate/server.js';
import type {SimRequest, VendorSimulator} from '../../../src/simulate/types.js';

export const org = 'okta-org-1';

export interface RunningOkta {
	readonly simulator: OktaSimulator;
	readonly server: RunningSimulatorServer;
	/** Every request the simulator answered, in order. */
	readonly seen: SimRequest[];
	/** Every HTTP event of the providers made with `provider()`. */
	readonly events: HttpEvent[];
	/** A provider for `org`'s API tokens with the admin key, unless the options say otherwise. */
	provider(options?: Partial<OktaProviderOptions>): OktaProvider;
}

/** Starts Okta simulators on loopback (rate limits off unless asked) and closes them after each test. */
export function useOkta(): (options?: OktaSimulatorOptions, serverOptions?: SimulatorServerOptions) => Promise<RunningOkta> {
	const open: RunningSimulatorServer[] = [];
	afterEach(async () => {
		await Promise.all(open.splice(0).map(async server => server.close()));
	});

	return async (options = {}, serverOptions = {}) => {
		const simulator = createOktaSimulator({accounts: 1, tokens: 30, rateLimit: false, ...options});
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
			provider: (overrides = {}) => createOktaProvider({
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
