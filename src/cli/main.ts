#!/usr/bin/env node
import {run} from './run.js';

// SIGINT and SIGTERM become an abort signal, so a command stops its requests and closes its servers instead of dying mid-write.
const interrupt = new AbortController();
for (const name of ['SIGINT', 'SIGTERM'] as const) {
	process.once(name, () => {
		interrupt.abort(new Error(`received ${name}`));
	});
}

// A reader that goes away (`tokenkit inventory | head`) is not a crash: stop the command as if interrupted.
// Later writes to the closed pipe fail the same way and are ignored.
for (const stream of [process.stdout, process.stderr]) {
	stream.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code !== 'EPIPE') {
			throw error;
		}

		interrupt.abort(new Error('output closed'));
	});
}

process.exitCode = await run(process.argv.slice(2), {
	stdout: process.stdout,
	stderr: process.stderr,
	env: process.env,
	signal: interrupt.signal,
	cwd: process.cwd(),
	stdin: process.stdin,
	// Undefined, not false, when stdin is a pipe: the type claims a boolean, the runtime does not always give one.
	stdinIsTTY: process.stdin.isTTY,
});
