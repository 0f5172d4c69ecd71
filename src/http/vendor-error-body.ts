import {clip, redactSecrets} from './redact.js';

/** What tokenkit reads from a vendor's error response: never the whole body, only its message and ids. */
export interface VendorErrorInfo {
	readonly code: string | undefined;
	readonly message: string | undefined;
	readonly requestId: string | undefined;
}

const requestIdHeaders = ['x-request-id', 'request-id', 'x-amzn-requestid', 'x-correlation-id'] as const;

/**
Pulls the message out of the error body shapes the vendors use: LaunchDarkly `{code, message, id}`,
Mist `{detail}`, and the common `{error}` / `{message}`. The message is clipped to one line and scrubbed
of the given secrets before it can reach an error message.
*/
export function readVendorError(text: string, headers: Headers, secrets: readonly string[]): VendorErrorInfo {
	const body = parseObject(text);
	const message = firstString(body, ['message', 'detail', 'error', 'error_description']);
	const code = firstString(body, ['code']);
	// LaunchDarkly puts a request id for support in `id` next to `code`; Mist's 404 `{id}` is not one.
	const bodyRequestId = code === undefined ? undefined : firstString(body, ['id', 'requestId', 'request_id']);
	return {
		code: code === undefined ? undefined : clip(redactSecrets(code, secrets), 80),
		message: message === undefined ? undefined : clip(redactSecrets(message, secrets)),
		requestId: requestIdFrom(headers, secrets) ?? (bodyRequestId === undefined ? undefined : redactSecrets(bodyRequestId, secrets)),
	};
}

/** The vendor's request id from the response headers, scrubbed of the given secrets: it is printed in error messages, and an echo is an echo. */
export function requestIdFrom(headers: Headers, secrets: readonly string[]): string | undefined {
	const value = requestIdHeaders.map(name => headers.get(name)).find(value => value !== null && value !== '') ?? undefined;
	return value === undefined ? undefined : redactSecrets(value, secrets);
}

function parseObject(text: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(text);
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? {...value} : undefined;
	} catch {
		return undefined;
	}
}

function firstString(body: Record<string, unknown> | undefined, keys: readonly string[]): string | undefined {
	if (body === undefined) {
		return undefined;
	}

	for (const key of keys) {
		const value = body[key];
		if (typeof value === 'string' && value !== '') {
			return value;
		}
	}

	return undefined;
}
