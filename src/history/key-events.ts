import type {Row} from './driver.js';
import {driverOf, type History} from './open.js';
import {integer, text, textOrNull} from './rows.js';

/**
Something tokenkit did to a key, as the history keeps it:
- `rotated`: token `tokenId` got a new key, held by `newTokenId` (the same id where the vendor keeps it); `at` is
  when the new key was stored. `oldKey` says what became of the old key, where known.
- `revoked`: token `tokenId` was deleted at its vendor by tokenkit (`tokenkit revoke`, or a rotation finishing).
*/
export interface KeyEvent {
	readonly action: 'rotated' | 'revoked';
	/** ISO 8601, UTC. */
	readonly at: string;
	readonly provider: string;
	readonly account: string;
	readonly tokenId: string;
	readonly newTokenId: string | null;
	readonly oldKey: 'revoked' | 'valid-until' | 'pending-revocation' | null;
	readonly oldKeyUntil: string | null;
	/** Where tokenkit learned of it: `rotate`, `revoke`, or `journal <file>` for one imported. */
	readonly source: string;
}

/**
Records key events; one recorded before (the same token, action and time) is left as it is, so a journal can be
imported again, or after the run that wrote it recorded it already. Returns how many were new.
*/
export async function recordKeyEvents(history: History, events: readonly KeyEvent[]): Promise<number> {
	if (events.length === 0) {
		return 0;
	}

	const driver = driverOf(history);
	const recordedAt = new Date().toISOString();
	return driver.transaction('shared', async transaction => {
		const [before] = await transaction.query('SELECT COUNT(*) AS count FROM key_events');
		await transaction.insertRows('key_events', [
			{name: 'at', type: 'timestamptz'}, {name: 'action', type: 'text'}, {name: 'provider', type: 'text'}, {name: 'account', type: 'text'},
			{name: 'token_id', type: 'text'}, {name: 'new_token_id', type: 'text'}, {name: 'old_key', type: 'text'}, {name: 'old_key_until', type: 'timestamptz'},
			{name: 'source', type: 'text'}, {name: 'recorded_at', type: 'timestamptz'},
		], events.map(event => [event.at, event.action, event.provider, event.account, event.tokenId, event.newTokenId, event.oldKey, event.oldKeyUntil, event.source, recordedAt]), {ignoreExisting: true});
		const [after] = await transaction.query('SELECT COUNT(*) AS count FROM key_events');
		return (after === undefined ? 0 : integer(after, 'count')) - (before === undefined ? 0 : integer(before, 'count'));
	});
}

/**
When each token's key was last renewed by a rotation tokenkit made, by `provider:account:id` of the token holding
the new key: what the audit measures a key's age from where the vendor keeps the creation date through a reset
(LaunchDarkly) or tokenkit knows better. Pass it to `auditInventory` as `keyRenewedAt`.
`until` (ISO 8601): only rotations made by then, for auditing a run saved then.
*/
export async function keyRenewals(history: History, until?: string): Promise<(token: {readonly provider: string; readonly account: string; readonly id: string}) => Date | null> {
	const rows = await driverOf(history).query(
		`SELECT provider, account, new_token_id, MAX(at) AS at FROM key_events WHERE action = ? AND new_token_id IS NOT NULL${until === undefined ? '' : ' AND at <= ?'} GROUP BY provider, account, new_token_id`,
		['rotated', ...(until === undefined ? [] : [until])],
	);
	const renewed = new Map<string, Date>();
	for (const row of rows) {
		renewed.set(refKey(text(row, 'provider'), text(row, 'account'), text(row, 'new_token_id')), new Date(text(row, 'at')));
	}

	return token => renewed.get(refKey(token.provider, token.account, token.id)) ?? null;
}

/** Key events of one token, as the old or the new token of a rotation, oldest first. */
export async function keyEventsOf(history: History, provider: string, account: string, tokenId: string): Promise<KeyEvent[]> {
	const rows = await driverOf(history).query(
		'SELECT * FROM key_events WHERE provider = ? AND account = ? AND (token_id = ? OR new_token_id = ?) ORDER BY at, id',
		[provider, account, tokenId, tokenId],
	);
	return rows.map(row => keyEventOf(row));
}

/** Key events saved after `after` up to `until` (ISO times), for a diff between two runs. */
export async function keyEventsBetween(history: History, after: string, until: string): Promise<KeyEvent[]> {
	const rows = await driverOf(history).query('SELECT * FROM key_events WHERE at > ? AND at <= ? ORDER BY at, id', [after, until]);
	return rows.map(row => keyEventOf(row));
}

function keyEventOf(row: Row): KeyEvent {
	const action = text(row, 'action');
	const oldKey = textOrNull(row, 'old_key');
	return {
		action: action === 'revoked' ? 'revoked' : 'rotated',
		at: text(row, 'at'),
		provider: text(row, 'provider'),
		account: text(row, 'account'),
		tokenId: text(row, 'token_id'),
		newTokenId: textOrNull(row, 'new_token_id'),
		oldKey: oldKey === 'revoked' || oldKey === 'valid-until' || oldKey === 'pending-revocation' ? oldKey : null,
		oldKeyUntil: textOrNull(row, 'old_key_until'),
		source: text(row, 'source'),
	};
}

export function refKey(provider: string, account: string, id: string): string {
	return `${provider}:${account}:${id}`;
}
