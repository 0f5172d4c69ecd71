import {daysSince} from '../days.js';
import {owaspNhi2025} from '../owasp.js';
import type {Policy} from '../types.js';

/**
Created more than `maxAgeDays` ago. A key that old has not been replaced since: whoever copied it in that time
still holds a working key (NHI7). A vendor that resets a key in place (LaunchDarkly) keeps the creation date and
does not say when a key was last reset; where tokenkit rotated it and keeps a history (`keyRenewedAt`), the key's
age counts from that rotation instead.
*/
export const tooOldPolicy: Policy = {
	id: 'too-old',
	description: 'created more than maxAgeDays days ago, so its key has not been replaced since',
	severityRule: 'medium; high with full access',
	owasp: owaspNhi2025.longLivedSecrets,
	whenExpired: false,
	check({token, settings, now, ageDays, keyRenewedAt}) {
		const renewedDays = keyRenewedAt === null || keyRenewedAt === undefined ? null : daysSince(keyRenewedAt, now);
		const keyDays = renewedDays === null || (ageDays !== null && ageDays < renewedDays) ? ageDays : renewedDays;
		if (keyDays === null || keyDays <= settings.maxAgeDays) {
			return null;
		}

		return {
			severity: token.admin ? 'high' : 'medium',
			reason: keyDays === ageDays ? `created ${ageDays} days ago (max age ${settings.maxAgeDays})` : `key last rotated by tokenkit ${keyDays} days ago, created ${ageDays ?? 'an unknown number of'} days ago (max age ${settings.maxAgeDays})`,
			fix: 'rotate',
		};
	},
};

/**
Never expires, on a vendor that offers expiry dates (NHI7). Where the vendor has no expiry at all, a null
`expiresAt` is the vendor's design, not a choice someone made, so nothing is reported.
*/
export const noExpiryPolicy: Policy = {
	id: 'no-expiry',
	description: 'never expires, where the vendor supports an expiry date',
	severityRule: 'low; medium with full access',
	owasp: owaspNhi2025.longLivedSecrets,
	whenExpired: false,
	check({token, capabilities}) {
		if (!capabilities.fields.expiry || token.expiresAt !== null) {
			return null;
		}

		return {
			severity: token.admin ? 'medium' : 'low',
			reason: 'never expires (the vendor supports an expiry date)',
			fix: 'expire',
		};
	},
};

/**
Past its expiry and still listed. The key no longer works, so the risk is small; but nobody removed it,
which is the offboarding gap of NHI1, and dead entries hide the live ones in every review.
*/
export const expiredPolicy: Policy = {
	id: 'expired',
	description: 'past its expiry date but still present',
	severityRule: 'low (the key no longer authenticates)',
	owasp: owaspNhi2025.improperOffboarding,
	whenExpired: true,
	check({token, now}) {
		if (token.expiresAt === null || token.expiresAt.getTime() > now.getTime()) {
			// The vendor may say a token expired without giving the date (or before the date, by its own clock).
			return token.status === 'expired' ? {severity: 'low', reason: 'expired (the vendor says so) and still present', fix: 'revoke'} : null;
		}

		const days = daysSince(token.expiresAt, now);
		return {
			severity: 'low',
			reason: `expired ${days === 0 ? 'today' : `${days} day${days === 1 ? '' : 's'} ago`} (${token.expiresAt.toISOString().slice(0, 10)}) and still present`,
			fix: 'revoke',
		};
	},
};
