import * as v from 'valibot';
import type {AccountConfig} from '../../src/config.js';
import type {HttpOptions} from '../../src/http/options.js';
import {parseVendorOptions} from '../../src/vendor.js';
import {createOpalProvider, type OpalProvider} from './index.js';

/** Opal's own field: `resolveOwners` (default true), beside the common ones (name, provider, apiKey or apiKeyFile, baseUrl). */
const OpalConfigSchema = v.strictObject({
	resolveOwners: v.optional(v.boolean()),
});

export function opalProviderFromConfig(account: AccountConfig, http: HttpOptions): OpalProvider {
	const options = parseVendorOptions(OpalConfigSchema, account);
	return createOpalProvider({...http, ...options, apiKey: account.apiKey, account: account.name, baseUrl: account.baseUrl});
}
