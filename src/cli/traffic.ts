import type {HttpEvent} from '../http/options.js';
import {createTrafficCounter, type TrafficCounter} from '../http/traffic.js';
import type {AccountTraffic} from '../inventory/report/types.js';

/**
Counts each account's requests, retries, 429s and time spent waiting, from the HTTP events its provider
emits, so a report can say what a flaky or rate-limited vendor cost, account by account.
*/
export interface TrafficMeter {
	/** The event listener for one account's provider; passes every event on to `forward` as well. */
	listenerFor(provider: string, account: string, forward?: (event: HttpEvent) => void): (event: HttpEvent) => void;
	/** What one account has cost so far; all zero for an account that sent nothing. */
	of(provider: string, account: string): AccountTraffic;
}

export function createTrafficMeter(): TrafficMeter {
	const byAccount = new Map<string, TrafficCounter>();
	const key = (provider: string, account: string): string => `${provider}\u0000${account}`;
	return {
		listenerFor(provider, account, forward) {
			const counter = createTrafficCounter();
			byAccount.set(key(provider, account), counter);
			return event => {
				counter.onEvent(event);
				forward?.(event);
			};
		},
		of(provider, account) {
			const counts = byAccount.get(key(provider, account))?.counts;
			return {
				requests: counts?.requests ?? 0,
				retries: counts?.retries ?? 0,
				rateLimited: counts?.rateLimited ?? 0,
				// Whole milliseconds: the waits are timer delays, finer digits would only be noise in a report.
				retryWaitMs: Math.round(counts?.retryWaitMs ?? 0),
				paceWaitMs: Math.round(counts?.paceWaitMs ?? 0),
			};
		},
	};
}
