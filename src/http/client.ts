import ky from 'ky';
import pRetry from 'p-retry';
import {
	AuthenticationError,
	ConfigError,
	BadRequestError,
	ConflictError,
	HttpError,
	MalformedResponseError,
	NetworkError,
	NotFoundError,
	PermissionDeniedError,
	RateLimitError,
	RedirectError,
	ResponseTooLargeError,
	ServerError,
	UnprocessableError,
	type ErrorContext,
	type HttpErrorDetails,
} from '../errors/index.js';
import {createRedactor, type Redactor} from '../redaction/redactor.js';
import type {Secret} from '../secret.js';
import {startAttemptAbort, untilAborted} from './attempt-abort.js';
import {AttemptFailure} from './attempt-failure.js';
import {Limiter, type LimiterOptions} from './limiter.js';
import {classifyNetworkFailure} from './network-failure.js';
import {httpDefaults, type HttpEvent, type HttpOptions} from './options.js';
import {fetchFromProxyEnvironment, type FetchFunction} from './proxy.js';
import {readBoundedBody, type BoundedBody} from './read-body.js';
import {isRedirect, redirectTarget} from './redirect-target.js';
import {backoffDelay, describeWait, isIdempotentMethod, notAppliedStatuses, retryableStatuses, retryTime, vendorRequestedDelay, withPositiveJitter} from './retry.js';
import {abortReason, sleep} from './sleep.js';
import {registerMintedKeys} from './minted-keys.js';
import {checkBaseUrl} from './url-policy.js';
import {readVendorError, requestIdFrom} from './vendor-error-body.js';
import type {Environment} from '../environment.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type QueryValue = string | number | boolean | undefined;

export interface HttpRequest {
	readonly method: HttpMethod;
	/** Relative to the base URL, e.g. `api/v1/orgs/abc/apitokens`. */
	readonly path: string;
	readonly query?: Readonly<Record<string, QueryValue>> | undefined;
	/** Sent as JSON with `Content-Type: application/json`. */
	readonly json?: unknown;
	readonly headers?: Readonly<Record<string, string>> | undefined;
	readonly signal?: AbortSignal | undefined;
	/**
	Whether sending twice is harmless. Defaults from the method (RFC 9110 §9.2.2). A non-idempotent request is
	retried only when the vendor provably did not act on it (408, 429, connection refused).
	*/
	readonly idempotent?: boolean | undefined;
	/**
	The field of the JSON answer that holds a key the vendor minted (a create or reset): it is registered with
	the redactor as soon as the answer is read, before anything else sees the answer.
	*/
	readonly mints?: string | undefined;
	/**
	False sends the request once and never again, whatever the answer (429 and 408 included): for a vendor call
	that mints a key and must not be repeated (a rotation strategy that is not `retrySafe`).
	@default true
	*/
	readonly retry?: boolean | undefined;
}

export interface HttpResponse {
	readonly status: number;
	readonly headers: Headers;
	/** The parsed JSON body; undefined when the body was empty. */
	readonly body: unknown;
	readonly requestId: string | undefined;
	/** Method and path, for error messages about this response. */
	readonly method: HttpMethod;
	readonly path: string;
}

/** Counters for one provider instance, for progress and reports. */
export interface HttpStats {
	requests: number;
	retries: number;
	/** 429 responses received. */
	rateLimited: number;
	/** Milliseconds spent waiting for retries and rate limits. */
	waited: number;
}

export interface HttpClientOptions extends HttpOptions {
	readonly provider: string;
	readonly account: string;
	readonly baseUrl: string;
	/** The key tokenkit authenticates with. Kept in a Secret so it never prints. */
	readonly credential: Secret;
	/**
	Builds the Authorization header value from the key, in the vendor's format; or, for a vendor that takes its
	credential in headers of its own (Datadog's `DD-API-KEY` and `DD-APPLICATION-KEY`), those headers, sent instead.
	*/
	readonly authorization: (key: string) => string | Readonly<Record<string, string>>;
	/** Headers sent with every request (e.g. LaunchDarkly's `LD-API-Version`). */
	readonly defaultHeaders?: Readonly<Record<string, string>> | undefined;
	/** The vendor's pacing defaults; `limiter` in HttpOptions overrides them field by field. */
	readonly vendorLimits?: LimiterOptions | undefined;
	/** Where HTTPS_PROXY and friends are read from. @default process.env */
	readonly environment?: Environment | undefined;
	/** Clock in epoch ms; replace it in tests. @default Date.now */
	readonly now?: (() => number) | undefined;
}

