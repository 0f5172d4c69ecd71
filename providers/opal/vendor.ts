import type {VendorDefinition} from '../../src/vendor.js';
import {opalProviderFromConfig} from './config.js';
import {opalCapabilities} from './index.js';

/** Opal in the registry. */
export const opalVendor: VendorDefinition = {
	name: 'opal',
	title: 'Opal',
	capabilities: opalCapabilities,
	createProvider: (account, http) => opalProviderFromConfig(account, http),
	createSimulator: async options => {
		// Loaded on demand: the registry is part of the main entry, which loads no simulator code.
		const {createOpalSimulator} = await import('./simulator.js');
		return createOpalSimulator({...options, ...(options.rateLimits === false ? {rateLimit: false} : {})});
	},
	simulatedAccountConfig: (account, baseUrl) => ({name: account.name, provider: 'opal', baseUrl, apiKey: account.apiKey}),
};
