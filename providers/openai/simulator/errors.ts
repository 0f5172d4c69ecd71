import type {SimResponse} from '../../../src/simulate/types.js';

/**
An OpenAI error answer: `{error: {message, type, param, code}}`, all four keys always there, null where unset ([S]:
`ErrorResponse`). The wording of each message is the simulator's own ([I]).
*/
export function errorResponse(status: number, message: string, options: {readonly type?: string; readonly param?: string | null; readonly code?: string | null; readonly headers?: Readonly<Record<string, string>>} = {}): SimResponse {
	return {
		status,
		...(options.headers === undefined ? {} : {headers: options.headers}),
		body: {error: {message, type: options.type ?? 'invalid_request_error', param: options.param ?? null, code: options.code ?? null}},
	};
}

/** 400 for a bad field of a request, naming it in `param`. */
export function invalidField(param: string, message: string): SimResponse {
	return errorResponse(400, message, {param, code: 'invalid_value'});
}

export function notFound(what: string, id: string): SimResponse {
	return errorResponse(404, `No such ${what}: '${id}'`, {code: 'not_found'});
}
