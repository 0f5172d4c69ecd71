import {RateLimitError, type ErrorContext} from '../errors/index.js';
import {describeWait, longestVendorDelay, readRemaining, readResetTime, retryTime} from './retry.js';
import {abortReason, sleep} from './sleep.js';

/** How fast one provider instance may send. Every field is optional; an absent one sets no limit. */
export interface LimiterOptions {
	/**
	Steady request rate. Opal allows about 100 requests a second per org (docs/vendors/opal.md, rate limits).
	@default Infinity
	*/
	readonly requestsPerSecond?: number | undefined;
	/**
	Requests that may go at once before the steady rate applies.
	@default requestsPerSecond (at least 1)
	*/
	readonly burst?: number | undefined;
	/**
	Requests allowed in any sliding hour. Mist allows 5,000 calls an hour per token (docs/vendors/mist.md, rate limits).
	@default Infinity
	*/
	readonly requestsPerHour?: number | undefined;
	/**
	Requests in flight at once.
	@default 8
	*/
	readonly concurrency?: number | undefined;
}

export interface LimiterDependencies {
	readonly now: () => number;
	/** The longest wait a request accepts before it fails with a RateLimitError instead. */
	readonly maxWait: number;
	readonly context: ErrorContext;
	/** Told of every wait the limiter imposes, for progress and stats. */
	readonly onWait?: ((ms: number, reason: string) => void) | undefined;
}

export type Release = () => void;

interface PlannedStart {
	/** The clock when the start was planned. */
	readonly now: number;
	/** When the request may go. */
	readonly at: number;
	/** What made it wait, for the wait event and a RateLimitError. */
	readonly reason: string;
	/** The request's arrival in the GCRA schedule. */
	readonly arrival: number;
}

const hour = 3_600_000;

/**
Paces one provider instance's requests: a steady rate with a burst (GCRA), an hourly budget over a sliding
window, a bound on requests in flight, and pauses the vendor asks for through its rate-limit headers.
Each provider instance owns its limiter; none is shared through module state.
*/
export class Limiter {
	readonly #emissionInterval: number;
	readonly #burstTolerance: number;
	readonly #hourlyBudget: number;
	readonly #concurrency: number;
	readonly #deps: LimiterDependencies;
	/** Theoretical arrival time of the next request (GCRA). */
	#theoreticalArrival = 0;
	/** Send times within the last hour, oldest first; kept only when there is an hourly budget. */
	readonly #sentInLastHour: number[] = [];
	/** No request may start before this time: set by the vendor's reset headers or a 429. */
	#pausedUntil = 0;
	/** Extra spacing the vendor's remaining-quota headers ask for, until `#spacingUntil`. */
	#spacing = 0;
	#spacingUntil = 0;
	#lastStart = 0;
	#inFlight = 0;
	readonly #waitingForSlot: Array<() => void> = [];

	constructor(options: LimiterOptions, deps: LimiterDependencies) {
		const rate = options.requestsPerSecond ?? Number.POSITIVE_INFINITY;
		this.#emissionInterval = rate === Number.POSITIVE_INFINITY ? 0 : 1000 / rate;
		const burst = options.burst ?? Math.max(1, Math.floor(rate === Number.POSITIVE_INFINITY ? 1 : rate));
		this.#burstTolerance = (burst - 1) * this.#emissionInterval;
		this.#hourlyBudget = options.requestsPerHour ?? Number.POSITIVE_INFINITY;
		this.#concurrency = options.concurrency ?? 8;
		this.#deps = deps;
	}

	/** Requests currently holding a slot. */
	get inFlight(): number {
		return this.#inFlight;
	}

