import type {ConfigError} from './config-error.js';
import type {HttpError} from './http-error.js';
import type {MalformedResponseError} from './malformed-response-error.js';
import type {NetworkError} from './network-error.js';
import type {PaginationError} from './pagination-error.js';
import type {RateLimitError} from './rate-limit-error.js';
import type {ResponseShapeError} from './response-shape-error.js';
import type {RotationIncompleteError} from './rotation-incomplete-error.js';
import type {AuthenticationError, BadRequestError, ConflictError, NotFoundError, PermissionDeniedError, ServerError, UnprocessableError} from './status-errors.js';
import {errorKinds, type TokenkitError} from './tokenkit-error.js';
import type {UnsupportedOperationError} from './unsupported-operation-error.js';

/*
Type guards that work where `instanceof` does not: across realms (a worker, a VM context) and across two copies
of tokenkit in one process. Each reads the brand every tokenkit error carries (see `errorKinds`), so a guard for
a class also accepts its subclasses, as `instanceof` would: `isHttpError` is true for a `NotFoundError`.
*/

function hasKind(value: unknown, kind: string): boolean {
	if (!(typeof value === 'object' && value !== null && errorKinds in value)) {
		return false;
	}

	const kinds: unknown = value[errorKinds];
	return Array.isArray(kinds) && kinds.includes(kind);
}

export function isTokenkitError(value: unknown): value is TokenkitError {
	return hasKind(value, 'TokenkitError');
}

export function isConfigError(value: unknown): value is ConfigError {
	return hasKind(value, 'ConfigError');
}

export function isHttpError(value: unknown): value is HttpError {
	return hasKind(value, 'HttpError');
}

export function isBadRequestError(value: unknown): value is BadRequestError {
	return hasKind(value, 'BadRequestError');
}

export function isAuthenticationError(value: unknown): value is AuthenticationError {
	return hasKind(value, 'AuthenticationError');
}

export function isPermissionDeniedError(value: unknown): value is PermissionDeniedError {
	return hasKind(value, 'PermissionDeniedError');
}

export function isNotFoundError(value: unknown): value is NotFoundError {
	return hasKind(value, 'NotFoundError');
}

export function isConflictError(value: unknown): value is ConflictError {
	return hasKind(value, 'ConflictError');
}

export function isUnprocessableError(value: unknown): value is UnprocessableError {
	return hasKind(value, 'UnprocessableError');
}

export function isServerError(value: unknown): value is ServerError {
	return hasKind(value, 'ServerError');
}

export function isRateLimitError(value: unknown): value is RateLimitError {
	return hasKind(value, 'RateLimitError');
}

export function isNetworkError(value: unknown): value is NetworkError {
	return hasKind(value, 'NetworkError');
}

export function isMalformedResponseError(value: unknown): value is MalformedResponseError {
	return hasKind(value, 'MalformedResponseError');
}

export function isResponseShapeError(value: unknown): value is ResponseShapeError {
	return hasKind(value, 'ResponseShapeError');
}

export function isPaginationError(value: unknown): value is PaginationError {
	return hasKind(value, 'PaginationError');
}

export function isUnsupportedOperationError(value: unknown): value is UnsupportedOperationError {
	return hasKind(value, 'UnsupportedOperationError');
}

export function isRotationIncompleteError(value: unknown): value is RotationIncompleteError {
	return hasKind(value, 'RotationIncompleteError');
}
