import type {VendorDefinition} from '../../src/vendor.js';
import {launchDarklyProviderFromConfig} from './config.js';
import {launchDarklyCapabilities} from './index.js';

/** LaunchDarkly in the registry. */
export const launchDarklyVendor: VendorDefinition = {
	name: 'launchdarkly',
	title: 'LaunchDarkly',
	capabilities: launchDarklyCapabilities,
	createProvider: (account, http) => launchDarklyProviderFromConfig(account, http),
	createSimulator: async options => {
		// Loaded on demand: the registry is part of the main entry, which loads no simulator code.
		const {createLaunchDarklySimulator} = await import('./simulator.js');
		return createLaunchDarklySimulator({...options, ...(options.rateLimits === false ? {rateLimit: false} : {})});
	},
	simulatedAccountConfig: (account, baseUrl) => ({name: account.name, provider: 'launchdarkly', baseUrl, apiKey: account.apiKey}),
};
