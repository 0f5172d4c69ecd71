import * as v from 'valibot';
import type {AccountConfig} from '../../src/config.js';
import type {HttpOptions} from '../../src/http/options.js';
import {parseVendorOptions} from '../../src/vendor.js';
import {createGitLabProvider, type GitLabProvider} from './index.js';

/** A group or project list in the config: `all`, or ids and full paths. */
const SelectionSchema = v.union([v.literal('all'), v.array(v.union([v.string(), v.number()]))], 'must be "all" or a list of ids and full paths');

/** GitLab's own config fields; the factory checks their values (paths, duplicates, ranges) at construction. */
const GitLabConfigSchema = v.strictObject({
	personalTokens: v.optional(v.picklist(['auto', 'all', 'own', 'none'])),
	groups: v.optional(SelectionSchema),
	projects: v.optional(SelectionSchema),
	maxLifetimeDays: v.optional(v.number()),
	pageSize: v.optional(v.number()),
});

export function gitLabProviderFromConfig(account: AccountConfig, http: HttpOptions): GitLabProvider {
	const options = parseVendorOptions(GitLabConfigSchema, account);
	return createGitLabProvider({...http, ...options, apiKey: account.apiKey, account: account.name, baseUrl: account.baseUrl});
}
