import type {VendorDefinition} from '../../src/vendor.js';
import {openAIProviderFromConfig} from './config.js';
import {openAICapabilities} from './index.js';

/** OpenAI in the registry: one account is one organization, its admin keys and every project's keys. */
export const openAIVendor: VendorDefinition = {
	name: 'openai',
	title: 'OpenAI',
	capabilities: openAICapabilities,
	createProvider: (account, http) => openAIProviderFromConfig(account, http),
	createSimulator: async options => {
		// Loaded on demand: the registry is part of the main entry, which loads no simulator code.
		const {createOpenAISimulator} = await import('./simulator.js');
		return createOpenAISimulator({...options, ...(options.rateLimits === false ? {rateLimit: false} : {})});
	},
	simulatedAccountConfig: (account, baseUrl) => ({name: account.name, provider: 'openai', baseUrl, apiKey: account.apiKey}),
};
