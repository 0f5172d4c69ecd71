import {spawn} from 'node:child_process';
import * as v from 'valibot';
import {builtInVendors} from '../../providers/index.js';
import {cliPath, finished, type Finished} from './built-cli.js';

export const VendorLineSchema = v.object({
	vendor: v.string(),
	baseUrl: v.string(),
	accounts: v.array(v.object({name: v.string(), id: v.string(), apiKey: v.string(), tokens: v.number()})),
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
