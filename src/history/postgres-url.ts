import {ConfigError} from '../errors/index.js';

/** Where a PostgreSQL history store is and how to reach it; `location` is the URL as it may be printed. */
export interface PostgresTarget {
	readonly host: string | undefined;
	readonly port: number | undefined;
	readonly user: string | undefined;
	readonly database: string | undefined;
	/** false: plain; true: TLS with the server's certificate checked; `{rejectUnauthorized: false}`: TLS unchecked. */
	readonly ssl: boolean | {readonly rejectUnauthorized: false};
	readonly password: string | undefined;
	readonly connectTimeoutMs: number;
	readonly location: string;
}

const sslModes = ['disable', 'require', 'verify-ca', 'verify-full', 'no-verify'] as const;
const knownParameters = ['sslmode', 'host', 'connect_timeout'];

/**
Reads a `postgres://user@host:port/database?sslmode=…` URL (`postgresql://` too; `?host=/path` for a Unix socket).
A URL that holds a password is refused: the config file would then hold a secret in plain text, and the URL is
printed in messages. The password comes from `password` (the config's `passwordFile`, or `PGPASSWORD`) instead.
`sslmode=require`, `verify-ca` and `verify-full` check the server's certificate; `no-verify` encrypts without checking
it, for a server with a self-signed certificate one trusts; `disable` (the default) sends plain text, for loopback or
a private network.
*/
export function parsePostgresUrl(url: string, password: string | undefined, where: string): PostgresTarget {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new ConfigError(`${where}: not a URL; write postgres://user@host:5432/database`);
	}

	if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
		throw new ConfigError(`${where}: a history URL starts with postgres:// (got ${parsed.protocol}//…); for an SQLite file use history.path`);
	}

	if (parsed.password !== '') {
		throw new ConfigError(`${where}: the URL holds a password, which would sit in the config file in plain text; remove it from the URL and give it in PGPASSWORD or in a file named by history.passwordFile`);
	}

	const unknown = [...parsed.searchParams.keys()].find(name => !knownParameters.includes(name));
	if (unknown !== undefined) {
		throw new ConfigError(`${where}: unknown URL parameter "${unknown}" (known: ${knownParameters.join(', ')})`);
	}

	const mode = parsed.searchParams.get('sslmode') ?? 'disable';
	const sslMode = sslModes.find(candidate => candidate === mode);
	if (sslMode === undefined) {
		throw new ConfigError(`${where}: sslmode must be one of ${sslModes.join(', ')}; got "${mode}"`);
	}

	const timeout = parsed.searchParams.get('connect_timeout');
	const timeoutSeconds = timeout === null ? 10 : Number(timeout);
	if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 600) {
		throw new ConfigError(`${where}: connect_timeout must be a whole number of seconds from 1 to 600`);
	}

	const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
	const socket = parsed.searchParams.get('host');
	return {
		host: socket ?? (parsed.hostname === '' ? undefined : parsed.hostname.replace(/^\[(.*)\]$/, '$1')),
		port: parsed.port === '' ? undefined : Number(parsed.port),
		user: parsed.username === '' ? undefined : decodeURIComponent(parsed.username),
		database: database === '' ? undefined : database,
		ssl: sslMode === 'disable' ? false : (sslMode === 'no-verify' ? {rejectUnauthorized: false} : true),
		password,
		connectTimeoutMs: timeoutSeconds * 1000,
		location: url,
	};
}
