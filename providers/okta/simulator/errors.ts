import type {SimResponse} from '../../../src/simulate/types.js';

/** Okta's error codes the simulator answers with (docs/vendors/okta.md, errors [S]). */
export const oktaErrors = {
	validation: {status: 400, code: 'E0000001'},
	malformed: {status: 400, code: 'E0000003'},
	forbidden: {status: 403, code: 'E0000006'},
	notFound: {status: 404, code: 'E0000007'},
	serverError: {status: 500, code: 'E0000009'},
	invalidToken: {status: 401, code: 'E0000011'},
	rateLimited: {status: 429, code: 'E0000047'},
	methodNotAllowed: {status: 405, code: 'E0000022'},
} as const satisfies Record<string, {status: number; code: string}>;

export type OktaErrorKind = keyof typeof oktaErrors;

/**
An Okta error answer: `{errorCode, errorSummary, errorLink, errorId, errorCauses}`, `errorLink` repeating the
code, and the request id in `X-Okta-Request-Id` as well as in `errorId` ([S], [D]).
*/
export function errorResponse(kind: OktaErrorKind, summary: string, requestId: string, options: {causes?: readonly string[]; status?: number; headers?: Readonly<Record<string, string>>} = {}): SimResponse {
	const {status, code} = oktaErrors[kind];
	return {
		status: options.status ?? status,
		headers: {'X-Okta-Request-Id': requestId, ...options.headers},
		body: {errorCode: code, errorSummary: summary, errorLink: code, errorId: requestId, errorCauses: (options.causes ?? []).map(cause => ({errorSummary: cause}))},
	};
}
