import * as v from 'valibot';
import type {AccountConfig} from '../../src/config.js';
import type {HttpOptions} from '../../src/http/options.js';
import {parseVendorOptions} from '../../src/vendor.js';
import {createOpenAIProvider, type OpenAIProvider} from './index.js';

/** OpenAI's own config fields; the factory checks their values (project ids, the page size, the key's kind) at construction. */
const OpenAIConfigSchema = v.strictObject({
	projects: v.optional(v.array(v.string())),
	resolveOwners: v.optional(v.boolean()),
	pageSize: v.optional(v.number()),
});

export function openAIProviderFromConfig(account: AccountConfig, http: HttpOptions): OpenAIProvider {
	const options = parseVendorOptions(OpenAIConfigSchema, account);
	return createOpenAIProvider({...http, ...options, apiKey: account.apiKey, account: account.name, baseUrl: account.baseUrl});
}
