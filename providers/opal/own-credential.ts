import type {Token} from '../../src/token.js';
import {opalLongestPreview} from './map.js';

/**
The fewest characters of `token_preview` that may point at the credential: Opal's example shows five
(docs/vendors/opal.md, schemas [I]); a shorter preview would match too many keys to mean anything.
*/
const shortestTellingPreview = 4;

/**
Whether a token's `token_preview` is the start of the credential's key. Opal has no endpoint that names the
caller's token, and its records carry no secret but that preview (docs/vendors/opal.md, schemas [S], [I]). Only
the credential's first characters, as many as a preview may show, are kept for the comparison.
*/
export function opalCredentialPreview(key: string): (token: Token) => boolean {
	const head = key.slice(0, opalLongestPreview);
	return token => {
		const {raw} = token;
		if (typeof raw !== 'object' || raw === null || !('token_preview' in raw) || typeof raw.token_preview !== 'string') {
			return false;
		}

		return raw.token_preview.length >= shortestTellingPreview && head.startsWith(raw.token_preview);
	};
}
