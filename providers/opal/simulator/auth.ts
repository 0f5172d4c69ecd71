import type {IncomingHttpHeaders} from 'node:http';
import type {SimResponse} from '../../../src/simulate/types.js';
import type {OpalErrorBody} from '../schema.js';
import type {OpalOrg, OpalUser, StoredToken} from './org.js';

/** Who a request acts as: the token it presented, the identity behind it, and their org. */
export interface Caller {
	readonly org: OpalOrg;
	readonly token: StoredToken;
	readonly user: OpalUser;
}

export type Authentication =
	| {readonly ok: true; readonly caller: Caller}
	| {readonly ok: false; readonly response: SimResponse};

/** A token ever issued and its org. It stays known after deletion, when it no longer authenticates. */
export interface IssuedToken {
	readonly org: OpalOrg;
	readonly token: StoredToken;
}

/**
The error body of every failure. Opal documents none (docs/vendors/opal.md, errors [S]); `{message}` is an inferred,
plausible JSON shape that tokenkit's error reader understands.
*/
export function opalError(status: number, message: string, headers?: Readonly<Record<string, string>>): SimResponse {
	const body: OpalErrorBody = {message};
	return {status, headers, body};
}

/** RFC 6750 §3: a 401 for bearer auth names the scheme, so a client knows how to answer. */
function unauthorized(message: string): Authentication {
	return {ok: false, response: opalError(401, message, {'www-authenticate': 'Bearer'})};
}

/**
The key from `Authorization: Bearer <key>` (docs/vendors/opal.md, auth [S]), or null for a missing header or
another scheme. The scheme is matched without regard to case, as RFC 9110 §11.1 asks.
*/
export function bearerKey(headers: IncomingHttpHeaders): string | null {
	const match = /^bearer +(\S+) *$/i.exec(headers.authorization ?? '');
	return match?.[1] ?? null;
}

/**
Resolves the request's key to a caller. Unknown keys, keys of deleted tokens, expired tokens (their
`expires_at` has passed; they are still listed) and tokens whose user has left the org all get 401.
*/
export function authenticate(headers: IncomingHttpHeaders, byKey: ReadonlyMap<string, IssuedToken>, now: number): Authentication {
	const key = bearerKey(headers);
	if (key === null) {
		return unauthorized('Authentication required: send an API token as "Authorization: Bearer <token>".');
	}

	const issued = byKey.get(key);
	const live = issued !== undefined && issued.org.tokens.has(issued.token.id);
	const user = live ? issued.org.users.get(issued.token.userId) : undefined;
	if (!live || user === undefined || (issued.token.expiresAt !== null && issued.token.expiresAt <= now)) {
		return unauthorized('The API token is invalid, expired or has been deleted.');
	}

	return {ok: true, caller: {org: issued.org, token: issued.token, user}};
}
