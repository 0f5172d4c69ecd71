import type * as v from 'valibot';
import {HttpError, type ErrorContext} from '../../src/errors/index.js';
import type {HttpClient, HttpRequest, HttpResponse} from '../../src/http/client.js';
import {clip} from '../../src/http/redact.js';
import type {Redactor} from '../../src/redaction/redactor.js';
import {parseResponse} from '../../src/validate.js';

/** One Mist account's HTTP path, with the checks every Mist answer gets. */
export interface MistApi {
	readonly context: ErrorContext;
	readonly account: string;
	/** The client's redactor: it knows the credential and every key minted through this account. */
	readonly redactor: Redactor;
	/** Sends a request whose answer carries no body worth reading (a PUT or DELETE). */
	send(request: HttpRequest): Promise<HttpResponse>;
	/** Sends a request and validates its body against `schema`. */
	fetch<const TSchema extends v.GenericSchema>(schema: TSchema, request: HttpRequest): Promise<{readonly data: v.InferOutput<TSchema>; readonly response: HttpResponse}>;
}

export function createMistApi(client: HttpClient, account: string): MistApi {
	const {context, redactor} = client;

	async function send(request: HttpRequest): Promise<HttpResponse> {
		const response = await client.send(request);
		rejectErrorField(response, context, redactor);
		return response;
	}

	return {
		context,
		account,
		redactor,
		send,
		async fetch(schema, request) {
			const response = await send(request);
			// Every Mist token record is named by `id`.
			return {data: parseResponse(schema, response, context, {idKey: 'id'}), response};
		},
	};
}

/**
Mist's Python SDK treats a 2xx body that holds an `error` key as a failure (docs/vendors/mist.md, errors [D]). tokenkit
does the same, for every answer: otherwise a PUT or DELETE, whose body is not otherwise read, would count an
`{"error": …}` as success. No Mist token record has an `error` field, so nothing valid is refused.
*/
function rejectErrorField(response: HttpResponse, context: ErrorContext, redactor: Redactor): void {
	const {body} = response;
	if (typeof body !== 'object' || body === null || Array.isArray(body) || !('error' in body)) {
		return;
	}

	const {error} = body;
	if (error === undefined || error === null || error === false || error === '') {
		return;
	}

	throw new HttpError(
		{
			...context,
			status: response.status,
			method: response.method,
			path: response.path,
			requestId: response.requestId,
			vendorMessage: typeof error === 'string' ? clip(redactor.scrub(error)) : undefined,
		},
		'Mist answered with a success status, but the body holds an "error" field, which Mist clients read as a failure',
	);
}