export interface HttpClient {
	readonly context: ErrorContext;
	readonly stats: Readonly<HttpStats>;
	readonly limiter: Limiter;
	/** Scrubs the credential and every key minted through this client (and whatever else was registered) from text. */
	readonly redactor: Redactor;
	/** Sends one request through the limiter and the retry policy. Resolves with a 2xx response, or rejects with a TokenkitError. */
	send(request: HttpRequest): Promise<HttpResponse>;
	/**
	Sends one request as `send` does, but leaves the JSON body unparsed until `read` is called. For a page asked for
	ahead of its reader: it then waits as one flat string, which the young-generation collector neither scans nor
	copies, instead of as thousands of objects that outlive several collections and are copied at each. A body found
	garbled when read is asked for again, the retry policy going on from the attempt that brought it (its count and
	its backoff), as `send` would have asked at once. Only for a request that is safe to send twice and mints no key.
	*/
	sendUnread(request: HttpRequest): Promise<UnreadResponse>;
}

/** An answer that has arrived whole, its status checked, its JSON body not parsed yet. */
export interface UnreadResponse {
	/** Parses the body (asking again when it is garbled). */
	read(): Promise<HttpResponse>;
}

/** One attempt's answer as it arrived: a 2xx status, headers and the body's text. */
interface ArrivedAnswer {
	readonly status: number;
	readonly headers: Headers;
	readonly text: string;
	readonly method: HttpMethod;
	readonly path: string;
}

