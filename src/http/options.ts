import type {Redactor} from '../redaction/redactor.js';
import type {LimiterOptions} from './limiter.js';
import type {FetchFunction} from './proxy.js';

/** How a provider retries. Exactly one retry layer exists; these are its knobs. */
export interface RetryOptions {
	/**
	Attempts per request, the first included. 1 disables retries.
	@default 5
	*/
	readonly attempts?: number | undefined;
	/**
	First backoff delay in milliseconds when the vendor does not say how long to wait; it doubles each attempt.
	@default 500
	*/
	readonly baseDelay?: number | undefined;
	/**
	The longest single wait tokenkit accepts, in milliseconds, whether the vendor asked for it (Retry-After,
	reset headers) or the local budget needs it. A longer one ends the request with a RateLimitError that says
	when to try again, instead of hanging a CI job.
	@default 60000
	*/
	readonly maxWait?: number | undefined;
}

/**
Something that happened on the wire, for progress displays, counters and request logs. Carries no header value
or body: only the method, the path and query tokenkit built, statuses and times.
*/
export type HttpEvent =
	| {readonly type: 'request'; readonly method: string; readonly path: string; readonly attempt: number}
	| {readonly type: 'response'; readonly method: string; readonly path: string; readonly status: number; readonly ms: number}
	| AttemptEvent
	| {readonly type: 'retry'; readonly method: string; readonly path: string; readonly attempt: number; readonly delay: number; readonly reason: string}
	| {readonly type: 'wait'; readonly ms: number; readonly reason: string};

/**
One attempt of a request, told once its outcome is known: exactly one per attempt that was sent, in the order the
retry policy decided them. A request log prints one line from each.
*/
export interface AttemptEvent {
	readonly type: 'attempt';
	readonly method: string;
	readonly path: string;
	/** 1 for the first attempt of a request, 2 for its first retry, … */
	readonly attempt: number;
	/** The status the vendor answered; null when no answer came (a timeout, a refused or reset connection). */
	readonly status: number | null;
	/** Milliseconds from sending to the end of the answer's body (or to the failure). */
	readonly ms: number;
	/** Milliseconds the limiter held the attempt back before sending it (pacing, or requests in flight). */
	readonly queuedMs: number;
	/** What went wrong beyond the status (`timed out after 30000 ms`, `not valid JSON`); null when the status says it all. */
	readonly problem: string | null;
	/** Milliseconds until the next attempt; null when none follows (a success, or a failure that is final). */
	readonly retryIn: number | null;
}

/** The HTTP options every provider factory accepts. */
export interface HttpOptions {
	readonly retry?: RetryOptions | undefined;
	/**
	Milliseconds one attempt may take, from sending to the last byte of the body. A body that trickles in is
	cut off when the time is up, like one that never starts.
	@default 30000
	*/
	readonly timeout?: number | undefined;
	/**
	The largest response body tokenkit reads, in bytes (after decompression). A body past it is not read
	further: the request fails with a ResponseTooLargeError, and is not retried. An endless or huge answer
	thus costs at most this much memory. Raise it for an account whose single answers are larger (a Mist org
	answers its whole token list at once; LaunchDarkly and Opal pages hold at most 1,000 tokens).
	@default 67108864 (64 MiB)
	@example
	createMistProvider({apiKey, orgId, maxResponseBytes: 256 * 1024 * 1024})
	*/
	readonly maxResponseBytes?: number | undefined;
	/** Pacing for this provider instance. Adapters set vendor defaults; these override them. */
	readonly limiter?: LimiterOptions | undefined;
	/** Stops every request of this provider instance, including waits, when it fires. */
	readonly signal?: AbortSignal | undefined;
	/**
	The fetch to use; for tests, instrumentation or a custom agent. When absent, the global fetch is used,
	routed through HTTPS_PROXY / HTTP_PROXY (honouring NO_PROXY) when those are set.
	*/
	readonly fetch?: FetchFunction | undefined;
	/**
	Allow plain `http://` to a host that is not loopback. Off by default: the credential would cross the network in clear.
	@default false
	*/
	readonly allowInsecureHttp?: boolean | undefined;
	/** Called for every request, response, retry and wait. Must not throw. */
	readonly onEvent?: ((event: HttpEvent) => void) | undefined;
	/**
	Random source in [0, 1) for backoff jitter; replace it to make delays reproducible.
	@default Math.random
	*/
	readonly random?: (() => number) | undefined;
	/**
	Scrubs secrets from every error, record and message the provider hands out. The provider registers its
	credential and every key it mints with it. Give several providers one redactor and each also scrubs the
	others' secrets (the command line shares one across a run).
	@default a redactor of the provider's own
	*/
	readonly redactor?: Redactor | undefined;
}

export const httpDefaults = {
	attempts: 5,
	baseDelay: 500,
	maxWait: 60_000,
	timeout: 30_000,
	maxResponseBytes: 64 * 1024 * 1024,
} as const satisfies Record<string, number>;
