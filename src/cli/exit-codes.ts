/**
The exit codes of the `tokenkit` command, documented in the README. Scripts and CI branch on them.
*/
export const exitCodes = {
	/** Everything asked for was done. */
	ok: 0,
	/** An account or an operation failed (a vendor or network failure): the run finished but not cleanly. */
	failure: 1,
	/** The command line or the configuration is wrong; nothing was sent to any vendor. */
	usage: 2,
	/** `tokenkit audit` found risks at or above `--fail-on`. */
	findings: 3,
	/** Interrupted by SIGINT (128 + 2, as shells report it). */
	interrupted: 130,
	/**
	The reader of stdout went away before the end (`tokenkit inventory | head -1`): 128 + 13, the status shells
	report for a writer that a closed pipe ends (SIGPIPE), as for `yes | head -1`. Nothing more is printed.
	*/
	outputClosed: 141,
	/** Stopped by SIGTERM (128 + 15), as cleanly as an interrupt: the command returned `interrupted`, and main.ts reports the signal it got. */
	terminated: 143,
} as const satisfies Record<string, number>;
