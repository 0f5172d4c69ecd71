import {ConfigError} from '../../../src/errors/index.js';
import {WindowCounter} from '../../../src/simulate/window-counter.js';
import type {SimResponse} from '../../../src/simulate/types.js';

/**
GitLab's throttle for authenticated API requests, counted per user (docs/vendors/gitlab.md, rate limits [D]).
GitLab.com allows 2,000 a minute; self-managed instances have it off unless an administrator turns it on.
*/
export interface GitLabRateLimitOptions {
	/** @default 2000 */
	readonly requests?: number | undefined;
	/** @default 60000 */
	readonly windowMs?: number | undefined;
}

export interface RateVerdict {
	readonly allowed: boolean;
	/** The `RateLimit-*` headers every answer carries. */
	readonly headers: Readonly<Record<string, string>>;
	/** The refusal, when not allowed: plain text, with `Retry-After` and `RateLimit-ResetTime`. */
	readonly refusal: SimResponse;
}

export interface GitLabRateLimiter {
	hit(userId: number, now: number): RateVerdict;
	/** An injected 429 (a fault): the same shape, with the given `Retry-After`. */
	refusal(retryAfterSeconds: number, now: number): SimResponse;
}

const throttleName = 'throttle_authenticated_api';

export function createGitLabRateLimiter(options: false | GitLabRateLimitOptions): GitLabRateLimiter {
	const limit = options === false ? null : positive(options.requests ?? 2000, 'rateLimit.requests');
	const windowMs = options === false ? 60_000 : positive(options.windowMs ?? 60_000, 'rateLimit.windowMs');
	const counter = limit === null ? null : new WindowCounter(limit, windowMs);

	return {
		hit(userId, now) {
			if (counter === null || limit === null) {
				return {allowed: true, headers: {}, refusal: refusal(1, now + 1000, {})};
			}

			const verdict = counter.hit(String(userId), now);
			// RateLimit-Reset is epoch seconds (docs/vendors/gitlab.md, rate limits [D]).
			const headers = {
				'RateLimit-Name': throttleName,
				'RateLimit-Limit': String(limit),
				'RateLimit-Observed': String(limit - verdict.remaining),
				'RateLimit-Remaining': String(verdict.remaining),
				'RateLimit-Reset': String(Math.ceil(verdict.resetAt / 1000)),
			};
			return {allowed: verdict.allowed, headers, refusal: refusal(Math.max(1, Math.ceil((verdict.resetAt - now) / 1000)), verdict.resetAt, headers)};
		},
		refusal: (retryAfterSeconds, now) => refusal(retryAfterSeconds, now + retryAfterSeconds * 1000, {}),
	};
}

/** A 429 from the throttle: the body is the plain text `Retry later` (docs/vendors/gitlab.md, rate limits [D]). */
function refusal(retryAfterSeconds: number, resetAt: number, headers: Readonly<Record<string, string>>): SimResponse {
	return {
		status: 429,
		headers: {...headers, 'Content-Type': 'text/plain', 'Retry-After': String(retryAfterSeconds), 'RateLimit-ResetTime': new Date(resetAt).toUTCString()},
		text: 'Retry later\n',
	};
}

function positive(value: number, name: string): number {
	if (!Number.isInteger(value) || value < 1) {
		throw new ConfigError(`${name} must be a whole number of at least 1; got ${value}`, {provider: 'gitlab'});
	}

	return value;
}
