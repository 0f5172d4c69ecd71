import * as v from 'valibot';
import type {VendorDefinition} from '../../src/vendor.js';
import {gitHubProviderFromConfig} from './config.js';
import {gitHubCapabilities} from './index.js';

const SimulatedFieldsSchema = v.looseObject({appId: v.number(), installationId: v.number(), org: v.string(), scope: v.picklist(['grants', 'sso'])});

/** GitHub (organizations, through a GitHub App) in the registry. */
export const gitHubVendor: VendorDefinition = {
	name: 'github',
	title: 'GitHub',
	capabilities: gitHubCapabilities,
	createProvider: (account, http) => gitHubProviderFromConfig(account, http),
	createSimulator: async options => {
		// Loaded on demand: the registry is part of the main entry, which loads no simulator code.
		const {createGitHubSimulator} = await import('./simulator.js');
		return createGitHubSimulator({...options, ...(options.rateLimits === false ? {rateLimit: false} : {})});
	},
	simulatedAccountConfig(account, baseUrl) {
		// The simulator's accounts carry the App's fields besides the common ones; `apiKey` is the App's private key.
		const fields = v.parse(SimulatedFieldsSchema, account);
		return {
			name: account.name,
			provider: 'github',
			baseUrl,
			appId: String(fields.appId),
			installationId: String(fields.installationId),
			org: fields.org,
			scope: fields.scope,
			apiKey: account.apiKey,
		};
	},
};
