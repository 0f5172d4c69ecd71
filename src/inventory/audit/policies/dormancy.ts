import {daysSince} from '../days.js';
import {owaspNhi2025} from '../owasp.js';
import {raise} from '../severity.js';
import type {Policy} from '../types.js';

/**
Unused for longer than `staleAfterDays`. A key nobody uses is a key nobody would miss, and nobody would
notice it being used by someone else: it should have been offboarded (NHI1).
*/
export const stalePolicy: Policy = {
	id: 'stale',
	description: 'last used more than staleAfterDays days ago (only where the vendor records use)',
	severityRule: 'medium; high with full access',
	owasp: owaspNhi2025.improperOffboarding,
	whenExpired: false,
	check({token, capabilities, settings, idleDays}) {
		if (!capabilities.fields.lastUsed || idleDays === null || idleDays <= settings.staleAfterDays) {
			return null;
		}

		return {
			severity: token.admin ? 'high' : 'medium',
			reason: `unused for ${idleDays} days (threshold ${settings.staleAfterDays})`,
			fix: 'revoke',
		};
	},
};

/**
Never used, and older than `neverUsedGraceDays`. The key was handed to someone and never deployed: it
serves nothing and should go (NHI1). Once it is older than `staleAfterDays` it is as dormant as a stale
token and weighs the same.
*/
export const neverUsedPolicy: Policy = {
	id: 'never-used',
	description: 'never used, and created more than neverUsedGraceDays days ago (only where the vendor records use)',
	severityRule: 'low; medium once older than staleAfterDays; one level higher with full access',
	owasp: owaspNhi2025.improperOffboarding,
	whenExpired: false,
	check({token, capabilities, settings, now, ageDays: createdDaysAgo}) {
		let ageDays = createdDaysAgo;
		let since = 'created';
		// lastUsedAt is also null where the vendor does not track use; that says nothing about the token.
		if (!capabilities.fields.lastUsed || token.lastUsedAt !== null) {
			return null;
		}

		// A token issued to start working later (Cloudflare's `not_before`) cannot have been used before then: its
		// grace runs from that day. One that has not started yet is not unused, only early.
		const usableFrom = token.notBefore ?? null;
		if (usableFrom !== null && (token.createdAt === null || usableFrom > token.createdAt)) {
			if (usableFrom > now) {
				return null;
			}

			ageDays = daysSince(usableFrom, now);
			since = 'valid since';
		}

		if (ageDays === null) {
			return {severity: raise('low', token.admin ? 1 : 0), reason: 'never used (the vendor does not say when it was created)', fix: 'revoke'};
		}

		if (ageDays <= settings.neverUsedGraceDays) {
			return null;
		}

		const dormant = ageDays > settings.staleAfterDays;
		return {
			severity: raise(dormant ? 'medium' : 'low', token.admin ? 1 : 0),
			reason: `never used, ${since} ${ageDays} days ago (grace ${settings.neverUsedGraceDays}${dormant ? `, stale after ${settings.staleAfterDays}` : ''})`,
			fix: 'revoke',
		};
	},
};
