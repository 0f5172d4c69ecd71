import {constants} from 'node:fs';
import {open, readFile, type FileHandle} from 'node:fs/promises';
import {basename, resolve} from 'node:path';
import {builtInVendors} from '../../../providers/index.js';
import {parseFaultSpec} from '../../simulate/faults.js';
import {startSimulatorsOf, type RunningSimulators} from '../../simulate/start.js';
import {integerFlag, parseCommandLine} from '../arguments.js';
import type {Command} from '../command.js';
import {exitCodes} from '../exit-codes.js';
import type {CliIo} from '../io.js';
import {UsageError} from '../usage-error.js';

/** Marks a config file this command wrote, so a later run may replace it but never a file the user wrote. */
const generatedMarker = 'tokenkit simulate';

const help = `Usage: tokenkit simulate [options]

Starts simulators of the vendors' token APIs on 127.0.0.1 and prints one JSON line per vendor:
  {"vendor", "baseUrl", "accounts": [{"name", "id", "apiKey", "tokens", …}]}
(GitHub accounts add "appId", "installationId", "org" and "scope"; their apiKey is the App's private key, which
--write-config puts in a 0600 file beside the config. Datadog accounts add "applicationKey", sent beside the API key.) Simulator keys are fake. Runs until SIGINT or SIGTERM, then closes every connection and exits 0.

Options:
  --vendors LIST        comma-separated vendors (default: ${builtInVendors.map(vendor => vendor.name).join(',')})
  --accounts N          accounts per vendor (default 2)
  --tokens N            tokens seeded per account (default 25)
  --seed N              seed for data, latency and faults (default 1)
  --latency MS[:JITTER] added delay per request, fixed plus seeded jitter (default 0)
  --faults SPEC         per-request fault probabilities, e.g.
                        429=0.1,500=0.05,503=0.02,reset=0.02,lost=0.01,truncate=0.01,malformed=0.01,slow=0.01
  --churn N             create one token and delete another (some vendors change a third) every N requests
  --no-rate-limits      do not enforce the vendors' rate limits
  --port N              first port; vendor n listens on N+n (default: free ports)
  --write-config FILE   write a tokenkit config file that points at the running simulators
  -h, --help            show this help
`;

export const simulateCommand: Command = {
	name: 'simulate',
	help,
	async run(argv, io) {
		const {values} = parseCommandLine('simulate', argv, {
			vendors: {type: 'string'},
			accounts: {type: 'string'},
			tokens: {type: 'string'},
			seed: {type: 'string'},
			latency: {type: 'string'},
			faults: {type: 'string'},
			churn: {type: 'string'},
			'no-rate-limits': {type: 'boolean'},
			port: {type: 'string'},
			'write-config': {type: 'string'},
			help: {type: 'boolean', short: 'h'},
		});
		if (values.help === true) {
			io.stdout.write(help);
			return exitCodes.ok;
		}

		const churn = integerFlag('churn', values.churn, 1, 1_000_000);
		const port = integerFlag('port', values.port, 0, 65_535);
		const running = await startSimulatorsOf(builtInVendors, {
			vendors: values.vendors?.split(',').map(name => name.trim()).filter(name => name !== ''),
			accounts: integerFlag('accounts', values.accounts, 1, 1000),
			tokens: integerFlag('tokens', values.tokens, 0, 1_000_000),
			seed: integerFlag('seed', values.seed, 0, 2 ** 32 - 1),
			latency: parseLatency(values.latency),
			faults: values.faults === undefined ? undefined : parseFaultSpec(values.faults),
			churn: churn === undefined ? undefined : {everyRequests: churn},
			rateLimits: values['no-rate-limits'] !== true,
			port,
		}).catch((error: unknown) => {
			// A port that is taken (or not ours to take) is a choice on the command line, not a crash.
			const code = error instanceof Error && 'code' in error ? error.code : undefined;
			throw port !== undefined && port !== 0 && (code === 'EADDRINUSE' || code === 'EACCES')
				? new UsageError(`--port ${port}: ${error instanceof Error ? error.message : String(error)}; choose another first port, or leave --port out to use free ones`)
				: error;
		});

		try {
			// The config first: when it cannot be written, nothing has been announced on stdout.
			if (values['write-config'] !== undefined) {
				const path = resolve(io.cwd, values['write-config']);
				await writeConfig(path, running);
				io.stderr.write(`tokenkit simulate: wrote ${path}\n`);
			}

			for (const vendor of running.vendors) {
				io.stdout.write(`${JSON.stringify({vendor: vendor.vendor, baseUrl: vendor.baseUrl, accounts: vendor.accounts()})}\n`);
			}

			io.stderr.write('tokenkit simulate: running; press Ctrl-C to stop\n');
			await untilAborted(io);
		} finally {
			await running.close();
		}

		return exitCodes.ok;
	},
};

