import {owaspNhi2025} from '../owasp.js';
import type {Policy} from '../types.js';

/** Privileges shown in a reason: enough to recognize the role, short enough for one line. */
const shownPrivileges = 2;

/** Full access by the vendor's own rule (`token.admin`, set by the adapter): NHI5. */
export const adminPolicy: Policy = {
	id: 'admin',
	description: 'holds full access (an org-wide admin role, `*` on `*`, FULL_ACCESS) by the vendor\'s own rule',
	severityRule: 'medium (full access raises the other findings on the token instead)',
	owasp: owaspNhi2025.overprivilegedNhi,
	whenExpired: false,
	check({token}) {
		if (!token.admin) {
			return null;
		}

		// Role and scope say what kind of access it is; the resource id (an org UUID) would only lengthen the line.
		const shown = token.privileges.slice(0, shownPrivileges).map(privilege => `${privilege.role}@${privilege.scope}`).join('; ');
		const more = token.privileges.length - shownPrivileges;
		return {
			severity: 'medium',
			reason: `full access${shown === '' ? '' : ` (${shown}${more > 0 ? ` and ${more} more` : ''})`}`,
			fix: 'narrow',
		};
	},
};

/**
No IP allow-list, on a vendor that offers one: the key works from any address, so a copy of it works for
anyone who has one. The allow-list bounds where a token's privileges can be used, which is part of least
privilege (NHI5). `[]` means unrestricted; `null` means the vendor has no allow-list, and nothing is reported.
*/
export const noIpAllowListPolicy: Policy = {
	id: 'no-ip-allow-list',
	description: 'usable from any address, where the vendor supports an IP allow-list',
	severityRule: 'low; high with full access',
	owasp: owaspNhi2025.overprivilegedNhi,
	whenExpired: false,
	check({token, capabilities}) {
		if (!capabilities.fields.ipAllowList || token.allowedIps === null || token.allowedIps.length > 0) {
			return null;
		}

		return {
			severity: token.admin ? 'high' : 'low',
			reason: `${token.admin ? 'full access ' : ''}usable from any address (no IP allow-list)`,
			fix: 'restrict',
		};
	},
};
