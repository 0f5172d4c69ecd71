import type {DurableFileOptions} from '../inventory/rotate/durable-file.js';
import type {Redactor} from '../redaction/redactor.js';
import type {Verbose} from './verbose.js';

/** What a command may touch of the outside world, passed in so tests can run commands in-process. */
export interface CliIo {
	readonly stdout: NodeJS.WritableStream;
	readonly stderr: NodeJS.WritableStream;
	readonly env: NodeJS.ProcessEnv;
	/** Fires on SIGINT or SIGTERM; long-running commands stop cleanly when it does. */
	readonly signal: AbortSignal;
	/** The working directory that relative paths are resolved against. */
	readonly cwd: string;
	/** Where a command reads a person's answer (a confirmation); absent where nobody can answer. */
	readonly stdin?: NodeJS.ReadableStream | undefined;
	/** True when stdin is a terminal, so a person is there to be asked. Commands that would ask insist on --yes otherwise. */
	readonly stdinIsTTY?: boolean | undefined;
	/** How the secret file and its journal are written; tests pass a disk that fills up. @default the file's own */
	readonly disk?: DurableFileOptions | undefined;
	/** Called once the command's code is loaded, before it runs: the process's start-up is over then. Says whether the command sends requests. */
	readonly commandLoaded?: ((sendsRequests: boolean) => void) | undefined;
	/** Called by a listing command before its first request, with how many accounts it lists at once. */
	readonly listingStarts?: ((accountsAtOnce: number) => void) | undefined;
}

/**
What a command runs with: the outside world, and the redactor of the run. Every provider of the run registers its
credential and every key it mints with it, and everything a command prints or writes (the secret file aside)
passes through it.
*/
export interface CommandIo extends CliIo {
	readonly redactor: Redactor;
	/** With --verbose, says on stderr which config file was read and every request sent; null without it. */
	readonly verbose: Verbose;
}
