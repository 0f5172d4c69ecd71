import {stat} from 'node:fs/promises';
import {isAbsolute, join, resolve} from 'node:path';
import {builtInVendorNames} from '../../providers/catalog.js';
import {loadConfig, type TokenkitConfig} from '../config.js';
import {ConfigError} from '../errors/index.js';
import {inert, lineLength} from '../text/inert.js';
import type {CommandIo} from './io.js';
import {UsageError} from './usage-error.js';

/** The config file a run reads, and what chose it (for --verbose and for messages). */
export interface ConfigChoice {
	readonly path: string;
	readonly from: string;
}

/**
Finds the config file, first match wins:
1. `--config FILE` (relative to the working directory);
2. `$TOKENKIT_CONFIG`, likewise; a name that does not exist is an error, not a reason to look further;
3. `./tokenkit.yaml` in the working directory;
4. `$XDG_CONFIG_HOME/tokenkit/config.yaml`, with `~/.config` where XDG_CONFIG_HOME is unset or not absolute (as the
   XDG base directory specification says).
Only the environment passed in is read, so a test never finds the config of the person running it.
*/
export async function findConfigFile(flag: string | undefined, io: Pick<CommandIo, 'cwd' | 'env'>): Promise<ConfigChoice> {
	if (flag === '') {
		throw new UsageError('--config needs a file name');
	}

	if (flag !== undefined) {
		return {path: resolve(io.cwd, flag), from: '--config'};
	}

	const named = io.env.TOKENKIT_CONFIG ?? '';
	if (named !== '') {
		const path = resolve(io.cwd, named);
		if (!(await exists(path))) {
			throw new ConfigError(`TOKENKIT_CONFIG names ${path}, which does not exist; set it to a config file, or unset it`);
		}

		return {path, from: 'TOKENKIT_CONFIG'};
	}

	const candidates = [{path: resolve(io.cwd, 'tokenkit.yaml'), from: 'the working directory'}];
	const userDirectory = userConfigDirectory(io.env);
	if (userDirectory !== undefined) {
		candidates.push({path: join(userDirectory, 'tokenkit', 'config.yaml'), from: 'the user config directory'});
	}

	for (const candidate of candidates) {
		if (await exists(candidate.path)) {
			return candidate;
		}
	}

	throw new ConfigError(`no config file: none of ${candidates.map(candidate => candidate.path).join(', ')} exists; pass --config FILE, set TOKENKIT_CONFIG, or create one of them`);
}

/** Finds and reads the config file (see findConfigFile), warnings to stderr; --verbose says which file it read. */
export async function readConfigFile(flag: string | undefined, io: CommandIo): Promise<TokenkitConfig> {
	const choice = await findConfigFile(flag, io);
	io.verbose?.(`config ${choice.path} (from ${choice.from})`);
	return loadConfig(choice.path, {
		env: io.env,
		providers: builtInVendorNames,
		// A warning quotes the config (account names, file paths): one inert line.
		warn: message => io.stderr.write(`tokenkit: warning: ${inert(message, lineLength)}\n`),
	});
}

function userConfigDirectory(env: CommandIo['env']): string | undefined {
	const xdg = env.XDG_CONFIG_HOME ?? '';
	if (xdg !== '' && isAbsolute(xdg)) {
		return xdg;
	}

	const home = env.HOME ?? '';
	return home === '' ? undefined : join(home, '.config');
}

/** Whether anything is at `path`; what it is (a directory, a FIFO) is for loadConfig to judge and say. */
async function exists(path: string): Promise<boolean> {
	try {
		await stat(path);
		return true;
	} catch (error) {
		return !(error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ENOTDIR'));
	}
}
