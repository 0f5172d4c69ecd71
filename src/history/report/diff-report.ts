import {cell, sentenceLength} from '../../inventory/report/cells.js';
import {csvField} from '../../inventory/report/csv.js';
import {render} from '../../inventory/report/table.js';
import type {AccountComparison, DiffClass, RunDiff, TokenDiff} from '../diff-runs.js';
import type {SavedRun} from '../list-runs.js';

/** The report formats of `tokenkit diff` and `tokenkit history`, as the other commands name them. */
export const diffFormats = ['table', 'json', 'ndjson', 'csv', 'markdown'] as const;

export type DiffFormat = (typeof diffFormats)[number];

/** What a diff report says beside the differences: the classes `--fail-on` named, and which of them were found. */
export interface DiffGate {
	readonly failOn: readonly DiffClass[];
	readonly failed: readonly DiffClass[];
}

/*
JSON and NDJSON carry every text as it was stored, for programs (see inventory/report/json.ts); the table, Markdown
and CSV, which people read, make each text inert.
*/

/** A diff as one report. */
export function renderDiff(diff: RunDiff, format: DiffFormat, gate: DiffGate): string {
	switch (format) {
		case 'json': {
			return `${JSON.stringify({from: diff.from, to: diff.to, failOn: gate.failOn, failed: gate.failed, classes: diff.classes, accounts: diff.accounts, tokens: diff.tokens}, null, 1)}\n`;
		}

		case 'ndjson': {
			return [
				...diff.tokens.map(token => JSON.stringify(token)),
				JSON.stringify({runs: {from: diff.from, to: diff.to, classes: diff.classes, failOn: gate.failOn, failed: gate.failed}}),
				...diff.accounts.map(account => JSON.stringify({account})),
			].map(line => `${line}\n`).join('');
		}

		case 'csv': {
			return csv(diff);
		}

		case 'table':
		case 'markdown': {
			return table(diff, format === 'markdown', gate);
		}
	}
}

const csvColumns = ['change', 'class', 'provider', 'account', 'token_id', 'name', 'detail', 'by_tokenkit', 'ref'] as const;

/** One row per token created or removed, and one per change of a changed token. */
function csv(diff: RunDiff): string {
	const rows = diff.tokens.flatMap(token => rowsOf(token).map(([kind, detail]) => [
		token.change, kind, token.provider, token.account, token.id, token.name, detail, byTokenkitText(token), token.ref,
	]));
	return [csvColumns.join(','), ...rows.map(row => row.map(field => csvField(field)).join(','))].map(line => `${line}\r\n`).join('');
}

function table(diff: RunDiff, markdown: boolean, gate: DiffGate): string {
	const parts = [`From ${runText(diff.from)}\nto   ${runText(diff.to)}\n\n`];
	const rows = diff.tokens.flatMap(token => rowsOf(token).map(([kind, detail], index) => [
		token.provider, cell(token.account), cell(token.name === '' ? `(id ${token.id})` : token.name), kind,
		cell(index === 0 && token.byTokenkit !== null && token.change !== 'changed' ? `${detail}${detail === '' ? '' : '; '}${byTokenkitText(token)}` : detail, sentenceLength),
		cell(token.ref),
	]));
	parts.push(rows.length === 0 ? 'No differences.\n' : render(['vendor', 'account', 'token', 'change', 'detail', 'REF'], rows, markdown));
	parts.push('\n', render(
		['vendor', 'account', 'created', 'removed', 'changed', 'compared'],
		diff.accounts.map(account => [account.provider, cell(account.account), String(account.created), String(account.removed), String(account.changed), comparisonText(account)]),
		markdown,
	));
	if (gate.failOn.length > 0) {
		parts.push(`\n--fail-on ${gate.failOn.join(',')}: ${gate.failed.length === 0 ? 'none found' : `found ${gate.failed.join(', ')}`}\n`);
	}

	return parts.join('');
}

/** [class, detail] of each line a token takes: one for a created or removed token, one per change otherwise. */
function rowsOf(token: TokenDiff): Array<readonly [string, string]> {
	if (token.change === 'created') {
		return [['created', describe(token.after)]];
	}

	if (token.change === 'removed') {
		return [['removed', `last listed as ${describe(token.before)}`]];
	}

	return token.changes.map(change => [change.kind, change.detail] as const);
}

function describe(record: TokenDiff['before']): string {
	if (record === null) {
		return '';
	}

	const admin = record.admin === true ? 'admin' : (record.admin === null ? 'admin unknown' : 'not admin');
	const allowList = record.allowedIps === null ? '' : (record.allowedIps.length === 0 ? ', any address' : `, from ${record.allowedIps.join(' ')}`);
	return `${record.kind}, ${admin}${allowList}, expires ${record.expiresAt?.slice(0, 10) ?? 'never'}, owner ${record.owner?.email ?? record.owner?.id ?? 'none'}`;
}

function byTokenkitText(token: TokenDiff): string {
	const event = token.byTokenkit;
	if (event === null) {
		return '';
	}

	if (event.action === 'revoked') {
		return `revoked by tokenkit at ${event.at}`;
	}

	if (event.newTokenId === event.tokenId) {
		return `key rotated by tokenkit at ${event.at}`;
	}

	return token.id === event.tokenId ? `replaced by ${event.newTokenId ?? '?'} (tokenkit rotate, ${event.at})` : `replaces ${event.tokenId} (tokenkit rotate, ${event.at})`;
}

function comparisonText(account: AccountComparison): string {
	switch (account.status) {
		case 'compared': {
			return 'yes';
		}

		case 'partial': {
			const which = account.fromComplete === false && account.toComplete === false ? 'both lists' : (account.fromComplete === false ? 'earlier list' : 'later list');
			return `partly: ${which} incomplete`;
		}

		case 'added': {
			return 'not in the earlier run';
		}

		case 'dropped': {
			return 'not in the later run';
		}
	}
}

export function runText(run: SavedRun): string {
	const status = run.complete ? 'complete' : `${run.incompleteAccounts} of ${run.accounts} accounts incomplete`;
	return `run ${run.id}: ${run.command} saved ${run.savedAt}, ${run.tokens} tokens in ${run.accounts} accounts, ${status}`;
}
