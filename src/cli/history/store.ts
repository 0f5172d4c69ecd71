import {stat} from 'node:fs/promises';
import {loadHistorySettings, type TokenkitConfig} from '../../config.js';
import {ConfigError} from '../../errors/index.js';
import {defaultHistoryPath, type HistorySettings} from '../../history/config-section.js';
import {HistoryError} from '../../history/history-error.js';
import {openHistory, type History} from '../../history/open.js';
import {inert, lineLength} from '../../text/inert.js';
import {findConfigFile} from '../config-file.js';
import type {CommandIo} from '../io.js';

/*
Which history store a command uses: the config's `history:` section, or else the default SQLite file under the
user's state directory. `--save` writes to it; `history` and `diff` read it; `rotate` and `revoke` record what they
did in it, and `audit` reads from it when a key was last rotated, wherever tokenkit keeps a history: the config
names a store, or the default file exists (someone saved a run before).
*/

/** The store of a listing command: the config's, else the default. Null when there is no place for one. */
export function storeOf(config: TokenkitConfig | null, io: Pick<CommandIo, 'env'>): HistorySettings | null {
	if (config?.history !== undefined && config.history !== null) {
		return config.history;
	}

	const path = defaultHistoryPath(io.env);
	return path === null ? null : {options: {path}, where: 'the default history store', password: null};
}

/**
The store `--save` writes to. The demo's simulated accounts are not saved (they would mix with real ones), and a
run without a config store or a home directory has nowhere to save: both are usage mistakes, said before any request.
*/
export function saveTarget(config: TokenkitConfig | null, io: Pick<CommandIo, 'env'>): HistorySettings {
	if (config === null) {
		throw new ConfigError('--save records real accounts; the demo\'s simulated ones would mix with them in the history. Use tokenkit simulate --write-config for a config of simulated accounts to save');
	}

	const settings = storeOf(config, io);
	if (settings === null) {
		throw new ConfigError(`--save needs a place for the history: add "history: {path: FILE}" to ${config.path}, or set HOME or XDG_STATE_HOME`);
	}

	return settings;
}

/**
The store a command that only reads or records history uses: from the config file when one is found (only its
`history:` section is read: no account, key or vendor is needed), else the default.
*/
export async function storeForHistoryCommand(configFlag: string | undefined, io: CommandIo): Promise<HistorySettings> {
	const choice = await findConfigFile(configFlag, io).catch((error: unknown) => {
		// Without --config or TOKENKIT_CONFIG naming one, having no config file is fine: the default store is used.
		if (configFlag === undefined && (io.env.TOKENKIT_CONFIG ?? '') === '' && error instanceof ConfigError) {
			return null;
		}

		throw error;
	});
	if (choice !== null) {
		io.verbose?.(`config ${choice.path} (from ${choice.from}; its history section only)`);
	}

	const section = choice === null ? null : await loadHistorySettings(choice.path, {env: io.env, warn: message => io.stderr.write(`tokenkit: warning: ${inert(message, lineLength)}\n`)});
	const settings = section ?? storeOf(null, io);
	if (settings === null) {
		throw new ConfigError('no history store: add "history: {path: FILE}" (or url:) to the config file, or set HOME or XDG_STATE_HOME for the default one');
	}

	return settings;
}

/** Whether tokenkit keeps a history here: the config names a store, or the default store's file exists. */
export async function historyInUse(settings: HistorySettings | null, config: TokenkitConfig | null): Promise<boolean> {
	if (settings === null) {
		return false;
	}

	if (config?.history !== undefined && config.history !== null) {
		return true;
	}

	return 'path' in settings.options && (await stat(settings.options.path).then(() => true, () => false));
}

/**
Opens the store, its password (if any) registered with the run's redactor first. `existing`: a command that only
reads (history, diff) does not create an SQLite store that is not there, which would also make later runs keep one.
*/
export async function openStore(settings: HistorySettings, io: CommandIo, existing = false): Promise<History> {
	if (settings.password !== null) {
		io.redactor.add(settings.password);
	}

	if (existing && 'path' in settings.options && !(await stat(settings.options.path).then(() => true, () => false))) {
		throw new HistoryError(`no history store at ${settings.options.path} (${settings.where}) yet: tokenkit inventory --save or audit --save makes one`);
	}

	io.verbose?.(`history store ${'path' in settings.options ? settings.options.path : settings.options.url} (from ${settings.where})`);
	return openHistory(settings.options);
}
