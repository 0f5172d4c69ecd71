import {cell, nameText, ownCredentialNote, refLength, sentenceLength} from '../../report/cells.js';
import {formatRef} from '../../rotate/ref.js';
import {render} from '../../report/table.js';
import type {Write} from '../../report/types.js';
import {auditPolicies} from '../policies.js';
import {severities} from '../severity.js';
import {countAll, worstRank, type SeverityCounts} from '../summary.js';
import type {Finding, TokenAudit} from '../types.js';
import type {AuditRun, AuditWriter} from './types.js';

export interface AuditTableOptions {
	/** Markdown pipes instead of aligned columns. */
	readonly markdown?: boolean | undefined;
	/** Only the counts: for a glance (the demo), when every finding would be too long to read. */
	readonly summaryOnly?: boolean | undefined;
}

/**
A report for people: one row per finding, grouped by token with the worst tokens first; the OWASP categories
named; then counts by vendor and severity, by policy, and how each account ended. Columns are aligned on the
widest cell, so rows are held until the end.
*/
export function auditTableWriter(write: Write, run: AuditRun, options: AuditTableOptions = {}): AuditWriter {
	const markdown = options.markdown ?? false;
	const flagged: TokenAudit[] = [];
	return {
		token(audit) {
			if (audit.findings.length > 0) {
				flagged.push(audit);
			}
		},
		finish(summary, outcomes) {
			const ordered = [...flagged].sort((a, b) => worstRank(b) - worstRank(a)
				|| a.token.provider.localeCompare(b.token.provider)
				|| a.token.account.localeCompare(b.token.account)
				|| a.token.name.localeCompare(b.token.name)
				|| a.token.id.localeCompare(b.token.id));
			const rows = ordered.flatMap(({token, findings}) => findings.map(finding => [
				finding.accepted === undefined ? finding.severity : `${finding.severity}, accepted`, token.provider, cell(token.account), cell(nameText(token)), finding.policy,
				cell(finding.reason, sentenceLength), cell(remedyText(finding), sentenceLength), finding.owasp.id,
				cell(formatRef(token), refLength),
			]));

			if (rows.length === 0) {
				write('No findings.\n');
			} else if (options.summaryOnly === true) {
				write(`${rows.length} findings on ${ordered.length} tokens (tokenkit audit without --summary lists them):\n`);
			} else {
				write(render(['severity', 'vendor', 'account', 'token', 'finding', 'reason', 'remedy', 'OWASP', 'REF'], rows, markdown));
				if (ordered.some(audit => audit.token.ownCredential)) {
					write(`\n${ownCredentialNote(markdown)}\n`);
				}

				const categories = new Map(ordered.flatMap(audit => audit.findings.map(finding => [finding.owasp.id, finding.owasp.title] as const)));
				write(`\nOWASP Non-Human Identities Top 10 (2025): ${[...categories].sort(([a], [b]) => a.localeCompare(b, 'en', {numeric: true})).map(([id, title]) => `${id} ${title}`).join('; ')}\n`);
			}

			write('\n');
			const counts = (findings: SeverityCounts): string[] => [...severities].reverse().map(severity => String(findings[severity]));
			write(render(
				['vendor', 'tokens', 'flagged', 'high', 'medium', 'low'],
				[...summary.vendors, summary.total].map(row => [row.provider, String(row.tokens), String(row.flagged), ...counts(row.findings)]),
				markdown,
			));
			write('\n');
			write(render(
				['policy', 'findings', 'high', 'medium', 'low', 'OWASP'],
				summary.policies.map(row => [row.policy, String(countAll(row.findings)), ...counts(row.findings), auditPolicies.find(policy => policy.id === row.policy)?.owasp.id ?? '']),
				markdown,
			));
			write('\n');
			write(render(
				['vendor', 'account', 'tokens', 'status'],
				outcomes.map(outcome => [outcome.provider, cell(outcome.account), String(outcome.tokens), outcome.complete ? 'complete' : cell(`FAILED, audit incomplete: ${outcome.error?.message ?? 'unknown error'}`, sentenceLength)]),
				markdown,
			));
			if (summary.accepted > 0) {
				write(`\n${summary.accepted} accepted finding${summary.accepted === 1 ? '' : 's'} (the config's audit.accepted) not counted above.\n`);
			}

			const differs = run.settings.policies === undefined ? '' : ' (the config\'s audit.policies switches some off or changes them for some vendors)';
			write(`\nThresholds: stale after ${run.settings.staleAfterDays} days, max age ${run.settings.maxAgeDays} days, never-used grace ${run.settings.neverUsedGraceDays} days${differs}; audited at ${run.auditedAt.toISOString()}.\n`);
		},
	};
}

/** What to do, or for an accepted risk who accepted it, until when and why. */
function remedyText(finding: Finding): string {
	if (finding.accepted !== undefined) {
		return `accepted until ${finding.accepted.expires} by ${finding.accepted.owner}: ${finding.accepted.reason}`;
	}

	return finding.remedy === 'none' ? finding.advice : finding.remedy;
}
