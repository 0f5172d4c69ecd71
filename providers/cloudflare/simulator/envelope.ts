import type {SimResponse} from '../../../src/simulate/types.js';

/** A success in Cloudflare's envelope (docs/vendors/cloudflare.md, envelope [S]). */
export function success(result: unknown, extra: Readonly<Record<string, unknown>> = {}, headers: Readonly<Record<string, string>> = {}): SimResponse {
	return {status: 200, headers, body: {success: true, errors: [], messages: [], result, ...extra}};
}

/** A failure in Cloudflare's envelope: `success: false`, at least one error, `result: null` [S]. */
export function failure(status: number, code: number, message: string, headers: Readonly<Record<string, string>> = {}): SimResponse {
	return {status, headers, body: {success: false, errors: [{code, message}], messages: [], result: null}};
}

/**
The codes the simulator answers with. Cloudflare's spec names none per case; these are the ones seen from the live
API (docs/vendors/cloudflare.md, errors [I]).
*/
export const errors = {
	missingAuth: () => failure(400, 9106, 'Missing X-Auth-Key, X-Auth-Email or Authorization headers'),
	invalidToken: () => failure(401, 1000, 'Invalid API Token'),
	unauthorized: () => failure(403, 9109, 'Unauthorized to access requested resource'),
	location: (ip: string) => failure(403, 9109, `Cannot use the access token from location: ${ip}`),
	noRoute: () => failure(404, 7003, 'Could not route to the requested resource, perhaps your object identifier is invalid?'),
	notFound: () => failure(404, 7003, 'No route for the URI'),
	methodNotAllowed: () => failure(405, 10000, 'Method not allowed for this route'),
	invalid: (message: string) => failure(400, 1001, message),
	quota: (limit: number) => failure(400, 1009, `You have reached the maximum number of API tokens (${limit})`),
	rateLimited: (headers: Readonly<Record<string, string>>) => failure(429, 971, 'Please wait and consider throttling your request speed', headers),
	internal: () => failure(500, 10002, 'An unknown error has occurred'),
	unavailable: () => failure(503, 10043, 'The service is temporarily unavailable'),
} as const;
