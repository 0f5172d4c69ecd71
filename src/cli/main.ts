#!/usr/bin/env node
import {enableCompileCache} from 'node:module';
import {exitCodes} from './exit-codes.js';
import {OutputClosed} from './output-closed.js';
import {reportUnexpected, run} from './run.js';
import {sizeHeapForCommand, type CommandHeap} from './heap-sizing.js';
import {filterRuntimeWarnings} from './runtime-warnings.js';

// A command loads a few dozen files (chunks of the bundle in dist/cli/); Node keeps their compiled code in its
// cache directory (in the system's temporary directory unless NODE_COMPILE_CACHE says where,
// NODE_DISABLE_COMPILE_CACHE=1 turns it off), so a later run starts its first request sooner. Only the code is
// cached, never what a run reads or prints.
enableCompileCache();

const argv = process.argv.slice(2);
const debug = argv.includes('--debug');
filterRuntimeWarnings(process.stderr, debug);

// SIGINT and SIGTERM become an abort signal, so a command stops its requests and closes its servers instead of dying mid-write.
// The abort reaches every wait (a slow body, a retry, the limiter's pacing) at once; see src/http/attempt-abort.ts.
// A second signal of the same name finds no listener left and ends the process the default way, for a person who insists.
const interrupt = new AbortController();
let received: NodeJS.Signals | undefined;
for (const name of ['SIGINT', 'SIGTERM'] as const) {
	process.once(name, () => {
		received ??= name;
		interrupt.abort(new Error(`received ${name}`));
	});
}

// A reader that goes away (`tokenkit inventory | head`) is not a crash: the command stops, quietly, and the run
// ends as done (exit 0: the reader has what it wanted). Any other write failure (a full disk) stops it the
// same way, and is reported once the command has stopped. Later writes to the closed stream fail the same way
// and are ignored.
const writeFailures: Error[] = [];
for (const stream of [process.stdout, process.stderr]) {
	stream.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code !== 'EPIPE') {
			writeFailures.push(error);
		}

		interrupt.abort(new OutputClosed(error));
	});
}

let commandHeap: CommandHeap | undefined;
const code = await run(argv, {
	stdout: process.stdout,
	stderr: process.stderr,
	env: process.env,
	signal: interrupt.signal,
	cwd: process.cwd(),
	stdin: process.stdin,
	// Undefined, not false, when stdin is a pipe: the type claims a boolean, the runtime does not always give one.
	stdinIsTTY: process.stdin.isTTY,
	// Not before: loading a command's modules is a burst of allocation that a growing young generation serves
	// faster (held small from the start, the first request went out about 15 ms later).
	commandLoaded: sendsRequests => {
		commandHeap = sizeHeapForCommand(process.execArgv, process.env.NODE_OPTIONS, sendsRequests);
	},
	// A listing of one or two accounts lets the young generation grow again (heap-sizing.ts).
	listingStarts: accountsAtOnce => {
		commandHeap?.forListing(accountsAtOnce);
	},
});
// A failed write is reported on a later tick: wait until stdout has taken (or refused) everything written.
await new Promise<void>(resolve => {
	process.stdout.write('', () => {
		resolve();
	});
});
const [writeFailure] = writeFailures;
// Commands say `interrupted` for either signal; the exit code tells a supervisor which one it was.
const signalled = code === exitCodes.interrupted && received === 'SIGTERM' ? exitCodes.terminated : code;
process.exitCode = writeFailure === undefined ? signalled : reportUnexpected(writeFailure, process.stderr, debug);
if (received !== undefined) {
	// The command has stopped and its output is written. A connection the vendor never answers can still hold
	// the event loop open until the other side gives up; after a signal nothing is left to wait for.
	process.exit();
}
