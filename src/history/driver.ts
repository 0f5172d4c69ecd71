/**
A value bound to a statement. Booleans are stored as the database's own boolean (PostgreSQL) or as 0 and 1
(SQLite); times are ISO 8601 strings in UTC, stored as `timestamptz` (PostgreSQL) or text (SQLite).
*/
export type SqlValue = string | number | boolean | null;

/** One row as the database returns it, read through the helpers of rows.ts. */
export type Row = Readonly<Record<string, unknown>>;

/** The column types of a bulk insert: PostgreSQL needs them to unpack its arrays; SQLite ignores them. */
export type ColumnType = 'text' | 'integer' | 'boolean' | 'timestamptz';

export interface Column {
	readonly name: string;
	readonly type: ColumnType;
}

/** What a statement inside a transaction can do. SQL is written once, with `?` placeholders, for both stores. */
export interface Transaction {
	query(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
	/**
	Inserts many rows into `table` in as few round trips as the store allows. With `ignoreExisting`, a row whose key
	is already there is skipped (`ON CONFLICT DO NOTHING`). `onRows` is told after each batch.
	*/
	insertRows(table: string, columns: readonly Column[], rows: readonly (readonly SqlValue[])[], options?: {readonly ignoreExisting?: boolean; readonly onRows?: (count: number) => Promise<void> | void}): Promise<void>;
}

/**
A connection to one history store, SQLite or PostgreSQL. Everything above it speaks one SQL; the few places where the
two differ (schema types, locks) ask `dialect`.
*/
export interface Driver extends Transaction {
	readonly dialect: 'sqlite' | 'postgres';
	/** Where the store is, safe to print: the file, or the URL (which never holds a password). */
	readonly location: string;
	/**
	Runs `work` in one transaction: committed when it resolves, rolled back when it throws or the process dies
	first. `lock` says what else may run beside it: `shared` work (saving a run) runs alongside other shared
	work, `exclusive` work (migrating, pruning) alone.
	*/
	transaction<T>(lock: 'shared' | 'exclusive', work: (transaction: Transaction) => Promise<T>): Promise<T>;
	close(): Promise<void>;
}
