import type {SimResponse} from '../../../src/simulate/types.js';
import {errorCodes, type ErrorRep} from '../schema.js';

export type ErrorStatus = keyof typeof errorCodes | 500 | 503;

const codes: Readonly<Record<ErrorStatus, string>> = {
	...errorCodes,
	// The spec names no code for server errors; these follow the snake_case style of the others ([I]).
	500: 'internal_server_error',
	503: 'service_unavailable',
};

/**
An error in LaunchDarkly's shape: `{code, message, id}` with `application/json` (docs/vendors/launchdarkly.md [S] Errors). `id` is a
request id of the kind support asks for.
*/
export function errorResponse(status: ErrorStatus, message: string, requestId: string, headers: Readonly<Record<string, string>> = {}): SimResponse {
	const body: ErrorRep = {code: codes[status], message, id: requestId};
	return {status, headers: {'Content-Type': 'application/json', ...headers}, body};
}
