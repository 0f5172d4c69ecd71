import type {AuditSettings} from '../../config.js';
import type {Capabilities} from '../../provider.js';
import type {Token} from '../../token.js';
import {daysSince} from './days.js';
import {auditPolicies} from './policies.js';
import {policyEnabled, settingsForVendor} from './policy-settings.js';
import {resolveRemedy} from './remedy.js';
import {severityRank} from './severity.js';
import type {Finding, Policy} from './types.js';

/**
Applies every policy to one token and returns its findings, worst first. Pure: the same token, capabilities,
settings and clock give the same findings.

`capabilities` are those of the provider that listed the token: they say which fields carry vendor data, so
a null `expiresAt` on a vendor without expiry dates is not "never expires". A token past its expiry gets only
the `expired` finding: its key no longer authenticates, so stale, admin and the rest describe a key that
cannot be used. A revoked token (a vendor that keeps them listed, as GitLab does) gets none: it can never
authenticate again, and the inventory still shows it. `settings.policies` may switch a policy off, or change its
threshold, for every vendor or for the token's vendor alone. `keyRenewedAt` is when tokenkit last rotated its key,
where the history store knows it: its key is then measured from that, not from creation.

@example
const findings = auditToken(token, provider.capabilities, {staleAfterDays: 90, maxAgeDays: 365, neverUsedGraceDays: 7}, new Date());
*/
export function auditToken(token: Token, providerCapabilities: Capabilities, settings: AuditSettings, now: Date, policies: readonly Policy[] = auditPolicies, keyRenewedAt: Date | null = null): Finding[] {
	// A vendor whose kinds of token differ says what holds for this one (see Capabilities.forToken).
	const capabilities = providerCapabilities.forToken?.(token) ?? providerCapabilities;
	const input = {
		token,
		capabilities,
		settings: settingsForVendor(settings, token.provider),
		now,
		ageDays: token.createdAt === null ? null : daysSince(token.createdAt, now),
		keyRenewedAt,
		idleDays: token.lastUsedAt === null ? null : daysSince(token.lastUsedAt, now),
	};
	if (token.status === 'revoked') {
		return [];
	}

	const expired = token.status === 'expired' || (token.expiresAt !== null && token.expiresAt.getTime() <= now.getTime());
	const findings: Finding[] = [];
	for (const policy of policies) {
		if ((expired && !policy.whenExpired) || !policyEnabled(settings, policy.id, token.provider)) {
			continue;
		}

		const verdict = policy.check(input);
		if (verdict !== null) {
			const {remedy, advice} = resolveRemedy(verdict.fix, capabilities);
			findings.push({policy: policy.id, severity: verdict.severity, reason: verdict.reason, remedy, advice, owasp: policy.owasp});
		}
	}

	// Stable sort: equal severities keep the policies' order.
	return findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}
