import {severities, type Severity} from '../inventory/audit/severity.js';
import type {Token} from '../token.js';
import type {Row} from './driver.js';
import {HistoryError} from './history-error.js';
import {readRun, type SavedRun} from './list-runs.js';
import {driverOf, type History} from './open.js';
import {boolean, integer, text, textOrNull} from './rows.js';
import {parseRecord, type StoredToken} from './token-record.js';

/** How one account's list ended in a saved run. */
export interface StoredAccount {
	readonly provider: string;
	readonly account: string;
	readonly complete: boolean;
	readonly tokens: number;
	/** Why the list is incomplete, as saved (scrubbed when it was saved). */
	readonly error: string | null;
}

/** A finding as the history keeps it: what the audit found, without its advice (which the vendor's abilities decide). */
export interface StoredFinding {
	readonly policy: string;
	readonly severity: Severity;
	readonly reason: string;
}

/** A saved run read back whole: its accounts, its tokens as records, and an audit's findings by token. */
export interface RunContent {
	readonly run: SavedRun;
	readonly accounts: readonly StoredAccount[];
	/** Each token rebuilt from its stored record; `raw` is null (the history never keeps the vendor's record). */
	readonly tokens: readonly Token[];
	/** Findings by `provider\0account\0id`; null for a run that was not an audit (an inventory). */
	readonly findings: ReadonlyMap<string, readonly StoredFinding[]> | null;
}

/** The key of `RunContent.findings` for a token. */
export function findingsKey(token: Pick<Token, 'provider' | 'account' | 'id'>): string {
	return `${token.provider}\u0000${token.account}\u0000${token.id}`;
}

/**
Reads one saved run: an UnknownRunError when the store has no such run, a HistoryError naming the token when a
stored record is not one tokenkit wrote (a store changed by hand).
*/
export async function readRunContent(history: History, id: number): Promise<RunContent> {
	const driver = driverOf(history);
	const run = await readRun(driver, id);
	const accountRows = await driver.query('SELECT provider, account, complete, tokens, error FROM run_accounts WHERE run_id = ? ORDER BY provider, account', [id]);
	const tokenRows = await driver.query(
		'SELECT t.provider, t.account, t.token_id, t.last_used_at, r.record FROM run_tokens t JOIN token_records r ON r.hash = t.record_hash WHERE t.run_id = ? ORDER BY t.provider, t.account, t.token_id',
		[id],
	);
	let findings: Map<string, StoredFinding[]> | null = null;
	if (run.findings !== null) {
		findings = new Map();
		const findingRows = await driver.query('SELECT provider, account, token_id, policy, severity, reason FROM run_findings WHERE run_id = ? ORDER BY provider, account, token_id, ordinal', [id]);
		for (const row of findingRows) {
			const key = findingsKey({provider: text(row, 'provider'), account: text(row, 'account'), id: text(row, 'token_id')});
			findings.set(key, [...findings.get(key) ?? [], findingOf(row)]);
		}
	}

	return {
		run,
		accounts: accountRows.map(row => ({
			provider: text(row, 'provider'),
			account: text(row, 'account'),
			complete: boolean(row, 'complete'),
			tokens: integer(row, 'tokens'),
			error: textOrNull(row, 'error'),
		})),
		tokens: tokenRows.map(row => tokenOf(row)),
		findings,
	};
}

function tokenOf(row: Row): Token {
	const record = parseRecord(text(row, 'record'));
	if (record === null) {
		throw unreadable(row);
	}

	const lastUsed = textOrNull(row, 'last_used_at');
	return {...datesOf(record), lastUsedAt: lastUsed === null ? null : new Date(lastUsed), raw: null};
}

function datesOf(record: StoredToken): Omit<Token, 'lastUsedAt' | 'raw'> {
	const {createdAt, expiresAt, notBefore, ...rest} = record;
	return {
		...rest,
		createdAt: dateOrNull(createdAt),
		expiresAt: dateOrNull(expiresAt),
		...(notBefore === undefined ? {} : {notBefore: dateOrNull(notBefore)}),
	};
}

function dateOrNull(value: string | null): Date | null {
	return value === null ? null : new Date(value);
}

function findingOf(row: Row): StoredFinding {
	const severity = severities.find(known => known === text(row, 'severity'));
	if (severity === undefined) {
		throw unreadable(row);
	}

	return {policy: text(row, 'policy'), severity, reason: text(row, 'reason')};
}

function unreadable(row: Row): HistoryError {
	return new HistoryError(`the history store holds a token record or finding tokenkit cannot read (${text(row, 'provider')}:${text(row, 'account')}:${text(row, 'token_id')}); was it changed by hand?`);
}
