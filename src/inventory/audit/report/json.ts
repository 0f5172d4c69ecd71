import type {Write} from '../../report/types.js';
import {findingRows} from './rows.js';
import type {AuditRun, AuditWriter} from './types.js';

function runJSON(run: AuditRun) {
	return {auditedAt: run.auditedAt.toISOString(), settings: run.settings, failOn: run.failOn};
}

/*
Data for programs, kept faithful like the inventory's JSON (see inventory/report/json.ts): names and reasons are
not made inert here, only in the table, Markdown and CSV reports that people read.
*/

/**
One valid JSON document, written as tokens arrive:
`{"auditedAt", "settings", "failOn", "findings": [...], "summary": {...}, "accounts": [...]}`. `accounts` says
for each account whether its list, and so its audit, is complete.
*/
export function auditJsonWriter(write: Write, run: AuditRun): AuditWriter {
	let first = true;
	const head = JSON.stringify(runJSON(run));
	write(`${head.slice(0, -1)},\n"findings": [`);
	return {
		token(audit) {
			for (const row of findingRows(audit)) {
				write(`${first ? '\n' : ',\n'}${JSON.stringify(row)}`);
				first = false;
			}
		},
		finish(summary, outcomes) {
			write(`${first ? '' : '\n'}],\n"summary": ${JSON.stringify(summary)},\n"accounts": ${JSON.stringify(outcomes, null, 1)}}\n`);
		},
	};
}

/**
One JSON object per line: every finding as a line of its own, then one `{"summary": …}` line (with the run's
time and thresholds), then one `{"account": …}` line per account, so a consumer can tell a complete audit
from a partial one.
*/
export function auditNdjsonWriter(write: Write, run: AuditRun): AuditWriter {
	return {
		token(audit) {
			for (const row of findingRows(audit)) {
				write(`${JSON.stringify(row)}\n`);
			}
		},
		finish(summary, outcomes) {
			write(`${JSON.stringify({summary: {...runJSON(run), ...summary}})}\n`);
			for (const outcome of outcomes) {
				write(`${JSON.stringify({account: outcome})}\n`);
			}
		},
	};
}
