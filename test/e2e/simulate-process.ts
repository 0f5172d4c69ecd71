import {spawn} from 'node:child_process';
import {access} from 'node:fs/promises';
import {join} from 'node:path';
import * as v from 'valibot';
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
`tokenkit simulate … --write-config tokenkit.yaml` in its own process, as a user runs it; resolves once every
vendor line is printed and the config file exists in `cwd`.
*/
export async function startSimulateProcess(argv: readonly string[], cwd: string): Promise<SimulateProcess> {
	const vendorsFlag = argv.indexOf('--vendors');
	const vendorCount = (vendorsFlag === -1 ? 'mist,opal,launchdarkly' : argv[vendorsFlag + 1] ?? '').split(',').length;
	const child = spawn(process.execPath, [cliPath, 'simulate', ...argv, '--write-config', 'tokenkit.yaml'], {cwd, stdio: ['ignore', 'pipe', 'pipe']});
	const ended = finished(child);
	let text = '';
	await new Promise<void>((resolve, reject) => {
		child.stdout.on('data', (chunk: Buffer) => {
			text += chunk.toString('utf8');
			if (text.split('\n').length > vendorCount) {
				resolve();
			}
		});
		child.once('exit', code => {
			reject(new Error(`tokenkit simulate exited early with ${code}`));
		});
	});
	const vendors = text.trim().split('\n').map(line => v.parse(VendorLineSchema, JSON.parse(line)));
	// The config is written right after the vendor lines.
	for (let attempt = 0; attempt < 250 && !(await access(join(cwd, 'tokenkit.yaml')).then(() => true, () => false)); attempt++) {
		await new Promise(resolve => setTimeout(resolve, 20));
	}

	return {
		vendors,
		async stop() {
			child.kill('SIGTERM');
			return ended;
		},
	};
}
