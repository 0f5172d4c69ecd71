import * as v from 'valibot';
import type {VendorDefinition} from '../../src/vendor.js';
import {datadogCapabilities} from './capabilities.js';
import {datadogProviderFromConfig} from './config.js';

const SimulatedFieldsSchema = v.looseObject({applicationKey: v.string()});

/** Datadog (one org on one site) in the registry. */
export const datadogVendor: VendorDefinition = {
	name: 'datadog',
	title: 'Datadog',
	capabilities: datadogCapabilities,
	createProvider: (account, http) => datadogProviderFromConfig(account, http),
	createSimulator: async options => {
		// Loaded on demand: the registry is part of the main entry, which loads no simulator code.
		const {createDatadogSimulator} = await import('./simulator.js');
		return createDatadogSimulator({...options, ...(options.rateLimits === false ? {rateLimit: false} : {})});
	},
	simulatedAccountConfig(account, baseUrl) {
		// The simulator's accounts carry the application key beside the API key (`apiKey`).
		const {applicationKey} = v.parse(SimulatedFieldsSchema, account);
		return {name: account.name, provider: 'datadog', baseUrl, apiKey: account.apiKey, applicationKey};
	},
};
