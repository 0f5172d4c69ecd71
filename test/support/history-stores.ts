import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll} from 'vitest';
import {startPostgres} from './postgres.js';

/*
The two history stores every history test runs on: an SQLite file and a real PostgreSQL server. A test file calls
`historyStores()` at its top level and runs its suite once per store (`describe.skipIf(store.skipped !== null)`), so
both stores pass the same tests; the PostgreSQL half is skipped, with the reason in its title, where no server
can be started (and fails instead under TOKENKIT_TEST_POSTGRES=required).
*/

/** What a test needs to point tokenkit at one fresh store. */
export interface StoreTarget {
	/** The `history:` section of a config file. */
	readonly section: {readonly path: string} | {readonly url: string; readonly passwordFile?: string};
	/** The options of `openHistory`. */
	readonly options: {readonly path: string} | {readonly url: string; readonly password: string};
	/** The database password (PostgreSQL), a secret that must never be printed. */
	readonly password: string | null;
}

export interface HistoryStoreKind {
	readonly name: 'sqlite' | 'postgres';
	/** Why this store's tests are skipped; null when they run. */
	readonly skipped: string | null;
	/** A new, empty store. */
	fresh(): Promise<StoreTarget>;
}

/** Both stores, the PostgreSQL cluster started for this test file and stopped after it. */
export async function historyStores(): Promise<readonly HistoryStoreKind[]> {
	const postgres = await startPostgres();
	afterAll(async () => {
		await postgres.cluster?.stop();
	});
	return [
		{
			name: 'sqlite',
			skipped: null,
			async fresh() {
				const path = join(await mkdtemp(join(tmpdir(), 'tokenkit-history-')), 'history.sqlite');
				return {section: {path}, options: {path}, password: null};
			},
		},
		{
			name: 'postgres',
			skipped: postgres.skipped,
			async fresh() {
				if (postgres.cluster === null) {
					throw new Error(postgres.skipped);
				}

				const {cluster} = postgres;

				const url = await cluster.newDatabase();
				return {section: {url}, options: {url, password: cluster.password}, password: cluster.password};
			},
		},
	];
}
