import type {VendorDefinition} from '../../src/vendor.js';
import {launchDarklyProviderFromConfig} from './config.js';
import {launchDarklyCapabilities} from './index.js';
import {createLaunchDarklySimulator} from './simulator.js';

/** LaunchDarkly in the registry. */
export const launchDarklyVendor: VendorDefinition = {
	name: 'launchdarkly',
	title: 'LaunchDarkly',
	capabilities: launchDarklyCapabilities,
	createProvider: (account, http) => launchDarklyProviderFromConfig(account, http),
	createSimulator: options => createLaunchDarklySimulator({...options, ...(options.rateLimits === false ? {rateLimit: false} : {})}),
	simulatedAccountConfig: (account, baseUrl) => ({name: account.name, provider: 'launchdarkly', baseUrl, apiKey: account.apiKey}),
};
