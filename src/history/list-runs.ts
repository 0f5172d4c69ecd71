import type {Row, Transaction} from './driver.js';
import {UnknownRunError} from './history-error.js';
import {driverOf, type History} from './open.js';
import {boolean, integer, integerOrNull, text} from './rows.js';

/** A saved run, as `tokenkit history` lists it. Times are ISO 8601 in UTC. */
export interface SavedRun {
	readonly id: number;
	readonly startedAt: string;
	readonly savedAt: string;
	/** `inventory`, `audit`, or what a script called it. */
	readonly command: string;
	/** The tokenkit that saved it. */
	readonly tokenkitVersion: string;
	/** Every account's list was complete. */
	readonly complete: boolean;
	readonly accounts: number;
	/** Accounts whose list was incomplete. */
	readonly incompleteAccounts: number;
	readonly tokens: number;
	/** Findings of an audit; null for an inventory. */
	readonly findings: number | null;
}

export interface ListRunsOptions {
	/** The newest this many. @default every run */
	readonly limit?: number | undefined;
}

const runColumns = `r.id, r.started_at, r.saved_at, r.command, r.tokenkit_version, r.complete, r.accounts, r.tokens, r.findings,
	(SELECT COUNT(*) FROM run_accounts a WHERE a.run_id = r.id AND a.complete = ?) AS incomplete_accounts`;

/** Saved runs, oldest first (the newest `limit` of them, when given). */
export async function listRuns(history: History, options: ListRunsOptions = {}): Promise<SavedRun[]> {
	const driver = driverOf(history);
	const limit = options.limit;
	const rows = limit === undefined
		? await driver.query(`SELECT ${runColumns} FROM runs r ORDER BY r.id`, [false])
		: await driver.query(`SELECT * FROM (SELECT ${runColumns} FROM runs r ORDER BY r.id DESC LIMIT ?) newest ORDER BY id`, [false, limit]);
	return rows.map(row => runOf(row));
}

/** One run by id; an UnknownRunError when the store has no such run. */
export async function readRun(driver: Pick<Transaction, 'query'> & {readonly location?: string}, id: number): Promise<SavedRun> {
	const [row] = await driver.query(`SELECT ${runColumns} FROM runs r WHERE r.id = ?`, [false, id]);
	if (row === undefined) {
		throw new UnknownRunError(id);
	}

	return runOf(row);
}

function runOf(row: Row): SavedRun {
	return {
		id: integer(row, 'id'),
		startedAt: text(row, 'started_at'),
		savedAt: text(row, 'saved_at'),
		command: text(row, 'command'),
		tokenkitVersion: text(row, 'tokenkit_version'),
		complete: boolean(row, 'complete'),
		accounts: integer(row, 'accounts'),
		incompleteAccounts: integer(row, 'incomplete_accounts'),
		tokens: integer(row, 'tokens'),
		findings: integerOrNull(row, 'findings'),
	};
}
