import {formatRef, toRef, type RefInput} from '../inventory/rotate/ref.js';
import {changesBetween, type TokenChange, type TokenState} from './changes.js';
import {HistoryError} from './history-error.js';
import {keyEventsOf, type KeyEvent} from './key-events.js';
import {driverOf, type History} from './open.js';
import {boolean, integer, integerOrNull, text, textOrNull} from './rows.js';
import {parseRecord, type StoredToken} from './token-record.js';

/**
One thing that happened to a token, in order:
- `first-seen`: the first run that listed it, when the run before it did not list its account completely (or at all);
- `created`: the first run that listed it, after a complete list of its account without it;
- `changed`: a run that listed it changed (see `changes`);
- `unlisted`: a run whose list of its account was incomplete did not show it (no evidence either way);
- `vanished`: a complete list of its account no longer held it: the vendor deleted it, or stopped listing it once it
  expired, and with it the evidence that it existed;
- `reappeared`: listed again after it vanished;
- `rotated` / `revoked`: what tokenkit did to its key (from the rotation journal or `tokenkit revoke`).
*/
export interface TimelineEntry {
	readonly event: 'first-seen' | 'created' | 'changed' | 'unlisted' | 'vanished' | 'reappeared' | 'rotated' | 'revoked';
	/** The run that saw it; null for what tokenkit did between runs. */
	readonly run: number | null;
	/** ISO 8601, UTC: when the run was saved, or when tokenkit acted. */
	readonly at: string;
	readonly changes: readonly TokenChange[];
	/** The audit's findings (policy names) in that run; null where the run was not an audit. */
	readonly findings: readonly string[] | null;
	/** One line for people. */
	readonly detail: string;
}

/** A token's story across every saved run of its account, including after it vanished. */
export interface TokenTimeline {
	readonly ref: string;
	readonly entries: readonly TimelineEntry[];
	/** Its record when last listed; null when no run listed it. */
	readonly last: StoredToken | null;
	/** The last run that listed it. */
	readonly lastSeen: {readonly run: number; readonly at: string} | null;
	/** Whether the newest run of its account listed it. */
	readonly present: boolean;
}

/**
The timeline of one token (a REF, `provider:account:id`): every run of its account in order, and what tokenkit did
to its key. A token no run listed and tokenkit never touched is a HistoryError naming the account's runs.
*/
export async function tokenTimeline(history: History, ref: RefInput): Promise<TokenTimeline> {
	const {provider, account, id} = toRef(ref);
	const rows = await driverOf(history).query(
		`SELECT a.run_id, r.saved_at, r.findings AS run_findings, a.complete, t.token_id, t.last_used_at, rec.record
		FROM run_accounts a
		JOIN runs r ON r.id = a.run_id
		LEFT JOIN run_tokens t ON t.run_id = a.run_id AND t.provider = a.provider AND t.account = a.account AND t.token_id = ?
		LEFT JOIN token_records rec ON rec.hash = t.record_hash
		WHERE a.provider = ? AND a.account = ?
		ORDER BY a.run_id`,
		[id, provider, account],
	);
	const findings = await findingsOf(history, provider, account, id);
	const keyEvents = await keyEventsOf(history, provider, account, id);
	const entries: Array<TimelineEntry & {readonly order: number}> = [];
	let previous: TokenState | null = null;
	let last: {run: number; at: string; record: StoredToken} | null = null;
	let accountSeenComplete = false;
	let vanished = false;
	let present = false;
	for (const row of rows) {
		const run = integer(row, 'run_id');
		const at = text(row, 'saved_at');
		const complete = boolean(row, 'complete');
		const audited = integerOrNull(row, 'run_findings') !== null;
		const runFindings = audited ? findings.get(run) ?? [] : null;
		const order = Date.parse(at);
		if (textOrNull(row, 'token_id') === null) {
			present = false;
			if (previous !== null && !vanished) {
				if (complete) {
					vanished = true;
					entries.push({event: 'vanished', run, at, changes: [], findings: null, detail: `not in a complete list of ${account}: deleted, or no longer listed by ${provider} (last seen in run ${last?.run ?? '?'})`, order});
				} else {
					entries.push({event: 'unlisted', run, at, changes: [], findings: null, detail: `not seen: the list of ${account} was incomplete`, order});
				}
			}

			accountSeenComplete ||= complete;
			continue;
		}

		const record = parseRecord(text(row, 'record'));
		if (record === null) {
			throw new HistoryError(`the history store holds a record of ${formatRef({provider, account, id})} in run ${run} that tokenkit cannot read; was it changed by hand?`);
		}

		const state: TokenState = {record, lastUsedAt: textOrNull(row, 'last_used_at')};
		const rotatedSince = keyEvents.some(event => event.action === 'rotated' && event.newTokenId === id && (last === null || event.at > last.at) && event.at <= at);
		if (previous === null) {
			const event = accountSeenComplete ? 'created' : 'first-seen';
			entries.push({event, run, at, changes: [], findings: runFindings, detail: `${event === 'created' ? 'new since the last complete list' : 'first listed'}: ${describe(record)}`, order});
		} else if (vanished) {
			entries.push({event: 'reappeared', run, at, changes: changesBetween(previous, state, rotatedSince), findings: runFindings, detail: `listed again: ${describe(record)}`, order});
		} else {
			const changes = changesBetween(previous, state, rotatedSince);
			if (changes.length > 0) {
				entries.push({event: 'changed', run, at, changes, findings: runFindings, detail: changes.map(change => `${change.kind}: ${change.detail}`).join('; '), order});
			}
		}

		previous = state;
		vanished = false;
		present = true;
		accountSeenComplete ||= complete;
		last = {run, at, record};
	}

	for (const event of keyEvents) {
		entries.push(keyEntry(event, id));
	}

	if (entries.length === 0) {
		throw new HistoryError(rows.length === 0
			? `the history store has no run that listed ${provider} account "${account}"`
			: `no saved run of ${provider} account "${account}" listed token ${id}, and tokenkit recorded nothing done to it`);
	}

	return {
		ref: formatRef({provider, account, id}),
		entries: entries.sort((a, b) => a.order - b.order).map(withoutOrder),
		last: last?.record ?? null,
		lastSeen: last === null ? null : {run: last.run, at: last.at},
		present,
	};
}

