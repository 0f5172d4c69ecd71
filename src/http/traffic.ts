import type {HttpEvent} from './options.js';

/** What a provider's HTTP events say happened on the wire. */
export interface TrafficCounts {
	requests: number;
	/** Responses with status 429. */
	rateLimited: number;
	retries: number;
	/** Milliseconds retries waited before trying again (backoff, Retry-After), summed over requests. */
	retryWaitMs: number;
	/** Milliseconds the limiter held requests back to stay under a known or announced limit, summed over requests. */
	paceWaitMs: number;
}

export interface TrafficCounter {
	readonly counts: Readonly<TrafficCounts>;
	/** Pass as a provider's `onEvent`. */
	readonly onEvent: (event: HttpEvent) => void;
}

/**
Counts requests, 429s, retries and waiting from the `onEvent` option every provider takes. Waits are summed
over requests, so with requests in flight side by side they can add up to more than the wall time.
*/
export function createTrafficCounter(): TrafficCounter {
	const counts: TrafficCounts = {requests: 0, rateLimited: 0, retries: 0, retryWaitMs: 0, paceWaitMs: 0};
	return {
		counts,
		onEvent(event) {
			switch (event.type) {
				case 'request': {
					counts.requests++;
					break;
				}

				case 'response': {
					if (event.status === 429) {
						counts.rateLimited++;
					}

					break;
				}

				case 'retry': {
					counts.retries++;
					counts.retryWaitMs += event.delay;
					break;
				}

				case 'wait': {
					counts.paceWaitMs += event.ms;
					break;
				}
			}
		},
	};
}
