import {ConfigError} from '../../../src/errors/index.js';
import {WindowCounter} from '../../../src/simulate/window-counter.js';

/** Okta's endpoint buckets the simulator counts separately (docs/vendors/okta.md, rate limits [D]). */
export const oktaBuckets = ['api-tokens', 'users', 'apps', 'zones'] as const;

export type OktaSimBucket = (typeof oktaBuckets)[number];

/**
Okta's rate limits: per org, per endpoint bucket, per minute, with each API token allowed a share of every bucket
(50% by default) (docs/vendors/okta.md, rate limits [D]). Okta's numbers depend on the org's plan; the defaults
are those of the "most other API actions" bucket of an Enterprise org, a plausible choice, not one org's values.
*/
export interface OktaRateLimitOptions {
	/**
	Requests per window for the whole org: one number for every bucket, or per bucket.
	@default 600
	*/
	readonly perMinute?: number | Readonly<Partial<Record<OktaSimBucket, number>>> | undefined;
	/**
	The share of each bucket one credential may use, from 0.05 to 1.
	@default 0.5
	*/
	readonly tokenShare?: number | undefined;
	/**
	The window in milliseconds.
	@default 60000
	*/
	readonly windowMs?: number | undefined;
}

export const oktaRateLimitDefaults = {perMinute: 600, tokenShare: 0.5, windowMs: 60_000} as const;

export interface RateVerdict {
	readonly allowed: boolean;
	/** `X-Rate-Limit-Limit`, `-Remaining`, `-Reset` (epoch seconds): on every answer, a refusal included. */
	readonly headers: Readonly<Record<string, string>>;
}

export interface OktaRateLimiter {
	hit(orgId: string, credential: string, bucket: OktaSimBucket, now: number): RateVerdict;
	/** The headers of a refusal made outside the counters (an injected 429 fault): the window resets after `seconds`. */
	refusalHeaders(now: number, seconds: number): Readonly<Record<string, string>>;
}

/**
The headers report whichever limit is closer to running out for this request: the org's bucket or the
credential's share of it ([I]: Okta reports the concurrent limit in the same headers when that one is hit).
*/
export function createOktaRateLimiter(options: false | OktaRateLimitOptions): OktaRateLimiter {
	const windowMs = options === false ? oktaRateLimitDefaults.windowMs : positive(options.windowMs ?? oktaRateLimitDefaults.windowMs, 'rateLimit.windowMs');
	const refusalHeaders = (now: number, seconds: number): Readonly<Record<string, string>> => ({
		'X-Rate-Limit-Limit': '0',
		'X-Rate-Limit-Remaining': '0',
		'X-Rate-Limit-Reset': String(Math.ceil(now / 1000) + seconds),
	});
	if (options === false) {
		return {hit: () => ({allowed: true, headers: {}}), refusalHeaders};
	}

	const share = options.tokenShare ?? oktaRateLimitDefaults.tokenShare;
	if (!Number.isFinite(share) || share < 0.05 || share > 1) {
		throw new ConfigError(`rateLimit.tokenShare must be from 0.05 to 1; got ${share}`, {provider: 'okta'});
	}

	const counters = new Map(oktaBuckets.map(bucket => {
		const option = options.perMinute;
		const limit = positive(typeof option === 'number' ? option : option?.[bucket] ?? oktaRateLimitDefaults.perMinute, `rateLimit.perMinute.${bucket}`);
		return [bucket, {org: new WindowCounter(limit, windowMs), token: new WindowCounter(Math.max(1, Math.floor(limit * share)), windowMs)}] as const;
	}));

	return {
		hit(orgId, credential, bucket, now) {
			const counter = counters.get(bucket);
			if (counter === undefined) {
				return {allowed: true, headers: {}};
			}

			const org = counter.org.hit(orgId, now);
			const token = org.allowed ? counter.token.hit(`${orgId}:${credential}`, now) : org;
			const tighter = token.remaining < org.remaining || !token.allowed ? {verdict: token, limit: counter.token.limit} : {verdict: org, limit: counter.org.limit};
			return {
				allowed: org.allowed && token.allowed,
				headers: {
					'X-Rate-Limit-Limit': String(tighter.limit),
					'X-Rate-Limit-Remaining': String(tighter.verdict.remaining),
					'X-Rate-Limit-Reset': String(Math.ceil(tighter.verdict.resetAt / 1000)),
				},
			};
		},
		refusalHeaders,
	};
}

function positive(value: number, name: string): number {
	if (!Number.isInteger(value) || value < 1) {
		throw new ConfigError(`${name} must be a whole number of at least 1; got ${value}`, {provider: 'okta'});
	}

	return value;
}
