import type {VendorDefinition} from '../../src/vendor.js';
import {mistProviderFromConfig} from './config.js';
import {mistOrgCapabilities} from './index.js';
import {createMistSimulator} from './simulator.js';

/** Juniper Mist in the registry. */
export const mistVendor: VendorDefinition = {
	name: 'mist',
	title: 'Juniper Mist',
	capabilities: mistOrgCapabilities,
	createProvider: (account, http) => mistProviderFromConfig(account, http),
	createSimulator: options => createMistSimulator({...options, ...(options.rateLimits === false ? {rateLimit: false} : {})}),
	simulatedAccountConfig: (account, baseUrl) => ({name: account.name, provider: 'mist', baseUrl, orgId: account.id, apiKey: account.apiKey}),
};
