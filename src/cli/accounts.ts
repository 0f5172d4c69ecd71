import {builtInVendors} from '../../providers/index.js';
import type {AccountConfig} from '../config.js';
import {ConfigError} from '../errors/index.js';
import type {HttpOptions} from '../http/options.js';
import type {TokenProvider} from '../provider.js';
import type {TrafficMeter} from './traffic.js';
import {UsageError} from './usage-error.js';

export interface AccountFilter {
	readonly providers?: readonly string[] | undefined;
	readonly accounts?: readonly string[] | undefined;
}

/**
The accounts a command works on: every configured one, narrowed by `--provider` and `--account`. A filter
that names nothing configured is a mistake, not an empty result.
*/
export function selectAccounts(accounts: readonly AccountConfig[], filter: AccountFilter): AccountConfig[] {
	const known = builtInVendors.map(vendor => vendor.name);
	for (const provider of filter.providers ?? []) {
		if (!known.includes(provider)) {
			throw new UsageError(`--provider "${provider}" is not a vendor tokenkit knows (known: ${known.join(', ')})`);
		}
	}

	for (const name of filter.accounts ?? []) {
		if (!accounts.some(account => account.name === name)) {
			throw new UsageError(`--account "${name}" is not in the configuration (configured: ${accounts.map(account => account.name).join(', ')})`);
		}
	}

	return accounts.filter(account =>
		(filter.providers === undefined || filter.providers.includes(account.provider))
		&& (filter.accounts === undefined || filter.accounts.includes(account.name)));
}

/**
One provider per account, built by its vendor's registry entry (which validates the vendor's own fields).
With a meter, each account's HTTP events are counted apart before they reach `http.onEvent`.
*/
export function createProviders(accounts: readonly AccountConfig[], http: HttpOptions, meter?: TrafficMeter): TokenProvider[] {
	return accounts.map(account => {
		const vendor = builtInVendors.find(candidate => candidate.name === account.provider);
		if (vendor === undefined) {
			throw new UsageError(`${account.where}: account "${account.name}": unknown provider "${account.provider}"`);
		}

		const onEvent = meter === undefined ? http.onEvent : meter.listenerFor(account.provider, account.name, http.onEvent);
		try {
			return vendor.createProvider(account, {...http, onEvent, allowInsecureHttp: account.allowInsecureHttp, maxResponseBytes: account.maxResponseBytes});
		} catch (error) {
			// The provider checks its options itself and knows nothing of the file: say where the entry is.
			if (error instanceof ConfigError && !error.message.includes(account.where)) {
				throw new ConfigError(`${account.where}: ${error.message}`, {}, {cause: error});
			}

			throw error;
		}
	});
}
