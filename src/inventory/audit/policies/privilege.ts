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
Full access that cannot be ruled out: the adapter could not tell (`token.admin` null), because the token holds
a role whose grants the auditing key may not read. Reported rather than passed as "not admin" (NHI5).
*/
export const adminUnknownPolicy: Policy = {
	id: 'admin-unknown',
	description: 'may hold full access: it holds a role the auditing key could not read, so full access cannot be ruled out',
	severityRule: 'medium',
	owasp: owaspNhi2025.overprivilegedNhi,
	whenExpired: false,
	check({token}) {
		if (token.admin !== null) {
			return null;
		}

		const shown = token.privileges.slice(0, shownPrivileges).map(privilege => `${privilege.role}@${privilege.scope}`).join('; ');
		return {
			severity: 'medium',
			reason: `full access cannot be ruled out${shown === '' ? '' : ` (${shown})`}: a role it holds could not be read`,
			fix: 'review',
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
