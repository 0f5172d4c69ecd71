import {Writable} from 'node:stream';
import {run} from '../../src/cli/run.js';
import {createLineCounter, type LineCount} from '../memory/line-counter.js';

export interface InProcessInventory {
	readonly exitCode: number;
	/** Bytes the command wrote to stdout. */
	readonly bytes: number;
	/** The lines it wrote, when they were counted. */
	readonly lines: Readonly<LineCount> | undefined;
	/** What it wrote to stderr (nothing, with --quiet, unless an account failed). */
	readonly stderr: string;
}

export interface InProcessOptions {
	readonly configPath: string;
	/** The config's accounts to list, as `--account` names them. */
	readonly accounts: readonly string[];
	readonly signal: AbortSignal;
	/**
	Count the token lines and their bytes as they come. Off for the timed runs, where the reader's work would be
	measured as the command's: a real reader is another process.
	*/
	readonly countLines: boolean;
}

/**
Runs `tokenkit inventory --config FILE --account NAMES --format ndjson --quiet` in this process, through the command
line's own entry (src/cli/run.ts, as src/cli/main.ts calls it), with a stdout that takes every write at once and keeps
nothing: the command's whole work, its report writer's batching, secret scrubbing and stream writes included, without
the process's start-up. V8's heap is sized as this process has it: the settings the installed command makes
before its first request (src/cli/heap-sizing.ts) are the business of the memory scenario, which runs the command in its own process.
*/
export async function inventoryInProcess(options: InProcessOptions): Promise<InProcessInventory> {
	const counter = options.countLines ? createLineCounter() : undefined;
	let bytes = 0;
	// Strings reach `write` as buffers (decodeStrings), encoded as they would be for a file or a pipe.
	const stdout = new Writable({
		write(chunk: unknown, _encoding, done) {
			if (Buffer.isBuffer(chunk)) {
				bytes += chunk.length;
				counter?.add(chunk.toString('utf8'));
			}

			done();
		},
	});
	let stderr = '';
	const stderrStream = new Writable({
		write(chunk: unknown, _encoding, done) {
			// Kept short: only its start is useful when a listing fails.
			stderr = (stderr + String(chunk)).slice(0, 4000);
			done();
		},
	});
	const exitCode = await run(['inventory', '--config', options.configPath, '--account', options.accounts.join(','), '--format', 'ndjson', '--quiet'], {
		stdout,
		stderr: stderrStream,
		env: process.env,
		signal: options.signal,
		cwd: process.cwd(),
		stdinIsTTY: false,
	});
	return {exitCode, bytes, lines: counter?.count, stderr};
}
