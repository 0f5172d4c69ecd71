import {builtInVendors} from '../../providers/index.js';
import type {AccountConfig} from '../config.js';
import {startSimulatorsOf} from '../simulate/start.js';

export interface Demo {
	readonly accounts: readonly AccountConfig[];
	close(): Promise<void>;
}

/**
Starts seeded simulators of every built-in vendor in this process and describes their accounts as a config
file would, so `--demo` runs exactly the code a real config runs.
*/
export async function startDemo(): Promise<Demo> {
	const simulators = await startSimulatorsOf(builtInVendors, {seed: 1, accounts: 2, tokens: 25});
	const accounts = simulators.vendors.flatMap(vendor => vendor.configEntries().map(({name = '', provider = '', apiKey = '', baseUrl, ...options}): AccountConfig => ({
		name,
		provider,
		apiKey,
		baseUrl,
		options,
		where: `demo (${vendor.vendor} simulator)`,
	})));
	return {accounts, close: async () => simulators.close()};
}
