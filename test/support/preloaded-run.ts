import {spawn} from 'node:child_process';
import {readFile, rm} from 'node:fs/promises';
import {join} from 'node:path';
import {finished, type Finished} from '../e2e/built-cli.js';

/**
Runs `node --import preload ...nodeArguments` (a script and its arguments, or node's own options and `-e` code), the
preload told by `logVariable` which file to write what it saw to, one line per thing; returns what the process printed
and the lines of that file, which it then removes.
*/
export async function runWithLoggingPreload(preload: string, logVariable: string, nodeArguments: readonly string[], options: {cwd: string; env?: NodeJS.ProcessEnv}): Promise<{run: Finished; lines: string[]}> {
	const log = join(options.cwd, `preload-${Math.random().toString(36).slice(2)}.log`);
	const child = spawn(process.execPath, ['--import', preload, ...nodeArguments], {cwd: options.cwd, env: {PATH: process.env.PATH, ...options.env, [logVariable]: log}, stdio: ['ignore', 'pipe', 'pipe']});
	const run = await finished(child);
	const lines = (await readFile(log, 'utf8')).trim().split('\n');
	await rm(log, {force: true});
	return {run, lines};
}