function withoutOrder(entry: TimelineEntry & {readonly order: number}): TimelineEntry {
	return {event: entry.event, run: entry.run, at: entry.at, changes: entry.changes, findings: entry.findings, detail: entry.detail};
}

function keyEntry(event: KeyEvent, id: string): TimelineEntry & {readonly order: number} {
	const order = Date.parse(event.at);
	if (event.action === 'revoked') {
		return {event: 'revoked', run: null, at: event.at, changes: [], findings: null, detail: `deleted by tokenkit (${event.source})`, order};
	}

	const renewed = event.newTokenId === event.tokenId
		? 'a new key for the same token'
		: (event.tokenId === id ? `replaced by token ${event.newTokenId ?? '?'}` : `holds the new key of token ${event.tokenId}`);
	const old = event.oldKey === null ? '' : `; the old key ${event.oldKey === 'revoked' ? 'was revoked' : `${event.oldKey === 'valid-until' ? 'works' : 'is left to revoke'} until ${event.oldKeyUntil ?? '?'}`}`;
	return {event: 'rotated', run: null, at: event.at, changes: [], findings: null, detail: `rotated by tokenkit (${event.source}): ${renewed}${old}`, order};
}

async function findingsOf(history: History, provider: string, account: string, id: string): Promise<Map<number, string[]>> {
	const rows = await driverOf(history).query('SELECT run_id, policy FROM run_findings WHERE provider = ? AND account = ? AND token_id = ? ORDER BY run_id, ordinal', [provider, account, id]);
	const byRun = new Map<number, string[]>();
	for (const row of rows) {
		const run = integer(row, 'run_id');
		byRun.set(run, [...byRun.get(run) ?? [], text(row, 'policy')]);
	}

	return byRun;
}

function describe(record: StoredToken): string {
	const admin = record.admin === true ? ', admin' : '';
	const allowList = record.allowedIps === null ? '' : (record.allowedIps.length === 0 ? ', any address' : `, from ${record.allowedIps.join(' ')}`);
	return `${JSON.stringify(record.name)} (${record.kind}, ${record.status}${admin}${allowList}, expires ${record.expiresAt ?? 'never'})`;
}
