import type {HttpEvent} from '../src/index.js';

/** What tokenkit's own events say happened on the wire during one run. */
export interface WireCounts {
	requests: number;
	/** Responses with status 429. */
	rateLimited: number;
	retries: number;
	/** Milliseconds the retries waited before trying again. */
	retryWaitMs: number;
	/** Milliseconds the limiter held requests back to stay under a known or announced limit. */
	paceWaitMs: number;
}

export interface WireCounter {
	readonly counts: Readonly<WireCounts>;
	readonly onEvent: (event: HttpEvent) => void;
}

/** Counts through the `onEvent` option, which every provider takes; nothing is read from the library's internals. */
export function createWireCounter(): WireCounter {
	const counts: WireCounts = {requests: 0, rateLimited: 0, retries: 0, retryWaitMs: 0, paceWaitMs: 0};
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
