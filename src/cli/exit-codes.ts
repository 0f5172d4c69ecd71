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
	The reader of stdout went away before the end (`tokenkit inventory | head -1`): it has what it asked for, so
	the run ends as done, quietly, and a `set -o pipefail` script goes on (ripgrep and fd do the same; a shell would
	report 141 for a writer SIGPIPE kills). A full disk or any other write failure is not this: it exits 1.
	*/
	outputClosed: 0,
	/** Stopped by SIGTERM (128 + 15), as cleanly as an interrupt: the command returned `interrupted`, and main.ts reports the signal it got. */
	terminated: 143,
} as const satisfies Record<string, number>;
