import * as v from 'valibot';
import type {AccountConfig} from '../../src/config.js';
import type {HttpOptions} from '../../src/http/options.js';
import {parseVendorOptions} from '../../src/vendor.js';
import {createLaunchDarklyProvider, type LaunchDarklyProvider} from './index.js';

/** LaunchDarkly's own config fields; the factory checks their values at construction. */
const LaunchDarklyConfigSchema = v.strictObject({
	instance: v.optional(v.picklist(['us', 'eu', 'federal'])),
	showAll: v.optional(v.boolean()),
	pageSize: v.optional(v.number()),
	concurrency: v.optional(v.number()),
});

export function launchDarklyProviderFromConfig(account: AccountConfig, http: HttpOptions): LaunchDarklyProvider {
	const options = parseVendorOptions(LaunchDarklyConfigSchema, account);
	return createLaunchDarklyProvider({...http, ...options, apiKey: account.apiKey, account: account.name, baseUrl: account.baseUrl});
}
