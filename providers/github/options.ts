import {createPrivateKey} from 'node:crypto';
import {ConfigError, type ErrorContext} from '../../src/errors/index.js';
import type {HttpOptions} from '../../src/http/options.js';

/**
Which of an org's tokens a GitHub provider manages.
- `grants`: fine-grained personal access tokens with access to the org (`/orgs/{org}/personal-access-tokens`).
- `sso`: credentials authorized for the org's SAML single sign-on (`/orgs/{org}/credential-authorizations`): classic
  personal access tokens, SSH keys, OAuth and GitHub App user tokens; GitHub Enterprise Cloud with SAML SSO only.
*/
export type GitHubTokenScope = 'grants' | 'sso';

/** The REST API versions GitHub serves (docs/vendors/github.md, versioning [D]). */
export type GitHubApiVersion = '2022-11-28' | '2026-03-10';

export interface GitHubProviderOptions extends HttpOptions {
	/**
	The GitHub App's id (its settings page, "App ID") or its client ID. tokenkit signs its JWTs with it as the issuer.
	@example 123456
	*/
	readonly appId: number | string;
	/**
	The App's private key, PEM (the `.pem` file GitHub downloads from the App's settings; PKCS#1 or PKCS#8). It signs
	the JWTs that mint installation tokens; it is held as a secret and never printed. Escaped line breaks (`\n`), as
	an environment variable holds them, are read as line breaks.
	*/
	readonly privateKey: string;
	/**
	The App's installation on the org. Give this, `org`, or both; with only `org`, it is looked up
	(`GET /orgs/{org}/installation`), and with only this, the org is (`GET /app/installations/{id}`).
	*/
	readonly installationId?: number | string | undefined;
	/** The org's login, as in `https://github.com/<org>`. */
	readonly org?: string | undefined;
	/**
	Fine-grained PAT grants, or SAML SSO credential authorizations (see {@link GitHubTokenScope}).
	@default 'grants'
	*/
	readonly scope?: GitHubTokenScope | undefined;
	/**
	The API root: `https://api.github.com` for github.com and GitHub Enterprise Cloud, `https://api.SUBDOMAIN.ghe.com`
	with data residency.
	@default 'https://api.github.com'
	*/
	readonly baseUrl?: string | undefined;
	/** A label for this account on every record and error. @default 'github' */
	readonly account?: string | undefined;
	/**
	Look up each owner's org membership (`GET /orgs/{org}/memberships/{username}`, the installation's Members
	permission): whether they are still in the org (the audit flags tokens of people who left) and whether they are
	an org owner (a token never exceeds its owner's access, so org administration counts as full access only for
	an owner). Each login is asked for once per provider. Off: owners are `unknown`, and admin-level permissions
	make `admin` null.
	@default true
	*/
	readonly resolveOwners?: boolean | undefined;
	/**
	Items per list request, 1 to 100.
	@default 100
	*/
	readonly pageSize?: number | undefined;
	/**
	The `X-GitHub-Api-Version` sent with every request.
	@default '2022-11-28'
	*/
	readonly apiVersion?: GitHubApiVersion | undefined;
	/**
	Clock in epoch ms, for JWT times and installation-token expiry; replace it in tests.
	@default Date.now
	*/
	readonly now?: (() => number) | undefined;
}

export interface CheckedGitHubOptions {
	readonly account: string;
	readonly appId: string;
	readonly privateKey: string;
	readonly installationId: number | undefined;
	readonly org: string | undefined;
	readonly scope: GitHubTokenScope;
	readonly baseUrl: string;
	readonly resolveOwners: boolean;
	readonly pageSize: number;
	readonly apiVersion: GitHubApiVersion;
}

export const gitHubProductionUrl = 'https://api.github.com';

/** The largest `per_page` GitHub serves (docs/vendors/github.md, pagination [S]). */
export const gitHubMaxPageSize = 100;

/** A GitHub login: letters, digits and single hyphens, at most 39 characters. */
const loginPattern = /^[A-Za-z\d](?:[A-Za-z\d-]{0,38})$/;

/** An App id (digits) or client ID (`Iv1.…`, `Iv23li…`). */
const appIdPattern = /^(?:[1-9]\d{0,14}|Iv[\w.]{4,60})$/;

