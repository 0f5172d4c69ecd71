export {TokenkitError, type ErrorContext} from './tokenkit-error.js';
export {ConfigError} from './config-error.js';
export {HttpError, type HttpErrorDetails} from './http-error.js';
export {
	AuthenticationError,
	BadRequestError,
	ConflictError,
	NotFoundError,
	PermissionDeniedError,
	ServerError,
	UnprocessableError,
} from './status-errors.js';
export {RateLimitError, type RateLimitDetails} from './rate-limit-error.js';
export {NetworkError, type NetworkErrorDetails} from './network-error.js';
export {ResponseShapeError, type ResponseShapeDetails, type ShapeIssue} from './response-shape-error.js';
export {MalformedResponseError, type MalformedResponseDetails} from './malformed-response-error.js';
export {RedirectError, type RedirectErrorDetails} from './redirect-error.js';
export {ResponseTooLargeError, type ResponseTooLargeDetails} from './response-too-large-error.js';
export {PaginationError} from './pagination-error.js';
export {UnsupportedOperationError, type UnsupportedOperationDetails} from './unsupported-operation-error.js';
export {RotationIncompleteError, type RotationIncompleteDetails} from './rotation-incomplete-error.js';
export {UnidentifiedMintError, type UnidentifiedMintDetails} from './unidentified-mint-error.js';
export {
	isAuthenticationError,
	isBadRequestError,
	isConfigError,
	isConflictError,
	isHttpError,
	isMalformedResponseError,
	isNetworkError,
	isNotFoundError,
	isPaginationError,
	isPermissionDeniedError,
	isRateLimitError,
	isResponseShapeError,
	isRotationIncompleteError,
	isServerError,
	isTokenkitError,
	isUnprocessableError,
	isUnsupportedOperationError,
} from './guards.js';
