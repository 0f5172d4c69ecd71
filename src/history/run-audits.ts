import type {AuditSettings} from '../config.js';
import {acceptanceList, applyAcceptances, type Acceptance, type AcceptanceList} from '../inventory/audit/acceptance.js';
import {auditToken} from '../inventory/audit/audit-token.js';
import type {OwaspCategory} from '../inventory/audit/owasp.js';
import {auditPolicies} from '../inventory/audit/policies.js';
import {expiredPolicy} from '../inventory/audit/policies/lifetime.js';
import {severityRank} from '../inventory/audit/severity.js';
import type {Finding, FindingRuleId, TokenAudit} from '../inventory/audit/types.js';
import {formatRef} from '../inventory/rotate/ref.js';
import type {Capabilities} from '../provider.js';
import type {Token} from '../token.js';
import {HistoryError} from './history-error.js';
import {findingsKey, type RunContent, type StoredFinding} from './run-content.js';

export interface RunAuditOptions {
	/** What the vendor of an account knows and can do; null for a vendor this tokenkit does not know. */
	readonly capabilitiesOf: (provider: string, account: string) => Capabilities | null;
	readonly settings: AuditSettings;
	readonly accepted: readonly Acceptance[];
	/** When tokenkit last gave a token a new key, up to the run's time. */
	readonly keyRenewedAt?: ((token: Token) => Date | null) | undefined;
}

/** A saved run's tokens with their findings, and where the findings come from. */
export interface RunAudits {
	readonly audits: readonly TokenAudit[];
	/**
	- `saved`: the run was an audit; its findings are those it saved.
	- `audited`: the run was an inventory; its tokens were audited now, as of the run's time.
	*/
	readonly findings: 'saved' | 'audited';
	/** Vendors of the run this tokenkit does not know: their tokens could not be audited. */
	readonly unknownVendors: readonly string[];
}

/**
The tokens of a saved run with their findings, every age measured at the run's start. An audit's saved findings are
kept as they were found (policy, severity, reason); what the history does not keep is filled in from the audit
settings and accepted risks given: what to do (which depends on the vendor's abilities), the OWASP category, and
whether an accepted risk covered the finding at the run's time. An inventory's tokens are audited with the settings
and accepted risks given, as `tokenkit audit` would have at the run's time.
*/
export function auditsOfRun(content: RunContent, options: RunAuditOptions): RunAudits {
	const now = new Date(content.run.startedAt);
	const accepted = acceptanceList(options.accepted);
	const unknown = new Set<string>();
	const audits = content.tokens.map((token): TokenAudit => {
		const capabilities = options.capabilitiesOf(token.provider, token.account);
		if (capabilities === null) {
			unknown.add(token.provider);
		}

		const recomputed = capabilities === null
			? []
			: applyAcceptances({token, findings: auditToken(token, capabilities, options.settings, now, auditPolicies, options.keyRenewedAt?.(token) ?? null)}, accepted, now);
		if (content.findings === null) {
			return {token, findings: recomputed};
		}

		const saved = content.findings.get(findingsKey(token)) ?? [];
		const findings = saved.map(stored => findingOf(token, stored, recomputed, accepted, now));
		return {token, findings: findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity))};
	});
	return {audits, findings: content.findings === null ? 'audited' : 'saved', unknownVendors: [...unknown].sort()};
}

/** Said where the settings changed since the run, so the policy no longer finds what the run found. */
const adviceUnknown = 'not kept in the history, and the audit settings no longer find this: see tokenkit audit --help';

function findingOf(token: Token, stored: StoredFinding, recomputed: readonly Finding[], accepted: AcceptanceList, now: Date): Finding {
	const policy = ruleOf(token, stored.policy);
	const same = recomputed.find(finding => finding.policy === policy && (policy !== 'acceptance-expired' || finding.reason === stored.reason));
	const live = policy === 'acceptance-expired' ? undefined : accepted.match(formatRef(token), policy, now).live;
	return {
		policy,
		severity: stored.severity,
		reason: stored.reason,
		remedy: same?.remedy ?? 'none',
		advice: same?.advice ?? adviceUnknown,
		owasp: same?.owasp ?? owaspOf(policy, stored.reason),
		...(live === undefined ? {} : {accepted: {reason: live.reason, owner: live.owner, expires: live.expires, where: live.where}}),
	};
}

function ruleOf(token: Token, policy: string): FindingRuleId {
	if (policy === 'acceptance-expired') {
		return policy;
	}

	const known = auditPolicies.find(candidate => candidate.id === policy);
	if (known === undefined) {
		throw new HistoryError(`the history store holds a finding of policy "${policy}" on ${formatRef(token)}, which this tokenkit does not know; was it saved by a newer tokenkit?`);
	}

	return known.id;
}

/** The category of a policy; a lapsed acceptance is in the category of the finding it covered, which its reason names. */
function owaspOf(policy: FindingRuleId, reason: string): OwaspCategory {
	const covered = policy === 'acceptance-expired' ? /^the acceptance of (\S+) /.exec(reason)?.[1] : policy;
	return auditPolicies.find(candidate => candidate.id === covered)?.owasp ?? expiredPolicy.owasp;
}
