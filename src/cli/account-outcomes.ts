import type {AccountOutcome} from '../inventory/report/types.js';
import type {TokenProvider} from '../provider.js';
import type {CliIo} from './io.js';
import type {Progress} from './progress.js';
import type {TrafficMeter} from './traffic.js';

export interface AccountOutcomes {
	/** An account's listing finished. */
	done(provider: string, account: string, tokens: number): void;
	/** An account's listing failed: said on stderr at once, and kept for the report. */
	failed(provider: string, account: string, tokens: number, error: Error): void;
	/**
	Every account in config order, so a report reads the same from run to run. An account with no outcome was
	cut off by an interrupt: its list is incomplete, and the report says so.
	*/
	ordered(): AccountOutcome[];
}

/** How each account of a run ended, for `inventory` and `audit` alike. */
export function trackOutcomes(providers: readonly TokenProvider[], io: CliIo, progress: Progress, meter: TrafficMeter): AccountOutcomes {
	const outcomes = new Map<string, AccountOutcome>();
	const key = (provider: string, account: string): string => `${provider}\u0000${account}`;
	return {
		done(provider, account, tokens) {
			progress.accountDone();
			outcomes.set(key(provider, account), {provider, account, tokens, complete: true, error: null, traffic: meter.of(provider, account)});
		},
		failed(provider, account, tokens, error) {
			progress.accountDone();
			progress.clear();
			io.stderr.write(`${error.message}\n`);
			const status = 'status' in error && typeof error.status === 'number' ? error.status : null;
			outcomes.set(key(provider, account), {
				provider, account, tokens, complete: false, error: {name: error.name, message: error.message, status}, traffic: meter.of(provider, account),
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
