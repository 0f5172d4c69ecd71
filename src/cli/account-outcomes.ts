import type {AccountOutcome} from '../inventory/report/types.js';
import type {TokenProvider} from '../provider.js';
import {inert, lineLength} from '../text/inert.js';
import type {CommandIo} from './io.js';
import type {Progress} from './progress.js';
import type {TrafficMeter} from './traffic.js';

/** How a listing reports an account's end; inventory and audit events share these two. */
export type AccountEndEvent =
	| {readonly type: 'account-done'; readonly provider: string; readonly account: string; readonly tokens: number}
	| {readonly type: 'account-failed'; readonly provider: string; readonly account: string; readonly tokens: number; readonly error: Error};

export interface AccountOutcomes {
	/** Records how an account's listing ended. A failure is said on stderr at once, and kept for the report. */
	record(event: AccountEndEvent): void;
	/**
	Every account in config order, so a report reads the same from run to run. An account with no outcome was
	cut off by an interrupt: its list is incomplete, and the report says so.
	*/
	ordered(): AccountOutcome[];
}

/** How each account of a run ended, for `inventory` and `audit` alike. */
export function trackOutcomes(providers: readonly TokenProvider[], io: CommandIo, progress: Progress, meter: TrafficMeter): AccountOutcomes {
	const outcomes = new Map<string, AccountOutcome>();
	const key = (provider: string, account: string): string => `${provider}\u0000${account}`;
	return {
		record(event) {
			const {provider, account, tokens} = event;
			progress.accountDone(event.type === 'account-done');
			if (event.type === 'account-done') {
				outcomes.set(key(provider, account), {provider, account, tokens, complete: true, error: null, traffic: meter.of(provider, account)});
				return;
			}

			const {error} = event;
			const message = io.redactor.scrub(error.message);
			progress.clear();
			// Not every failure is a TokenkitError, whose message is inert already; whatever it is, it gets one line.
			io.stderr.write(`${inert(message, lineLength)}\n`);
			const status = 'status' in error && typeof error.status === 'number' ? error.status : null;
			outcomes.set(key(provider, account), {
				provider, account, tokens, complete: false, error: {name: error.name, message, status}, traffic: meter.of(provider, account),
			});
		},
		ordered() {
			return providers.map(provider => outcomes.get(key(provider.provider, provider.account)) ?? {
				provider: provider.provider,
				account: provider.account,
				tokens: 0,
				complete: false,
				error: {name: 'Interrupted', message: 'interrupted before the list was complete', status: null},
				traffic: meter.of(provider.provider, provider.account),
			});
		},
	};
}
