import {readRateLimitField} from './ratelimit-field.js';

/**
The one retry policy of tokenkit: which failures are worth another attempt, and how long to wait first.
Delays follow what the vendor says (Retry-After, reset headers) and fall back to exponential backoff with jitter.
*/

/** Statuses that mean "try again later": the request was not, or need not have been, applied. */
export const retryableStatuses: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
Statuses never retried: the same request would get the same answer. Listed so the policy is readable;
any status not in `retryableStatuses` is final as well.
*/
export const doNotRetryStatuses: ReadonlySet<number> = new Set([400, 401, 403, 404, 405, 409, 422]);

/**
Statuses that prove the vendor did not act on the request, so even a non-idempotent POST may be repeated.
408 (RFC 9110 §15.5.9): the server gave up before reading the request. 429 (RFC 6585 §4): refused by rate limit.
*/
export const notAppliedStatuses: ReadonlySet<number> = new Set([408, 429]);

/** Methods that RFC 9110 §9.2.2 calls idempotent: repeating them has the same effect as sending once. */
const idempotentMethods: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export function isIdempotentMethod(method: string): boolean {
	return idempotentMethods.has(method.toUpperCase());
}

/**
The furthest ahead tokenkit believes a vendor's `Retry-After` or reset time: one year. Rate-limit windows last
seconds to hours (a monthly quota at most); a value past this, or past the last instant a `Date` can hold
(year 275760), is not a time anyone can act on. Such a wait is read as `Infinity`: longer than any cap, with no
usable end (see {@link retryTime}).
*/
export const longestVendorDelay = 365 * 86_400_000;

/** The last epoch millisecond a Date can hold (ECMAScript §21.4.1.22, TimeClip). */
const maxDateMs = 8.64e15;

/** A vendor-requested wait in ms, with any wait past {@link longestVendorDelay} (or not a number at all) made `Infinity`. */
function boundedDelay(ms: number): number {
	return Number.isFinite(ms) && ms <= longestVendorDelay ? Math.max(0, ms) : Number.POSITIVE_INFINITY;
}

/**
When a wait of `delay` ms that starts at `now` ends, for a message that says when to try again. Null when the wait
has no usable end (`Infinity`, or past what a Date can hold), where `new Date(…).toISOString()` would throw a RangeError.
*/
export function retryTime(now: number, delay: number): Date | null {
	const at = now + delay;
	return Number.isFinite(at) && Math.abs(at) <= maxDateMs ? new Date(at) : null;
}

/** A wait in words for an error message: `a wait of 120 s`, or `a wait with no usable end`. */
export function describeWait(ms: number): string {
	return Number.isFinite(ms) ? `a wait of ${Math.ceil(ms / 1000)} s` : 'a wait with no usable end';
}

/**
Parses `Retry-After` (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date. Returns milliseconds to wait
from `now`, 0 for a date in the past, `Infinity` for a wait past {@link longestVendorDelay}, or null when the
header is absent or unreadable (which includes a date past year 275760: Date.parse cannot hold it).
*/
export function parseRetryAfter(value: string | null, now: number): number | null {
	if (value === null) {
		return null;
	}

	const trimmed = value.trim();
	if (/^\d+$/.test(trimmed)) {
		return boundedDelay(Number(trimmed) * 1000);
	}

	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) {
		return null;
	}

	return boundedDelay(date - now);
}

/**
Reads a rate-limit reset header as an absolute time in epoch milliseconds.

Vendors disagree on the unit, so the magnitude decides: LaunchDarkly's `X-Ratelimit-Reset` is epoch
milliseconds (docs/vendors/launchdarkly.md, rate limits); some APIs send epoch seconds; the IETF
`RateLimit-Reset` draft sends seconds from now. A value above 1e12 is read as epoch ms, above 1e9 as
epoch seconds, anything smaller as seconds from now. The value may lie absurdly far ahead: a wait is taken
from it only through {@link vendorRequestedDelay}, which bounds it.
*/
export function parseResetHeader(value: string | null, now: number): number | null {
	if (value === null || value.trim() === '') {
		return null;
	}

	const number = Number(value.trim());
	if (!Number.isFinite(number) || number < 0) {
		return null;
	}

	if (number > 1e12) {
		return number;
	}

	if (number > 1e9) {
		return number * 1000;
	}

	return now + number * 1000;
}

/** The headers vendors use to say when a rate-limit window resets. */
export const resetHeaderNames = ['x-ratelimit-reset', 'ratelimit-reset', 'x-rate-limit-reset'] as const;

/** The headers vendors use to say how many requests are left in the window. */
export const remainingHeaderNames = [
	'x-ratelimit-global-remaining',
	'x-ratelimit-route-remaining',
	'x-ratelimit-remaining',
	'ratelimit-remaining',
	'x-rate-limit-remaining',
] as const;

/** The earliest reset time among the reset headers present (the structured `RateLimit` field too), as epoch milliseconds. */
export function readResetTime(headers: Headers, now: number): number | null {
	let earliest: number | null = null;
	for (const item of readRateLimitField(headers)) {
		const reset = now + item.resetSeconds * 1000;
		if (earliest === null || reset < earliest) {
			earliest = reset;
		}
	}

	for (const name of resetHeaderNames) {
		const reset = parseResetHeader(headers.get(name), now);
		if (reset !== null && (earliest === null || reset < earliest)) {
			earliest = reset;
		}
	}

	return earliest;
}

/** The smallest "remaining" count among the headers present (the structured `RateLimit` field too), or null when the vendor sent none. */
export function readRemaining(headers: Headers): number | null {
	let smallest: number | null = null;
	for (const item of readRateLimitField(headers)) {
		if (smallest === null || item.remaining < smallest) {
			smallest = item.remaining;
		}
	}

	for (const name of remainingHeaderNames) {
		const raw = headers.get(name);
		if (raw === null) {
			continue;
		}

		const count = Number(raw.trim());
		if (Number.isFinite(count) && (smallest === null || count < smallest)) {
			smallest = count;
		}
	}

	return smallest;
}

/**
How long the vendor asks us to wait after a 429 or 503: `Retry-After` first, then a reset header
(which counts only when it is in the future). Null when the vendor said nothing usable; `Infinity` when it
asked for a wait past {@link longestVendorDelay}.
*/
export function vendorRequestedDelay(headers: Headers, now: number): number | null {
	const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
	if (retryAfter !== null) {
		return retryAfter;
	}

	const reset = readResetTime(headers, now);
	return reset === null ? null : boundedDelay(reset - now);
}

/**
Exponential backoff with "equal jitter": half the delay is fixed, half is random, so concurrent clients
spread out without any of them retrying immediately. `attempt` counts from 1.
*/
export function backoffDelay(attempt: number, baseDelay: number, maxDelay: number, random: () => number): number {
	const exponential = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1));
	return exponential / 2 + (random() * exponential) / 2;
}

/**
Spreads clients that were all told the same `Retry-After`, so they do not return in one burst: adds up to
10% (at most 1 s) on top of what the vendor asked, never less than it asked.
*/
export function withPositiveJitter(delay: number, random: () => number): number {
	return delay + random() * Math.min(1000, delay * 0.1);
}
