import {execFile} from 'node:child_process';
import {chown, mkdtemp, readdir, rm, writeFile} from 'node:fs/promises';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import pg from 'pg';

/*
A throwaway PostgreSQL cluster, for the history store's tests and benchmark: initdb in a temporary directory, a
server on a free loopback port (and a socket in the same directory), password authentication over TCP, and nothing
kept afterwards. The server refuses to run as root, so under root it runs as the `postgres` user (runuser).
*/

const run = promisify(execFile);

export interface PostgresCluster {
	/** `postgres://postgres@127.0.0.1:PORT/DATABASE` of a new, empty database; the URL holds no password. */
	newDatabase(): Promise<string>;
	/** The superuser's password, as PGPASSWORD or a passwordFile would give it. */
	readonly password: string;
	stop(): Promise<void>;
}

/**
The directory of PostgreSQL's server binaries: `$TOKENKIT_TEST_PG_BIN`, else the newest `/usr/lib/postgresql/N/bin` (where
Debian and Ubuntu install them, off PATH). Null when there is none.
*/
export async function serverBinaries(): Promise<string | null> {
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

/**
Starts a cluster from the binaries in `bin`; `stop()` ends it and deletes everything it wrote. `durable: false` turns
fsync off, for tests, where the server's own durability is not under test (a crash of the client is; the server
stays up); a benchmark keeps PostgreSQL's defaults.
*/
export async function startCluster(bin: string, options: {readonly durable: boolean} = {durable: false}): Promise<PostgresCluster> {
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
		const quick = options.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
		const settings = `-c listen_addresses=127.0.0.1 -p ${port} -k ${directory} -c max_connections=50${quick}`;
		await as('pg_ctl', ['-D', data, '-o', settings, '-l', join(directory, 'server.log'), '-w', '-t', '60', 'start']);
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
