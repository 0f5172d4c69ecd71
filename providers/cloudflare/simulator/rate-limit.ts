import {ConfigError} from '../../../src/errors/index.js';
import {WindowCounter} from '../../../src/simulate/window-counter.js';

/**
Cloudflare's limit (docs/vendors/cloudflare.md, rate limits [D]): 1,200 requests per five minutes per token, and
once over it every call of that token is refused for the next five minutes.
*/
export interface CloudflareRateLimitOptions {
	/** Requests per window per token. @default 1200 */
	readonly limit?: number | undefined;
	/** The window, in milliseconds. @default 300000 */
	readonly windowMs?: number | undefined;
	/** How long a token stays refused once over the limit, in milliseconds. @default 300000 */
	readonly blockMs?: number | undefined;
}

export const cloudflareRateLimitDefaults = {limit: 1200, windowMs: 300_000, blockMs: 300_000} as const satisfies Required<CloudflareRateLimitOptions>;

export interface RateVerdict {
	readonly allowed: boolean;
	/** `Ratelimit` and `Ratelimit-Policy` on every answer; `Retry-After` on a refusal [D]. */
	readonly headers: Readonly<Record<string, string>>;
}

export interface RateLimiter {
	hit(tokenId: string, now: number): RateVerdict;
	/** The headers of an injected 429 fault. */
	refusalHeaders(retryAfterSeconds: number): Readonly<Record<string, string>>;
}

export function createRateLimiter(options: false | CloudflareRateLimitOptions): RateLimiter {
	const limit = whole(options === false ? cloudflareRateLimitDefaults.limit : options.limit ?? cloudflareRateLimitDefaults.limit, 'rateLimit.limit');
	const windowMs = whole(options === false ? cloudflareRateLimitDefaults.windowMs : options.windowMs ?? cloudflareRateLimitDefaults.windowMs, 'rateLimit.windowMs');
	const blockMs = whole(options === false ? cloudflareRateLimitDefaults.blockMs : options.blockMs ?? cloudflareRateLimitDefaults.blockMs, 'rateLimit.blockMs');
	const policy = `"burst";q=${limit};w=${Math.ceil(windowMs / 1000)}`;
	const counter = new WindowCounter(limit, windowMs);
	const blockedUntil = new Map<string, number>();
	const refusal = (seconds: number): Record<string, string> => ({
		Ratelimit: `"default";r=0;t=${seconds}`,
		'Ratelimit-Policy': policy,
		'Retry-After': String(seconds),
	});

	return {
		hit(tokenId, now) {
			if (options === false) {
				return {allowed: true, headers: {}};
			}

			const blocked = blockedUntil.get(tokenId);
			if (blocked !== undefined && blocked > now) {
				return {allowed: false, headers: refusal(Math.ceil((blocked - now) / 1000))};
			}

			const verdict = counter.hit(tokenId, now);
			if (!verdict.allowed) {
				blockedUntil.set(tokenId, now + blockMs);
				return {allowed: false, headers: refusal(Math.ceil(blockMs / 1000))};
			}

			return {allowed: true, headers: {Ratelimit: `"default";r=${verdict.remaining};t=${Math.max(1, Math.ceil((verdict.resetAt - now) / 1000))}`, 'Ratelimit-Policy': policy}};
		},
		refusalHeaders: seconds => refusal(seconds),
	};
}

function whole(value: number, name: string): number {
	if (!Number.isInteger(value) || value < 1) {
		throw new ConfigError(`simulator option ${name} must be a whole number of at least 1; got ${value}`, {provider: 'cloudflare'});
	}

	return value;
}
