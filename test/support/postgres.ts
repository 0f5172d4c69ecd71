import {serverBinaries, startCluster, type PostgresCluster} from '../../bench/history/postgres-cluster.js';

/*
A throwaway PostgreSQL cluster for the tests of the history store (bench/history/postgres-cluster.ts). Where no
server binaries are found the PostgreSQL tests are skipped with the reason, unless TOKENKIT_TEST_POSTGRES=required
(as CI sets it), which makes that a failure instead.
*/

export type PostgresAvailability = {readonly cluster: PostgresCluster; readonly skipped: null} | {readonly cluster: null; readonly skipped: string};

/** Starts a cluster, or says why it cannot (a failure instead when PostgreSQL is required). */
export async function startPostgres(): Promise<PostgresAvailability> {
	const required = process.env.TOKENKIT_TEST_POSTGRES === 'required';
	const bin = await serverBinaries();
	if (bin === null) {
		const reason = 'no PostgreSQL server binaries (initdb, pg_ctl) in /usr/lib/postgresql/*/bin or $TOKENKIT_TEST_PG_BIN; install the postgresql package to run these tests';
		if (required) {
			throw new Error(`TOKENKIT_TEST_POSTGRES=required: ${reason}`);
		}

		return {cluster: null, skipped: reason};
	}

	try {
		return {cluster: await startCluster(bin), skipped: null};
	} catch (error) {
		if (required) {
			throw error;
		}

		return {cluster: null, skipped: `PostgreSQL could not be started: ${error instanceof Error ? error.message : String(error)}`};
	}
}
