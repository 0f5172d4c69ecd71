import type {VendorDefinition} from '../../src/vendor.js';
import {gitLabProviderFromConfig} from './config.js';
import {gitLabCapabilities} from './index.js';

/** GitLab in the registry. */
export const gitLabVendor: VendorDefinition = {
	name: 'gitlab',
	title: 'GitLab',
	capabilities: gitLabCapabilities,
	createProvider: (account, http) => gitLabProviderFromConfig(account, http),
	createSimulator: async options => {
		// Loaded on demand: the registry is part of the main entry, which loads no simulator code.
		const {createGitLabSimulator} = await import('./simulator.js');
		return createGitLabSimulator({...options, ...(options.rateLimits === false ? {rateLimit: false} : {})});
	},
	// The simulated instance's administrator, listing every user's tokens and every group's and project's.
	simulatedAccountConfig: (account, baseUrl) => ({name: account.name, provider: 'gitlab', baseUrl, apiKey: account.apiKey, groups: 'all', projects: 'all'}),
};
