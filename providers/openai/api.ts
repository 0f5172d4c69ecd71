import type * as v from 'valibot';
import {AuthenticationError, PermissionDeniedError, type ErrorContext} from '../../src/errors/index.js';
import type {HttpClient, HttpRequest, HttpResponse} from '../../src/http/client.js';
import type {Redactor} from '../../src/redaction/redactor.js';
import {parseResponse} from '../../src/validate.js';

/** One OpenAI organization's HTTP path, with what every answer gets. */
export interface OpenAIApi {
	readonly context: ErrorContext;
	/** The client's redactor: it knows the credential and every key minted through this account. */
	readonly redactor: Redactor;
	/** Sends a request; a refused credential becomes an error that says what kind of key is needed. */
	send(request: HttpRequest): Promise<HttpResponse>;
	/** Sends a request and validates its body against `schema`. */
	fetch<const TSchema extends v.GenericSchema>(schema: TSchema, request: HttpRequest): Promise<{readonly data: v.InferOutput<TSchema>; readonly response: HttpResponse}>;
}

/**
What a refused credential means here: OpenAI's Administration API takes nothing but an organization admin key ([S]:
every operation's `security` is `AdminApiKeyAuth` alone). Whether a project key is answered 401 or 403 is not
documented ([I]), so both get the same advice.
*/
export const adminKeyNeeded = 'OpenAI\'s Administration API takes only a live organization admin key (sk-admin-…), which an organization owner creates in the dashboard (Settings › Organization › Admin keys): a project or service-account key is refused here, and so is a revoked or expired admin key';

export function createOpenAIApi(client: HttpClient): OpenAIApi {
	const {context, redactor} = client;

	async function send(request: HttpRequest): Promise<HttpResponse> {
		try {
			return await client.send(request);
		} catch (error) {
			throw explainRefusal(error);
		}
	}

	return {
		context,
		redactor,
		send,
		async fetch(schema, request) {
			const response = await send(request);
			return {data: parseResponse(schema, response, context, {idKey: 'id'}), response};
		},
	};
}

/** A 401 or 403 with the advice added after OpenAI's own words; any other error as it was. */
function explainRefusal(error: unknown): unknown {
	if (!(error instanceof AuthenticationError) && !(error instanceof PermissionDeniedError)) {
		return error;
	}

	const details = {...error.details, vendorMessage: error.vendorMessage === undefined ? adminKeyNeeded : `${error.vendorMessage}; ${adminKeyNeeded}`};
	return error instanceof AuthenticationError ? new AuthenticationError(details, {cause: error}) : new PermissionDeniedError(details, {cause: error});
}
