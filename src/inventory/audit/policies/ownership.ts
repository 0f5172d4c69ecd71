import {owaspNhi2025} from '../owasp.js';
import type {Policy} from '../types.js';

/**
The vendor reports owners and this token has none: its person has left (LaunchDarkly drops `_member`, Mist
sends `created_by: null`). NHI1's own example: the key outlived its owner's offboarding. A personal token
acts as the person who left, so it goes; any other token may still serve something, and the person who left
may have kept its key, so it gets a new key.
*/
export const ownerGonePolicy: Policy = {
	id: 'owner-gone',
	description: 'its owner or creator is no longer in the account, where the vendor reports owners',
	severityRule: 'medium; high with full access',
	owasp: owaspNhi2025.improperOffboarding,
	whenExpired: false,
	check({token, capabilities}) {
		if (!capabilities.fields.owner || token.owner !== null) {
			return null;
		}

		const personal = token.kind === 'personal';
		return {
			severity: token.admin ? 'high' : 'medium',
			reason: personal ? 'personal token of someone who left the account' : 'its creator left the account and may still hold the key',
			fix: personal ? 'revoke' : 'rotate',
		};
	},
};
