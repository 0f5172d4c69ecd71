import {loadConfig, type AccountConfig} from './config.js';
import {ConfigError, isConfigError} from './errors/index.js';
import type {HttpOptions} from './http/options.js';
import type {TokenProvider} from './provider.js';
import type {VendorDefinition} from './vendor.js';

/**
One provider per account, each built by its vendor's definition (which validates the vendor's own fields).
`httpFor` gives each account its HTTP options; a provider's own option error is re-thrown naming the file
and line of the entry, since the provider knows nothing of the file.
*/
export function createProvidersOf(vendors: readonly VendorDefinition[], accounts: readonly AccountConfig[], httpFor: (account: AccountConfig) => HttpOptions): TokenProvider[] {
	return accounts.map(account => {
		const vendor = vendors.find(candidate => candidate.name === account.provider);
		if (vendor === undefined) {
			throw new ConfigError(`${account.where}: account "${account.name}": unknown provider "${account.provider}" (known: ${vendors.map(known => known.name).join(', ')})`);
		}

		try {
			const maxResponseBytes = account.maxResponseBytes === undefined ? {} : {maxResponseBytes: account.maxResponseBytes};
			return vendor.createProvider(account, {...httpFor(account), allowInsecureHttp: account.allowInsecureHttp, ...maxResponseBytes});
		} catch (error) {
			// A vendor that names the line of the field itself (see parseVendorOptions) has said where already.
			const file = account.where.replace(/:\d+$/, '');
			if (isConfigError(error) && !error.message.includes(`${file}:`)) {
				throw new ConfigError(`${account.where}: ${error.message}`, {}, {cause: error});
			}

			throw error;
		}
	});
}

export interface ProvidersFromConfigOptions {
	/** Where `${VAR}` references are read from. @default process.env */
	readonly env?: Readonly<Record<string, string | undefined>> | undefined;
	/** HTTP options for every provider (timeouts, retries, a signal, an event listener). */
	readonly http?: HttpOptions | undefined;
	/** Told about things that work but should be fixed (a key file others can read). @default a line on stderr */
	readonly warn?: ((message: string) => void) | undefined;
}

/** Reads a config file and builds a provider for each of its accounts, with the given vendors. */
export async function providersFromConfigOf(vendors: readonly VendorDefinition[], path: string, options: ProvidersFromConfigOptions = {}): Promise<TokenProvider[]> {
	const config = await loadConfig(path, {
		env: options.env ?? process.env,
		providers: vendors.map(vendor => vendor.name),
		warn: options.warn ?? (message => {
			process.stderr.write(`tokenkit: warning: ${message}\n`);
		}),
	});
	return createProvidersOf([...vendors, ...config.vendors], config.accounts, () => options.http ?? {});
}
