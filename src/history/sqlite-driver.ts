import {mkdir, open} from 'node:fs/promises';
import {dirname} from 'node:path';
import type * as SqliteModule from 'node:sqlite';
import type {DatabaseSync, SQLInputValue, StatementSync} from 'node:sqlite';
import type {Driver, Row, SqlValue, Transaction} from './driver.js';
import {describeDatabaseError, HistoryError} from './history-error.js';
import {createSerial} from './serial.js';

/** Rows per step of a bulk insert between two calls of its `onRows`. */
const batchRows = 2000;

/** SQLite's result codes that mean another connection holds the lock (SQLITE_BUSY, SQLITE_LOCKED). */
const busyCodes = new Set([5, 6]);

/**
Opens (creating it, 0600, in a 0700 directory) the SQLite file at `path` through Node's own `node:sqlite`, so no
native module is installed. WAL lets readers work beside a writer; a writer waits up to `busyTimeoutMs` for another
to finish (two runs saving at once both succeed); `synchronous = FULL` makes a commit durable before it returns, and
an interrupted transaction is rolled back when the file is next opened.
*/
export async function openSqliteDriver(path: string, busyTimeoutMs: number): Promise<Driver> {
	const {DatabaseSync: Database} = await loadSqlite(path);
	await mkdir(dirname(path), {recursive: true, mode: 0o700});
	// Created by us, so its mode is ours: the store maps an organisation's keys. SQLite gives its WAL and
	// shared-memory files the database file's permissions.
	await (await open(path, 'a', 0o600)).close();
	let database: DatabaseSync;
	try {
		database = new Database(path);
		database.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
		database.exec('PRAGMA foreign_keys = ON');
		database.exec('PRAGMA journal_mode = WAL');
		database.exec('PRAGMA synchronous = FULL');
		// A run of 100,000 tokens touches tens of thousands of index pages: keep them in memory while it is written.
		database.exec('PRAGMA cache_size = -65536');
	} catch (error) {
		throw storeError(path, error);
	}

	return sqliteDriver(database, path);
}

function sqliteDriver(database: DatabaseSync, path: string): Driver {
	const statements = new Map<string, StatementSync>();
	const serial = createSerial();
	let isOpen = true;
	const prepared = (sql: string): StatementSync => {
		let statement = statements.get(sql);
		if (statement === undefined) {
			statement = database.prepare(sql);
			statements.set(sql, statement);
		}

		return statement;
	};

	// node:sqlite answers at once; the promise keeps one interface with the PostgreSQL driver.
	const query = async (sql: string, params: readonly SqlValue[] = []): Promise<Row[]> => {
		try {
			return await Promise.resolve(prepared(sql).all(...params.map(value => bind(value))));
		} catch (error) {
			throw storeError(path, error);
		}
	};

	const inTransaction: Transaction = {
		query,
		async insertRows(table, columns, rows, options = {}) {
			const placeholders = columns.map(() => '?').join(', ');
			const sql = `INSERT INTO ${table} (${columns.map(column => column.name).join(', ')}) VALUES (${placeholders})${options.ignoreExisting === true ? ' ON CONFLICT DO NOTHING' : ''}`;
			for (let start = 0; start < rows.length; start += batchRows) {
				try {
					const statement = prepared(sql);
					for (const row of rows.slice(start, start + batchRows)) {
						statement.run(...row.map(value => bind(value)));
					}
				} catch (error) {
					throw storeError(path, error);
				}

				await options.onRows?.(Math.min(batchRows, rows.length - start));
			}
		},
	};

	return {
		dialect: 'sqlite',
		location: path,
		// Outside a transaction, each statement still waits for the one before it (and for a transaction) to end.
		query: async (sql, params) => serial(async () => inTransaction.query(sql, params)),
		insertRows: async (table, columns, rows, options) => serial(async () => inTransaction.insertRows(table, columns, rows, options)),
		async transaction(_lock, work) {
			// SQLite has one writer at a time: every transaction here writes, so each takes the write lock at once
			// (IMMEDIATE), waiting out another writer for the busy timeout rather than failing half-way.
			return serial(async () => {
				await query('BEGIN IMMEDIATE');
				try {
					const result = await work(inTransaction);
					await query('COMMIT');
					return result;
				} catch (error) {
					rollBack(database);

					throw error;
				}
			});
		},
		async close() {
			await serial(async () => {
				if (isOpen) {
					isOpen = false;
					database.close();
				}

				return Promise.resolve();
			});
		},
	};
}

/** Ends the transaction a failed statement left open; one SQLite already ended (a failed COMMIT can) is left alone. */
function rollBack(database: DatabaseSync): void {
	try {
		database.exec('ROLLBACK');
	} catch {
		// No transaction was active: SQLite rolled it back itself.
	}
}

function bind(value: SqlValue): SQLInputValue {
	if (typeof value === 'boolean') {
		return value ? 1 : 0;
	}

	return value;
}

async function loadSqlite(path: string): Promise<typeof SqliteModule> {
	try {
		return await import('node:sqlite');
	} catch (error) {
		throw new HistoryError(`history store ${path}: the SQLite store needs Node.js 22.13 or later (its built-in node:sqlite); this is Node.js ${process.versions.node}. Upgrade Node.js, or set history.url to a PostgreSQL database`, {}, {cause: error});
	}
}

/** A HistoryError naming the file and saying what SQLite's error means for the user. */
function storeError(path: string, error: unknown): HistoryError {
	if (error instanceof HistoryError) {
		return error;
	}

	const code = error instanceof Error && 'errcode' in error && typeof error.errcode === 'number' ? error.errcode : null;
	if (code !== null && busyCodes.has(code)) {
		return new HistoryError(`history store ${path} is busy: another tokenkit run held it past the wait; try again once it is done`, {}, {cause: error});
	}

	if (code === 26) {
		return new HistoryError(`history store ${path} is not an SQLite database; point history.path at a new file or at a tokenkit history store`, {}, {cause: error});
	}

	return new HistoryError(`history store ${path}: ${describeDatabaseError(error)}`, {}, {cause: error});
}
