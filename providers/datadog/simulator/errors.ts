import type {SimResponse} from '../../../src/simulate/types.js';

/**
Datadog's error body, `{"errors": [string]}` (docs/vendors/datadog.md, errors [S]); an authentication failure adds
`status` and `code` [D issue].
*/
export function errorResponse(status: number, message: string, headers: Readonly<Record<string, string>> = {}): SimResponse {
	const body = status === 401 || status === 403 ? {errors: [message], status: 'error', code: status} : {errors: [message]};
	return {status, headers: {'content-type': 'application/json', ...headers}, body};
}

/** A 204 as Datadog sends it: no body, and sometimes `text/html` for a type [D cassette]. */
export function noContent(): SimResponse {
	return {status: 204, headers: {'content-type': 'text/html; charset=utf-8'}};
}

/** JSON, in Datadog's type for it: `application/vnd.api+json` for access tokens [D cassette], else `application/json`. */
export function jsonResponse(status: number, body: unknown, vendorType = false): SimResponse {
	return {status, headers: {'content-type': vendorType ? 'application/vnd.api+json' : 'application/json'}, body};
}
