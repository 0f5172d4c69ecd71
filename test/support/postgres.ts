import {execFile} from 'node:child_process';
import {chown, mkdtemp, readdir, rm, writeFile} from 'node:fs/promises';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import pg from 'pg';

/*
A throwaway PostgreSQL cluster for the tests of the history store: initdb in a temporary directory, a server on a
free loopback port (and a socket in the same directory), password authentication over TCP, and nothing kept
afterwards. The server refuses to run as root, so under root it runs as the `postgres` user (runuser).

Where no server binaries are found the PostgreSQL tests are skipped with the reason, unless
TOKENKIT_TEST_POSTGRES=required (as CI sets it), which makes that a failure instead.
*/

const run = promisify(execFile);

export interface PostgresCluster {
	/** `postgres://postgres@127.0.0.1:PORT/DATABASE` of a new, empty database; the URL holds no password. */
	newDatabase(): Promise<string>;
	/** The superuser's password, as PGPASSWORD or a passwordFile would give it. */
	readonly password: string;
	stop(): Promise<void>;
}

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

async function serverBinaries(): Promise<string | null> {
	const given = process.env.TOKENKIT_TEST_PG_BIN;
	if (given !== undefined && given !== '') {
		return given;
	}

	try {
		const versions = (await readdir('/usr/lib/postgresql')).filter(name => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
		for (const version of versions) {
			const bin = join('/usr/lib/postgresql', version, 'bin');
			if ((await readdir(bin)).includes('pg_ctl')) {
				return bin;
			}
		}
	} catch {
		// No PostgreSQL installed the Debian way.
	}

	return null;
}

async function startCluster(bin: string): Promise<PostgresCluster> {
	const directory = await mkdtemp(join(tmpdir(), 'tokenkit-pg-'));
	const asRoot = process.getuid?.() === 0;
	const as = async (command: string, args: readonly string[]): Promise<void> => {
		const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), [...args]];
		await run(file, argv, {timeout: 60_000});
	};

	const password = `pw-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
	const passwordFile = join(directory, 'pwfile');
	await writeFile(passwordFile, `${password}\n`, {mode: 0o600});
	if (asRoot) {
		const {stdout} = await run('id', ['-u', 'postgres']);
		const {stdout: group} = await run('id', ['-g', 'postgres']);
		await chown(directory, Number(stdout.trim()), Number(group.trim()));
		await chown(passwordFile, Number(stdout.trim()), Number(group.trim()));
	}

	const data = join(directory, 'data');
	const port = await freePort();
	try {
		await as('initdb', ['-D', data, '-U', 'postgres', '--auth-host=scram-sha-256', '--auth-local=trust', `--pwfile=${passwordFile}`, '-N', '-E', 'UTF8', '--locale=C']);
		// Durability is not under test here (a crash of the client is; the server stays up): fsync off keeps the suite quick.
		const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${directory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50`;
		await as('pg_ctl', ['-D', data, '-o', options, '-l', join(directory, 'server.log'), '-w', '-t', '60', 'start']);
	} catch (error) {
		await rm(directory, {recursive: true, force: true});
		throw error;
	}

	let databases = 0;
	return {
		password,
		async newDatabase() {
			const name = `tokenkit_${process.pid}_${++databases}`;
			const client = new pg.Client({host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres'});
			await client.connect();
			try {
				await client.query(`CREATE DATABASE ${name}`);
			} finally {
				await client.end();
			}

			return `postgres://postgres@127.0.0.1:${port}/${name}`;
		},
		async stop() {
			await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
			await rm(directory, {recursive: true, force: true});
		},
	};
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => {
				resolve(typeof address === 'object' && address !== null ? address.port : 0);
			});
		});
	});
}
