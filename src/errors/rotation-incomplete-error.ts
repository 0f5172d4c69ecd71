import type {MintedToken} from '../provider.js';
import {TokenkitError, type ErrorContext} from './tokenkit-error.js';

export interface RotationIncompleteDetails extends ErrorContext {
	/** The token that was being rotated. */
	readonly previousId: string;
	/** The new token and key the vendor returned; its Secret still holds the key, which `reveal()` hands out. */
	readonly minted: MintedToken;
	/** What happened and what to do, in a sentence. */
	readonly explanation: string;
}

/**
A rotation minted a new key but could not finish: `onMinted` failed to store it. The new key is not lost: it
is in `minted.secret`, so the caller can still store it, and the message says what became of the old key.
*/
export class RotationIncompleteError extends TokenkitError {
	override name = 'RotationIncompleteError' as const;
	readonly previousId: string;
	readonly minted: MintedToken;

	constructor(details: RotationIncompleteDetails, options?: ErrorOptions) {
		super(`rotation of token ${details.previousId} is incomplete: ${details.explanation}`, details, options);
		this.previousId = details.previousId;
		this.minted = details.minted;
	}
}
