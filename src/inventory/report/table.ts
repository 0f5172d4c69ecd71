import {formatRef} from '../rotate/ref.js';
import type {Token} from '../../token.js';
import {adminText, ago, allowListText, cell, nameText, ownCredentialNote, ownerText, refLength, sentenceLength} from './cells.js';
import type {AccountOutcome, InventoryWriter, Write} from './types.js';

export interface TableOptions {
	/** Markdown pipes instead of aligned columns. */
	readonly markdown?: boolean | undefined;
	/** The clock ages are measured against. @default Date.now */
	readonly now?: (() => number) | undefined;
	/**
	Whether the account's vendor records an expiry date (its `capabilities.fields.expiry`). Where it does not, the
	table says `n/a` rather than `never`, and does not count tokens without expiry: none has one to show.
	@default every account's does
	*/
	readonly hasExpiry?: ((provider: string, account: string) => boolean) | undefined;
}

const headings = ['vendor', 'account', 'name', 'kind', 'owner', 'age', 'last used', 'expires', 'admin', 'IP allow-list', 'REF'] as const;

/**
A table for people. Columns are aligned on the widest cell, so rows are held until the end; a per-account
summary follows (tokens, admin, never used, no expiry, unrestricted; requests, retries and time spent
waiting, which show a flaky or rate-limited vendor), and any account that failed. The last column is each
token's REF, whole, as `tokenkit rotate` and `revoke` take it; the account's own credential is marked `*`.
*/
export function tableWriter(write: Write, options: TableOptions = {}): InventoryWriter {
	const now = (options.now ?? Date.now)();
	const hasExpiry = options.hasExpiry ?? (() => true);
	const rows: string[][] = [];
	const tokens: Token[] = [];
	return {
		token(token) {
			tokens.push(token);
			rows.push([
				token.provider, token.account, nameText(token), token.kind, ownerText(token), ago(token.createdAt, now),
				ago(token.lastUsedAt, now), hasExpiry(token.provider, token.account) ? expiresText(token.expiresAt, now) : 'n/a', adminText(token),
				allowListText(token),
			].map(text => cell(text)).concat(cell(formatRef(token), refLength)));
		},
		finish(outcomes) {
			write(render([...headings], rows, options.markdown ?? false));
			if (tokens.some(token => token.ownCredential)) {
				write(`\n${ownCredentialNote(options.markdown ?? false)}\n`);
			}

			write('\n');
			write(render(['vendor', 'account', 'tokens', 'admin', 'never used', 'no expiry', 'unrestricted', 'requests', 'retries', 'waited', 'status'], summarize(outcomes, tokens, hasExpiry), options.markdown ?? false));
		},
	};
}

function expiresText(date: Date | null, now: number): string {
	if (date === null) {
		return 'never';
	}

	return date.getTime() <= now ? 'EXPIRED' : date.toISOString().slice(0, 10);
}

function summarize(outcomes: readonly AccountOutcome[], tokens: readonly Token[], hasExpiry: (provider: string, account: string) => boolean): string[][] {
	return outcomes.map(outcome => {
		const mine = tokens.filter(token => token.provider === outcome.provider && token.account === outcome.account);
		const count = (predicate: (token: Token) => boolean): string => String(mine.filter(predicate).length);
		return [
			outcome.provider,
			cell(outcome.account),
			String(outcome.tokens),
			count(token => token.admin === true),
			count(token => token.lastUsedAt === null),
			hasExpiry(outcome.provider, outcome.account) ? count(token => token.expiresAt === null) : 'n/a',
			count(token => token.allowedIps?.length === 0),
			String(outcome.traffic.requests),
			outcome.traffic.rateLimited > 0 ? `${outcome.traffic.retries} (${outcome.traffic.rateLimited} × 429)` : String(outcome.traffic.retries),
			`${((outcome.traffic.retryWaitMs + outcome.traffic.paceWaitMs) / 1000).toFixed(1)} s`,
			outcome.complete ? 'complete' : cell(`FAILED: ${outcome.error?.message ?? 'unknown error'}`, sentenceLength),
		];
	});
}

/**
Columns aligned on the widest cell, or a Markdown table; shared with the audit report. Cells come in inert
(`cell`), so none holds a line break that would end its row.
*/
export function render(header: readonly string[], rows: readonly string[][], markdown: boolean): string {
	if (markdown) {
		const line = (cells: readonly string[]): string => `| ${cells.map(text => markdownCell(text)).join(' | ')} |`;
		return `${[line(header), line(header.map(() => '---')), ...rows.map(row => line(row))].join('\n')}\n`;
	}

	const widths = header.map((heading, index) => Math.max(heading.length, ...rows.map(row => (row[index] ?? '').length)));
	const line = (cells: readonly string[]): string => cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join('  ').trimEnd();
	return `${[line(header), line(widths.map(width => '-'.repeat(width))), ...rows.map(row => line(row))].join('\n')}\n`;
}

/**
A cell as Markdown source that renders as the same text: `|` would end the cell, and the other characters
escaped here would start a code span, emphasis, a link or image, raw HTML or a character reference (`&#x202e;`
is a bidi override again once rendered). A backslash before ASCII punctuation is CommonMark's literal escape.
*/
export function markdownCell(text: string): string {
	return text.replaceAll(/[\\`*_[\]<>|~&!]/g, character => `\\${character}`);
}
