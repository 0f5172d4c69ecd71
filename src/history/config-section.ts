import {isAbsolute, join, resolve} from 'node:path';
import * as v from 'valibot';
import {interpolate} from '../config-references.js';
import type {Environment} from '../environment.js';
import {ConfigError} from '../errors/index.js';
import {readRegularFile} from '../read-regular-file.js';
import {parsePostgresUrl} from './postgres-url.js';
import type {HistoryOptions} from './open.js';

const nonEmpty = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'));

/** The `history:` section of a config file: an SQLite file, or a PostgreSQL database and where its password is. */
export const HistorySectionSchema = v.strictObject({
	path: v.optional(nonEmpty),
	url: v.optional(nonEmpty),
	passwordFile: v.optional(nonEmpty),
});

export type HistorySection = v.InferOutput<typeof HistorySectionSchema>;

/** Where the history is kept, resolved: the options `openHistory` takes, and the config line that named it. */
export interface HistorySettings {
	readonly options: HistoryOptions;
	/** `tokenkit.yaml:31`, or a sentence for the default store. */
	readonly where: string;
	/** A password read for PostgreSQL, to be registered with the run's redactor. */
	readonly password: string | null;
}

/** The largest password file read. */
const maxPasswordFileBytes = 64 * 1024;

/**
Resolves the config's `history:` section: `${NAME}` references in each field, `path` and `passwordFile` relative to
the config file, the password from `passwordFile` or else `PGPASSWORD`. Every mistake names the file and line.
*/
export async function resolveHistorySection(section: HistorySection, context: {readonly base: string; readonly env: Environment; readonly whereOf: (field?: keyof HistorySection) => string; readonly warn: (message: string) => void}): Promise<HistorySettings> {
	const {whereOf, env} = context;
	const field = (name: keyof HistorySection): string | undefined => {
		const value = section[name];
		return value === undefined ? undefined : interpolate(value, env, `${whereOf(name)}: history field "${name}"`);
	};

	const path = field('path');
	const url = field('url');
	if ((path === undefined) === (url === undefined)) {
		throw new ConfigError(`${whereOf()}: history needs either "path" (an SQLite file) or "url" (a PostgreSQL database), not ${path === undefined ? 'neither' : 'both'}`);
	}

	if (path !== undefined) {
		if (section.passwordFile !== undefined) {
			throw new ConfigError(`${whereOf('passwordFile')}: history field "passwordFile" goes with "url"; an SQLite file has no password`);
		}

		return {options: {path: resolve(context.base, path)}, where: whereOf('path'), password: null};
	}

	const passwordFile = field('passwordFile');
	const password = passwordFile === undefined ? nonEmptyOrUndefined(env.PGPASSWORD) : await readPassword(resolve(context.base, passwordFile), whereOf('passwordFile'), context.warn);
	const target = parsePostgresUrl(url ?? '', password, `${whereOf('url')}: history field "url"`);
	return {options: {url: target.location, password}, where: whereOf('url'), password: password ?? null};
}

async function readPassword(file: string, where: string, warn: (message: string) => void): Promise<string> {
	const read = await readRegularFile(file, maxPasswordFileBytes);
	if (!read.ok) {
		throw new ConfigError(`${where}: history field "passwordFile": ${file} cannot be read (${read.problem})`);
	}

	if ((read.mode & 0o077) !== 0) {
		warn(`${where}: password file ${file} can be read by other users (mode ${(read.mode & 0o777).toString(8)}); run chmod 600 on it`);
	}

	const password = read.text.replace(/\r?\n$/, '');
	if (password === '') {
		throw new ConfigError(`${where}: history field "passwordFile": ${file} is empty`);
	}

	return password;
}

function nonEmptyOrUndefined(value: string | undefined): string | undefined {
	return value === undefined || value === '' ? undefined : value;
}

/**
Where the history is kept when the config names no store: `$XDG_STATE_HOME/tokenkit/history.sqlite`, or
`~/.local/state/tokenkit/history.sqlite` where XDG_STATE_HOME is unset or not absolute (the XDG base directory
specification's place for state that outlives a run). Null without a home directory.
*/
export function defaultHistoryPath(env: Environment): string | null {
	const xdg = env.XDG_STATE_HOME ?? '';
	if (xdg !== '' && isAbsolute(xdg)) {
		return join(xdg, 'tokenkit', 'history.sqlite');
	}

	const home = env.HOME ?? '';
	return home === '' ? null : join(home, '.local', 'state', 'tokenkit', 'history.sqlite');
}
