import * as v from 'valibot';
import type {AccountConfig} from '../../src/config.js';
import type {HttpOptions} from '../../src/http/options.js';
import {parseVendorOptions} from '../../src/vendor.js';
import {createOpalProvider, type OpalProvider} from './index.js';

/** Opal takes nothing beyond the common fields (name, provider, apiKey or apiKeyFile, baseUrl). */
const OpalConfigSchema = v.strictObject({});

export function opalProviderFromConfig(account: AccountConfig, http: HttpOptions): OpalProvider {
	parseVendorOptions(OpalConfigSchema, account);
	return createOpalProvider({...http, apiKey: account.apiKey, account: account.name, baseUrl: account.baseUrl});
}
