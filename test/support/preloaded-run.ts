import {spawn} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {finished, type Finished} from '../e2e/built-cli.js';

/**
Runs `script` with `node --import preload`, the preload told by `logVariable` which file to write what it saw to,
one line per thing; returns what the script printed and the lines of that file.
*/
export async function runWithLoggingPreload(preload: string, logVariable: string, script: string, argv: readonly string[], options: {cwd: string; env?: NodeJS.ProcessEnv}): Promise<{run: Finished; lines: string[]}> {
	const log = join(options.cwd, `preload-${Math.random().toString(36).slice(2)}.log`);
	const child = spawn(process.execPath, ['--import', preload, script, ...argv], {cwd: options.cwd, env: {PATH: process.env.PATH, ...options.env, [logVariable]: log}, stdio: ['ignore', 'pipe', 'pipe']});
	const run = await finished(child);
	return {run, lines: (await readFile(log, 'utf8')).trim().split('\n')};
}
