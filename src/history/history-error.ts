import {errorKinds, TokenkitError} from '../errors/tokenkit-error.js';

/**
The history store could not be opened, read or written: the database is unreachable, busy past its timeout, not
a tokenkit store, or written by a newer tokenkit. The message names the store (its file, or its URL, which never
holds a password) and what went wrong.
*/
export class HistoryError extends TokenkitError {
	override name: string = 'HistoryError';
}

/** A run id the history store does not hold (never saved, or pruned). */
export class UnknownRunError extends HistoryError {
	override name = 'UnknownRunError' as const;
	readonly runId: number;

	constructor(runId: number) {
		super(`the history store holds no run ${runId}`);
		this.runId = runId;
	}
}

/** Whether `value` is a HistoryError, from this copy of tokenkit or another (see `isTokenkitError`). */
export function isHistoryError(value: unknown): value is HistoryError {
	if (!(typeof value === 'object' && value !== null && errorKinds in value)) {
		return false;
	}

	const kinds: unknown = value[errorKinds];
	return Array.isArray(kinds) && kinds.includes('HistoryError');
}

/** The words of an error from a database client, for a message: its code where it has one, and its message. */
export function describeDatabaseError(error: unknown): string {
	if (!(error instanceof Error)) {
		return String(error);
	}

	const code = 'code' in error && typeof error.code === 'string' && !error.message.includes(error.code) ? ` (${error.code})` : '';
	return `${error.message}${code}`;
}
