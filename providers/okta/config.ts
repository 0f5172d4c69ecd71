import * as v from 'valibot';
import type {AccountConfig} from '../../src/config.js';
import {ConfigError} from '../../src/errors/index.js';
import type {HttpOptions} from '../../src/http/options.js';
import {parseVendorOptions} from '../../src/vendor.js';
import {createOktaProvider, type OktaProvider} from './index.js';

/** Okta's own config fields; the factory checks the org URL and the rest at construction. */
const OktaConfigSchema = v.strictObject({
	credentials: v.optional(v.picklist(['api-tokens', 'client-secrets'])),
	auth: v.optional(v.picklist(['ssws', 'bearer'])),
	resolveOwners: v.optional(v.boolean()),
});

export function oktaProviderFromConfig(account: AccountConfig, http: HttpOptions): OktaProvider {
	const options = parseVendorOptions(OktaConfigSchema, account);
	if (account.baseUrl === undefined) {
		const where = account.fieldWhere?.['baseUrl'] ?? account.where;
		throw new ConfigError(`${where}: account "${account.name}": field "baseUrl" is required for provider okta: the org's URL, e.g. https://acme.okta.com`);
	}

	return createOktaProvider({...http, ...options, apiKey: account.apiKey, account: account.name, baseUrl: account.baseUrl});
}
