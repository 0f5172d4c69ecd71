import type {TokenAudit} from '../inventory/audit/types.js';
import {isoString} from '../iso-date.js';
import {packageVersion} from '../package-version.js';
import type {Redactor} from '../redaction/redactor.js';
import type {Token} from '../token.js';
import {HistoryError} from './history-error.js';
import {readRun, type SavedRun} from './list-runs.js';
import {driverOf, type History} from './open.js';
import {integer} from './rows.js';
import {recordOf} from './token-record.js';

/** How one account's listing ended, as a run records it. `AccountOutcome` from an inventory report fits. */
export interface RunAccount {
	readonly provider: string;
	readonly account: string;
	/** False when the list stopped early: its missing tokens are then never reported as removed. */
	readonly complete: boolean;
	/** Why the list is incomplete, safe to print. */
	readonly error?: {readonly message: string} | string | null | undefined;
}

/** One inventory or audit, as `saveRun` records it. */
export interface RunToSave {
	/** When the listing started. */
	readonly startedAt: Date;
	/** @default now */
	readonly savedAt?: Date | undefined;
	/** What made it: `inventory`, `audit`, or a name of your own. @default 'library' */
	readonly command?: string | undefined;
	/** Every account the run listed, complete or not; each token's account must be among them. */
	readonly accounts: readonly RunAccount[];
	readonly tokens: readonly Token[];
	/** An audit's findings, token by token (`auditInventory`'s token events); absent for an inventory. */
	readonly audits?: readonly TokenAudit[] | undefined;
}

export interface SaveRunOptions {
	/** Scrubs every text stored of the secrets it holds (the CLI passes the run's). */
	readonly redactor?: Redactor | undefined;
	/** Told how many tokens are written so far, inside the transaction, for a progress line. */
	readonly onProgress?: ((saved: number, total: number) => void | Promise<void>) | undefined;
}

/**
Records a run in one transaction: the run, each account and whether its list was complete, every token's
normalized record (never a key: see `StoredToken`) and its last use, and an audit's findings. A crash or a kill
part-way leaves the store as it was before; two processes saving at once both succeed. Returns the run as listed.

@example
const tokens = [];
const accounts = [];
for await (const event of collectInventory(providers)) {
	if (event.type === 'token') tokens.push(event.token);
	else accounts.push({provider: event.provider, account: event.account, complete: event.type === 'account-done'});
}
const run = await saveRun(history, {startedAt, accounts, tokens});
*/
export async function saveRun(history: History, run: RunToSave, options: SaveRunOptions = {}): Promise<SavedRun> {
	const rows = createRunRows(options.redactor, run.audits !== undefined);
	for (const token of run.tokens) {
		rows.token(token);
	}

	for (const audit of run.audits ?? []) {
		rows.findings(audit);
	}

	return saveRunRows(history, run, rows, options);
}

/** A run's rows as they are gathered: compact text, one token at a time, so a listing need not keep its tokens. */
export interface RunRows {
	/** Adds a token; a token added twice is a TypeError (a vendor listing one twice fails its listing instead). */
	token(token: Token): void;
	/** Adds what an audit found on a token. */
	findings(audit: TokenAudit): void;
}

/** How gathered rows become the rows of one run, once its accounts are known; kept out of the gatherer's face. */
const preparedOf = new WeakMap<RunRows, (accounts: readonly RunAccount[]) => PreparedRows>();

/**
Gathers the rows of a run as its tokens arrive, each token made its record (scrubbed by `redactor`) at once: the
run then holds a few hundred bytes per token, not the tokens with their vendor records. `audited`: the run is an
audit, whose findings are saved (none found is then zero, not unknown).
*/
export function createRunRows(redactor: Redactor | undefined, audited: boolean): RunRows {
	const records = new Map<string, string>();
	const seen = new Set<string>();
	const tokens: Array<readonly [string, string, string, string, string | null]> = [];
	const findings: Array<readonly [string, string, string, number, string, string, string]> = [];
	const scrub = (text: string): string => redactor?.scrub(text) ?? text;
	const rows: RunRows = {
		token(token) {
			const key = `${accountKey(token.provider, token.account)}\u0000${token.id}`;
			if (seen.has(key)) {
				throw new TypeError(`token ${token.provider}:${token.account}:${token.id} is in the run twice`);
			}

			seen.add(key);
			const {hash, json} = recordOf(token, redactor);
			records.set(hash, json);
			tokens.push([token.provider, token.account, token.id, hash, token.lastUsedAt === null ? null : isoString(token.lastUsedAt)]);
		},
		findings({token, findings: found}) {
			// Numbered in the audit's order: one rule may find twice on a token (two accepted risks of it that lapsed).
			for (const [ordinal, finding] of found.entries()) {
				findings.push([token.provider, token.account, token.id, ordinal, finding.policy, finding.severity, scrub(finding.reason)]);
			}
		},
	};
	preparedOf.set(rows, accounts => {
		const counts = new Map<string, number>();
		for (const account of accounts) {
			const key = accountKey(account.provider, account.account);
			if (counts.has(key)) {
				throw new TypeError(`${account.provider} account "${account.account}" is listed twice in the run's accounts`);
			}

			counts.set(key, 0);
		}

		for (const [provider, account, id] of tokens) {
			const key = accountKey(provider, account);
			const count = counts.get(key);
			if (count === undefined) {
				throw new TypeError(`token ${id} names ${provider} account "${account}", which is not among the run's accounts`);
			}

			counts.set(key, count + 1);
		}

		// In key order: each index of run_tokens then grows at its end rather than at random places (fewer pages touched).
		tokens.sort((a, b) => compareText(a[0], b[0]) || compareText(a[1], b[1]) || compareText(a[2], b[2]));
		return {
			accounts: accounts.map(account => [account.provider, account.account, account.complete, counts.get(accountKey(account.provider, account.account)) ?? 0, errorText(account.error, scrub)] as const),
			records: [...records].sort(([a], [b]) => compareText(a, b)),
			tokens,
			findings: audited ? findings : null,
		};
	});
	return rows;
}

