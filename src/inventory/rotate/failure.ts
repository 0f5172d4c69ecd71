import {
	ConfigError,
	HttpError,
	MalformedResponseError,
	NetworkError,
	RateLimitError,
	ResponseShapeError,
	UnsupportedOperationError,
} from '../../errors/index.js';

/**
True when `error` proves the vendor changed nothing, so a rotation that failed with it minted no key. Reads
are harmless; a write is harmless only when it provably never arrived or the vendor refused it with a 4xx.
Everything else (a lost answer, a 5xx, a broken body, an unknown error) may hide a key the vendor minted.
*/
export function changedNothing(error: unknown): boolean {
	if (error instanceof ConfigError || error instanceof UnsupportedOperationError || error instanceof RateLimitError) {
		return true;
	}

	if (error instanceof NetworkError) {
		return error.notSent || error.method === 'GET';
	}

	if (error instanceof HttpError) {
		return error.method === 'GET' || error.status < 500;
	}

	if (error instanceof ResponseShapeError || error instanceof MalformedResponseError) {
		return error.method === 'GET';
	}

	return false;
}

export function asError(value: unknown): Error {
	return value instanceof Error ? value : new Error(String(value));
}
