import {spawn} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {finished, type Finished} from '../e2e/built-cli.js';

const register = fileURLToPath(new URL('../../dist/test/fixtures/flag-log/register.js', import.meta.url));

export interface FlagSet {
	readonly flag: string;
	/** Whether Node's fetch implementation was loaded when the flag was set. */
	readonly fetchLoaded: boolean;
}

/**
Runs `script` (the bundled command, or tsc's output of it) in its own process with a preload that logs each V8 flag
it sets, and returns what it printed, those flags in order, and whether it had loaded fetch by its exit.
*/
export async function runLoggingFlags(script: string, argv: readonly string[], options: {cwd: string}): Promise<{run: Finished; flags: FlagSet[]; fetchLoadedAtExit: boolean}> {
	const log = join(options.cwd, `flags-${Math.random().toString(36).slice(2)}.log`);
	const child = spawn(process.execPath, ['--import', register, script, ...argv], {cwd: options.cwd, env: {PATH: process.env.PATH, TOKENKIT_FLAG_LOG: log}, stdio: ['ignore', 'pipe', 'pipe']});
	const run = await finished(child);
	const lines = (await readFile(log, 'utf8')).trim().split('\n').map(line => JSON.parse(line) as FlagSet | {readonly exit: true; readonly fetchLoaded: boolean});
	const flags = lines.filter((line): line is FlagSet => 'flag' in line);
	return {run, flags, fetchLoadedAtExit: lines.at(-1)?.fetchLoaded ?? false};
}
