import {packageVersion} from '../package-version.js';
import type {Driver} from './driver.js';
import {HistoryError} from './history-error.js';

/*
The history store's schema, the same on SQLite and PostgreSQL but for column types. Versioned: `schema_version`
holds every migration applied; a store is migrated when it is opened, each migration in its own transaction, so a
crash mid-migration leaves the store at the version before it.

- `runs`: one saved inventory or audit: when, by which tokenkit, whether every account's list was complete.
- `run_accounts`: each account the run listed, and whether its list was complete (an incomplete list is never read
  as "these tokens were removed").
- `token_records`: a token's normalized record (JSON, without `raw` and without `lastUsedAt`), stored once per
  distinct content and named by its hash: week after week most tokens do not change, and their runs share it.
- `run_tokens`: which token was in which run, with its record and its last use (which changes often).
- `run_findings`: what an audit found on each token.
- `key_events`: rotations and revocations tokenkit made, from its rotation journal, so a key's age is known after
  a rotation that keeps the token's id.

`run_tokens` and `run_findings`, a row per token and per finding, carry no foreign keys: PostgreSQL checks one row at
a time, which took longer than the rest of saving 100,000 tokens. They are written in the transaction that writes
their run, and deleted with it by pruneRuns, which also deletes the token records no run uses any more.
*/

type Dialect = Driver['dialect'];

interface Types {
	readonly id: string;
	readonly time: string;
	readonly boolean: string;
	readonly integer: string;
}

const types: Readonly<Record<Dialect, Types>> = {
	sqlite: {id: 'INTEGER PRIMARY KEY AUTOINCREMENT', time: 'TEXT', boolean: 'INTEGER', integer: 'INTEGER'},
	postgres: {id: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY', time: 'TIMESTAMPTZ', boolean: 'BOOLEAN', integer: 'BIGINT'},
};

interface Migration {
	readonly version: number;
	readonly statements: (types: Types) => readonly string[];
}

const migrations: readonly Migration[] = [
	{
		version: 1,
		statements: t => [
			`CREATE TABLE runs (
				id ${t.id},
				started_at ${t.time} NOT NULL,
				saved_at ${t.time} NOT NULL,
				command TEXT NOT NULL,
				tokenkit_version TEXT NOT NULL,
				complete ${t.boolean} NOT NULL,
				accounts ${t.integer} NOT NULL,
				tokens ${t.integer} NOT NULL,
				findings ${t.integer}
			)`,
			'CREATE INDEX runs_saved_at ON runs (saved_at)',
			`CREATE TABLE run_accounts (
				run_id ${t.integer} NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
				provider TEXT NOT NULL,
				account TEXT NOT NULL,
				complete ${t.boolean} NOT NULL,
				tokens ${t.integer} NOT NULL,
				error TEXT,
				PRIMARY KEY (run_id, provider, account)
			)`,
			'CREATE INDEX run_accounts_by_account ON run_accounts (provider, account, run_id)',
			'CREATE TABLE token_records (hash TEXT PRIMARY KEY, record TEXT NOT NULL)',
			`CREATE TABLE run_tokens (
				run_id ${t.integer} NOT NULL,
				provider TEXT NOT NULL,
				account TEXT NOT NULL,
				token_id TEXT NOT NULL,
				record_hash TEXT NOT NULL,
				last_used_at ${t.time},
				PRIMARY KEY (run_id, provider, account, token_id)
			)`,
			'CREATE INDEX run_tokens_by_token ON run_tokens (provider, account, token_id, run_id)',
			'CREATE INDEX run_tokens_by_record ON run_tokens (record_hash)',
			`CREATE TABLE run_findings (
				run_id ${t.integer} NOT NULL,
				provider TEXT NOT NULL,
				account TEXT NOT NULL,
				token_id TEXT NOT NULL,
				ordinal ${t.integer} NOT NULL,
				policy TEXT NOT NULL,
				severity TEXT NOT NULL,
				reason TEXT NOT NULL,
				PRIMARY KEY (run_id, provider, account, token_id, ordinal)
			)`,
			'CREATE INDEX run_findings_by_token ON run_findings (provider, account, token_id, run_id)',
			`CREATE TABLE key_events (
				id ${t.id},
				at ${t.time} NOT NULL,
				action TEXT NOT NULL,
				provider TEXT NOT NULL,
				account TEXT NOT NULL,
				token_id TEXT NOT NULL,
				new_token_id TEXT,
				old_key TEXT,
				old_key_until ${t.time},
				source TEXT NOT NULL,
				recorded_at ${t.time} NOT NULL,
				UNIQUE (provider, account, token_id, action, at)
			)`,
			'CREATE INDEX key_events_by_new_token ON key_events (provider, account, new_token_id)',
		],
	},
];

/** The newest schema this tokenkit writes. */
export const schemaVersion = migrations.reduce((latest, migration) => Math.max(latest, migration.version), 0);

/**
Brings the store to {@link schemaVersion}. Each migration runs in an exclusive transaction that reads the version
again first, so two processes opening a new store at once apply each migration once. A store written by a newer
tokenkit is refused rather than misread.
*/
export async function migrate(driver: Driver): Promise<void> {
	const columnTypes = types[driver.dialect];
	const ensureVersionTable = `CREATE TABLE IF NOT EXISTS schema_version (version ${columnTypes.integer} PRIMARY KEY, applied_at ${columnTypes.time} NOT NULL, tokenkit_version TEXT NOT NULL)`;
	const current = await driver.transaction('exclusive', async transaction => {
		await transaction.query(ensureVersionTable);
		return versionOf(await transaction.query('SELECT MAX(version) AS version FROM schema_version'));
	});
	if (current > schemaVersion) {
		throw new HistoryError(`history store ${driver.location} has schema version ${current}, written by a newer tokenkit; this one knows up to version ${schemaVersion}: upgrade tokenkit`);
	}

	for (const migration of migrations.filter(candidate => candidate.version > current)) {
		await driver.transaction('exclusive', async transaction => {
			const now = versionOf(await transaction.query('SELECT MAX(version) AS version FROM schema_version'));
			if (now >= migration.version) {
				return;
			}

			for (const statement of migration.statements(columnTypes)) {
				await transaction.query(statement);
			}

			await transaction.query('INSERT INTO schema_version (version, applied_at, tokenkit_version) VALUES (?, ?, ?)', [migration.version, new Date().toISOString(), migrationTool]);
		});
	}
}

/** Recorded beside each migration: the tokenkit that applied it. */
const migrationTool = packageVersion();

function versionOf(rows: readonly Readonly<Record<string, unknown>>[]): number {
	const value = rows[0]?.['version'];
	return typeof value === 'number' ? value : 0;
}
