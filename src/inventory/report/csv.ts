import type {InventoryWriter, Write} from './types.js';
import {allowListText, isoOrEmpty, privilegesText} from './cells.js';

const columns = [
	'provider', 'account', 'id', 'name', 'kind', 'owner_id', 'owner_email', 'created_at', 'last_used_at', 'expires_at',
	'admin', 'privileges', 'allowed_ips', 'secret_hint', 'description', 'owner_status', 'created_by_id', 'created_by_email', 'created_by_status',
] as const;

/** RFC 4180 quoting; a leading `=`, `+`, `-` or `@` is prefixed with `'` so a spreadsheet does not run it as a formula. */
export function csvField(value: string): string {
	const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A header row, then one row per token. How each account ended goes to the CLI's error report, not the CSV. */
export function csvWriter(write: Write): InventoryWriter {
	write(`${columns.join(',')}\r\n`);
	return {
		token(token) {
			const row = [
				token.provider, token.account, token.id, token.name, token.kind, token.owner?.id ?? '', token.owner?.email ?? '',
				isoOrEmpty(token.createdAt), isoOrEmpty(token.lastUsedAt), isoOrEmpty(token.expiresAt), String(token.admin),
				privilegesText(token), allowListText(token), token.secretHint ?? '', token.description ?? '', token.owner?.status ?? '',
				token.createdBy?.id ?? '', token.createdBy?.email ?? '', token.createdBy?.status ?? '',
			];
			write(`${row.map(field => csvField(field)).join(',')}\r\n`);
		},
		finish() {
			// Nothing to close: CSV has no trailer.
		},
	};
}
