/**
A mistake on the command line (unknown flag, bad value). Reported as one line and exit code 2, with no
stack trace: the user has something to fix, not a bug to report.
*/
export class UsageError extends Error {
	override name = 'UsageError' as const;
}
