import type {SimAccountInfo, SeedOptions, VendorSimulator} from './simulate/types.js';

/** What every vendor simulator factory takes through the registry. */
export interface SimulatorFactoryOptions extends SeedOptions {
	/**
	Enforce the vendor's rate limits at the vendor's values. Off makes a simulator as fast as loopback allows.
	@default true
	*/
	readonly rateLimits?: boolean | undefined;
}

/**
One built-in vendor, as the registry (`providers/index.ts`) lists it. The core and the CLI work through this
description only, so adding a vendor means adding a folder and a line to the registry.
*/
export interface VendorDefinition {
	/** The name used in configs, REFs and records: `mist`, `opal`, `launchdarkly`. */
	readonly name: string;
	/** How people write it: `Juniper Mist`. */
	readonly title: string;
	createSimulator(options: SimulatorFactoryOptions): VendorSimulator;
	/** The config-file entry that points tokenkit at one simulated account. */
	simulatedAccountConfig(account: SimAccountInfo, baseUrl: string): Readonly<Record<string, string>>;
}
