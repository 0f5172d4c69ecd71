import * as v from 'valibot';
import type {AccountConfig} from './config.js';
import {accountEntryFields} from './account-entry.js';
import {unknownFieldMessage} from './did-you-mean.js';
import {ConfigError} from './errors/index.js';
import type {HttpOptions} from './http/options.js';
import type {Capabilities, TokenProvider} from './provider.js';
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
	/** What the vendor's default provider supports (the README's table is rendered from these). */
	readonly capabilities: Capabilities;
	/**
	Builds a provider for one account of the config file. The vendor validates its own fields
	(`account.options`) with {@link parseVendorOptions}, so a mistake names the file, line, account and field.
	*/
	createProvider(account: AccountConfig, http: HttpOptions): TokenProvider;
	/**
	Makes the vendor's simulator. Asynchronous so that a vendor can load its simulator's code only when one is
	started: the registry is part of the main entry, which must not load simulators.
	*/
	createSimulator(options: SimulatorFactoryOptions): Promise<VendorSimulator>;
	/**
	The config-file entry that points tokenkit at one simulated account, or several where one account holds more
	than one kind of credential that a config entry names (an Okta org's API tokens and its apps' client secrets).
	*/
	simulatedAccountConfig(account: SimAccountInfo, baseUrl: string): Readonly<Record<string, string>> | ReadonlyArray<Readonly<Record<string, string>>>;
}

/**
Validates the vendor's own fields of a config entry against its schema. A mistake is a ConfigError that
names the file and line, the account and the field, e.g.
`tokenkit.yaml:7: account "mist-hq": field "cloud": …`.
*/
export function parseVendorOptions<const TSchema extends v.GenericSchema>(schema: TSchema, account: AccountConfig): v.InferOutput<TSchema> {
	const result = v.safeParse(schema, account.options);
	if (result.success) {
		return result.output;
	}

	const [issue] = result.issues;
	const path = v.getDotPath(issue);
	const unknownField = issue.type === 'strict_object' && typeof issue.input === 'string' ? issue.input : undefined;
	const detail = unknownField === undefined
		? `field "${path ?? '(entry)'}": ${issue.message}`
		// A misspelt common field (`apikey`) lands here too, among the vendor's own: both are suggested.
		: unknownFieldMessage(unknownField, [...accountEntryFields, ...fieldsOf(schema)], `for provider ${account.provider}`);
	const field = issue.path?.[0]?.key;
	const where = typeof field === 'string' ? account.fieldWhere?.[field] ?? account.where : account.where;
	throw new ConfigError(`${where}: account "${account.name}": ${detail}`, {provider: account.provider});
}

/** The field names of an object schema; none for another kind of schema. */
function fieldsOf(schema: v.GenericSchema): string[] {
	return 'entries' in schema && typeof schema.entries === 'object' && schema.entries !== null ? Object.keys(schema.entries) : [];
}

/**
Declares a vendor for the registry or a config file's `vendors:` list. It returns its argument: it exists so the
definition is checked against VendorDefinition where it is written.

@example
export default defineVendor({name: 'example', title: 'Example Inc.', capabilities, createProvider, createSimulator, simulatedAccountConfig});
*/
export function defineVendor(vendor: VendorDefinition): VendorDefinition {
	return vendor;
}
