import {RotationIncompleteError, type ErrorContext} from '../errors/index.js';
import type {CallOptions, MintedToken, RotateOptions, RotateResult} from '../provider.js';
import type {Token} from '../token.js';

/** The vendor steps a `replace` rotation is made of. */
export interface ReplaceSteps {
	/** Reads the token fresh from the vendor (a list may be stale, and some create responses omit fields). */
	readonly read: (id: string, options: CallOptions) => Promise<Token>;
	/** Creates a token with the same name, privileges and restrictions as `original`. */
	readonly createTwin: (original: Token, options: CallOptions) => Promise<MintedToken>;
	readonly revoke: (id: string, options: CallOptions) => Promise<void>;
	readonly now: () => number;
	/** The strategy's name, for `RotateResult.style`. @default 'replace' */
	readonly name?: string | undefined;
	readonly context: ErrorContext;
}

/**
Rotation for vendors without a native reset: read the token, create a twin, hand the twin's key to
`onMinted`, and only then revoke the old token (or, with a grace period, leave it for the caller to revoke).
The order is the point: the old key is never revoked before the new one has been handed over.
*/
export async function rotateByReplace(id: string, options: RotateOptions, steps: ReplaceSteps): Promise<RotateResult> {
	const call: CallOptions = {signal: options.signal};
	const style = steps.name ?? 'replace';
	const original = await steps.read(id, call);
	const minted = await steps.createTwin(original, call);
	try {
		await options.onMinted?.(minted);
	} catch (error) {
		throw new RotationIncompleteError(
			{
				...steps.context,
				previousId: id,
				minted,
				explanation: `the twin token ${minted.token.id} was created but storing its key failed, so the old token is still live. Store the key from error.minted.secret and then delete token ${id}, or delete the twin ${minted.token.id}`,
			},
			{cause: error},
		);
	}

	const gracePeriod = options.gracePeriod ?? 0;
	if (gracePeriod > 0) {
		return {
			...minted,
			style,
			previousId: id,
			previous: {state: 'pending-revocation', tokenId: id, revokeAfter: new Date(steps.now() + gracePeriod)},
		};
	}

	await steps.revoke(id, call);
	return {...minted, style, previousId: id, previous: {state: 'revoked'}};
}