/** Validates every option at construction, so a mistake is a ConfigError naming the field before any request. */
export function checkGitHubOptions(options: GitHubProviderOptions): CheckedGitHubOptions {
	const account = options.account ?? 'github';
	if (typeof account !== 'string' || account.trim() === '') {
		throw new ConfigError('account must be a non-empty label', {provider: 'github'});
	}

	const context: ErrorContext = {provider: 'github', account};
	// A JavaScript caller or a config file may leave it out, whatever the type says.
	const givenAppId: unknown = options.appId;
	const appId = typeof givenAppId === 'number' || typeof givenAppId === 'string' ? String(givenAppId).trim() : '';
	if (appId === '') {
		throw new ConfigError('appId is missing: give the GitHub App\'s id (its settings page, "App ID") or its client ID', context);
	}

	if (!appIdPattern.test(appId)) {
		throw new ConfigError('appId must be the GitHub App\'s numeric id or its client ID (Iv…)', context);
	}

	const privateKey = normalizePrivateKey(options.privateKey);
	const keyProblem = privateKeyProblem(privateKey);
	if (keyProblem !== undefined) {
		throw new ConfigError(`privateKey ${keyProblem}`, context);
	}

	const installationId = checkInstallationId(options.installationId, context);
	const org = options.org?.trim();
	if (org !== undefined && !loginPattern.test(org)) {
		throw new ConfigError('org must be the org\'s login, as in https://github.com/<org> (letters, digits and hyphens)', context);
	}

	if (installationId === undefined && org === undefined) {
		throw new ConfigError('give org (the org\'s login) or installationId (the App\'s installation on it), or both', context);
	}

	const scope: string = options.scope ?? 'grants';
	if (scope !== 'grants' && scope !== 'sso') {
		throw new ConfigError(`scope must be 'grants' or 'sso'; got "${scope}"`, context);
	}

	const pageSize = options.pageSize ?? gitHubMaxPageSize;
	if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > gitHubMaxPageSize) {
		throw new ConfigError(`pageSize must be a whole number from 1 to ${gitHubMaxPageSize}; got ${pageSize}`, context);
	}

	const resolveOwners = options.resolveOwners ?? true;
	if (typeof resolveOwners !== 'boolean') {
		throw new ConfigError('resolveOwners must be true or false', context);
	}

	const apiVersion: string = options.apiVersion ?? '2022-11-28';
	if (apiVersion !== '2022-11-28' && apiVersion !== '2026-03-10') {
		throw new ConfigError(`apiVersion must be 2022-11-28 or 2026-03-10; got "${apiVersion}"`, context);
	}

	return {account, appId, privateKey, installationId, org, scope, baseUrl: options.baseUrl ?? gitHubProductionUrl, resolveOwners, pageSize, apiVersion};
}

/** A key from an environment variable often has its line breaks escaped as `\n`; GitHub's own libraries read them back. */
export function normalizePrivateKey(privateKey: unknown): string {
	return typeof privateKey === 'string' ? privateKey.replaceAll('\\n', '\n').trim() : '';
}

/**
Why `privateKey` cannot sign an app JWT, in words that never quote it; undefined when it can. Node parses it, so a
truncated or mangled key is found here, before any request.
*/
export function privateKeyProblem(privateKey: string): string | undefined {
	if (privateKey === '') {
		return 'is missing or empty: give the GitHub App\'s private key (the .pem file from the App\'s settings)';
	}

	if (!privateKey.includes('-----BEGIN') || !privateKey.includes('PRIVATE KEY-----')) {
		return 'is not a PEM private key (the .pem file GitHub downloads from the App\'s settings, whose first line starts with "-----BEGIN")';
	}

	try {
		const key = createPrivateKey(privateKey);
		return key.asymmetricKeyType === 'rsa' ? undefined : `is a ${key.asymmetricKeyType ?? 'non-RSA'} key; GitHub Apps sign with RSA keys`;
	} catch {
		return 'cannot be read as a PEM private key (cut short, or not the App\'s key?)';
	}
}

function checkInstallationId(value: number | string | undefined, context: ErrorContext): number | undefined {
	if (value === undefined) {
		return undefined;
	}

	const text = String(value).trim();
	if (!/^[1-9]\d{0,15}$/.test(text)) {
		throw new ConfigError('installationId must be the numeric id of the App\'s installation on the org (in the installation\'s settings URL)', context);
	}

	return Number(text);
}
