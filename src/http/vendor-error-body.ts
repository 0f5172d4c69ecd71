import type {Redactor} from '../redaction/redactor.js';
import {clip} from './redact.js';

/** What tokenkit reads from a vendor's error response: never the whole body, only its message and ids. */
export interface VendorErrorInfo {
	readonly code: string | undefined;
	readonly message: string | undefined;
	readonly requestId: string | undefined;
}

const requestIdHeaders = ['x-request-id', 'request-id', 'x-amzn-requestid', 'x-correlation-id', 'x-github-request-id', 'x-okta-request-id'] as const;

/** Longer than any vendor's real request id (a UUID is 36), short enough that a made-up one cannot flood a line. */
const requestIdLength = 100;

/**
Pulls the message out of the error body shapes the vendors use: LaunchDarkly `{code, message, id}`,
Mist `{detail}`, Cloudflare `{errors: [{code, message}]}` (the first one), Datadog `{errors: [string]}` (the first
three, joined), OpenAI `{error: {message, type, param, code}}` (the parameter it names is added to the message, the
code read before the type), Okta `{errorCode, errorSummary, errorId,
errorCauses: [{errorSummary}]}` (whose causes say what a 400 was about), and the common `{error}` / `{message}`. Each text is scrubbed of every secret the redactor
knows, then clipped to one line with its control, escape and bidi characters made visible (`clip`) before it
can reach an error message.
*/
export function readVendorError(text: string, headers: Headers, redactor: Redactor): VendorErrorInfo {
	const body = parseObject(text);
	const listed = firstListedError(body);
	const nested = nestedError(body);
	const summary = firstString(body, ['message', 'detail', 'error', 'error_description', 'errorSummary']) ?? firstString(listed, ['message']) ?? listedStrings(body) ?? firstString(nested, ['message']);
	const param = firstString(nested, ['param']);
	const detail = causeSummaries(body) || (param === undefined ? '' : `param "${param}"`);
	const message = summary === undefined || detail === '' ? summary : `${summary} (${detail})`;
	const code = firstString(body, ['code', 'errorCode']) ?? codeOf(listed) ?? firstString(nested, ['code', 'type']);
	// LaunchDarkly puts a request id for support in `id` next to `code`, Okta in `errorId`; Mist's 404 `{id}` is not one.
	const bodyRequestId = code === undefined ? undefined : firstString(body, ['id', 'requestId', 'request_id', 'errorId']);
	return {
		code: code === undefined ? undefined : clip(redactor.scrub(code), 80),
		message: message === undefined ? undefined : clip(redactor.scrub(message)),
		requestId: requestIdFrom(headers, redactor) ?? (bodyRequestId === undefined ? undefined : clip(redactor.scrub(bodyRequestId), requestIdLength)),
	};
}

/**
The vendor's request id from the response headers, scrubbed of every known secret (an echo is an echo) and made
inert and short: it is printed in error messages, and a header can carry any byte a vendor puts in it.
*/
export function requestIdFrom(headers: Headers, redactor: Redactor): string | undefined {
	const value = requestIdHeaders.map(name => headers.get(name)).find(value => value !== null && value !== '') ?? undefined;
	return value === undefined ? undefined : clip(redactor.scrub(value), requestIdLength);
}

function parseObject(text: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(text);
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? {...value} : undefined;
	} catch {
		return undefined;
	}
}

/** Okta's `errorCauses[].errorSummary`, joined: the reason behind a generic summary such as "Api validation failed". */
function causeSummaries(body: Record<string, unknown> | undefined): string {
	const causes = body?.['errorCauses'];
	if (!Array.isArray(causes)) {
		return '';
	}

	const summaries: string[] = [];
	for (const cause of causes.slice(0, 3)) {
		const text: unknown = typeof cause === 'object' && cause !== null ? Reflect.get(cause, 'errorSummary') : undefined;
		if (typeof text === 'string' && text !== '') {
			summaries.push(text);
		}
	}

	return summaries.join('; ');
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

/** The first item of an `errors` list (Cloudflare's envelope), when it is an object. */
function firstListedError(body: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
	const errors: unknown = body?.['errors'];
	const first: unknown = Array.isArray(errors) ? errors.at(0) : undefined;
	return typeof first === 'object' && first !== null && !Array.isArray(first) ? {...first} : undefined;
}

/** The texts of an `errors` list of strings (Datadog's `APIErrorResponse`), the first three joined; undefined when it holds none. */
function listedStrings(body: Record<string, unknown> | undefined): string | undefined {
	const errors: unknown = body?.['errors'];
	const texts = Array.isArray(errors) ? errors.slice(0, 3).filter((item): item is string => typeof item === 'string' && item !== '') : [];
	return texts.length === 0 ? undefined : texts.join('; ');
}

/** OpenAI's `{error: {message, type, param, code}}`: the object under `error`, when it is one. */
function nestedError(body: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
	const error: unknown = body?.['error'];
	return typeof error === 'object' && error !== null && !Array.isArray(error) ? {...error} : undefined;
}

/** A listed error's code, which Cloudflare sends as a number. */
function codeOf(listed: Record<string, unknown> | undefined): string | undefined {
	const code = listed?.['code'];
	return typeof code === 'number' && Number.isFinite(code) ? String(code) : firstString(listed, ['code']);
}
