import {formatRef} from '../inventory/rotate/ref.js';
import {changesBetween, changeKinds, type ChangeKind, type TokenChange, type TokenState} from './changes.js';
import type {Driver, Row} from './driver.js';
import {HistoryError} from './history-error.js';
import {keyEventsBetween, refKey, type KeyEvent} from './key-events.js';
import type {SavedRun} from './list-runs.js';
import {driverOf, type History} from './open.js';
import {boolean, text, textOrNull} from './rows.js';
import {selectRunPair, type RunPairOptions} from './select-runs.js';
import {parseRecord, type StoredToken} from './token-record.js';

/** A class of difference `--fail-on` can name: a token created, removed, or changed in one of the ways of `ChangeKind`. */
export type DiffClass = 'created' | 'removed' | ChangeKind;

/** Every diff class, as `--fail-on` takes them. */
export const diffClasses: readonly DiffClass[] = ['created', 'removed', ...changeKinds];

/** One token that differs between the two runs. */
export interface TokenDiff {
	/** `created`: listed only in the later run; `removed`: only in the earlier one, its account's later list complete. */
	readonly change: 'created' | 'removed' | 'changed';
	readonly ref: string;
	readonly provider: string;
	readonly account: string;
	readonly id: string;
	/** Its name in the later run, or the earlier one for a removed token. */
	readonly name: string;
	/** For a changed token, what changed, worst first; empty otherwise. */
	readonly changes: readonly TokenChange[];
	readonly before: StoredToken | null;
	readonly after: StoredToken | null;
	/**
	What tokenkit did that explains it: a removed token it revoked, or replaced by a rotation to a new id (the new
	token is then `created` with the same event); a changed token whose key it rotated.
	*/
	readonly byTokenkit: KeyEvent | null;
}

/**
How an account's two lists compare:
- `compared`: both complete; every difference is reported.
- `partial`: one list is incomplete. Tokens missing from an incomplete later list are not called removed, and tokens
  missing from an incomplete earlier list are not called created: either may only be unread.
- `added`: listed only in the later run (a new account in the config); its tokens are not called created.
- `dropped`: listed only in the earlier run; its tokens are not called removed.
*/
export interface AccountComparison {
	readonly provider: string;
	readonly account: string;
	readonly status: 'compared' | 'partial' | 'added' | 'dropped';
	/** Whether each run's list was complete; null where the run did not list the account. */
	readonly fromComplete: boolean | null;
	readonly toComplete: boolean | null;
	readonly created: number;
	readonly removed: number;
	readonly changed: number;
}

/** The differences between two saved runs. */
export interface RunDiff {
	readonly from: SavedRun;
	readonly to: SavedRun;
	readonly accounts: readonly AccountComparison[];
	/** By vendor, account, then change (created, removed, changed) and name. */
	readonly tokens: readonly TokenDiff[];
	/** Every class present, for a CI gate. */
	readonly classes: readonly DiffClass[];
}

