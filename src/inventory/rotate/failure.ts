import {
	isConfigError,
	isHttpError,
	isMalformedResponseError,
	isNetworkError,
	isRateLimitError,
	isResponseShapeError,
	isUnsupportedOperationError,
} from '../../errors/index.js';

/**
True when `error` proves the vendor changed nothing, so a rotation that failed with it minted no key. Reads
are harmless; a write is harmless only when it provably never arrived or the vendor refused it with a 4xx.
Everything else (a lost answer, a 5xx, a broken body, an unknown error) may hide a key the vendor minted.
The error is told by its brand (the is… guards), not `instanceof`: a vendor module throws the errors of the
tokenkit library it imports, which is another copy than the bundled command's.
*/
export function changedNothing(error: unknown): boolean {
	if (isConfigError(error) || isUnsupportedOperationError(error) || isRateLimitError(error)) {
		return true;
	}

	if (isNetworkError(error)) {
		return error.notSent || error.method === 'GET';
	}

	if (isHttpError(error)) {
		return error.method === 'GET' || error.status < 500;
	}

	if (isResponseShapeError(error) || isMalformedResponseError(error)) {
		return error.method === 'GET';
	}

	return false;
}

export function asError(value: unknown): Error {
	return value instanceof Error ? value : new Error(String(value));
}
