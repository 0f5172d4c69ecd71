import * as v from 'valibot';
import type {AccountConfig} from '../../src/config.js';
import type {HttpOptions} from '../../src/http/options.js';
import {parseVendorOptions} from '../../src/vendor.js';
import {createMistProvider, type MistProvider} from './index.js';

/** Mist's own config fields; the factory checks their values (a known cloud, a UUID org id) at construction. */
const MistConfigSchema = v.strictObject({
	orgId: v.optional(v.string()),
	cloud: v.optional(v.string()),
	scope: v.optional(v.picklist(['org', 'self'])),
});

export function mistProviderFromConfig(account: AccountConfig, http: HttpOptions): MistProvider {
	const options = parseVendorOptions(MistConfigSchema, account);
	return createMistProvider({...http, ...options, apiKey: account.apiKey, account: account.name, baseUrl: account.baseUrl});
}
