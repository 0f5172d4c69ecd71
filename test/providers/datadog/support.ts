import {afterEach} from 'vitest';
import {createDatadogProvider, type DatadogProvider} from '../../../providers/datadog/index.js';
import type {DatadogProviderOptions} from '../../../providers/datadog/options.js';
import {createDatadogSimulator, type DatadogKeyRole, type DatadogSimulator, type DatadogSimulatorOptions} from '../../../providers/datadog/simulator.js';
import type {HttpEvent} from '../../../src/http/options.js';
import {startSimulatorServer, type RunningSimulatorServer, type SimulatorServerOptions} from '../../../src/simulate/server.js';
import type {SimRequest, VendorSimulator} from '../../../src/simulate/types.js';

export const org = 'datadog-org-1';

export interface RunningDatadog {
	readonly simulator: DatadogSimulator;
	readonly server: RunningSimulatorServer;
	/** Every request the simulator answered, in order. */
	readonly seen: SimRequest[];
	/** Every HTTP event of the providers made with `provider()`. */
	readonly events: HttpEvent[];
	/** A provider for `org` with the keys of `role` (the admin's by default), unless the options say otherwise. */
	provider(options?: Partial<DatadogProviderOptions>, role?: DatadogKeyRole): DatadogProvider;
}

/** Starts Datadog simulators on loopback (rate limits off unless asked) and closes them after each test. */
export function useDatadog(): (options?: DatadogSimulatorOptions, serverOptions?: SimulatorServerOptions) => Promise<RunningDatadog> {
	const open: RunningSimulatorServer[] = [];
	afterEach(async () => {
		await Promise.all(open.splice(0).map(async server => server.close()));
	});

	return async (options = {}, serverOptions = {}) => {
		const simulator = createDatadogSimulator({accounts: 1, tokens: 30, rateLimit: false, ...options});
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
			provider: (overrides = {}, role = 'admin') => createDatadogProvider({
				...simulator.keysFor(org, role),
				baseUrl: server.baseUrl,
				account: org,
				retry: {baseDelay: 1},
				onEvent: event => events.push(event),
				...overrides,
			}),
		};
	};
}
