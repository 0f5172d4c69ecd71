import {resolve} from 'node:path';
import {builtInVendors} from '../../providers/index.js';
import {loadConfig, type TokenkitConfig} from '../config.js';
import {inert, lineLength} from '../text/inert.js';
import type {CliIo} from './io.js';
import {UsageError} from './usage-error.js';

/** Reads `--config` (default `tokenkit.yaml`, relative to the working directory), warnings to stderr. */
export async function readConfigFile(path: string | undefined, io: CliIo): Promise<TokenkitConfig> {
	if (path === '') {
		throw new UsageError('--config needs a file name');
	}

	return loadConfig(resolve(io.cwd, path ?? 'tokenkit.yaml'), {
		env: io.env,
		providers: builtInVendors.map(vendor => vendor.name),
		// A warning quotes the config (account names, file paths): one inert line.
		warn: message => io.stderr.write(`tokenkit: warning: ${inert(message, lineLength)}\n`),
	});
}
