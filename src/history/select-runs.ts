import {isoString} from '../iso-date.js';
import {HistoryError} from './history-error.js';
import {readRun, type SavedRun} from './list-runs.js';
import {driverOf, type History} from './open.js';
import {integer} from './rows.js';

/**
A run to compare: its id; `latest`, the newest complete run; or a moment, the newest complete run saved at or
before it. A run is complete when every account's list was.
*/
export type RunSelector = number | 'latest' | Date;

export interface RunPairOptions {
	/** @default the complete run before `to` */
	readonly from?: RunSelector | undefined;
	/** @default 'latest' */
	readonly to?: RunSelector | undefined;
}

/** The two runs a diff compares: by default the last two complete runs. A HistoryError says why there are none. */
export async function selectRunPair(history: History, options: RunPairOptions = {}): Promise<{from: SavedRun; to: SavedRun}> {
	const to = await selectRun(history, options.to ?? 'latest', null);
	const from = options.from === undefined ? await completeRunBefore(history, to) : await selectRun(history, options.from, null);
	if (from.id === to.id) {
		throw new HistoryError(`--from and --to both name run ${from.id}; a diff compares two runs`);
	}

	return from.id < to.id ? {from, to} : {from: to, to: from};
}

/** One run by selector; `before` narrows `latest` and a moment to runs older than that run. */
export async function selectRun(history: History, selector: RunSelector, before: SavedRun | null): Promise<SavedRun> {
	const driver = driverOf(history);
	if (typeof selector === 'number') {
		return readRun(driver, selector);
	}

	const until = selector === 'latest' ? null : isoString(selector);
	const [row] = await driver.query(
		`SELECT id FROM runs WHERE complete = ?${until === null ? '' : ' AND saved_at <= ?'}${before === null ? '' : ' AND id < ?'} ORDER BY id DESC LIMIT 1`,
		[true, ...(until === null ? [] : [until]), ...(before === null ? [] : [before.id])],
	);
	if (row === undefined) {
		const [count] = await driver.query('SELECT COUNT(*) AS count FROM runs WHERE complete = ?', [true]);
		const complete = count === undefined ? 0 : integer(count, 'count');
		throw new HistoryError(until === null
			? `the history store ${history.location} holds ${complete === 0 ? 'no complete run' : `only ${complete} complete run${complete === 1 ? '' : 's'}`}${before === null ? '' : ` before run ${before.id}`}; a diff compares two (save one with tokenkit inventory --save)`
			: `the history store ${history.location} holds no complete run saved at or before ${until}`);
	}

	return readRun(driver, integer(row, 'id'));
}

async function completeRunBefore(history: History, to: SavedRun): Promise<SavedRun> {
	return selectRun(history, 'latest', to);
}
