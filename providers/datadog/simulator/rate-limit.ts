import {ConfigError} from '../../../src/errors/index.js';
import {WindowCounter} from '../../../src/simulate/window-counter.js';

/** The buckets the simulator counts separately, named as `X-RateLimit-Name` names them. */
export const datadogBuckets = ['api_keys', 'application_keys', 'current_user_application_keys', 'service_account_application_keys', 'personal_access_tokens', 'service_account_access_tokens', 'users'] as const;

export type DatadogSimBucket = (typeof datadogBuckets)[number];

/**
Datadog's rate limits: per org and per endpoint, in calendar-aligned periods (docs/vendors/datadog.md, rate limits
[D]). Datadog publishes no numbers for the key endpoints; the defaults are a plausible choice, not an org's values.
*/
export interface DatadogRateLimitOptions {
	/**
	Requests per period for one org: one number for every bucket, or per bucket.
	@default 300
	*/
	readonly limit?: number | Readonly<Partial<Record<DatadogSimBucket, number>>> | undefined;
	/**
	The period in seconds (`X-RateLimit-Period`).
	@default 60
	*/
	readonly periodSeconds?: number | undefined;
}

export const datadogRateLimitDefaults = {limit: 300, periodSeconds: 60} as const;

export interface RateVerdict {
	readonly allowed: boolean;
	/** `X-RateLimit-Limit`, `-Period`, `-Remaining`, `-Reset` (seconds until the period ends) and `-Name`, on every answer. */
	readonly headers: Readonly<Record<string, string>>;
}

export interface DatadogRateLimiter {
	hit(orgId: string, bucket: DatadogSimBucket, now: number): RateVerdict;
	/** The headers of a refusal made outside the counters (an injected 429 fault): the period resets after `seconds`. */
	refusalHeaders(seconds: number): Readonly<Record<string, string>>;
}

export function createDatadogRateLimiter(options: false | DatadogRateLimitOptions): DatadogRateLimiter {
	const period = options === false ? datadogRateLimitDefaults.periodSeconds : positive(options.periodSeconds ?? datadogRateLimitDefaults.periodSeconds, 'rateLimit.periodSeconds');
	const refusalHeaders = (seconds: number): Readonly<Record<string, string>> => ({
		'X-RateLimit-Limit': String(datadogRateLimitDefaults.limit),
		'X-RateLimit-Period': String(period),
		'X-RateLimit-Remaining': '0',
		'X-RateLimit-Reset': String(seconds),
		'X-RateLimit-Name': 'api_keys',
	});
	if (options === false) {
		return {hit: () => ({allowed: true, headers: {}}), refusalHeaders};
	}

	const counters = new Map(datadogBuckets.map(bucket => {
		const option = options.limit;
		const limit = positive(typeof option === 'number' ? option : option?.[bucket] ?? datadogRateLimitDefaults.limit, `rateLimit.limit.${bucket}`);
		return [bucket, new WindowCounter(limit, period * 1000)] as const;
	}));

	return {
		hit(orgId, bucket, now) {
			const counter = counters.get(bucket);
			if (counter === undefined) {
				return {allowed: true, headers: {}};
			}

			const verdict = counter.hit(orgId, now);
			return {
				allowed: verdict.allowed,
				headers: {
					'X-RateLimit-Limit': String(counter.limit),
					'X-RateLimit-Period': String(period),
					'X-RateLimit-Remaining': String(verdict.remaining),
					// Seconds until the period ends, at least 1 while it lasts: what a client waits after a 429.
					'X-RateLimit-Reset': String(Math.max(1, Math.ceil((verdict.resetAt - now) / 1000))),
					'X-RateLimit-Name': bucket,
				},
			};
		},
		refusalHeaders,
	};
}

function positive(value: number, name: string): number {
	if (!Number.isInteger(value) || value < 1) {
		throw new ConfigError(`${name} must be a whole number of at least 1; got ${value}`, {provider: 'datadog'});
	}

	return value;
}
