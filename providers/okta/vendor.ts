import type {VendorDefinition} from '../../src/vendor.js';
import {oktaProviderFromConfig} from './config.js';
import {oktaApiTokenCapabilities} from './index.js';
import {oktaAppsAccountSuffix} from './apps-account.js';

/** Okta in the registry. Its row of the capabilities table is for API tokens, the default `credentials`. */
export const oktaVendor: VendorDefinition = {
	name: 'okta',
	title: 'Okta',
	capabilities: oktaApiTokenCapabilities,
	createProvider: (account, http) => oktaProviderFromConfig(account, http),
	createSimulator: async options => {
		// Loaded on demand: the registry is part of the main entry, which loads no simulator code.
		const {createOktaSimulator} = await import('./simulator.js');
		return createOktaSimulator({...options, ...(options.rateLimits === false ? {rateLimit: false} : {})});
	},
	// One entry per kind of credential: the org's API tokens, and its apps' client secrets (`<org>-apps`).
	simulatedAccountConfig: (account, baseUrl) => {
		const entry = {name: account.name, provider: 'okta', baseUrl, apiKey: account.apiKey};
		return [entry, {...entry, name: `${account.name}${oktaAppsAccountSuffix}`, credentials: 'client-secrets'}];
	},
};
