import type {CommandIo} from './io.js';

/** One `tokenkit <command>`; its one-line summary is in command-list.ts, so `tokenkit --help` loads no command. */
export interface Command {
	readonly name: string;
	/** The full `tokenkit <command> --help` text. */
	readonly help: string;
	/** Runs the command and returns its exit code. Throws UsageError or ConfigError for bad input. */
	run(argv: readonly string[], io: CommandIo): Promise<number>;
}