/**
The one HTTP path of every provider: ky for the exchange (its own retry off), p-retry for the single retry
policy, a per-instance limiter, timeouts and abort. Nothing that could hold a secret (the Authorization
header, a request or response body) is put into an error, an event or a log.

Everything a vendor sends is bounded: each attempt ends within `timeout`, body included; a body stops at
`maxResponseBytes`; no redirect is followed (a 3xx is a RedirectError, and nothing goes to its location);
a wait the vendor asks for is capped, and an absurd one is reported as no usable time.
*/
export function createHttpClient(options: HttpClientOptions): HttpClient {
	const context: ErrorContext = {provider: options.provider, account: options.account};
	const base = checkBaseUrl(options.baseUrl, options.allowInsecureHttp ?? false, context);
	const now = options.now ?? Date.now;
	const random = options.random ?? Math.random;
	const attempts = options.retry?.attempts ?? httpDefaults.attempts;
	const baseDelay = options.retry?.baseDelay ?? httpDefaults.baseDelay;
	const maxWait = options.retry?.maxWait ?? httpDefaults.maxWait;
	const timeout = options.timeout ?? httpDefaults.timeout;
	const maxResponseBytes = options.maxResponseBytes ?? httpDefaults.maxResponseBytes;
	validateNumbers(context, {attempts, baseDelay, maxWait, timeout, maxResponseBytes});
	// The abort signals and controllers of requests under way, held strongly until each request ends (see attempt-abort.ts).
	const heldForRequest = new Set<object>();

	const stats: HttpStats = {requests: 0, retries: 0, rateLimited: 0, waited: 0};
	const emit = (event: HttpEvent): void => {
		options.onEvent?.(event);
	};

	const limiter = new Limiter(
		mergeLimits(options.vendorLimits, options.limiter),
		{
			now,
			maxWait,
			context,
			onWait(ms, reason) {
				stats.waited += ms;
				emit({type: 'wait', ms, reason});
			},
		},
	);
	const fetchFunction: FetchFunction = options.fetch ?? fetchFromProxyEnvironment(options.environment ?? process.env) ?? fetch;
	const http = ky.create({retry: 0, timeout: false, throwHttpErrors: false, fetch: fetchFunction});
	const redactor = options.redactor ?? createRedactor();
	redactor.add(options.credential);

	async function attempt(request: HttpRequest, url: URL, path: string, signal: AbortSignal | undefined, attemptNumber: number, record: AttemptRecord): Promise<ArrivedAnswer> {
		const idempotent = request.idempotent ?? isIdempotentMethod(request.method);
		const queuedFrom = now();
		record.sent = false;
		const release = await limiter.acquire(signal);
		// The attempt's time starts once the limiter lets it go, and covers the headers and the whole body.
		const started = now();
		record.queuedMs = started - queuedFrom;
		record.status = null;
		record.sent = true;
		const abort = startAttemptAbort(timeout, signal);
		heldForRequest.add(abort);
		const networkFailure = (error: unknown, stage: 'send' | 'body'): Error => {
			if (signal?.aborted === true) {
				return abortReason(signal);
			}

			const kind = abort.timedOut
				? {reason: `timed out after ${timeout} ms`, notSent: false}
				: stage === 'body'
					? {reason: `response body cut short (${classifyNetworkFailure(error).reason})`, notSent: false}
					: classifyNetworkFailure(error);
			const mayRepeat = idempotent || kind.notSent;
			const reason = mayRepeat ? kind.reason : `${kind.reason}; the vendor may have applied it, so it was not sent again`;
			return new AttemptFailure(new NetworkError({...context, method: request.method, path, reason, notSent: kind.notSent}), mayRepeat, null, false);
		};

		try {
			stats.requests++;
			emit({type: 'request', method: request.method, path, attempt: attemptNumber});
			let response: Response;
			try {
				const credentialHeaders = options.authorization(options.credential.reveal());
				const exchange = http(url, {
					method: request.method,
					headers: {
						accept: 'application/json',
						...options.defaultHeaders,
						...request.headers,
						...(typeof credentialHeaders === 'string' ? {authorization: credentialHeaders} : credentialHeaders),
					},
					json: request.json,
					// The vendors' token APIs never redirect: a 3xx is an answer to report, never a place to go.
					redirect: 'manual',
					signal: abort.signal,
				});
				response = await untilAborted(exchange, abort.signal, late => {
					void late.body?.cancel().catch(() => undefined);
				});
			} catch (error) {
				throw networkFailure(error, 'send');
			}

			limiter.observe(response.headers);
			record.status = response.status;
			if (isRedirect(response)) {
				void response.body?.cancel().catch(() => undefined);
				emit({type: 'response', method: request.method, path, status: response.status, ms: now() - started});
				throw redirectFailure(request.method, path, url, response);
			}

			let body: BoundedBody;
			try {
				body = await readBoundedBody(response, maxResponseBytes, abort.signal);
			} catch (error) {
				throw networkFailure(error, 'body');
			}

			emit({type: 'response', method: request.method, path, status: response.status, ms: now() - started});
			if (body.kind === 'over-limit') {
				// Not retried: the same question would bring the same flood.
				throw new AttemptFailure(new ResponseTooLargeError({...context, method: request.method, path, status: response.status, limit: maxResponseBytes}), false, null, false);
			}

			const {text} = body;
			// A DELETE repeated after a lost answer finds the token already gone: the first attempt did the work.
			const alreadyDeleted = request.method === 'DELETE' && response.status === 404 && attemptNumber > 1;
			if (!response.ok && !alreadyDeleted) {
				throw statusFailure(request.method, path, response, text, idempotent);
			}

			return {status: response.status, headers: response.headers, text, method: request.method, path};
		} finally {
			record.ms = now() - started;
			abort.dispose();
			heldForRequest.delete(abort);
			release();
		}
	}

	/** Tells listeners how one attempt ended and what comes next, from what `attempt` recorded of it. */
	function emitAttempt(request: HttpRequest, path: string, attemptNumber: number, record: AttemptRecord, outcome: {readonly error: Error | null; readonly retryIn: number | null}): void {
		emit({
			type: 'attempt',
			method: request.method,
			path,
			attempt: attemptNumber,
			status: record.status,
			ms: record.ms,
			queuedMs: record.queuedMs,
			problem: outcome.error === null ? null : problemOf(outcome.error),
			retryIn: outcome.retryIn,
		});
	}

	function redirectFailure(method: HttpMethod, path: string, url: URL, response: Response): AttemptFailure {
		const target = redirectTarget(response, url, redactor);
		const error = new RedirectError({
			...context,
			status: response.status,
			method,
			path,
			requestId: requestIdFrom(response.headers, redactor),
			location: target.location,
			crossOrigin: target.crossOrigin,
		});
		// Final: asking again would only be pointed away again.
		return new AttemptFailure(error, false, null, false);
	}

	function parseBody(text: string, method: HttpMethod, path: string, status: number, idempotent: boolean): unknown {
		if (text.trim() === '') {
			return undefined;
		}

		try {
			return JSON.parse(text) as unknown;
		} catch {
			// A garbled body is transient (a proxy, a cut connection); asking again is safe only when sending twice is.
			throw new AttemptFailure(new MalformedResponseError({...context, method, path, status, reason: 'not valid JSON'}), idempotent, null, false);
		}
	}

	function statusFailure(method: HttpMethod, path: string, response: Response, text: string, idempotent: boolean): AttemptFailure {
		const {status} = response;
		const vendor = readVendorError(text, response.headers, redactor);
		const details: HttpErrorDetails = {
			...context,
			status,
			method,
			path,
			requestId: vendor.requestId,
			vendorCode: vendor.code,
			vendorMessage: vendor.message,
		};
		const retryable = retryableStatuses.has(status) && (idempotent || notAppliedStatuses.has(status));
		const requestedDelay = status === 429 || status === 503 ? vendorRequestedDelay(response.headers, now()) : null;
		if (status === 429) {
			stats.rateLimited++;
			const retryAt = requestedDelay === null ? null : retryTime(now(), requestedDelay);
			const error = new RateLimitError({...context, status, retryAt, requestId: vendor.requestId, reason: `${method} ${path} answered HTTP 429`});
			return new AttemptFailure(error, retryable, requestedDelay, true);
		}

		return new AttemptFailure(httpErrorFor(details), retryable, requestedDelay, false);
	}

	/** Counts and tells a retry after attempt `attempt`, then waits `delay` ms before it. */
	async function waitToRetry(method: HttpMethod, path: string, attempt: number, delay: number, reason: string, signal: AbortSignal | undefined): Promise<void> {
		stats.retries++;
		stats.waited += delay;
		emit({type: 'retry', method, path, attempt, delay, reason});
		await sleep(delay, signal);
	}

	/** The request's own signal and the client's, as one. */
	function signalOf(request: HttpRequest): AbortSignal | undefined {
		const signals = [request.signal, options.signal].filter(signal => signal !== undefined);
		return signals.length < 2 ? signals[0] : AbortSignal.any(signals);
	}

	/** The answer with its parsed body. The request id is read only now, after a minted key is registered. */
	function responseOf(arrived: ArrivedAnswer, body: unknown): HttpResponse {
		const {status, headers, method, path} = arrived;
		return {status, headers, body, requestId: requestIdFrom(headers, redactor), method, path};
	}

	async function send(request: HttpRequest): Promise<HttpResponse> {
		return sendAttempts(request, parsedResponse(request));
	}

	/** Reads an answer's body within its attempt, so that a garbled body is asked for again like any other failed attempt. */
	function parsedResponse(request: HttpRequest): (arrived: ArrivedAnswer) => HttpResponse {
		const idempotent = request.idempotent ?? isIdempotentMethod(request.method);
		return arrived => {
			const body = parseBody(arrived.text, arrived.method, arrived.path, arrived.status, idempotent);
			if (request.mints !== undefined) {
				// Before anything else sees the answer (even its request id): from here on the new key is scrubbed everywhere.
				registerMintedKeys(body, request.mints, redactor);
			}

			return responseOf(arrived, body);
		};
	}

	async function sendUnread(request: HttpRequest): Promise<UnreadResponse> {
		if (request.mints !== undefined || !(request.idempotent ?? isIdempotentMethod(request.method))) {
			throw new Error(`sendUnread is for a request that is safe to send twice and mints nothing, not ${request.method} ${request.path}`);
		}

		let made = 0;
		const arrived = await sendAttempts(request, (answer, attemptNumber) => {
			made = attemptNumber;
			return answer;
		});
		return {
			async read() {
				let body: unknown;
				try {
					body = parseBody(arrived.text, arrived.method, arrived.path, arrived.status, true);
				} catch (error) {
					if (!(error instanceof AttemptFailure) || request.retry === false || made >= attempts) {
						throw unwrap(error);
					}

					// The attempt that brought the body failed after all: the policy goes on from it, as it would have at once.
					await waitToRetry(arrived.method, arrived.path, made, backoffDelay(made, baseDelay, maxWait, random), error.error.message, signalOf(request));
					return sendAttempts(request, parsedResponse(request), made);
				}

				return responseOf(arrived, body);
			},
		};
	}

	/**
	One request through the limiter and the retry policy; `accept` reads each answer that arrives, and may fail it as
	an attempt. `made`: attempts already spent on this request, which the policy counts on from.
	*/
	async function sendAttempts<R>(request: HttpRequest, accept: (arrived: ArrivedAnswer, attemptNumber: number) => R, made = 0): Promise<R> {
		const url = buildUrl(base, request.path, request.query);
		const path = `${url.pathname}${url.search}`;
		const signal = signalOf(request);
		// A signal from AbortSignal.any is reachable from its sources only through a WeakRef: hold it until the request ends.
		if (signal !== undefined) {
			heldForRequest.add(signal);
		}

		// Attempts of one request run one after another, so one record serves them all in turn.
		const record: AttemptRecord = {sent: false, status: null, ms: 0, queuedMs: 0};
		try {
			return await pRetry(async count => {
				const attemptNumber = made + count;
				const accepted = accept(await attempt(request, url, path, signal, attemptNumber, record), attemptNumber);
				emitAttempt(request, path, attemptNumber, record, {error: null, retryIn: null});
				return accepted;
			}, {
				retries: attempts - 1 - made,
				// The wait between attempts is ours (below): it follows Retry-After and the cap, which p-retry's timer cannot.
				minTimeout: 0,
				maxTimeout: 0,
				signal,
				shouldRetry: () => true,
				async onFailedAttempt({error, attemptNumber: count, retriesLeft}) {
					const attemptNumber = made + count;
					const final = (thrown: unknown): unknown => {
						// An attempt the limiter refused was never sent, and one cut short by the caller's signal ended no
						// exchange worth a line; every other one is told.
						if (record.sent && signal?.aborted !== true) {
							emitAttempt(request, path, attemptNumber, record, {error: unwrapError(error), retryIn: null});
						}

						return thrown;
					};

					if (!(error instanceof AttemptFailure) || !error.retryable || request.retry === false) {
						throw final(unwrap(error));
					}

					if (retriesLeft === 0) {
						throw final(error.rateLimited
							? new RateLimitError({...context, status: 429, retryAt: retryAtFrom(error), reason: `${request.method} ${path} was still rate limited after ${attemptNumber} attempts`})
							: error.error);
					}

					const delay = error.requestedDelay === null
						? backoffDelay(attemptNumber, baseDelay, maxWait, random)
						: withPositiveJitter(error.requestedDelay, random);
					if (delay > maxWait) {
						if (error.rateLimited && error.requestedDelay !== null) {
							// Other requests of this account would be refused too: stop them here instead of at the vendor.
							limiter.pauseUntil(now() + error.requestedDelay);
						}

						throw final(error.rateLimited
							? new RateLimitError({...context, status: 429, retryAt: retryAtFrom(error), reason: `the vendor asked for ${describeWait(delay)}, more than the ${Math.ceil(maxWait / 1000)} s cap`})
							: error.error);
					}

					emitAttempt(request, path, attemptNumber, record, {error: error.error, retryIn: delay});
					if (error.rateLimited) {
						// The vendor's window is shared by every request of this account: hold them all, not just this one.
						limiter.pauseUntil(now() + delay);
					}

					await waitToRetry(request.method, path, attemptNumber, delay, error.error.message, signal);
				},
			});
		} catch (error) {
			throw unwrap(error);
		} finally {
			if (signal !== undefined) {
				heldForRequest.delete(signal);
			}
		}
	}

	function retryAtFrom(failure: AttemptFailure): Date | null {
		return failure.error instanceof RateLimitError ? failure.error.retryAt : null;
	}

	return {context, stats, limiter, redactor, send, sendUnread};
}

