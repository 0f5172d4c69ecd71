import type {RequestHeaders} from '../../../src/environment.js';
import {tokenWindowMs, type AccessToken, type ApiToken, type Org, type User} from './model.js';

/** What a request may touch, as Okta's OAuth scopes name it (`okta.<area>.read|manage`, docs/vendors/okta.md, auth [S]). */
export type Area = 'apiTokens' | 'apps' | 'users' | 'roles' | 'networkZones';

/** Who is calling: an API token acting as its user, or an OAuth access token with its scopes. */
export type Caller =
	| {readonly kind: 'ssws'; readonly org: Org; readonly token: ApiToken; readonly user: User}
	| {readonly kind: 'bearer'; readonly org: Org; readonly access: AccessToken};

/** Where each key lives: SSWS values and access tokens, across orgs. */
export interface KeyIndex {
	readonly apiTokens: Map<string, {readonly org: Org; readonly tokenId: string}>;
	readonly accessTokens: Map<string, Org>;
}

/**
The caller of a request, or null (401 `E0000011`). An SSWS token works while it is live (used within its 30-day
window) and its user is `ACTIVE`: Okta rejects the tokens of an inactive user ([D]).
*/
export function authenticate(index: KeyIndex, header: RequestHeaders['authorization'], now: number): Caller | null {
	const match = typeof header === 'string' ? /^(SSWS|Bearer) (\S+)$/.exec(header) : null;
	if (match === null) {
		return null;
	}

	const [, scheme, value = ''] = match;
	if (scheme === 'Bearer') {
		const org = index.accessTokens.get(value);
		return org === undefined ? null : {kind: 'bearer', org, access: org.accessToken};
	}

	const entry = index.apiTokens.get(value);
	const token = entry === undefined ? undefined : entry.org.tokens.get(entry.tokenId);
	const user = token === undefined ? undefined : entry?.org.users.get(token.userId);
	if (entry === undefined || token === undefined || user === undefined || user.status !== 'ACTIVE' || token.lastUpdated + tokenWindowMs <= now) {
		return null;
	}

	return {kind: 'ssws', org: entry.org, token, user};
}

/** Roles that may do everything tokenkit asks, and those that may read it all. */
const managers = new Set(['SUPER_ADMIN', 'ORG_ADMIN']);
const readers = new Set(['SUPER_ADMIN', 'ORG_ADMIN', 'READ_ONLY_ADMIN']);

/**
Whether the caller may read or manage `area`. An access token needs the scope (`manage` includes `read`). An API
token has its user's roles ([D]); which admins see which tokens Okta does not document ([I]), so the simulator
lets super and org admins do everything, read-only admins read everything, app admins manage apps and read users,
and any admin read users.
*/
export function allowed(caller: Caller, area: Area, write: boolean): boolean {
	if (caller.kind === 'bearer') {
		return caller.access.scopes.has(`okta.${area}.manage`) || (!write && caller.access.scopes.has(`okta.${area}.read`));
	}

	const types = new Set(caller.user.roles.map(role => role.type));
	const any = (set: ReadonlySet<string>): boolean => [...types].some(type => set.has(type));
	if (any(managers)) {
		return true;
	}

	if (!write && any(readers)) {
		return true;
	}

	if (types.has('APP_ADMIN') && (area === 'apps' || (area === 'users' && !write))) {
		return true;
	}

	return area === 'users' && !write && types.size > 0;
}
