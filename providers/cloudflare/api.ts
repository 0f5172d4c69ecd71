import type * as v from 'valibot';
import {HttpError, type ErrorContext} from '../../src/errors/index.js';
import type {HttpClient, HttpRequest, HttpResponse} from '../../src/http/client.js';
import {clip} from '../../src/http/redact.js';
import {parseResponse} from '../../src/validate.js';
import {CloudflareEnvelopeSchema, type CloudflareEnvelope} from './schema.js';

/** A validated answer: its `result`, its `result_info` when sent, and the response it came in. */
export interface CloudflareAnswer<T> {
	readonly result: T;
	readonly resultInfo: CloudflareEnvelope['result_info'];
	readonly response: HttpResponse;
}

/** One Cloudflare account's HTTP path, with the envelope check every answer gets. */
export interface CloudflareApi {
	readonly context: ErrorContext;
	readonly client: HttpClient;
	/** Sends a request and checks the envelope; the result is validated against `schema`. */
	call<const TSchema extends v.GenericSchema>(schema: TSchema, request: HttpRequest): Promise<CloudflareAnswer<v.InferOutput<TSchema>>>;
	/** Checks the envelope of an answer already received (a roll, whose key was read first). */
	checkEnvelope(response: HttpResponse): CloudflareEnvelope;
}

export function createCloudflareApi(client: HttpClient): CloudflareApi {
	const {context} = client;

	function checkEnvelope(response: HttpResponse): CloudflareEnvelope {
		const envelope = parseResponse(CloudflareEnvelopeSchema, response, context);
		// A 200 that says `success: false` (or lists errors) is a failure: Cloudflare's clients read the envelope,
		// not only the status (docs/vendors/cloudflare.md, envelope [S]).
		if (!envelope.success || envelope.errors.length > 0) {
			const [first] = envelope.errors;
			throw new HttpError(
				{
					...context,
					status: response.status,
					method: response.method,
					path: response.path,
					requestId: response.requestId,
					vendorCode: first?.code === undefined ? undefined : String(first.code),
					vendorMessage: first?.message === undefined ? undefined : clip(client.redactor.scrub(first.message)),
				},
				'Cloudflare answered with a success status, but its envelope says the call failed',
			);
		}

		return envelope;
	}

	return {
		context,
		client,
		checkEnvelope,
		async call(schema, request) {
			const response = await client.send(request);
			const envelope = checkEnvelope(response);
			// Issues are named from `result` on, as the record sits in the envelope.
			const result = parseResponse(schema, {...response, body: envelope.result}, context, {idKey: 'id'});
			return {result, resultInfo: envelope.result_info, response};
		},
	};
}
