import type {Secret} from '../secret.js';
import {TokenkitError, type ErrorContext} from './tokenkit-error.js';

export interface UnidentifiedMintDetails extends ErrorContext {
	/** The key the vendor minted; `reveal()` hands it out. */
	readonly secret: Secret;
	/** What is unknown and what to do, in a sentence. */
	readonly explanation: string;
}

/**
The vendor minted a key, but its answer did not say which token holds it, and tokenkit could not find out.
The key is not lost: it is in `secret`, so the caller can store it; the message says what is unknown. The
Secret prints as `[redacted]` wherever the error is printed.
*/
export class UnidentifiedMintError extends TokenkitError {
	override name = 'UnidentifiedMintError' as const;
	readonly secret: Secret;

	constructor(details: UnidentifiedMintDetails, options?: ErrorOptions) {
		super(`a key was minted, but ${details.explanation}. The key is in error.secret`, details, options);
		this.secret = details.secret;
	}
}
