/**
Counts requests per key in fixed windows (e.g. 10 s for LaunchDarkly, an hour for Mist), the way the
vendors describe their limits. Each simulator owns its counters.
*/
export interface WindowVerdict {
	readonly allowed: boolean;
	/** Requests left in this window after this one. */
	readonly remaining: number;
	/** When the window ends, epoch ms. */
	readonly resetAt: number;
}

export class WindowCounter {
	readonly #windows = new Map<string, {start: number; count: number}>();

	constructor(
		readonly limit: number,
		readonly windowMs: number,
	) {}

	hit(key: string, now: number): WindowVerdict {
		const start = Math.floor(now / this.windowMs) * this.windowMs;
		let window = this.#windows.get(key);
		if (window?.start !== start) {
			window = {start, count: 0};
			this.#windows.set(key, window);
		}

		const resetAt = start + this.windowMs;
		if (window.count >= this.limit) {
			return {allowed: false, remaining: 0, resetAt};
		}

		window.count++;
		return {allowed: true, remaining: this.limit - window.count, resetAt};
	}
}
