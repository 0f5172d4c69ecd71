import {csvField} from '../../report/csv.js';
import type {Write} from '../../report/types.js';
import {findingRows} from './rows.js';
import type {AuditWriter} from './types.js';

const columns = [
	'severity', 'policy', 'provider', 'account', 'token_id', 'token_name', 'kind', 'owner', 'reason', 'remedy', 'advice',
	'owasp_id', 'owasp_title', 'ref', 'own_credential', 'accepted_until', 'accepted_owner', 'accepted_reason',
] as const;

/**
A header row, then one row per finding (RFC 4180, formula-safe like the inventory's CSV). The summary and how
each account ended go to the CLI's error report, not the CSV, so every row has the same columns.
*/
export function auditCsvWriter(write: Write): AuditWriter {
	write(`${columns.join(',')}\r\n`);
	return {
		token(audit) {
			for (const row of findingRows(audit)) {
				const cells = [
					row.severity, row.policy, row.provider, row.account, row.tokenId, row.tokenName, row.kind, row.owner ?? '', row.reason,
					row.remedy, row.advice, row.owasp.id, row.owasp.title, row.ref, String(row.ownCredential),
					row.accepted?.expires ?? '', row.accepted?.owner ?? '', row.accepted?.reason ?? '',
				];
				write(`${cells.map(cell => csvField(cell)).join(',')}\r\n`);
			}
		},
		finish() {
			// Nothing to close: CSV has no trailer.
		},
	};
}
