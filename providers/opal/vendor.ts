import type {VendorDefinition} from '../../src/vendor.js';
import {opalProviderFromConfig} from './config.js';
import {opalCapabilities} from './index.js';
import {createOpalSimulator} from './simulator.js';

/** Opal in the registry. */
export const opalVendor: VendorDefinition = {
	name: 'opal',
	title: 'Opal',
	capabilities: opalCapabilities,
	createProvider: (account, http) => opalProviderFromConfig(account, http),
	createSimulator: options => createOpalSimulator({...options, ...(options.rateLimits === false ? {rateLimit: false} : {})}),
	simulatedAccountConfig: (account, baseUrl) => ({name: account.name, provider: 'opal', baseUrl, apiKey: account.apiKey}),
};
