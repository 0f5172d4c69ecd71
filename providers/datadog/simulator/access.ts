import type {RequestHeaders} from '../../../src/environment.js';
import type {SimAccessToken, SimApiKey, SimApplicationKey, SimOrg, SimUser} from './model.js';

/** Where each key lives, across orgs. */
export interface KeyIndex {
	readonly apiKeys: Map<string, {readonly org: SimOrg; readonly id: string}>;
	readonly applicationKeys: Map<string, {readonly org: SimOrg; readonly id: string}>;
	readonly accessTokens: Map<string, {readonly org: SimOrg; readonly id: string}>;
}

/** Who is calling, with what they may do: their roles' permissions, cut to the key's scopes. */
export interface Caller {
	readonly org: SimOrg;
	readonly user: SimUser;
	readonly permissions: ReadonlySet<string>;
	/** The keys the request carried, whose last use it is. */
	readonly apiKey: SimApiKey | null;
	readonly applicationKey: SimApplicationKey | null;
	readonly accessToken: SimAccessToken | null;
}

export type Authentication =
	| {readonly ok: true; readonly caller: Caller}
	| {readonly ok: false; readonly status: 401 | 403; readonly message: string};

/**
Datadog's two ways in (docs/vendors/datadog.md, auth [S][D]):
- `DD-API-KEY` and `DD-APPLICATION-KEY` together: the API key must be one of an org's, the application key one of
  the same org's whose owner is not disabled. No API key, or one Datadog does not know: 403 `Forbidden` (as real
  answers [D issue]); an API key without an application key: 401 [D]; an unknown application key, or one of a
  disabled user: 403.
- `Authorization: Bearer <access token>` alone, with a live (unexpired) token of an enabled user.
What the caller may do is their roles' permissions, cut to the key's scopes when it has some [D api-app-keys doc].
*/
export function authenticate(index: KeyIndex, headers: RequestHeaders, now: number): Authentication {
	const header = (name: string): string | undefined => {
		const value = headers[name];
		return typeof value === 'string' && value !== '' ? value : undefined;
	};

	const bearer = /^Bearer (\S+)$/i.exec(header('authorization') ?? '')?.[1];
	if (bearer !== undefined) {
		const entry = index.accessTokens.get(bearer);
		const token = entry?.org.accessTokens.get(entry.id);
		const user = token === undefined ? undefined : entry?.org.users.get(token.ownerId);
		if (entry === undefined || token === undefined || user === undefined || user.disabled || (token.expiresAt !== null && token.expiresAt <= now)) {
			return {ok: false, status: 401, message: 'Unauthorized'};
		}

		return {ok: true, caller: {org: entry.org, user, permissions: effective(entry.org, user, token.scopes), apiKey: null, applicationKey: null, accessToken: token}};
	}

	const apiKeyEntry = index.apiKeys.get(header('dd-api-key') ?? '');
	const apiKey = apiKeyEntry?.org.apiKeys.get(apiKeyEntry.id);
	if (apiKeyEntry === undefined || apiKey === undefined) {
		return {ok: false, status: 403, message: 'Forbidden'};
	}

	const applicationKeyValue = header('dd-application-key');
	if (applicationKeyValue === undefined) {
		return {ok: false, status: 401, message: 'Unauthorized'};
	}

	const keyEntry = index.applicationKeys.get(applicationKeyValue);
	const applicationKey = keyEntry?.org === apiKeyEntry.org ? keyEntry.org.applicationKeys.get(keyEntry.id) : undefined;
	const user = applicationKey === undefined ? undefined : apiKeyEntry.org.users.get(applicationKey.ownerId);
	if (applicationKey === undefined || user === undefined || user.disabled) {
		return {ok: false, status: 403, message: 'Forbidden'};
	}

	return {ok: true, caller: {org: apiKeyEntry.org, user, permissions: effective(apiKeyEntry.org, user, applicationKey.scopes), apiKey, applicationKey, accessToken: null}};
}

/** The user's roles' permissions, cut to `scopes` when there are some. */
export function effective(org: SimOrg, user: SimUser, scopes: readonly string[] | null): ReadonlySet<string> {
	const granted = new Set(user.roleIds.flatMap(id => [...(org.roles.get(id)?.permissions ?? [])]));
	return scopes === null ? granted : new Set(scopes.filter(scope => granted.has(scope)));
}

/** Whether the caller holds any of `permissions` (Datadog's `x-permission` operator is OR [S]). */
export function holdsAny(caller: Caller, permissions: readonly string[]): boolean {
	return permissions.some(permission => caller.permissions.has(permission));
}
