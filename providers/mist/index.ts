import type {VendorDefinition} from '../../src/vendor.js';
import {createMistSimulator} from './simulator.js';

/** Juniper Mist in the registry. */
export const mistVendor: VendorDefinition = {
	name: 'mist',
	title: 'Juniper Mist',
	createSimulator: options => createMistSimulator({...options, ...(options.rateLimits === false ? {rateLimit: false} : {})}),
	simulatedAccountConfig: (account, baseUrl) => ({name: account.name, provider: 'mist', baseUrl, orgId: account.id, apiKey: account.apiKey}),
};
