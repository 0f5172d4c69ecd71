import {cell, sentenceLength} from '../../inventory/report/cells.js';
import {csvField} from '../../inventory/report/csv.js';
import {render} from '../../inventory/report/table.js';
import type {SavedRun} from '../list-runs.js';
import type {TokenTimeline} from '../timeline.js';
import type {DiffFormat} from './diff-report.js';

/** The saved runs, oldest first, as `tokenkit history` lists them. */
export function renderRuns(runs: readonly SavedRun[], format: DiffFormat, store: string): string {
	switch (format) {
		case 'json': {
			return `${JSON.stringify({store, runs}, null, 1)}\n`;
		}

		case 'ndjson': {
			return runs.map(run => `${JSON.stringify(run)}\n`).join('');
		}

		case 'csv': {
			const columns = ['id', 'started_at', 'saved_at', 'command', 'tokenkit_version', 'complete', 'accounts', 'incomplete_accounts', 'tokens', 'findings'];
			const rows = runs.map(run => [String(run.id), run.startedAt, run.savedAt, run.command, run.tokenkitVersion, String(run.complete), String(run.accounts), String(run.incompleteAccounts), String(run.tokens), run.findings === null ? '' : String(run.findings)]);
			return [columns.join(','), ...rows.map(row => row.map(field => csvField(field)).join(','))].map(line => `${line}\r\n`).join('');
		}

		case 'table':
		case 'markdown': {
			if (runs.length === 0) {
				return `No saved runs in ${store}; tokenkit inventory --save (or audit --save) records one.\n`;
			}

			const rows = runs.map(run => [
				String(run.id), run.savedAt, cell(run.command), String(run.accounts), String(run.tokens), run.findings === null ? '-' : String(run.findings),
				run.complete ? 'complete' : `${run.incompleteAccounts} incomplete`, cell(run.tokenkitVersion),
			]);
			return `${render(['run', 'saved (UTC)', 'command', 'accounts', 'tokens', 'findings', 'lists', 'tokenkit'], rows, format === 'markdown')}\nStore: ${cell(store, sentenceLength)}\n`;
		}
	}
}

/** One token's timeline, as `tokenkit history --token REF` shows it. */
export function renderTimeline(timeline: TokenTimeline, format: DiffFormat): string {
	switch (format) {
		case 'json': {
			return `${JSON.stringify(timeline, null, 1)}\n`;
		}

		case 'ndjson': {
			const {entries, ...token} = timeline;
			return [...entries.map(entry => JSON.stringify(entry)), JSON.stringify({token})].map(line => `${line}\n`).join('');
		}

		case 'csv': {
			const columns = ['at', 'run', 'event', 'changes', 'findings', 'detail', 'ref'];
			const rows = timeline.entries.map(entry => [
				entry.at, entry.run === null ? '' : String(entry.run), entry.event, entry.changes.map(change => change.kind).join(' '),
				entry.findings?.join(' ') ?? '', entry.detail, timeline.ref,
			]);
			return [columns.join(','), ...rows.map(row => row.map(field => csvField(field)).join(','))].map(line => `${line}\r\n`).join('');
		}

		case 'table':
		case 'markdown': {
			const rows = timeline.entries.map(entry => [
				entry.at, entry.run === null ? '' : String(entry.run), entry.event, cell(entry.detail, sentenceLength),
				entry.findings === null ? '' : (entry.findings.length === 0 ? 'none' : entry.findings.join(', ')),
			]);
			const last = timeline.lastSeen === null
				? 'never listed in a saved run'
				: `last listed in run ${timeline.lastSeen.run} at ${timeline.lastSeen.at}${timeline.present ? ', and still listed' : '; not listed since'}`;
			return `${cell(timeline.ref)}: ${last}\n\n${render(['when (UTC)', 'run', 'event', 'detail', 'findings'], rows, format === 'markdown')}`;
		}
	}
}
