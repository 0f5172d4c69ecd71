import {providersFromConfigOf, type ProvidersFromConfigOptions} from '../src/providers-from-config.js';
import type {TokenProvider} from '../src/provider.js';
import {builtInVendors} from './index.js';

/**
Reads a tokenkit config file (the one the command line uses) and builds a provider for each account, with
the built-in vendors. Every mistake is a ConfigError naming the file, line, account and field.

@example
const providers = await providersFromConfig('tokenkit.yaml');
for (const provider of providers) {
	for await (const token of provider.list()) console.log(provider.account, token.name);
}
*/
export async function providersFromConfig(path = 'tokenkit.yaml', options: ProvidersFromConfigOptions = {}): Promise<TokenProvider[]> {
	return providersFromConfigOf(builtInVendors, path, options);
}