function unwrap(error: unknown): unknown {
	return error instanceof AttemptFailure ? error.error : error;
}

function unwrapError(error: Error): Error {
	return error instanceof AttemptFailure ? error.error : error;
}

/** What `attempt` learns of one attempt as it goes, for the event that tells how it ended. */
interface AttemptRecord {
	/** Whether the limiter let the attempt go, so that it was sent. */
	sent: boolean;
	status: number | null;
	ms: number;
	queuedMs: number;
}

/**
What went wrong with an attempt beyond its status: the reason of a failure below HTTP or of an unreadable body,
or the kind of error; null for a status error, whose status says it.
*/
function problemOf(error: Error): string | null {
	if (error instanceof NetworkError || error instanceof MalformedResponseError) {
		return error.reason;
	}

	return error instanceof HttpError || error instanceof RateLimitError ? null : error.name;
}

function httpErrorFor(details: HttpErrorDetails): HttpError {
	switch (details.status) {
		case 400: {
			return new BadRequestError(details);
		}

		case 401: {
			return new AuthenticationError(details);
		}

		case 403: {
			return new PermissionDeniedError(details);
		}

		case 404: {
			return new NotFoundError(details);
		}

		case 409: {
			return new ConflictError(details);
		}

		case 422: {
			return new UnprocessableError(details);
		}

		default: {
			return details.status >= 500 ? new ServerError(details) : new HttpError(details);
		}
	}
}

