import {startSimulatorsOf, type RunningSimulators, type StartSimulatorsOptions} from '../src/simulate/start.js';
import {builtInVendors} from './index.js';

/**
Starts the built-in vendors' simulators on loopback: for integration tests and demos.

@example
const simulators = await startSimulators({vendors: ['launchdarkly'], tokens: 100});
const [account] = simulators.get('launchdarkly').accounts();
// point a provider at simulators.get('launchdarkly').baseUrl with account.apiKey …
await simulators.close();
*/
export async function startSimulators(options: StartSimulatorsOptions = {}): Promise<RunningSimulators> {
	return startSimulatorsOf(builtInVendors, options);
}
