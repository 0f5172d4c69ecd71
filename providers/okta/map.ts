import type {Token} from '../../src/token.js';
import type {OktaPerson} from './people.js';
import {unresolvedPerson} from './people.js';
import type {OktaApiToken, OktaApp, OktaClientSecret} from './schema.js';

/** Okta's idle window for API tokens: fixed at 30 days for every org (docs/vendors/okta.md, expiry [D]). */
export const oktaTokenWindowMs = 30 * 86_400_000;

/** The `clientName` of tokens made in the Admin Console (docs/vendors/okta.md, records [S]). */
export const oktaConsoleClientName = 'Okta API';

/** What an API token's record does not say by itself, found by the adapter (people.ts, zones, own-credential check). */
export interface OktaTokenContext {
	/** The owner and their roles; an unresolved person when owners are not looked up. */
	readonly person?: OktaPerson | undefined;
	/** From the network condition (network.ts). */
	readonly allowedIps: readonly string[] | null;
	readonly ownCredential?: boolean | undefined;
}

/**
One validated API token as the normalized record. Pure, so it is tested with tables of cases.
- Times are RFC 3339 strings with milliseconds (docs/vendors/okta.md, records [S]).
- `expiresAt` is Okta's own: when the token dies if it stays unused. Okta lists only live tokens, so `status` is
  `active` ([S]: "Lists all the metadata of the active API tokens").
- **`lastUsedAt` is derived**: Okta has no last-used field, but every use moves `expiresAt` to the use plus the
  idle window, so the last use is `expiresAt − tokenWindow` ([D], [I]; it equals `lastUpdated` in Okta's own
  examples). A window Okta writes in a form tokenkit cannot read counts as the fixed 30 days. Without
  `expiresAt` there is nothing to derive from: null.
- The owner is `userId`: the admin the token acts as, who also made it, so `createdBy` is the same person. Their
  roles are the token's privileges ([D]), and `admin` is theirs.
- `kind` is `personal` for a token made in the Admin Console; another `clientName` is some other client's token,
  read as `service` ([I]).
- Okta shows no part of the token value anywhere, so `secretHint` is null; `raw` is the record as sent.
*/
export function oktaApiTokenToToken(record: OktaApiToken, account: string, context: OktaTokenContext): Token {
	const person = context.person ?? (record.userId === undefined ? undefined : unresolvedPerson(record.userId));
	const expiresAt = record.expiresAt === undefined ? null : new Date(record.expiresAt);
	return {
		provider: 'okta',
		account,
		id: record.id,
		name: record.name,
		description: null,
		kind: record.clientName === undefined || record.clientName === oktaConsoleClientName ? 'personal' : 'service',
		status: 'active',
		ownCredential: context.ownCredential ?? false,
		owner: person?.owner ?? null,
		createdBy: person?.owner ?? null,
		createdAt: record.created === undefined ? null : new Date(record.created),
		lastUsedAt: expiresAt === null ? null : new Date(expiresAt.getTime() - windowMs(record.tokenWindow)),
		expiresAt,
		privileges: person?.privileges ?? [],
		admin: person?.admin ?? null,
		allowedIps: context.allowedIps,
		secretHint: null,
		raw: record,
	};
}

/**
The idle window in milliseconds, from an ISO 8601 duration (`P30D`, `PT5M`, `P1W`, `P1DT12H`). Years and months
have no fixed length and Okta uses neither for this window; a form with them, or none at all, counts as the
documented 30 days.
*/
export function windowMs(duration: string | undefined): number {
	const match = duration === undefined ? null : /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(duration);
	if (match === null || duration === 'P' || duration?.endsWith('T') === true) {
		return oktaTokenWindowMs;
	}

	const [, weeks = '0', days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
	const ms = ((((Number(weeks) * 7 + Number(days)) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
	return ms > 0 ? ms : oktaTokenWindowMs;
}

/** The id tokenkit gives a client secret: its app and its own id, since every secret route needs both. */
export function clientSecretId(appId: string, secretId: string): string {
	return `${appId}/${secretId}`;
}

/** The shortest `client_secret` Okta accepts (docs/vendors/okta.md, client secrets [S]); a hint is taken only from one at least this long. */
export const oktaShortestClientSecret = 14;

/**
One client secret of an app as the normalized record. Pure.
- The id is `<appId>/<secretId>` (clientSecretId) and the name the app's label: a secret has no name of its own.
- `ACTIVE` is `active`; `INACTIVE` is `disabled` (it can be activated again) [S].
- A secret belongs to the app's OAuth client, not to a person: no owner, kind `service`. Its one privilege names
  the client it authenticates. What the client may do (its granted scopes, admin roles given to the app) is not
  read, so `admin` is null: full access cannot be ruled out ([I]; docs/vendors/okta.md, client secrets).
- Okta gives a secret no expiry and records no use of it: both null.
- `client_secret` never goes into `raw`; only its last four characters make the hint.
*/
export function oktaClientSecretToToken(record: OktaClientSecret, app: OktaApp, account: string): Token {
	const raw: Record<string, unknown> = {...record};
	delete raw['client_secret'];
	const secret = record.client_secret;
	return {
		provider: 'okta',
		account,
		id: clientSecretId(app.id, record.id),
		name: app.label ?? app.name ?? app.id,
		description: null,
		kind: 'service',
		status: record.status === 'INACTIVE' ? 'disabled' : 'active',
		ownCredential: false,
		owner: null,
		createdBy: null,
		createdAt: record.created === undefined ? null : new Date(record.created),
		lastUsedAt: null,
		expiresAt: null,
		privileges: [{role: 'oauth-client', scope: 'app', resource: app.credentials?.oauthClient?.client_id ?? app.id}],
		admin: null,
		allowedIps: null,
		secretHint: secret !== undefined && secret.length >= oktaShortestClientSecret ? `…${secret.slice(-4)}` : null,
		raw,
	};
}
