// The public surface of tokenkit. Every export is named here by hand, so nothing becomes public by accident.
export type {Owner, Privilege, Token, TokenJSON, TokenKind} from './token.js';
export {tokenToJSON} from './token.js';
export {Secret} from './secret.js';
export type {
	CallOptions,
	Capabilities,
	CreateTokenInput,
	ListOptions,
	MintedToken,
	PaginationStyle,
	PreviousKey,
	RotateOptions,
	RotateResult,
	RotationStyle,
	TokenOperation,
	TokenProvider,
	UpdateTokenInput,
} from './provider.js';
export {
	AuthenticationError,
	BadRequestError,
	ConfigError,
	ConflictError,
	HttpError,
	MalformedResponseError,
	NetworkError,
	NotFoundError,
	PaginationError,
	PermissionDeniedError,
	RateLimitError,
	ResponseShapeError,
	ServerError,
	TokenkitError,
	UnprocessableError,
	UnsupportedOperationError,
} from './errors/index.js';
export type {ErrorContext, HttpErrorDetails, ShapeIssue} from './errors/index.js';
export {createHttpClient} from './http/client.js';
export type {HttpClient, HttpClientOptions, HttpMethod, HttpRequest, HttpResponse, HttpStats} from './http/client.js';
export type {HttpEvent, HttpOptions, RetryOptions} from './http/options.js';
export type {LimiterOptions} from './http/limiter.js';
export type {FetchFunction} from './http/proxy.js';
export {parseResponse} from './validate.js';
export {paginateCursor, paginateNone, paginateOffset} from './paginate.js';
export type {CursorPage, CursorPagination, OffsetPage, OffsetPagination} from './paginate.js';
