import {inert} from '../../text/inert.js';
import type {InventoryWriter, Write} from './types.js';
import {adminText, allowListText, isoOrEmpty, privilegesText} from './cells.js';

const columns = [
	'provider', 'account', 'id', 'name', 'kind', 'owner_id', 'owner_email', 'created_at', 'last_used_at', 'expires_at',
	'admin', 'privileges', 'allowed_ips', 'secret_hint', 'description', 'owner_status', 'created_by_id', 'created_by_email', 'created_by_status',
	'own_credential',
] as const;

/** The most a spreadsheet cell holds (Excel's limit); a longer vendor text is cut there, marked with `…`. */
const spreadsheetCellLength = 32_767;

/**
One CSV field for a spreadsheet, where people read it. A value that starts with `=`, `+`, `-`, `@`, TAB or CR
(OWASP's CSV injection list) is prefixed with `'`, so a spreadsheet does not run it as a formula; then it is
made inert (control, escape, bidi and zero-width characters shown as escapes, so a line break never splits a
row and nothing hides in a cell), and quoted as RFC 4180 says where it holds a quote, a comma or surrounding
spaces.
*/
export function csvField(value: string): string {
	const safe = inert(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value, spreadsheetCellLength);
	return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A header row, then one row per token. How each account ended goes to the CLI's error report, not the CSV. */
export function csvWriter(write: Write): InventoryWriter {
	write(`${columns.join(',')}\r\n`);
	return {
		token(token) {
			const row = [
				token.provider, token.account, token.id, token.name, token.kind, token.owner?.id ?? '', token.owner?.email ?? '',
				isoOrEmpty(token.createdAt), isoOrEmpty(token.lastUsedAt), isoOrEmpty(token.expiresAt), adminText(token, 'true', 'false'),
				privilegesText(token), allowListText(token), token.secretHint ?? '', token.description ?? '', token.owner?.status ?? '',
				token.createdBy?.id ?? '', token.createdBy?.email ?? '', token.createdBy?.status ?? '', String(token.ownCredential),
			];
			write(`${row.map(field => csvField(field)).join(',')}\r\n`);
		},
		finish() {
			// Nothing to close: CSV has no trailer.
		},
	};
}
