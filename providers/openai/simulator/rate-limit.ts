import {ConfigError} from '../../../src/errors/index.js';
import {WindowCounter} from '../../../src/simulate/window-counter.js';

/**
How many requests the simulator lets one organization make. OpenAI publishes no numbers for its Administration API
([S]: none of its routes even declares a 429); the defaults are a plausible choice, not OpenAI's values ([I]).
*/
export interface OpenAIRateLimitOptions {
	/**
	Requests per window for the whole organization, every admin key together.
	@default 300
	*/
	readonly perWindow?: number | undefined;
	/**
	The window in milliseconds.
	@default 60000
	*/
	readonly windowMs?: number | undefined;
}

export const openAIRateLimitDefaults = {perWindow: 300, windowMs: 60_000} as const;

export interface RateVerdict {
	readonly allowed: boolean;
	/** Whole seconds until the window resets: the 429's `Retry-After`. */
	readonly retryAfterSeconds: number;
}

export interface OpenAIRateLimiter {
	hit(orgId: string, now: number): RateVerdict;
}

/**
A fixed window per organization. A refusal is a 429 with `Retry-After` in whole seconds, as the spec's shared
`TooManyRequests` answer has it ([S]). No `x-ratelimit-*` headers: OpenAI sends them on its inference routes, and
whether it does on these is not known ([I]), so the simulator does not claim it.
*/
export function createOpenAIRateLimiter(options: false | OpenAIRateLimitOptions): OpenAIRateLimiter {
	if (options === false) {
		return {hit: () => ({allowed: true, retryAfterSeconds: 0})};
	}

	const limit = positive(options.perWindow ?? openAIRateLimitDefaults.perWindow, 'rateLimit.perWindow');
	const windowMs = positive(options.windowMs ?? openAIRateLimitDefaults.windowMs, 'rateLimit.windowMs');
	const counter = new WindowCounter(limit, windowMs);
	return {
		hit(orgId, now) {
			const verdict = counter.hit(orgId, now);
			return {allowed: verdict.allowed, retryAfterSeconds: Math.max(1, Math.ceil((verdict.resetAt - now) / 1000))};
		},
	};
}

function positive(value: number, name: string): number {
	if (!Number.isInteger(value) || value < 1) {
		throw new ConfigError(`${name} must be a whole number of at least 1; got ${value}`, {provider: 'openai'});
	}

	return value;
}
