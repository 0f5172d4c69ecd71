/**
Why a run stopped when its output could no longer be written: the reader of stdout went away (`tokenkit
inventory | head -1`), or the stream failed under it (a full disk). main.ts aborts the run's signal with it, so
commands can tell it from an interrupt: nobody is left to read a summary, and nothing failed at a vendor.
*/
export class OutputClosed extends Error {
	override name = 'OutputClosed' as const;

	constructor(cause: Error) {
		super('output closed', {cause});
	}
}

/** True when the run was stopped because its output closed, rather than by a signal or not at all. */
export function outputClosed(signal: AbortSignal): boolean {
	return signal.aborted && signal.reason instanceof OutputClosed;
}
