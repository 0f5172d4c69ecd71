import {builtInVendorNames, loadBuiltInVendors} from '../../providers/catalog.js';
import type {AccountConfig, TokenkitConfig} from '../config.js';
import type {HttpEvent, HttpOptions} from '../http/options.js';
import type {TokenProvider} from '../provider.js';
import {createProvidersOf} from '../providers-from-config.js';
import type {TrafficMeter} from './traffic.js';
import type {VendorDefinition} from '../vendor.js';
import {UsageError} from './usage-error.js';
import {requestLog, type Verbose} from './verbose.js';

export interface AccountFilter {
	readonly providers?: readonly string[] | undefined;
	readonly accounts?: readonly string[] | undefined;
}

/**
The accounts a command works on: every configured one, narrowed by `--provider` and `--account`. Each flag may
be repeated or hold a comma-separated list (`--provider mist,opal`), as `simulate --vendors` does. A filter
that names nothing configured is a mistake, not an empty result.
*/
export function selectAccounts(accounts: readonly AccountConfig[], given: AccountFilter, known: readonly string[] = builtInVendorNames): AccountConfig[] {
	const filter = {
		providers: given.providers?.flatMap(value => splitList(value)),
		// An account name may itself hold a comma: a value that names one as it is stays whole.
		accounts: given.accounts?.flatMap(value => (accounts.some(account => account.name === value) ? [value] : splitList(value))),
	};
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

function splitList(value: string): string[] {
	const items = value.split(',').map(item => item.trim());
	if (items.includes('')) {
		throw new UsageError(`"${value}" has an empty name in it; write names separated by commas, e.g. mist,opal`);
	}

	return items;
}

/**
One provider per account, built by its vendor's registry entry (which validates the vendor's own fields).
With a meter, each account's HTTP events are counted apart before they reach `http.onEvent`; with --verbose,
each account's requests are logged, one line per attempt.
*/
export function createProviders(accounts: readonly AccountConfig[], http: HttpOptions, meter: TrafficMeter | undefined, vendors: readonly VendorDefinition[], verbose: Verbose = null): TokenProvider[] {
	return createProvidersOf(vendors, accounts, account => {
		const log = verbose === null ? undefined : requestLog(verbose, account.provider, account.name);
		const forward = log === undefined ? http.onEvent : (event: HttpEvent) => {
			log(event);
			http.onEvent?.(event);
		};
		return {...http, onEvent: meter === undefined ? forward : meter.listenerFor(account.provider, account.name, forward)};
	});
}

/** The names of the vendors a config may use: the built-in ones and those its `vendors:` modules define. */
export function vendorNamesOf(config: TokenkitConfig | null): readonly string[] {
	return config === null || config.vendors.length === 0 ? builtInVendorNames : [...builtInVendorNames, ...config.vendors.map(vendor => vendor.name)];
}

/**
The vendors a config may use, loaded: the built-in ones (only those `accounts` name, when given: a run loads the
code of the vendors it lists and no other) and those its `vendors:` modules define.
*/
export async function vendorsOf(config: TokenkitConfig | null, accounts?: readonly AccountConfig[]): Promise<readonly VendorDefinition[]> {
	const builtIn = await loadBuiltInVendors(accounts === undefined ? builtInVendorNames : accounts.map(account => account.provider));
	return config === null || config.vendors.length === 0 ? builtIn : [...builtIn, ...config.vendors];
}