/** Saves a run whose rows were gathered with `createRunRows` (see {@link saveRun}). */
export async function saveRunRows(history: History, run: Omit<RunToSave, 'tokens' | 'audits'>, gathered: RunRows, options: SaveRunOptions = {}): Promise<SavedRun> {
	const driver = driverOf(history);
	const prepare = preparedOf.get(gathered);
	if (prepare === undefined) {
		throw new TypeError('rows not gathered by createRunRows');
	}

	const rows = prepare(run.accounts);
	const savedAt = isoString(run.savedAt ?? new Date());
	const complete = run.accounts.every(account => account.complete);
	const total = rows.tokens.length;
	return driver.transaction('shared', async transaction => {
		const inserted = await transaction.query(
			'INSERT INTO runs (started_at, saved_at, command, tokenkit_version, complete, accounts, tokens, findings) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
			[isoString(run.startedAt), savedAt, run.command ?? 'library', packageVersion(), complete, run.accounts.length, total, rows.findings === null ? null : rows.findings.length],
		);
		const first = inserted[0];
		if (first === undefined) {
			throw new HistoryError(`history store ${driver.location}: the new run got no id`);
		}

		const id = integer(first, 'id');
		await transaction.insertRows('run_accounts', [
			{name: 'run_id', type: 'integer'}, {name: 'provider', type: 'text'}, {name: 'account', type: 'text'},
			{name: 'complete', type: 'boolean'}, {name: 'tokens', type: 'integer'}, {name: 'error', type: 'text'},
		], rows.accounts.map(account => [id, ...account]));
		// Sorted by hash: two saves inserting the same new records take their locks in one order, so neither waits for the other in a cycle.
		await transaction.insertRows('token_records', [{name: 'hash', type: 'text'}, {name: 'record', type: 'text'}], rows.records, {ignoreExisting: true});
		let saved = 0;
		await transaction.insertRows('run_tokens', [
			{name: 'run_id', type: 'integer'}, {name: 'provider', type: 'text'}, {name: 'account', type: 'text'}, {name: 'token_id', type: 'text'},
			{name: 'record_hash', type: 'text'}, {name: 'last_used_at', type: 'timestamptz'},
		], rows.tokens.map(token => [id, ...token]), {
			onRows: async count => {
				saved += count;
				await options.onProgress?.(saved, total);
			},
		});
		if (rows.findings !== null) {
			await transaction.insertRows('run_findings', [
				{name: 'run_id', type: 'integer'}, {name: 'provider', type: 'text'}, {name: 'account', type: 'text'}, {name: 'token_id', type: 'text'},
				{name: 'ordinal', type: 'integer'}, {name: 'policy', type: 'text'}, {name: 'severity', type: 'text'}, {name: 'reason', type: 'text'},
			], rows.findings.map(finding => [id, ...finding]));
		}

		return readRun(transaction, id);
	});
}

interface PreparedRows {
	readonly accounts: ReadonlyArray<readonly [string, string, boolean, number, string | null]>;
	readonly records: ReadonlyArray<readonly [string, string]>;
	readonly tokens: ReadonlyArray<readonly [string, string, string, string, string | null]>;
	readonly findings: ReadonlyArray<readonly [string, string, string, number, string, string, string]> | null;
}

function errorText(error: RunAccount['error'], scrub: (text: string) => string): string | null {
	if (error === undefined || error === null) {
		return null;
	}

	return scrub(typeof error === 'string' ? error : error.message);
}

function accountKey(provider: string, account: string): string {
	return `${provider}\u0000${account}`;
}

/** Code-unit order: the order of SQLite's BINARY collation (PostgreSQL's may differ, which costs only speed). */
function compareText(a: string, b: string): number {
	return a < b ? -1 : (a > b ? 1 : 0);
}
