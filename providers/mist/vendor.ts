import type {VendorDefinition} from '../../src/vendor.js';
import {mistProviderFromConfig} from './config.js';
import {mistOrgCapabilities} from './index.js';

/** Juniper Mist in the registry. */
export const mistVendor: VendorDefinition = {
	name: 'mist',
	title: 'Juniper Mist',
	capabilities: mistOrgCapabilities,
	createProvider: (account, http) => mistProviderFromConfig(account, http),
	createSimulator: async options => {
		// Loaded on demand: the registry is part of the main entry, which loads no simulator code.
		const {createMistSimulator} = await import('./simulator.js');
		return createMistSimulator({...options, ...(options.rateLimits === false ? {rateLimit: false} : {})});
	},
	simulatedAccountConfig: (account, baseUrl) => ({name: account.name, provider: 'mist', baseUrl, orgId: account.id, apiKey: account.apiKey}),
};