function parseLatency(value: string | undefined): {fixed: number; jitter: number} | undefined {
	if (value === undefined) {
		return undefined;
	}

	const match = /^(\d+)(?::(\d+))?$/.exec(value.trim());
	if (match === null) {
		throw new UsageError(`--latency must be MS or MS:JITTER in milliseconds, e.g. 50 or 50:20; got "${value}"`);
	}

	return {fixed: Number(match[1]), jitter: Number(match[2] ?? 0)};
}

async function writeConfig(path: string, running: RunningSimulators): Promise<void> {
	const existing = await readFile(path, 'utf8').catch(() => undefined);
	if (existing !== undefined && !existing.includes(`"generatedBy": "${generatedMarker}"`)) {
		throw new UsageError(`--write-config: ${path} already exists and was not written by tokenkit simulate; choose another file`);
	}

	// The config is opened first, so a path that cannot be written is named before any key file is made.
	const handle = await openPrivate(path, '--write-config');
	try {
		const accounts: Array<Readonly<Record<string, string>>> = [];
		for (const entry of running.vendors.flatMap(vendor => vendor.configEntries())) {
			accounts.push(await withKeyFile(entry, path));
		}

		// JSON is valid YAML, so the file works as tokenkit.yaml too. 0600: it holds (simulator) keys.
		await handle.writeFile(`${JSON.stringify({generatedBy: generatedMarker, accounts}, null, 2)}\n`);
	} finally {
		await handle.close();
	}
}

/**
A credential that spans lines (a GitHub App's private key) goes into a file of its own beside the config, mode 0600,
named after the config and the account, and the entry points at it with `apiKeyFile`, as a person would keep such a
key. One-line keys stay in the config.
*/
async function withKeyFile(entry: Readonly<Record<string, string>>, configPath: string): Promise<Readonly<Record<string, string>>> {
	const {apiKey, ...rest} = entry;
	if (apiKey === undefined || !apiKey.includes('\n')) {
		return entry;
	}

	const keyPath = `${configPath}.${rest['name'] ?? 'account'}.pem`;
	await writePrivate(keyPath, `${apiKey}\n`, '--write-config');
	return {...rest, apiKeyFile: basename(keyPath)};
}

async function writePrivate(path: string, text: string, flag: string): Promise<void> {
	const handle = await openPrivate(path, flag);
	try {
		await handle.writeFile(text);
	} finally {
		await handle.close();
	}
}

/** Opens `path` for writing from the start, mode 0600; a file that existed keeps its mode through O_CREAT, so it is made private too. */
async function openPrivate(path: string, flag: string): Promise<FileHandle> {
	const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o600).catch((error: unknown) => {
		const code = error instanceof Error && 'code' in error ? String(error.code) : 'unwritable';
		throw new UsageError(`${flag} ${path}: cannot be written (${code === 'ENOENT' ? 'its directory does not exist' : code})`);
	});
	await handle.chmod(0o600);
	return handle;
}

async function untilAborted(io: CliIo): Promise<void> {
	if (io.signal.aborted) {
		return;
	}

	await new Promise<void>(resolve => {
		io.signal.addEventListener('abort', () => {
			resolve();
		}, {once: true});
	});
}
