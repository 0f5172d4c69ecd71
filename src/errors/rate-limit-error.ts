import {TokenkitError, type ErrorContext} from './tokenkit-error.js';

export interface RateLimitDetails extends ErrorContext {
	/** When the vendor (or the local hourly budget) says a request may succeed again; null if nobody gave a usable time. */
	readonly retryAt: Date | null;
	/** The HTTP status that signalled it (429), or null when the local budget stopped the request before sending. */
	readonly status: number | null;
	readonly requestId?: string | undefined;
	/** Why tokenkit gave up instead of waiting. */
	readonly reason: string;
}

/**
The vendor's rate limit (or the local budget that mirrors it) would need a longer wait than the cap allows,
or the retries ran out. The message says when to try again.
*/
export class RateLimitError extends TokenkitError {
	override name = 'RateLimitError' as const;
	readonly retryAt: Date | null;
	readonly status: number | null;
	readonly requestId: string | undefined;

	constructor(details: RateLimitDetails, options?: ErrorOptions) {
		// An Invalid Date (built from a vendor's absurd number) would make toISOString throw a bare RangeError.
		const retryAt = details.retryAt === null || Number.isNaN(details.retryAt.getTime()) ? null : details.retryAt;
		const when = retryAt === null ? 'try again later (the vendor gave no usable time)' : `try again after ${retryAt.toISOString()}`;
		super(`rate limited: ${details.reason}; ${when}`, details, options);
		this.retryAt = retryAt;
		this.status = details.status;
		this.requestId = details.requestId;
	}
}
