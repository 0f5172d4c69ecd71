import {spawn} from 'node:child_process';
import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import * as v from 'valibot';
import {afterAll, beforeAll, expect} from 'vitest';
import {builtInVendors} from '../../providers/index.js';
import {cliPath, finished, type Finished} from './built-cli.js';

export const VendorLineSchema = v.object({
	vendor: v.string(),
	baseUrl: v.string(),
	// Loose: a vendor may announce more of what its config entries need (GitHub: the App id, installation and org).
	accounts: v.array(v.looseObject({name: v.string(), id: v.string(), apiKey: v.string(), tokens: v.number()})),
});

export type VendorLine = v.InferOutput<typeof VendorLineSchema>;

export interface SimulateProcess {
	/** What `tokenkit simulate` announced, one entry per vendor. */
	readonly vendors: readonly VendorLine[];
	/** Sends SIGTERM and resolves with how the process ended. */
	stop(): Promise<Finished>;
}

/**
`tokenkit simulate … --write-config tokenkit.yaml` in its own process, as a user runs it; resolves once it
has printed every vendor line and says it is running, by which time the config file is written.
*/
export async function startSimulateProcess(argv: readonly string[], cwd: string): Promise<SimulateProcess> {
	const vendorsFlag = argv.indexOf('--vendors');
	const vendorCount = vendorsFlag === -1 ? builtInVendors.length : (argv[vendorsFlag + 1] ?? '').split(',').length;
	const child = spawn(process.execPath, [cliPath, 'simulate', ...argv, '--write-config', 'tokenkit.yaml'], {cwd, stdio: ['ignore', 'pipe', 'pipe']});
	const ended = finished(child);
	let out = '';
	let err = '';
	await new Promise<void>((resolve, reject) => {
		// stdout and stderr are separate pipes: wait for both the vendor lines and the word that all is ready.
		const check = (): void => {
			if (err.includes('tokenkit simulate: running') && out.split('\n').length > vendorCount) {
				resolve();
			}
		};

		child.stdout.on('data', (chunk: Buffer) => {
			out += chunk.toString('utf8');
			check();
		});
		child.stderr.on('data', (chunk: Buffer) => {
			err += chunk.toString('utf8');
			check();
		});
		child.once('exit', code => {
			reject(new Error(`tokenkit simulate exited early with ${code}: ${err}`));
		});
	});

	return {
		vendors: out.trim().split('\n').map(line => v.parse(VendorLineSchema, JSON.parse(line))),
		async stop() {
			child.kill('SIGTERM');
			return ended;
		},
	};
}

export interface SimulatedDirectory {
	/** The fresh directory `tokenkit simulate` wrote its config into; every command of the file runs there. */
	readonly directory: string;
	/** What `tokenkit simulate` announced, one entry per vendor. */
	readonly vendors: readonly VendorLine[];
}

/**
Registers a beforeAll that starts `tokenkit simulate … argv` in a new directory named from `prefix`, and an
afterAll that stops it and expects exit 0: SIGTERM is a normal way to stop the simulators, every socket closed.
The returned object reads what the beforeAll set, so use it inside tests and hooks only.
*/
export function useSimulateProcess(prefix: string, argv: readonly string[]): SimulatedDirectory {
	let directory = '';
	let simulate: SimulateProcess | undefined;

	beforeAll(async () => {
		directory = await mkdtemp(join(tmpdir(), prefix));
		simulate = await startSimulateProcess(argv, directory);
	});

	afterAll(async () => {
		expect((await simulate?.stop())?.code).toBe(0);
	});

	return {
		get directory() {
			return directory;
		},
		get vendors() {
			return simulate?.vendors ?? [];
		},
	};
}
