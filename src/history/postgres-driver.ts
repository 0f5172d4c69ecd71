import type {Client, ClientConfig} from 'pg';
import type {Column, ColumnType, Driver, Row, SqlValue, Transaction} from './driver.js';
import {describeDatabaseError, HistoryError} from './history-error.js';
import type {PostgresTarget} from './postgres-url.js';
import {createSerial} from './serial.js';

/**
Values per INSERT of a bulk insert, below PostgreSQL's limit of 65,535 parameters: a batch of rows is one round trip.
Plain values, not one array per column: pg escapes every element of an array in JavaScript, which took three times
as long for a run of 100,000 tokens.
*/
const batchValues = 60_000;

/**
The advisory lock every history transaction takes in the database: shared for saving a run (many may save at
once), exclusive for a migration or a prune (which must not delete a stored record a save is about to use).
The number is the ASCII of "tkhist".
*/
const advisoryLock = 0x74_6B_68_69_73_74;

/** Serialization failure and deadlock: the transaction did nothing and may be run again. */
const retryableStates = new Set(['40001', '40P01']);

const columnTypes: Readonly<Record<ColumnType, string>> = {text: 'text', integer: 'bigint', boolean: 'boolean', timestamptz: 'timestamptz'};

/**
Connects to PostgreSQL through `pg`, loaded here and only here: SQLite users, and scripts that never open a
history store, never load it. One connection, statements one after another.
*/
export async function openPostgresDriver(target: PostgresTarget): Promise<Driver> {
	const {default: pg} = await import('pg');
	const config: ClientConfig = {
		host: target.host,
		port: target.port,
		user: target.user,
		database: target.database,
		ssl: target.ssl,
		application_name: 'tokenkit',
		connectionTimeoutMillis: target.connectTimeoutMs,
	};
	if (target.password !== undefined) {
		config.password = target.password;
	}

	const client = new pg.Client(config);
	// Numbers and times as tokenkit writes them everywhere else: bigint counts as numbers, times as ISO 8601 UTC.
	client.setTypeParser(pg.types.builtins.INT8, value => Number(value));
	client.setTypeParser(pg.types.builtins.TIMESTAMPTZ, value => isoFromPostgres(value));
	const state: {broken: Error | null} = {broken: null};
	// A connection the server ends between statements is reported by the next statement, not as a crash.
	client.on('error', error => {
		state.broken = error;
	});
	try {
		await client.connect();
		await client.query('SET TIME ZONE \'UTC\'');
	} catch (error) {
		await client.end().catch(() => undefined);
		throw new HistoryError(`history store ${target.location}: cannot connect: ${describeDatabaseError(error)}`, {}, {cause: error});
	}

	return postgresDriver(client, target.location, state);
}

function postgresDriver(client: Client, location: string, state: {readonly broken: Error | null}): Driver {
	const serial = createSerial();
	const texts = new Map<string, string>();
	const numbered = (sql: string): string => {
		let text = texts.get(sql);
		if (text === undefined) {
			let index = 0;
			text = sql.replaceAll('?', () => `$${++index}`);
			texts.set(sql, text);
		}

		return text;
	};

	const run = async (text: string, values: readonly unknown[]): Promise<Row[]> => {
		if (state.broken !== null) {
			throw new HistoryError(`history store ${location}: the connection was lost: ${describeDatabaseError(state.broken)}`, {}, {cause: state.broken});
		}

		try {
			const result = await client.query<Row>(text, [...values]);
			return result.rows;
		} catch (error) {
			throw storeError(location, error);
		}
	};

	const query = async (sql: string, params: readonly SqlValue[] = []): Promise<Row[]> => run(numbered(sql), params);
	const inTransaction: Transaction = {
		query,
		async insertRows(table, columns, rows, options = {}) {
			const batchRows = Math.max(1, Math.floor(batchValues / columns.length));
			for (let start = 0; start < rows.length; start += batchRows) {
				const batch = rows.slice(start, start + batchRows);
				await run(bulkInsert(table, columns, batch.length, options.ignoreExisting === true), batch.flatMap(row => columns.map((_, index) => row[index] ?? null)));
				await options.onRows?.(batch.length);
			}
		},
	};

	return {
		dialect: 'postgres',
		location,
		// Outside a transaction, each statement still waits for the one before it (and for a transaction) to end.
		query: async (sql, params) => serial(async () => inTransaction.query(sql, params)),
		insertRows: async (table, columns, rows, options) => serial(async () => inTransaction.insertRows(table, columns, rows, options)),
		async transaction(lock, work) {
			return serial(async () => {
				for (let attempt = 1; ; attempt++) {
					await query('BEGIN');
					try {
						await query(lock === 'shared' ? 'SELECT pg_advisory_xact_lock_shared(?)' : 'SELECT pg_advisory_xact_lock(?)', [advisoryLock]);
						const result = await work(inTransaction);
						await query('COMMIT');
						return result;
					} catch (error) {
						await client.query('ROLLBACK').catch(() => undefined);
						if (attempt < 3 && isRetryable(error)) {
							await new Promise(resolve => setTimeout(resolve, 50 * attempt * (1 + Math.random())));
							continue;
						}

						throw error;
					}
				}
			});
		},
		async close() {
			await serial(async () => {
				await client.end().catch(() => undefined);
			});
		},
	};
}

/**
A `timestamptz` as PostgreSQL writes it in the session's time zone, UTC (`2026-11-23 08:29:51.855+00`), as ISO 8601.
*/
export function isoFromPostgres(text: string): string {
	const date = new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
	return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

/** One INSERT of `rows` rows, numbered placeholders row after row, each cast to its column's type. */
function bulkInsert(table: string, columns: readonly Column[], rows: number, ignoreExisting: boolean): string {
	const tuples: string[] = [];
	for (let row = 0; row < rows; row++) {
		tuples.push(`(${columns.map((column, index) => `$${row * columns.length + index + 1}::${columnTypes[column.type]}`).join(', ')})`);
	}

	return `INSERT INTO ${table} (${columns.map(column => column.name).join(', ')}) VALUES ${tuples.join(', ')}${ignoreExisting ? ' ON CONFLICT DO NOTHING' : ''}`;
}

function isRetryable(error: unknown): boolean {
	const cause = error instanceof HistoryError ? error.cause : error;
	return cause instanceof Error && 'code' in cause && typeof cause.code === 'string' && retryableStates.has(cause.code);
}

function storeError(location: string, error: unknown): HistoryError {
	return error instanceof HistoryError ? error : new HistoryError(`history store ${location}: ${describeDatabaseError(error)}`, {}, {cause: error});
}
