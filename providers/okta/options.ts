import {ConfigError, type ErrorContext} from '../../src/errors/index.js';
import type {ProviderOptions} from '../../src/provider-options.js';

/**
Which of an Okta org's credentials a provider manages.
- `api-tokens`: the org's SSWS API tokens (`/api/v1/api-tokens`).
- `client-secrets`: the client secrets of the org's OAuth 2.0 apps (`/api/v1/apps/{appId}/credentials/secrets`).
*/
export type OktaCredentialKind = 'api-tokens' | 'client-secrets';

/**
How tokenkit authenticates (docs/vendors/okta.md, auth [S]).
- `ssws`: `Authorization: SSWS <API token>`.
- `bearer`: `Authorization: Bearer <access token>`, an OAuth 2.0 access token your own OAuth client obtained with
  the scopes tokenkit needs: `okta.apiTokens.read` (and `.manage` to change or revoke), `okta.apps.read` (and
  `.manage` to rotate), `okta.users.read`, `okta.roles.read`, `okta.networkZones.read`. Okta's access tokens
  live an hour; tokenkit does not renew them.
*/
export type OktaAuthScheme = 'ssws' | 'bearer';

export interface OktaProviderOptions extends ProviderOptions {
	/**
	The org's URL, where its API is: `https://acme.okta.com` (or `.oktapreview.com`, or a custom domain). Not the
	Admin Console host (`acme-admin.okta.com`). Required: every org has its own host.
	*/
	readonly baseUrl: string;
	/** @default 'api-tokens' */
	readonly credentials?: OktaCredentialKind | undefined;
	/** @default 'ssws' */
	readonly auth?: OktaAuthScheme | undefined;
	/**
	Look up each API token's owner (`GET /api/v1/users/{id}`) and their roles (`…/roles`), and each network zone a
	token names (`GET /api/v1/zones/{id}`), each once per provider while fresh. Off: owners are known by id, with
	status and roles unknown, and a zone condition is not stated as an allow-list.
	@default true
	*/
	readonly resolveOwners?: boolean | undefined;
}

export interface CheckedOktaOptions {
	readonly baseUrl: string;
	readonly credentials: OktaCredentialKind;
	readonly auth: OktaAuthScheme;
	readonly resolveOwners: boolean;
}

/** Validates Okta's own options at construction, so a wrong org URL or scheme fails before any request. */
export function checkOktaOptions(options: OktaProviderOptions, context: ErrorContext): CheckedOktaOptions {
	const credentials: string = options.credentials ?? 'api-tokens';
	if (credentials !== 'api-tokens' && credentials !== 'client-secrets') {
		throw new ConfigError(`field "credentials" must be 'api-tokens' or 'client-secrets'; got "${credentials}"`, context);
	}

	const auth: string = options.auth ?? 'ssws';
	if (auth !== 'ssws' && auth !== 'bearer') {
		throw new ConfigError(`field "auth" must be 'ssws' (an API token) or 'bearer' (an OAuth 2.0 access token); got "${auth}"`, context);
	}

	const resolveOwners = options.resolveOwners ?? true;
	if (typeof resolveOwners !== 'boolean') {
		throw new ConfigError(`field "resolveOwners" must be true or false; got ${String(resolveOwners)}`, context);
	}

	if (/^\s*(?:ssws|bearer)\s/i.test(options.apiKey)) {
		throw new ConfigError('field "apiKey" starts with its scheme ("SSWS " or "Bearer "); give the token alone, and the scheme in "auth"', context);
	}

	return {baseUrl: checkOrgUrl(options.baseUrl, context), credentials, auth, resolveOwners};
}

function checkOrgUrl(baseUrl: string | undefined, context: ErrorContext): string {
	if (typeof baseUrl !== 'string' || baseUrl.trim() === '') {
		throw new ConfigError('field "baseUrl" is required: the Okta org\'s URL, e.g. https://acme.okta.com', context);
	}

	let url: URL;
	try {
		url = new URL(baseUrl);
	} catch {
		// The value is not repeated: a pasted URL may carry a key in its query or userinfo.
		throw new ConfigError('field "baseUrl" is not an absolute URL; give the Okta org\'s URL, e.g. https://acme.okta.com', context);
	}

	if (url.username !== '' || url.password !== '') {
		throw new ConfigError('field "baseUrl" must not carry credentials; give the token in "apiKey"', context);
	}

	// The Admin Console host answers the console, not the API (docs/vendors/okta.md, base URLs [D]).
	const admin = /^([^.]+)-admin\.(okta|oktapreview|okta-emea|okta-gov|okta-mil|trexcloud)\.com$/i.exec(url.hostname);
	if (admin !== null) {
		throw new ConfigError(`field "baseUrl" names the Admin Console host ${url.hostname}; the API is at https://${admin[1] ?? ''}.${admin[2] ?? ''}.com`, context);
	}

	if (url.pathname !== '/' && url.pathname !== '') {
		throw new ConfigError(`field "baseUrl" must be the org's root URL (${url.origin}), without a path: tokenkit adds /api/v1/…`, context);
	}

	// No trailing slash, so that paths join as Okta's own clients join them (docs/vendors/okta.md, gotchas [D]).
	return url.origin;
}
