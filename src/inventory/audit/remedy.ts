import type {Capabilities} from '../../provider.js';
import type {TokenKind} from '../../token.js';
import type {Fix, Remedy} from './types.js';

/** What tokenkit can apply for a fix on this vendor, and one line of advice. */
export interface ResolvedRemedy {
	readonly remedy: Remedy;
	readonly advice: string;
}

/**
Turns the fix a policy asks for into what tokenkit can do on this vendor: the remedy the vendor declares for it
(`capabilities.remedies`), else the default below. Where the vendor's API cannot rotate
(Opal mints keys only in its web UI), a rotation becomes `none` with advice, not `revoke`: revoking a key that is
still in use breaks whatever uses it, so that step must follow a new key, not replace it. A kind of token the
vendor cannot mint a key for (`capabilities.kinds`, OpenAI's user project keys) is judged by its own word first.
*/
export function resolveRemedy(fix: Fix, capabilities: Capabilities, kind?: TokenKind): ResolvedRemedy {
	const forKind = kind === undefined ? undefined : capabilities.kinds?.[kind];
	const kindDeclared = forKind?.remedies?.[fix] ?? (forKind !== undefined && fix === 'rotate' ? {remedy: 'none' as const, advice: forKind.alternative} : undefined);
	// The vendor's own word first: where its API offers another way (GitLab's rotation sets an expiry), it says so.
	const declared = kindDeclared ?? capabilities.remedies?.[fix];
	if (declared !== undefined) {
		return declared;
	}

	switch (fix) {
		case 'rotate': {
			return capabilities.operations.rotate
				? {remedy: 'rotate', advice: 'rotate it (tokenkit rotate)'}
				: {remedy: 'none', advice: 'rotate in the vendor UI, then revoke'};
		}

		case 'revoke': {
			return capabilities.operations.delete
				? {remedy: 'revoke', advice: 'revoke it (tokenkit revoke)'}
				: {remedy: 'none', advice: 'delete it in the vendor UI'};
		}

		case 'narrow': {
			return {remedy: 'none', advice: 'replace with a least-privilege token'};
		}

		case 'restrict': {
			return {remedy: 'none', advice: 'replace with an IP-restricted token'};
		}

		case 'expire': {
			return {remedy: 'none', advice: 'replace with an expiring token'};
		}

		case 'review': {
			return {remedy: 'none', advice: 'check its roles in the vendor UI, or audit with a key that may read them'};
		}
	}
}
