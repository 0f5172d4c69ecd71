import {HttpError, type HttpErrorDetails} from './http-error.js';

/** 400: the vendor rejected the request as malformed. */
export class BadRequestError extends HttpError {
	override name = 'BadRequestError' as const;
}

/** 401: the credential is missing, unknown, revoked or expired. */
export class AuthenticationError extends HttpError {
	override name = 'AuthenticationError' as const;

	constructor(details: HttpErrorDetails, options?: ErrorOptions) {
		super(details, 'the credential was not accepted (missing, unknown, revoked or expired)', options);
	}
}

/** 403: the credential is valid but lacks the privilege for this operation. */
export class PermissionDeniedError extends HttpError {
	override name = 'PermissionDeniedError' as const;

	constructor(details: HttpErrorDetails, options?: ErrorOptions) {
		super(details, 'the credential lacks the privilege for this operation', options);
	}
}

/** 404: no such token (or no such account or org). */
export class NotFoundError extends HttpError {
	override name = 'NotFoundError' as const;
}

/** 409: the vendor refused because the resource changed underneath (optimistic locking). */
export class ConflictError extends HttpError {
	override name = 'ConflictError' as const;
}

/** 422: the request was well-formed but could not be applied (a JSON Patch that fails, say). */
export class UnprocessableError extends HttpError {
	override name = 'UnprocessableError' as const;
}

/** 5xx after every retry was spent. */
export class ServerError extends HttpError {
	override name = 'ServerError' as const;
}
