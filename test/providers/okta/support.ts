import {createOktaProvider, type OktaProvider} from '../../../providers/okta/index.js';
import type {OktaProviderOptions} from '../../../providers/okta/options.js';
import {createOktaSimulator, type OktaSimulator, type OktaSimulatorOptions} from '../../../providers/okta/simulator.js';
import type {HttpEvent} from '../../../src/http/options.js';
import type {SimulatorServerOptions} from '../../../src/simulate/server.js';
import {useSimulatorServers, type ServedSimulator} from '../../support/simulator-servers.js';

export const org = 'okta-org-1';

export interface RunningOkta extends ServedSimulator<OktaSimulator> {
	/** Every HTTP event of the providers made with `provider()`. */
	readonly events: HttpEvent[];
	/** A provider for `org`'s API tokens with the admin key, unless the options say otherwise. */
	provider(options?: Partial<OktaProviderOptions>): OktaProvider;
}

/** Starts Okta simulators on loopback (rate limits off unless asked) and closes them after each test. */
export function useOkta(): (options?: OktaSimulatorOptions, serverOptions?: SimulatorServerOptions) => Promise<RunningOkta> {
	const serve = useSimulatorServers();
	return async (options = {}, serverOptions = {}) => {
		const simulator = createOktaSimulator({accounts: 1, tokens: 30, rateLimit: false, ...options});
		const served = await serve(simulator, serverOptions);
		const events: HttpEvent[] = [];
		return {
			...served,
			events,
			provider: (overrides = {}) => createOktaProvider({
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
