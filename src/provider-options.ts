import {ConfigError} from './errors/index.js';
import type {HttpOptions} from './http/options.js';
import {Secret} from './secret.js';

/** What every provider factory takes, besides its vendor's own options. */
export interface ProviderOptions extends HttpOptions {
	/**
	The credential tokenkit authenticates with. Read it from the environment or a file, never from a
	command-line flag. It is held in a Secret and never printed.
	*/
	readonly apiKey: string;
	/** The vendor's API root; defaults to its production URL. Plain HTTP is accepted only for loopback. */
	readonly baseUrl?: string | undefined;
	/**
	A label for this account on every record and error, e.g. `mist-hq` or `ld-prod`.
	@default the vendor name
	*/
	readonly account?: string | undefined;
}

export interface CheckedProviderOptions {
	readonly credential: Secret;
	readonly account: string;
}

/**
Validates the options every provider shares, at construction, so a bad value is a ConfigError before any
request. The message names the vendor and the account, never the key.
*/
export function checkProviderOptions(provider: string, options: ProviderOptions): CheckedProviderOptions {
	const account = options.account ?? provider;
	const context = {provider, account};
	if (typeof account !== 'string' || account.trim() === '') {
		throw new ConfigError('account must be a non-empty label', {provider});
	}

	if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
		throw new ConfigError('apiKey is missing or empty', context);
	}

	if (options.apiKey !== options.apiKey.trim() || /[\r\n]/.test(options.apiKey)) {
		throw new ConfigError('apiKey has leading or trailing whitespace or a line break (a key file with a trailing newline?); trim it', context);
	}

	// The key travels in an HTTP header, where anything but printable ASCII fails in fetch (and would look like a network error).
	if (/[^\x20-\x7E]/.test(options.apiKey)) {
		throw new ConfigError('apiKey holds a character that is not printable ASCII (a pasted quote or letter?); no vendor key has one', context);
	}

	return {credential: new Secret(options.apiKey), account};
}
