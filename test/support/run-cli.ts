import {Readable, Writable} from 'node:stream';
import {run} from '../../src/cli/run.js';
import type {DurableFileOptions} from '../../src/inventory/rotate/durable-file.js';

export interface CliRun {
	/** Resolves with the exit code once the command returns. */
	readonly done: Promise<number>;
	/** Everything written to stdout so far. */
	stdout(): string;
	stderr(): string;
	/** Sends the command the equivalent of SIGINT. */
	interrupt(): void;
}

export interface CliOptions {
	env?: NodeJS.ProcessEnv;
	cwd?: string;
	/** What a person types on stdin; without it, stdin is absent, as for a command nobody can answer. */
	stdin?: string;
	/** Whether stdin counts as a terminal. @default false */
	stdinIsTTY?: boolean;
	/** How the secret file and its journal are written (a disk that fills up). */
	disk?: DurableFileOptions;
	/** Told by a listing command how many accounts it lists at once, as main.ts is (which sizes the heap for it). */
	listingStarts?: (accountsAtOnce: number) => void;
}

/** Runs `tokenkit` in-process with captured streams, the way main.ts runs it. */
export function startCli(argv: readonly string[], options: CliOptions = {}): CliRun {
	const out: string[] = [];
	const err: string[] = [];
	const sink = (chunks: string[]): Writable =>
		new Writable({
			write(chunk: Buffer | string, _encoding, callback) {
				chunks.push(String(chunk));
				callback();
			},
		});
	const interrupt = new AbortController();
	const done = run(argv, {
		stdout: sink(out),
		stderr: sink(err),
		env: options.env ?? {},
		signal: interrupt.signal,
		cwd: options.cwd ?? process.cwd(),
		stdin: options.stdin === undefined ? undefined : Readable.from([options.stdin]),
		stdinIsTTY: options.stdinIsTTY ?? false,
		disk: options.disk,
		listingStarts: options.listingStarts,
	});
	return {
		done,
		stdout: () => out.join(''),
		stderr: () => err.join(''),
		interrupt() {
			interrupt.abort(new Error('received SIGINT'));
		},
	};
}

/** Waits until `condition` holds, polling; fails after `timeout` ms. */
export async function waitFor(condition: () => boolean, timeout = 5000): Promise<void> {
	const deadline = Date.now() + timeout;
	while (!condition()) {
		if (Date.now() > deadline) {
			throw new Error('condition not met in time');
		}

		await new Promise(resolve => setTimeout(resolve, 10));
	}
}
