import * as v from 'valibot';
import type {AccountConfig} from '../../src/config.js';
import {ConfigError} from '../../src/errors/index.js';
import type {HttpOptions} from '../../src/http/options.js';
import {parseVendorOptions} from '../../src/vendor.js';
import {createGitHubProvider, type GitHubProvider} from './index.js';
import {normalizePrivateKey, privateKeyProblem} from './options.js';

const wholeNumber = v.union([v.pipe(v.number(), v.integer(), v.minValue(1)), v.pipe(v.string(), v.trim(), v.regex(/^[1-9]\d*$/, 'must be a whole number'))], 'must be a whole number');

/**
GitHub's own config fields. The account's `apiKey` or `apiKeyFile` is the GitHub App's private key (PEM): it is the
secret tokenkit authenticates with, so it is read, checked and kept like any credential.
*/
const GitHubConfigSchema = v.strictObject({
	appId: v.union([v.pipe(v.number(), v.integer(), v.minValue(1)), v.pipe(v.string(), v.trim(), v.minLength(1))], 'must be the GitHub App\'s id (a number) or its client ID'),
	installationId: v.optional(wholeNumber),
	org: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'))),
	scope: v.optional(v.picklist(['grants', 'sso'])),
	resolveOwners: v.optional(v.boolean()),
	pageSize: v.optional(v.number()),
	apiVersion: v.optional(v.picklist(['2022-11-28', '2026-03-10'])),
});

export function gitHubProviderFromConfig(account: AccountConfig, http: HttpOptions): GitHubProvider {
	const label = `${account.where}: account "${account.name}"`;
	if (account.options['appId'] === undefined) {
		throw new ConfigError(`${label}: field "appId" is missing: the GitHub App's id (its settings page, "App ID") or its client ID`, {provider: 'github'});
	}

	const options = parseVendorOptions(GitHubConfigSchema, account);
	if (options.installationId === undefined && options.org === undefined) {
		throw new ConfigError(`${label}: give field "org" (the org's login) or "installationId" (the App's installation on it), or both`, {provider: 'github'});
	}

	const keyProblem = privateKeyProblem(normalizePrivateKey(account.apiKey));
	if (keyProblem !== undefined) {
		throw new ConfigError(`${label}: field "apiKey"/"apiKeyFile" (the GitHub App's private key) ${keyProblem}`, {provider: 'github'});
	}

	return createGitHubProvider({...http, ...options, privateKey: account.apiKey, account: account.name, baseUrl: account.baseUrl});
}
