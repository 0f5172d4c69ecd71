import {ConfigError} from '../../../src/errors/index.js';
import {WindowCounter} from '../../../src/simulate/window-counter.js';
import type {SimResponse} from '../../../src/simulate/types.js';
import {errorResponse} from './responses.js';

/**
GitHub's two kinds of rate limit as the simulator enforces them (docs/vendors/github.md, rate limits [D]):
- primary: requests an hour per installation, 15,000 for an installation on an Enterprise Cloud org. Every answer
  says where it stands in `x-ratelimit-limit`, `-remaining`, `-used`, `-reset` (epoch seconds) and `-resource`;
  past it, 403 with `x-ratelimit-remaining: 0`.
- secondary: points a minute per endpoint (a GET costs 1, a POST or DELETE 5), 900 by default; past it, 403 (or 429)
  with `retry-after` in seconds and a message that names a secondary rate limit, as Octokit's throttling plugin
  recognises it.
*/
export interface GitHubRateLimitOptions {
	/**
	Requests an hour per installation.
	@default 15000
	*/
	readonly perHour?: number | undefined;
	/**
	Points a minute per endpoint and installation.
	@default 900
	*/
	readonly pointsPerMinute?: number | undefined;
	/**
	The status of a refusal: GitHub documents both (docs/vendors/github.md, rate limits [D]).
	@default 403
	*/
	readonly status?: 403 | 429 | undefined;
}

export const gitHubRateLimitDefaults = {perHour: 15_000, pointsPerMinute: 900, status: 403} as const;

export type RateVerdict =
	| {readonly allowed: true; readonly headers: Readonly<Record<string, string>>}
	| {readonly allowed: false; readonly refusal: SimResponse};

export interface GitHubRateLimiter {
	/** Counts one request of an installation against both limits; `endpoint` is the route's method and template. */
	hit(installationId: number, endpoint: string, method: string, now: number): RateVerdict;
	/** An injected 429 fault: GitHub's secondary-limit answer, with `retry-after`. */
	secondaryRefusal(retryAfterSeconds: number): SimResponse;
}

const hour = 3_600_000;
const minute = 60_000;
const secondaryMessage = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.';

export function createGitHubRateLimiter(options: false | GitHubRateLimitOptions): GitHubRateLimiter {
	const settings = options === false ? undefined : {
		perHour: positive(options.perHour ?? gitHubRateLimitDefaults.perHour, 'rateLimit.perHour'),
		pointsPerMinute: positive(options.pointsPerMinute ?? gitHubRateLimitDefaults.pointsPerMinute, 'rateLimit.pointsPerMinute'),
		status: options.status ?? gitHubRateLimitDefaults.status,
	};
	const primary = settings === undefined ? undefined : new WindowCounter(settings.perHour, hour);
	// Points are counted one by one: a write takes five hits of the same counter.
	const secondary = settings === undefined ? undefined : new WindowCounter(settings.pointsPerMinute, minute);
	const refusalStatus = settings?.status ?? 429;

	const secondaryRefusal = (retryAfterSeconds: number, extra: Readonly<Record<string, string>> = {}): SimResponse =>
		errorResponse(refusalStatus, secondaryMessage, {'retry-after': String(retryAfterSeconds), ...extra}, 'https://docs.github.com/enterprise-cloud@latest/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits');

	return {
		hit(installationId, endpoint, method, now) {
			if (settings === undefined || primary === undefined || secondary === undefined) {
				return {allowed: true, headers: {}};
			}

			const verdict = primary.hit(String(installationId), now);
			const headers = {
				'x-ratelimit-limit': String(settings.perHour),
				'x-ratelimit-remaining': String(verdict.remaining),
				'x-ratelimit-used': String(settings.perHour - verdict.remaining),
				'x-ratelimit-reset': String(Math.ceil(verdict.resetAt / 1000)),
				'x-ratelimit-resource': 'core',
			};
			if (!verdict.allowed) {
				return {
					allowed: false,
					refusal: errorResponse(403, `API rate limit exceeded for installation ID ${installationId}. If you reach out to GitHub Support for help, please include the request ID.`, headers, 'https://docs.github.com/enterprise-cloud@latest/rest/overview/rate-limits-for-the-rest-api'),
				};
			}

			const points = method === 'GET' || method === 'HEAD' ? 1 : 5;
			for (let point = 0; point < points; point++) {
				const spent = secondary.hit(`${installationId} ${endpoint}`, now);
				if (!spent.allowed) {
					return {allowed: false, refusal: secondaryRefusal(Math.max(1, Math.ceil((spent.resetAt - now) / 1000)), headers)};
				}
			}

			return {allowed: true, headers};
		},
		secondaryRefusal: retryAfterSeconds => secondaryRefusal(retryAfterSeconds),
	};
}

function positive(value: number, name: string): number {
	if (!Number.isInteger(value) || value < 1) {
		throw new ConfigError(`${name} must be a whole number of at least 1; got ${value}`, {provider: 'github'});
	}

	return value;
}
