import type {VendorDefinition} from '../../src/vendor.js';
import {cloudflareProviderFromConfig} from './config.js';
import {cloudflareCapabilities} from './index.js';

/** Cloudflare in the registry. */
export const cloudflareVendor: VendorDefinition = {
	name: 'cloudflare',
	title: 'Cloudflare',
	capabilities: cloudflareCapabilities,
	createProvider: (account, http) => cloudflareProviderFromConfig(account, http),
	createSimulator: async options => {
		// Loaded on demand: the registry is part of the main entry, which loads no simulator code.
		const {createCloudflareSimulator} = await import('./simulator.js');
		return createCloudflareSimulator({...options, ...(options.rateLimits === false ? {rateLimit: false} : {})});
	},
	simulatedAccountConfig: (account, baseUrl) => Reflect.get(account, 'scope') === 'user'
		? {name: account.name, provider: 'cloudflare', baseUrl, scope: 'user', apiKey: account.apiKey}
		: {name: account.name, provider: 'cloudflare', baseUrl, accountId: account.id, apiKey: account.apiKey},
};