	/**
	Waits until one more request may go, then holds a slot until `release` is called.
	Rejects with RateLimitError when the wait would exceed `maxWait`, and with the signal's reason on abort.
	*/
	async acquire(signal?: AbortSignal): Promise<Release> {
		await this.#takeSlot(signal);
		try {
			const start = this.#planStart();
			const wait = start.at - start.now;
			if (wait > this.#deps.maxWait) {
				throw new RateLimitError(
					{...this.#deps.context, retryAt: retryTime(start.now, wait), status: null, reason: `${start.reason} would need ${describeWait(wait)}, more than the ${Math.ceil(this.#deps.maxWait / 1000)} s cap`},
				);
			}

			// Recorded only once the wait is accepted: a refused request never goes, so it must not use up rate or budget.
			this.#recordStart(start);
			if (wait > 0) {
				this.#deps.onWait?.(wait, start.reason);
				await sleep(wait, signal);
			}
		} catch (error) {
			this.#releaseSlot();
			throw error;
		}

		let released = false;
		return () => {
			if (!released) {
				released = true;
				this.#releaseSlot();
			}
		};
	}

	/** Stops every request of this instance until `until` (epoch ms): the vendor said the window is spent. */
	pauseUntil(until: number): void {
		this.#pausedUntil = Math.max(this.#pausedUntil, until);
	}

	/**
	Reads the vendor's remaining-quota headers after a response. With nothing left, pauses until the reset;
	with little left, spaces the remaining requests evenly over the rest of the window.
	*/
	observe(headers: Headers): void {
		const remaining = readRemaining(headers);
		if (remaining === null) {
			return;
		}

		const now = this.#deps.now();
		const reset = readResetTime(headers, now);
		// A reset absurdly far ahead is no usable time and says nothing to pace by; a 429, if one comes, will say more.
		if (reset === null || reset <= now || reset - now > longestVendorDelay) {
			return;
		}

		if (remaining <= 0) {
			this.pauseUntil(reset);
			return;
		}

		// Requests already in flight will spend some of what is left; keep them out of the spread.
		const spendable = remaining - this.#inFlight;
		if (spendable <= 0) {
			this.pauseUntil(reset);
		} else if (spendable < 10) {
			this.#spacing = (reset - now) / spendable;
			this.#spacingUntil = reset;
		}
	}

	/** When the next request may start and why, without reserving anything yet. */
	#planStart(): PlannedStart {
		const now = this.#deps.now();
		let at = now;
		let reason = 'request rate';
		let arrival = now;

		if (this.#emissionInterval > 0) {
			arrival = Math.max(this.#theoreticalArrival, now);
			at = Math.max(at, arrival - this.#burstTolerance);
		}

		if (this.#pausedUntil > at) {
			at = this.#pausedUntil;
			reason = 'the vendor\'s rate-limit window';
		}

		if (this.#spacingUntil > at && this.#lastStart + this.#spacing > at) {
			at = Math.min(this.#spacingUntil, this.#lastStart + this.#spacing);
			reason = 'the vendor\'s remaining quota';
		}

		if (this.#hourlyBudget !== Number.POSITIVE_INFINITY) {
			const window = this.#sentInLastHour;
			const firstInHour = window.findIndex(sent => sent > at - hour);
			const inHour = firstInHour === -1 ? 0 : window.length - firstInHour;
			if (inHour >= this.#hourlyBudget) {
				const oldest = window[window.length - this.#hourlyBudget] ?? at;
				at = Math.max(at, oldest + hour);
				reason = `the hourly budget of ${this.#hourlyBudget} requests`;
			}
		}

		return {now, at, reason, arrival};
	}

	#recordStart({at, arrival}: PlannedStart): void {
		if (this.#emissionInterval > 0) {
			this.#theoreticalArrival = arrival + this.#emissionInterval;
		}

		if (this.#hourlyBudget !== Number.POSITIVE_INFINITY) {
			const window = this.#sentInLastHour;
			while (window.length > 0 && (window[0] ?? 0) <= at - hour) {
				window.shift();
			}

			window.push(at);
		}

		this.#lastStart = Math.max(this.#lastStart, at);
	}

	async #takeSlot(signal?: AbortSignal): Promise<void> {
		signal?.throwIfAborted();
		if (this.#inFlight < this.#concurrency) {
			this.#inFlight++;
			return;
		}

		await new Promise<void>((resolve, reject) => {
			const grant = (): void => {
				signal?.removeEventListener('abort', onAbort);
				this.#inFlight++;
				resolve();
			};

			const onAbort = (): void => {
				const index = this.#waitingForSlot.indexOf(grant);
				if (index !== -1) {
					this.#waitingForSlot.splice(index, 1);
				}

				reject(abortReason(signal));
			};

			this.#waitingForSlot.push(grant);
			signal?.addEventListener('abort', onAbort, {once: true});
		});
	}

	#releaseSlot(): void {
		this.#inFlight--;
		this.#waitingForSlot.shift()?.();
	}
}
