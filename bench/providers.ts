import type {HttpEvent, TokenProvider} from '../src/index.js';
import type {ScriptAccount} from './baselines/sequential-script.js';
import {fleetAccounts, fleetVendors} from './fleet-vendors.js';
import type {SimulatedVendor} from './simulator-process.js';

export interface ProviderSettings {
	readonly onEvent: (event: HttpEvent) => void;
	/** LaunchDarkly pages in flight at once; tokenkit's default when absent. */
	readonly launchDarklyConcurrency?: number | undefined;
	/** Page sizes below the largest, for the politeness runs that must cross a limit in bounded time. */
	readonly pageSize?: Readonly<Partial<Record<'opal' | 'launchdarkly', number>>> | undefined;
}

/** tokenkit's provider for every account of the simulated vendors, in vendor order as a config file would list them (fleet-vendors.ts). */
export function tokenkitProviders(vendors: readonly SimulatedVendor[], settings: ProviderSettings): TokenProvider[] {
	return fleetAccounts(vendors).map(account => tokenkitProvider(account, settings));
}

/** tokenkit's provider for one account of the fleet. */
export function tokenkitProvider(account: ScriptAccount, settings: ProviderSettings): TokenProvider {
	return fleetVendors[account.vendor].provider(account, settings);
}