/**
Compares two saved runs (by default the last two complete ones), account by account: tokens created, removed (a
vendor stops listing an expired or deleted token), and changed, classified by what matters (see `ChangeKind`).
Tokenkit's own rotations and revocations between the runs (see `recordKeyEvents`) explain what they caused.

@example
const diff = await diffRuns(history);
for (const token of diff.tokens.filter(token => token.changes.some(change => change.kind === 'admin'))) console.log(token.ref);
*/
export async function diffRuns(history: History, options: RunPairOptions = {}): Promise<RunDiff> {
	const {from, to} = await selectRunPair(history, options);
	const driver = driverOf(history);
	const accounts = await compareAccounts(driver, from.id, to.id);
	const byAccount = new Map(accounts.map(account => [accountKey(account.provider, account.account), account]));
	const events = await keyEventsBetween(history, from.savedAt, to.savedAt);
	const rotated = new Map<string, KeyEvent>();
	const ended = new Map<string, KeyEvent>();
	for (const event of events) {
		if (event.action === 'rotated' && event.newTokenId !== null) {
			rotated.set(refKey(event.provider, event.account, event.newTokenId), event);
			if (event.newTokenId !== event.tokenId) {
				ended.set(refKey(event.provider, event.account, event.tokenId), event);
			}
		} else if (event.action === 'revoked') {
			ended.set(refKey(event.provider, event.account, event.tokenId), event);
		}
	}

	const tokens: TokenDiff[] = [];
	const present = await driver.query(
		`SELECT t.provider, t.account, t.token_id, t.last_used_at AS after_used, rt.record AS after_record,
			f.token_id AS before_id, f.last_used_at AS before_used, rf.record AS before_record
		FROM run_tokens t
		JOIN token_records rt ON rt.hash = t.record_hash
		LEFT JOIN run_tokens f ON f.run_id = ? AND f.provider = t.provider AND f.account = t.account AND f.token_id = t.token_id
		LEFT JOIN token_records rf ON rf.hash = f.record_hash
		WHERE t.run_id = ? AND (f.token_id IS NULL OR f.record_hash <> t.record_hash)`,
		[from.id, to.id],
	);
	for (const row of present) {
		const comparison = byAccount.get(accountKey(text(row, 'provider'), text(row, 'account')));
		const after = stateOf(row, 'after_record', 'after_used');
		const ref = refKey(after.record.provider, after.record.account, after.record.id);
		if (textOrNull(row, 'before_id') === null) {
			// Missing from an earlier list that was incomplete, or from an account that list did not have, is no news.
			if (comparison?.fromComplete === true) {
				tokens.push(tokenDiff('created', after.record, [], null, after.record, rotated.get(ref) ?? null));
			}

			continue;
		}

		const before = stateOf(row, 'before_record', 'before_used');
		const event = rotated.get(ref) ?? null;
		const changes = changesBetween(before, after, event !== null);
		if (changes.length > 0) {
			tokens.push(tokenDiff('changed', after.record, changes, before.record, after.record, event));
		}
	}

	const gone = await driver.query(
		`SELECT f.provider, f.account, f.token_id, f.last_used_at AS before_used, rf.record AS before_record
		FROM run_tokens f
		JOIN token_records rf ON rf.hash = f.record_hash
		WHERE f.run_id = ? AND NOT EXISTS (SELECT 1 FROM run_tokens t WHERE t.run_id = ? AND t.provider = f.provider AND t.account = f.account AND t.token_id = f.token_id)`,
		[from.id, to.id],
	);
	for (const row of gone) {
		if (byAccount.get(accountKey(text(row, 'provider'), text(row, 'account')))?.toComplete === true) {
			const before = stateOf(row, 'before_record', 'before_used').record;
			tokens.push(tokenDiff('removed', before, [], before, null, ended.get(refKey(before.provider, before.account, before.id)) ?? null));
		}
	}

	// A key renewed under the same id whose record reads the same (the vendor shows no hint of the key): tokenkit knows.
	const reported = new Set(tokens.map(token => token.ref));
	for (const [ref, event] of rotated) {
		if (event.tokenId === event.newTokenId && !reported.has(ref)) {
			const both = await driver.query(
				`SELECT t.provider, t.account, t.token_id, r.record, t.last_used_at FROM run_tokens t JOIN token_records r ON r.hash = t.record_hash
				WHERE t.run_id IN (?, ?) AND t.provider = ? AND t.account = ? AND t.token_id = ? ORDER BY t.run_id`,
				[from.id, to.id, event.provider, event.account, event.tokenId],
			);
			const [first, second] = both;
			if (first !== undefined && second !== undefined) {
				const before = stateOf(first, 'record', 'last_used_at');
				const after = stateOf(second, 'record', 'last_used_at');
				tokens.push(tokenDiff('changed', after.record, changesBetween(before, after, true), before.record, after.record, event));
			}
		}
	}

	tokens.sort(compareDiffs);
	const counted = accounts.map(account => {
		const mine = tokens.filter(token => token.provider === account.provider && token.account === account.account);
		const count = (change: TokenDiff['change']): number => mine.filter(token => token.change === change).length;
		return {...account, created: count('created'), removed: count('removed'), changed: count('changed')};
	});
	const found = new Set<DiffClass>(tokens.flatMap(token => (token.change === 'changed' ? token.changes.map(change => change.kind) : [token.change])));
	return {from, to, accounts: counted, tokens, classes: diffClasses.filter(kind => found.has(kind))};
}

async function compareAccounts(driver: Driver, fromId: number, toId: number): Promise<AccountComparison[]> {
	const rows = await driver.query('SELECT run_id, provider, account, complete FROM run_accounts WHERE run_id IN (?, ?) ORDER BY provider, account', [fromId, toId]);
	const accounts = new Map<string, {provider: string; account: string; fromComplete: boolean | null; toComplete: boolean | null}>();
	for (const row of rows) {
		const provider = text(row, 'provider');
		const account = text(row, 'account');
		const key = accountKey(provider, account);
		const entry = accounts.get(key) ?? {provider, account, fromComplete: null, toComplete: null};
		const complete = boolean(row, 'complete');
		if (Number(row['run_id']) === fromId) {
			entry.fromComplete = complete;
		} else {
			entry.toComplete = complete;
		}

		accounts.set(key, entry);
	}

	return [...accounts.values()].map(entry => ({
		...entry,
		status: entry.fromComplete === null ? 'added' : (entry.toComplete === null ? 'dropped' : (entry.fromComplete && entry.toComplete ? 'compared' : 'partial')),
		created: 0,
		removed: 0,
		changed: 0,
	}));
}

function stateOf(row: Row, recordColumn: string, usedColumn: string): TokenState {
	const record = parseRecord(text(row, recordColumn));
	if (record === null) {
		throw new HistoryError(`the history store holds a token record tokenkit cannot read (${text(row, 'provider')}:${text(row, 'account')}:${text(row, 'token_id')}); was it changed by hand?`);
	}

	return {record, lastUsedAt: textOrNull(row, usedColumn)};
}

function tokenDiff(change: TokenDiff['change'], record: StoredToken, changes: readonly TokenChange[], before: StoredToken | null, after: StoredToken | null, byTokenkit: KeyEvent | null): TokenDiff {
	return {change, ref: formatRef(record), provider: record.provider, account: record.account, id: record.id, name: record.name, changes, before, after, byTokenkit};
}

const changeOrder: Readonly<Record<TokenDiff['change'], number>> = {created: 0, removed: 1, changed: 2};

function compareDiffs(a: TokenDiff, b: TokenDiff): number {
	return a.provider.localeCompare(b.provider) || a.account.localeCompare(b.account) || changeOrder[a.change] - changeOrder[b.change]
		|| a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

function accountKey(provider: string, account: string): string {
	return `${provider}\u0000${account}`;
}
