import {spawn, type ChildProcess} from 'node:child_process';
import {fileURLToPath} from 'node:url';

/** The built command, as `npm install -g` or `npx tokenkit` would run it: the bundle `bin.tokenkit` names. */
export const cliPath = fileURLToPath(new URL('../../dist/cli/tokenkit.js', import.meta.url));

/** tsc's output of src/cli/main.ts, which the bundle is made from: the same program, one file per module. */
export const compiledCliPath = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

export interface Finished {
	readonly code: number | null;
	readonly stdout: string;
	readonly stderr: string;
}

/** Runs the built CLI to completion in its own process. */
export async function tokenkit(argv: readonly string[], options: {cwd?: string; env?: NodeJS.ProcessEnv} = {}): Promise<Finished> {
	const child = spawn(process.execPath, [cliPath, ...argv], {cwd: options.cwd, env: {PATH: process.env.PATH, ...options.env}, stdio: ['ignore', 'pipe', 'pipe']});
	return finished(child);
}

export async function finished(child: ChildProcess): Promise<Finished> {
	const out: Buffer[] = [];
	const err: Buffer[] = [];
	child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
	child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
	const code = await new Promise<number | null>(resolve => {
		child.once('close', resolve);
	});
	return {code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8')};
}
