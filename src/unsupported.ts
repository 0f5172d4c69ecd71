import {UnsupportedOperationError, type ErrorContext} from './errors/index.js';
import type {TokenOperation} from './provider.js';

/** Rejects an operation the vendor's API lacks, saying what to do instead. */
export async function unsupported(context: ErrorContext, operation: TokenOperation, alternative: string): Promise<never> {
	return Promise.reject(new UnsupportedOperationError({...context, operation, alternative}));
}
