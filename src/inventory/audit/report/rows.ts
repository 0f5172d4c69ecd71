import {formatRef} from '../../rotate/ref.js';
import type {AcceptedRisk} from '../acceptance.js';
import type {Finding, TokenAudit} from '../types.js';

/**
One finding as the machine-readable formats write it: the finding and enough of its token to act on it.
`ref` is the `provider:account:id` that `tokenkit rotate` and `tokenkit revoke` take.
*/
export interface FindingJSON extends Omit<Finding, 'accepted'> {
	readonly ref: string;
	readonly provider: string;
	readonly account: string;
	readonly tokenId: string;
	readonly tokenName: string;
	readonly kind: string;
	/** The owner's email, else id; null when unknown or gone. */
	readonly owner: string | null;
	/** The token is the key tokenkit authenticates with for the account: `rotate` and `revoke` refuse it unless told. */
	readonly ownCredential: boolean;
	/** Who accepted the risk, why and until when; null when nobody did (or the acceptance expired). */
	readonly accepted: AcceptedRisk | null;
}

export function findingRows({token, findings}: TokenAudit): FindingJSON[] {
	return findings.map(finding => ({
		ref: formatRef(token),
		provider: token.provider,
		account: token.account,
		tokenId: token.id,
		tokenName: token.name,
		kind: token.kind,
		owner: token.owner?.email ?? token.owner?.id ?? null,
		ownCredential: token.ownCredential,
		policy: finding.policy,
		severity: finding.severity,
		reason: finding.reason,
		remedy: finding.remedy,
		advice: finding.advice,
		owasp: {id: finding.owasp.id, title: finding.owasp.title},
		accepted: finding.accepted ?? null,
	}));
}