function buildUrl(base: URL, path: string, query: HttpRequest['query']): URL {
	const url = new URL(path.replace(/^\/+/, ''), base);
	for (const [key, value] of Object.entries(query ?? {})) {
		if (value !== undefined) {
			url.searchParams.set(key, String(value));
		}
	}

	return url;
}

/** The caller's limits override the vendor's defaults field by field; an absent field keeps the default. */
function mergeLimits(vendor: LimiterOptions | undefined, caller: LimiterOptions | undefined): LimiterOptions {
	return {
		requestsPerSecond: caller?.requestsPerSecond ?? vendor?.requestsPerSecond,
		burst: caller?.burst ?? vendor?.burst,
		requestsPerHour: caller?.requestsPerHour ?? vendor?.requestsPerHour,
		concurrency: caller?.concurrency ?? vendor?.concurrency,
	};
}

/** Options that count things (attempts, bytes) rather than milliseconds. */
const counts: ReadonlySet<string> = new Set(['attempts', 'maxResponseBytes']);

function validateNumbers(context: ErrorContext, numbers: Record<string, number>): void {
	for (const [name, value] of Object.entries(numbers)) {
		const count = counts.has(name);
		if (!Number.isFinite(value) || value < 0 || (count && (!Number.isInteger(value) || value < 1))) {
			throw new ConfigError(`${name} must be ${count ? 'a whole number of at least 1' : 'a finite number of milliseconds, 0 or more'}; got ${value}`, context);
		}
	}
}
