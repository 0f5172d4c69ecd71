import type {AuditSettings} from '../../../config.js';
import type {AccountOutcome} from '../../report/types.js';
import type {Severity} from '../severity.js';
import type {AuditSummary} from '../summary.js';
import type {TokenAudit} from '../types.js';

/** What a report says about the run as a whole, known before the first token. */
export interface AuditRun {
	/** The moment ages were measured from. */
	readonly auditedAt: Date;
	readonly settings: AuditSettings;
	/** `--fail-on`; null when no threshold was given. */
	readonly failOn: Severity | null;
}

/**
Writes an audit as it streams: `token` for every audited token (with or without findings) as it arrives,
`finish` once with the summary and how every account ended.
*/
export interface AuditWriter {
	token(audit: TokenAudit): void;
	finish(summary: AuditSummary, outcomes: readonly AccountOutcome[]): void;
}
