import {ConfigError} from '../../../src/errors/index.js';
import {WindowCounter} from '../../../src/simulate/window-counter.js';
import {routeNames, type RouteName} from './model.js';

/**
LaunchDarkly's rate limits (docs/vendors/launchdarkly.md [S] "Rate limiting"): a global limit per account and a limit per route
(URL pattern and verb) per account, both counted in ten-second windows. The numbers are deliberately
unpublished; the defaults here are plausible choices, not the vendor's values.
*/
export interface LaunchDarklyRateLimitOptions {
	/**
	Requests per window for the whole account, all tokens together.
	@default 500
	*/
	readonly global?: number | undefined;
	/**
	Requests per window per route for the whole account: one number for every route, or per route by the
	spec's operationId (`getTokens`, `postToken`, `getToken`, `patchToken`, `deleteToken`, `resetToken`,
	`getCustomRoles`, `getCallerIdentity`).
	@default {getTokens: 200, getToken: 200, postToken: 50, patchToken: 50, deleteToken: 50, resetToken: 50, getCustomRoles: 200, getCallerIdentity: 200}
	*/
	readonly route?: number | Readonly<Partial<Record<RouteName, number>>> | undefined;
	/**
	The window in milliseconds.
	@default 10000
	*/
	readonly windowMs?: number | undefined;
}

export const rateLimitDefaults = {
	global: 500,
	windowMs: 10_000,
	route: {getTokens: 200, getToken: 200, postToken: 50, patchToken: 50, deleteToken: 50, resetToken: 50, getCustomRoles: 200, getCallerIdentity: 200},
} as const satisfies {global: number; windowMs: number; route: Record<RouteName, number>};

export interface RateVerdict {
	readonly allowed: boolean;
	/** `X-Ratelimit-*` headers; a refusal's `X-Ratelimit-Reset` says when to come back. */
	readonly headers: Readonly<Record<string, string>>;
}

export interface RateLimiter {
	hit(accountId: string, route: RouteName, now: number): RateVerdict;
	/**
	The headers of a refusal that happened outside the counters (an injected 429 fault): it stands for
	LaunchDarkly's IP-based limit, which says `Retry-After` in seconds and nothing else (docs/vendors/launchdarkly.md [S] rate limits).
	*/
	refusalHeaders(retryAfterSeconds: number): Readonly<Record<string, string>>;
}

export function createRateLimiter(options: false | LaunchDarklyRateLimitOptions): RateLimiter {
	if (options === false) {
		return {
			hit: () => ({allowed: true, headers: {}}),
			refusalHeaders: ipLimitHeaders,
		};
	}

	const windowMs = positiveInteger(options.windowMs ?? rateLimitDefaults.windowMs, 'rateLimit.windowMs');
	const global = new WindowCounter(positiveInteger(options.global ?? rateLimitDefaults.global, 'rateLimit.global'), windowMs);
	const routeOption = options.route;
	const routes = new Map(routeNames.map(name => {
		const limit = typeof routeOption === 'number' ? routeOption : routeOption?.[name] ?? rateLimitDefaults.route[name];
		return [name, new WindowCounter(positiveInteger(limit, `rateLimit.route.${name}`), windowMs)] as const;
	}));

	return {
		hit(accountId, route, now) {
			const globalVerdict = global.hit(accountId, now);
			if (!globalVerdict.allowed) {
				return {allowed: false, headers: {'X-Ratelimit-Global-Remaining': '0', 'X-Ratelimit-Reset': String(globalVerdict.resetAt)}};
			}

			const routeVerdict = routes.get(route)?.hit(accountId, now) ?? globalVerdict;
			const headers = {
				'X-Ratelimit-Global-Remaining': String(globalVerdict.remaining),
				'X-Ratelimit-Route-Remaining': String(routeVerdict.remaining),
				'X-Ratelimit-Reset': String(routeVerdict.resetAt),
			};
			// A refusal by the global or route limit says when the window resets, in epoch ms, and has no Retry-After:
			// that header belongs to the IP-based limit (docs/vendors/launchdarkly.md [S] rate limits).
			return {allowed: routeVerdict.allowed, headers};
		},
		refusalHeaders: ipLimitHeaders,
	};
}

function ipLimitHeaders(retryAfterSeconds: number): Readonly<Record<string, string>> {
	return {'Retry-After': String(retryAfterSeconds)};
}

function positiveInteger(value: number, name: string): number {
	if (!Number.isInteger(value) || value < 1) {
		throw new ConfigError(`${name} must be a whole number of at least 1; got ${value}`, {provider: 'launchdarkly'});
	}

	return value;
}
