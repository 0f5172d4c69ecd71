/**
Carries one failed attempt through p-retry together with what the retry policy needs to know about it.
Internal: callers only ever see `error`, a member of the tokenkit error family.
*/
export class AttemptFailure extends Error {
	override name = 'AttemptFailure' as const;

	constructor(
		readonly error: Error,
		/** The policy allows another attempt (the failure is transient and repeating is safe). */
		readonly retryable: boolean,
		/** How long the vendor asked us to wait (Retry-After or reset header), in ms; null when it did not say. */
		readonly requestedDelay: number | null,
		/** The vendor refused for rate limiting (429): spent retries end in a RateLimitError. */
		readonly rateLimited: boolean,
	) {
		super(error.message);
	}
}
