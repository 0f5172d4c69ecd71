import {auditPolicies} from './policies.js';
import {severities, severityRank, type Severity} from './severity.js';
import type {FindingRuleId, TokenAudit} from './types.js';

export type SeverityCounts = Readonly<Record<Severity, number>>;

/** One vendor's (or, as `total`, every vendor's) share of an audit. */
export interface VendorAuditSummary {
	readonly provider: string;
	readonly tokens: number;
	/** Tokens with at least one finding that is not accepted. */
	readonly flagged: number;
	/** Findings by severity, accepted ones left out. */
	readonly findings: SeverityCounts;
}

export interface PolicyAuditSummary {
	readonly policy: FindingRuleId;
	readonly findings: SeverityCounts;
}

export interface AuditSummary {
	/** In the order given to {@link summarizeAudit}, then any other vendor alphabetically. */
	readonly vendors: readonly VendorAuditSummary[];
	/** Every policy, in the order of `auditPolicies`, also those that found nothing. */
	readonly policies: readonly PolicyAuditSummary[];
	/** Every vendor together; `provider` is `all`. */
	readonly total: VendorAuditSummary;
	/** The worst severity found; null when nothing was found. Accepted findings do not count. */
	readonly highest: Severity | null;
	/** Findings an acceptance in the config covers: reported, and counted here instead of by severity. */
	readonly accepted: number;
}

export interface SummarizeOptions {
	/** Vendors to list first and in this order, even with no tokens (an account that failed before listing any). */
	readonly vendors?: readonly string[] | undefined;
}

/** Counts an audit by vendor and severity, and by policy. Pure. */
export function summarizeAudit(audits: Iterable<TokenAudit>, options: SummarizeOptions = {}): AuditSummary {
	const vendors = new Map<string, {tokens: number; flagged: number; findings: Record<Severity, number>}>();
	const tally = (provider: string) => {
		let entry = vendors.get(provider);
		if (entry === undefined) {
			entry = {tokens: 0, flagged: 0, findings: zero()};
			vendors.set(provider, entry);
		}

		return entry;
	};

	for (const provider of options.vendors ?? []) {
		tally(provider);
	}

	const policies = new Map<FindingRuleId, Record<Severity, number>>(auditPolicies.map(policy => [policy.id, zero()]));
	let accepted = 0;
	for (const {token, findings} of audits) {
		const entry = tally(token.provider);
		entry.tokens++;
		entry.flagged += findings.some(finding => finding.accepted === undefined) ? 1 : 0;
		for (const finding of findings) {
			if (finding.accepted !== undefined) {
				accepted++;
				continue;
			}

			entry.findings[finding.severity]++;
			const counts = policies.get(finding.policy) ?? zero();
			counts[finding.severity]++;
			policies.set(finding.policy, counts);
		}
	}

	const given = options.vendors ?? [];
	const order = [...given, ...[...vendors.keys()].filter(provider => !given.includes(provider)).sort()];
	const rows = order.flatMap(provider => {
		const entry = vendors.get(provider);
		return entry === undefined ? [] : [{provider, tokens: entry.tokens, flagged: entry.flagged, findings: entry.findings}];
	});
	const totalFindings = zero();
	for (const row of rows) {
		for (const severity of severities) {
			totalFindings[severity] += row.findings[severity];
		}
	}

	const total = {
		provider: 'all',
		tokens: rows.reduce((sum, row) => sum + row.tokens, 0),
		flagged: rows.reduce((sum, row) => sum + row.flagged, 0),
		findings: totalFindings,
	};
	const highest = [...severities].reverse().find(severity => total.findings[severity] > 0) ?? null;
	return {
		vendors: rows,
		policies: [...policies].map(([policy, findings]) => ({policy, findings})),
		total,
		highest,
		accepted,
	};
}

/** All findings of a count, any severity. */
export function countAll(counts: SeverityCounts): number {
	return severities.reduce((sum, severity) => sum + counts[severity], 0);
}

function zero(): Record<Severity, number> {
	return {low: 0, medium: 0, high: 0};
}

/** Worst first, for sorting audits: the rank of a token's worst finding, -1 for none. */
export function worstRank(audit: TokenAudit): number {
	return audit.findings.reduce((worst, finding) => Math.max(worst, severityRank(finding.severity)), -1);
}
