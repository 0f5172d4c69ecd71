import {resolve} from 'node:path';
import * as v from 'valibot';
import {maxKeyFileBytes, type AccountConfig} from '../../src/config.js';
import {ConfigError} from '../../src/errors/index.js';
import type {HttpOptions} from '../../src/http/options.js';
import {readRegularFileSync} from '../../src/read-regular-file.js';
import {parseVendorOptions} from '../../src/vendor.js';
import {createDatadogProvider, type DatadogProvider} from './index.js';
import {datadogKeyKinds} from './options.js';
import {readDatadogSite} from './sites.js';

/**
Datadog's own config fields. The account's `apiKey` or `apiKeyFile` is the org's API key (DD-API-KEY); the
application key (DD-APPLICATION-KEY) is `applicationKey` (with `${ENV}` references, like every field) or
`applicationKeyFile`, a file relative to the config file, read like `apiKeyFile`. The factory checks the rest.
*/
const DatadogConfigSchema = v.strictObject({
	site: v.optional(v.string()),
	applicationKey: v.optional(v.string()),
	applicationKeyFile: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'))),
	kinds: v.optional(v.array(v.picklist(datadogKeyKinds, `must list some of ${datadogKeyKinds.join(', ')}`))),
	serviceAccounts: v.optional(v.array(v.string())),
	resolveOwners: v.optional(v.boolean()),
	pageSize: v.optional(v.number()),
});

export function datadogProviderFromConfig(account: AccountConfig, http: HttpOptions): DatadogProvider {
	const options = parseVendorOptions(DatadogConfigSchema, account);
	const label = (field: string): string => `${account.fieldWhere?.[field] ?? account.where}: account "${account.name}"`;
	if (options.site !== undefined) {
		// Checked here as well as in the factory, so that the message names the file and line of the field.
		const reading = readDatadogSite(options.site);
		if (!reading.ok) {
			throw new ConfigError(`${label('site')}: field "site": ${reading.problem}`, {provider: 'datadog'});
		}
	}

	const {applicationKey: written, applicationKeyFile, ...rest} = options;
	return createDatadogProvider({
		...http,
		...rest,
		applicationKey: applicationKeyOf(written, applicationKeyFile, account, label),
		apiKey: account.apiKey,
		account: account.name,
		baseUrl: account.baseUrl,
	});
}

/** The application key, from `applicationKey` or `applicationKeyFile` (exactly one); never quoted in a message. */
function applicationKeyOf(written: string | undefined, file: string | undefined, account: AccountConfig, label: (field: string) => string): string {
	const context = {provider: 'datadog'};
	if (written !== undefined && file !== undefined) {
		throw new ConfigError(`${label('applicationKeyFile')}: give either "applicationKey" or "applicationKeyFile", not both`, context);
	}

	if (file === undefined) {
		if (written === undefined || written.trim() === '') {
			throw new ConfigError(`${label('applicationKey')}: field "applicationKey" is ${written === undefined ? 'missing' : 'empty'}: Datadog needs an application key beside the API key (e.g. applicationKey: \${DD_APP_KEY}, or applicationKeyFile)`, context);
		}

		return written.trim();
	}

	const path = resolve(account.directory ?? '.', file);
	const read = readRegularFileSync(path, maxKeyFileBytes);
	if (!read.ok) {
		throw new ConfigError(`${label('applicationKeyFile')}: field "applicationKeyFile": ${path} cannot be read (${read.problem})`, context);
	}

	const key = read.text.trim();
	if (key === '') {
		throw new ConfigError(`${label('applicationKeyFile')}: field "applicationKeyFile": ${path} is empty`, context);
	}

	return key;
}
