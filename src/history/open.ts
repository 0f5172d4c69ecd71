import {ConfigError} from '../errors/index.js';
import type {Driver} from './driver.js';
import {parsePostgresUrl} from './postgres-url.js';
import {migrate} from './schema.js';

/** An SQLite file, through Node's own `node:sqlite` (Node.js 22.13 or later). */
export interface SqliteHistoryOptions {
	readonly path: string;
	/**
	How long a save waits for another process that is writing to the same file, in milliseconds.
	@default 30000
	*/
	readonly busyTimeoutMs?: number | undefined;
}

/** A PostgreSQL database, shared by the CI jobs of a team. */
export interface PostgresHistoryOptions {
	/**
	`postgres://user@host:5432/database`, optionally with `?sslmode=require|verify-full|no-verify|disable`,
	`&connect_timeout=SECONDS` or `?host=/run/postgresql` (a socket directory). A password in the URL is refused.
	*/
	readonly url: string;
	/** The user's password; when absent, `pg` reads `PGPASSWORD` or `~/.pgpass`. */
	readonly password?: string | undefined;
}

export type HistoryOptions = SqliteHistoryOptions | PostgresHistoryOptions;

/** An open history store. Pass it to `saveRun`, `listRuns`, `diffRuns`, `tokenTimeline`; close it when done. */
export interface History {
	/** Which kind of store. */
	readonly store: 'sqlite' | 'postgres';
	/** The file, or the URL: safe to print (it never holds a password). */
	readonly location: string;
	close(): Promise<void>;
}

const drivers = new WeakMap<History, Driver>();

/**
Opens a history store, creating its tables (or migrating an older store) first. Each store's driver is loaded only
here: a script that never opens a history loads neither `node:sqlite` nor `pg`.

@example
const history = await openHistory({path: 'tokenkit-history.sqlite'});
try {
	console.log(await listRuns(history));
} finally {
	await history.close();
}
*/
export async function openHistory(options: HistoryOptions): Promise<History> {
	const driver = 'url' in options
		? await (await import('./postgres-driver.js')).openPostgresDriver(parsePostgresUrl(options.url, options.password, 'history.url'))
		: await (await import('./sqlite-driver.js')).openSqliteDriver(checkedPath(options.path), options.busyTimeoutMs ?? 30_000);
	try {
		await migrate(driver);
	} catch (error) {
		await driver.close();
		throw error;
	}

	const history: History = {
		store: driver.dialect,
		location: driver.location,
		close: async () => driver.close(),
	};
	drivers.set(history, driver);
	return history;
}

/** The driver behind a store `openHistory` opened; anything else is a TypeError, since no store can be reached through it. */
export function driverOf(history: History): Driver {
	const driver = drivers.get(history);
	if (driver === undefined) {
		throw new TypeError('not a history store opened by openHistory');
	}

	return driver;
}

function checkedPath(path: string): string {
	if (path.trim() === '') {
		throw new ConfigError('history path is empty; give the SQLite file to keep the history in');
	}

	return path;
}
