import * as v from 'valibot';
import type {AccountConfig} from '../../src/config.js';
import {ConfigError} from '../../src/errors/index.js';
import type {HttpOptions} from '../../src/http/options.js';
import {parseVendorOptions} from '../../src/vendor.js';
import {createCloudflareProvider, type CloudflareProvider} from './index.js';
import {readCloudflareOptions} from './options.js';

/** Cloudflare's own config fields; their values (a 32-hex account id, a page size) are checked below. */
const CloudflareConfigSchema = v.strictObject({
	scope: v.optional(v.picklist(['account', 'user'])),
	accountId: v.optional(v.string()),
	pageSize: v.optional(v.number()),
});

export function cloudflareProviderFromConfig(account: AccountConfig, http: HttpOptions): CloudflareProvider {
	const options = parseVendorOptions(CloudflareConfigSchema, account);
	const checked = readCloudflareOptions(options);
	if ('problem' in checked) {
		// Worded as every config mistake is: file and line of the field, account, field (exit 2 before any request).
		const where = account.fieldWhere?.[checked.field] ?? account.where;
		throw new ConfigError(`${where}: account "${account.name}": field "${checked.field}" ${checked.problem}`, {provider: 'cloudflare'});
	}

	return createCloudflareProvider({...http, ...options, apiKey: account.apiKey, account: account.name, baseUrl: account.baseUrl});
}
