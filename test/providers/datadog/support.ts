import {createDatadogProvider, type DatadogProvider} from '../../../providers/datadog/index.js';
import type {DatadogProviderOptions} from '../../../providers/datadog/options.js';
import {createDatadogSimulator, type DatadogKeyRole, type DatadogSimulator, type DatadogSimulatorOptions} from '../../../providers/datadog/simulator.js';
import type {HttpEvent} from '../../../src/http/options.js';
import type {SimulatorServerOptions} from '../../../src/simulate/server.js';
import {useSimulatorServers, type ServedSimulator} from '../../support/simulator-servers.js';

export const org = 'datadog-org-1';

export interface RunningDatadog extends ServedSimulator<DatadogSimulator> {
	/** Every HTTP event of the providers made with `provider()`. */
	readonly events: HttpEvent[];
	/** A provider for `org` with the keys of `role` (the admin's by default), unless the options say otherwise. */
	provider(options?: Partial<DatadogProviderOptions>, role?: DatadogKeyRole): DatadogProvider;
}

/** Starts Datadog simulators on loopback (rate limits off unless asked) and closes them after each test. */
export function useDatadog(): (options?: DatadogSimulatorOptions, serverOptions?: SimulatorServerOptions) => Promise<RunningDatadog> {
	const serve = useSimulatorServers();
	return async (options = {}, serverOptions = {}) => {
		const simulator = createDatadogSimulator({accounts: 1, tokens: 30, rateLimit: false, ...options});
		const served = await serve(simulator, serverOptions);
		const events: HttpEvent[] = [];
		return {
			...served,
			events,
			provider: (overrides = {}, role = 'admin') => createDatadogProvider({
				...simulator.keysFor(org, role),
				baseUrl: served.server.baseUrl,
				account: org,
				retry: {baseDelay: 1},
				onEvent: event => events.push(event),
				...overrides,
			}),
		};
	};
}
