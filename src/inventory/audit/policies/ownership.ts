import type {Token} from '../../../token.js';
import {owaspNhi2025} from '../owasp.js';
import type {Policy, Verdict} from '../types.js';

/**
The token's owner or creator is no longer in the account, where the vendor reports owners. NHI1's own
example: the key outlived its owner's offboarding. The vendor says so in one of two ways: it names nobody
(LaunchDarkly drops `_member`, Mist sends `created_by: null`), or it names someone it reports as gone (an Opal
user deleted or deprovisioned). An owner or creator tokenkit could not look up (`unknown`) is not flagged.
- The identity the token acts as is gone: a personal token acts as the person who left, and any other token
  acts as nobody left to answer for it, so it goes.
- Only the creator is gone: the token may still serve something, and the person who left may have kept its
  key, so it gets a new key.
*/
export const ownerGonePolicy: Policy = {
	id: 'owner-gone',
	description: 'its owner or creator is no longer in the account, where the vendor reports owners',
	severityRule: 'medium; high with full access',
	owasp: owaspNhi2025.improperOffboarding,
	whenExpired: false,
	check({token, capabilities}) {
		if (!capabilities.fields.owner) {
			return null;
		}

		const severity = token.admin ? 'high' : 'medium';
		if (token.owner === null) {
			// Named nobody: the vendor's owner is the creator (Mist `created_by`, LaunchDarkly `_member`).
			return token.kind === 'personal'
				? personalGone(severity)
				: {severity, reason: 'its creator left the account and may still hold the key', fix: 'rotate'};
		}

		if (token.owner.status === 'gone') {
			return token.kind === 'personal'
				? personalGone(severity)
				: {severity, reason: 'it acts as an identity that is no longer in the account', fix: 'revoke'};
		}

		return creatorGone(token) ? {severity, reason: 'its creator left the account and may still hold the key', fix: 'rotate'} : null;
	},
};

function personalGone(severity: Verdict['severity']): Verdict {
	return {severity, reason: 'personal token of someone who left the account', fix: 'revoke'};
}

function creatorGone(token: Token): boolean {
	return token.createdBy?.status === 'gone';
}
