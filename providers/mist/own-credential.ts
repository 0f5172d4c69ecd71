import {markOneByHint, soleHintMatch} from '../../src/own-credential.js';
import type {Token} from '../../src/token.js';

/**
Which of an account's tokens is the key the provider authenticates with. Mist has no endpoint that names the
caller's token (`GET /api/v1/self` gives an org token's name and privileges, not its id; docs/vendors/mist.md,
authentication [D]), but every listed record shows its key masked as its first and last four characters
(`maskedKey`; docs/vendors/mist.md, records [S] examples, [I] that lists never show more). The credential's own
mask is known, so a listed record with that mask is the credential, unless two records share it (see
src/own-credential.ts).
*/
export interface MistOwnCredential {
	/** The tokens of a whole listing, with the credential (if it is found once) marked. */
	markListed(tokens: readonly Token[]): Token[];
	/** One token read alone, marked when its mask is the credential's and no other listed token shows it too. */
	markOne(token: Token, everyToken: () => AsyncIterable<Token>, signal: AbortSignal | undefined): Promise<Token>;
}

export function mistOwnCredential(credentialMask: string): MistOwnCredential {
	// The wire record is kept in `raw`, masked key included (map.ts: `withMaskedKeyOnly`).
	const matches = (token: Token): boolean => {
		const {raw} = token;
		return typeof raw === 'object' && raw !== null && 'key' in raw && raw.key === credentialMask;
	};

	return {
		markListed(tokens) {
			const own = soleHintMatch(tokens, matches);
			return own === null ? [...tokens] : tokens.map(token => (token === own ? {...token, ownCredential: true} : token));
		},
		markOne: async (token, everyToken, signal) => markOneByHint(token, matches, everyToken, signal),
	};
}
