import {fileURLToPath} from 'node:url';
import type {Finished} from '../e2e/built-cli.js';
import {runWithLoggingPreload} from './preloaded-run.js';

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
	return runNodeLoggingFlags([script, ...argv], options);
}

/** The same for any node command line after `--import preload` (node's own options, `-e` code). */
export async function runNodeLoggingFlags(nodeArguments: readonly string[], options: {cwd: string; env?: NodeJS.ProcessEnv}): Promise<{run: Finished; flags: FlagSet[]; fetchLoadedAtExit: boolean}> {
	const {run, lines} = await runWithLoggingPreload(register, 'TOKENKIT_FLAG_LOG', nodeArguments, options);
	const logged = lines.map(line => JSON.parse(line) as FlagSet | {readonly exit: true; readonly fetchLoaded: boolean});
	const flags = logged.filter((line): line is FlagSet => 'flag' in line);
	return {run, flags, fetchLoadedAtExit: logged.at(-1)?.fetchLoaded ?? false};
}
