import type {SimResponse} from '../../../src/simulate/types.js';
import type {MistNotFound} from '../schema.js';

/*
Mist answers errors the way Django REST framework does: `{detail}` with DRF's stock messages for missing
credentials and missing permission (the spec's 401 and 403 examples are exactly those messages).
*/

export const messages = {
	noCredentials: 'Authentication credentials were not provided.',
	invalidToken: 'Invalid token.',
	emptyTokenHeader: 'Invalid token header. No credentials provided.',
	spacedTokenHeader: 'Invalid token header. Token string should not contain spaces.',
	permissionDenied: 'You do not have permission to perform this action.',
	sourceIpDenied: 'You do not have permission to perform this action: this API token cannot be used from your IP address.',
	userTokensOnly: 'You do not have permission to perform this action: only an admin\'s own API token can manage user API tokens.',
	serverError: 'A server error occurred.',
	unavailable: 'Service temporarily unavailable, try again later.',
} as const;

export function ok(body: unknown): SimResponse {
	return {status: 200, body};
}

/** 200 with no body: Mist's org-token PUT and every DELETE (the spec's `OK` response has no content). */
export function okEmpty(): SimResponse {
	return {status: 200};
}

export function detail(status: number, text: string, headers?: Readonly<Record<string, string>>): SimResponse {
	return {status, body: {detail: text}, ...(headers === undefined ? {} : {headers})};
}

export function badRequest(text: string): SimResponse {
	return detail(400, text);
}

export function forbidden(text: string = messages.permissionDenied): SimResponse {
	return detail(403, text);
}

/**
404 for a missing token, an unknown route or a malformed id, with the body the spec declares for it
(`response_http404`): an object whose only field is an optional `id`. The spec gives no example, so what `id`
holds is inferred: the id that was asked for, when the path names a token; no field at all otherwise. No
`detail`: a client must cope with a 404 that carries no message.
*/
export function notFound(id?: string): SimResponse {
	const body: MistNotFound = id === undefined ? {} : {id};
	return {status: 404, body};
}

export function tooManyRequests(limit: number, retryAfterSeconds: number | undefined): SimResponse {
	return detail(
		429,
		`Too Many Request. The API Token used for the request reached the ${limit} API Calls per hour threshold`,
		retryAfterSeconds === undefined ? undefined : {'retry-after': String(retryAfterSeconds)},
	);
}
