import type {VendorDefinition} from '../../src/vendor.js';
import {createLaunchDarklySimulator} from './simulator.js';

/** LaunchDarkly in the registry. */
export const launchDarklyVendor: VendorDefinition = {
	name: 'launchdarkly',
	title: 'LaunchDarkly',
	createSimulator: options => createLaunchDarklySimulator({...options, ...(options.rateLimits === false ? {rateLimit: false} : {})}),
	simulatedAccountConfig: (account, baseUrl) => ({name: account.name, provider: 'launchdarkly', baseUrl, apiKey: account.apiKey}),
};
