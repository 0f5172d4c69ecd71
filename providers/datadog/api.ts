import type * as v from 'valibot';
import {NotFoundError, PermissionDeniedError, type ErrorContext} from '../../src/errors/index.js';
import {createBucketClients} from '../../src/http/bucket-clients.js';
import type {HttpClientOptions, HttpRequest, HttpResponse} from '../../src/http/client.js';
import type {Redactor} from '../../src/redaction/redactor.js';
import {parseResponse} from '../../src/validate.js';

/**
Datadog limits requests per org and per endpoint, and names the bucket an answer counted against in
`X-RateLimit-Name` (docs/vendors/datadog.md, rate limits [D]). One client (and limiter) per endpoint family, so a
bucket running low (the users lookups, say) holds back only its own requests: each limiter reads its answers'
`X-RateLimit-Remaining` and `X-RateLimit-Reset` (seconds from now, which src/http/retry.ts reads as such, being
small) and pauses or spreads what is left of that window; a 429 waits for the reset.
*/
export type DatadogBucket = 'api_keys' | 'application_keys' | 'current_user' | 'service_accounts' | 'personal_access_tokens' | 'users';

/** One Datadog account's HTTP path: a client per rate-limit bucket, one redactor for all of them. */
export interface DatadogApi {
	readonly context: ErrorContext;
	/** Knows the API key, the application key and every key minted or read whole through this account. */
	readonly redactor: Redactor;
	send(request: HttpRequest): Promise<HttpResponse>;
	/** Sends a request and validates its body against `schema`. */
	fetch<const TSchema extends v.GenericSchema>(schema: TSchema, request: HttpRequest): Promise<{readonly data: v.InferOutput<TSchema>; readonly response: HttpResponse}>;
}

/** Builds the clients lazily: a run that lists no access token makes no client for them. */
export function createDatadogApi(options: HttpClientOptions): DatadogApi {
	const context: ErrorContext = {provider: options.provider, account: options.account};
	const {redactor, send} = createBucketClients<DatadogBucket>(options, bucketOf, 'api_keys');
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

function bucketOf(path: string): DatadogBucket {
	const segment = /^\/?api\/v2\/([^/?]+)/.exec(path)?.[1];
	switch (segment) {
		case 'application_keys':
		case 'current_user':
		case 'service_accounts':
		case 'personal_access_tokens':
		case 'users': {
			return segment;
		}

		default: {
			return 'api_keys';
		}
	}
}

/**
A 403 with what Datadog wants for the operation (its `x-permission`, docs/vendors/datadog.md, auth [S]) and what to
do; any other error as it is. Datadog's own body says only "Forbidden".
*/
export function explainRefusal(error: unknown, permission: string, instead: string): unknown {
	if (error instanceof PermissionDeniedError) {
		const said = error.vendorMessage ?? 'Forbidden';
		return new PermissionDeniedError({...error.details, vendorMessage: `${said}; this needs the ${permission} permission: give the application key's owner a role with it${instead === '' ? '' : `, or ${instead}`}`}, {cause: error});
	}

	return error;
}

/** A 404 about something a config field names (a service account), saying which field; any other error as it is. */
export function explainMissing(error: unknown, explanation: string): unknown {
	return error instanceof NotFoundError ? new NotFoundError(error.details, explanation, {cause: error}) : error;
}
