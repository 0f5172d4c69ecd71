#!/usr/bin/env node
import {run} from './run.js';

// SIGINT and SIGTERM become an abort signal, so a command stops its requests and closes its servers instead of dying mid-write.
const interrupt = new AbortController();
for (const name of ['SIGINT', 'SIGTERM'] as const) {
	process.once(name, () => {
		interrupt.abort(new Error(`received ${name}`));
	});
}

process.exitCode = await run(process.argv.slice(2), {
	stdout: process.stdout,
	stderr: process.stderr,
	env: process.env,
	signal: interrupt.signal,
	cwd: process.cwd(),
});
