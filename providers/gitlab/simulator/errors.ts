import type {SimResponse} from '../../../src/simulate/types.js';

const json = {'Content-Type': 'application/json'} as const;

/**
GitLab's error bodies (docs/vendors/gitlab.md, errors [D]): `{"message": "<status> <text>"}` from its helpers,
`{"error": "…"}` for a missing or invalid parameter, and OAuth-style bodies for a token that is revoked, expired
or lacks the scope.
*/
export function message(status: number, text: unknown, headers: Readonly<Record<string, string>> = {}): SimResponse {
	return {status, headers: {...json, ...headers}, body: {message: text}};
}

export const unauthorized = (): SimResponse => message(401, '401 Unauthorized');
export const forbidden = (): SimResponse => message(403, '403 Forbidden');
export const notFound = (what: string): SimResponse => message(404, `404 ${what} Not Found`);
export const badRequest = (reason: string): SimResponse => message(400, `400 Bad request - ${reason}`);

export function invalidParameter(text: string): SimResponse {
	return {status: 400, headers: json, body: {error: text}};
}

export function revokedToken(): SimResponse {
	return {status: 401, headers: json, body: {error: 'invalid_token', error_description: 'Token was revoked. You have to re-authorize from the user.'}};
}

export function expiredToken(): SimResponse {
	return {status: 401, headers: json, body: {error: 'invalid_token', error_description: 'Token is expired. You can either do re-authorization or token refresh.'}};
}

export function insufficientScope(scope: string): SimResponse {
	return {status: 403, headers: json, body: {error: 'insufficient_scope', error_description: 'The request requires higher privileges than provided by the access token.', scope}};
}
