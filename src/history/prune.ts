import {isoString} from '../iso-date.js';
import {driverOf, type History} from './open.js';
import {integer, integerOrNull} from './rows.js';

export interface PruneOptions {
	/** Runs saved before this moment are deleted; the newest complete run is always kept, so a diff has a base. */
	readonly before: Date;
}

export interface Pruned {
	readonly runs: number;
	/** Token records no remaining run uses, deleted with them. */
	readonly records: number;
}

/**
Deletes old runs with their accounts, tokens and findings, and the token records only they used, in one transaction
that no save runs beside. Key events (rotations, revocations) are kept: they are small, and they are what a key's age
is measured from.
*/
export async function pruneRuns(history: History, options: PruneOptions): Promise<Pruned> {
	const driver = driverOf(history);
	return driver.transaction('exclusive', async transaction => {
		const [newest] = await transaction.query('SELECT MAX(id) AS id FROM runs WHERE complete = ?', [true]);
		const keep = newest === undefined ? null : integerOrNull(newest, 'id');
		const doomed = await transaction.query(`SELECT id FROM runs WHERE saved_at < ?${keep === null ? '' : ' AND id <> ?'}`, [isoString(options.before), ...(keep === null ? [] : [keep])]);
		const ids = doomed.map(row => integer(row, 'id'));
		for (const id of ids) {
			// Children first: run_tokens and run_findings have no foreign key to cascade from (see schema.ts).
			for (const table of ['run_findings', 'run_tokens', 'run_accounts', 'runs']) {
				await transaction.query(`DELETE FROM ${table} WHERE ${table === 'runs' ? 'id' : 'run_id'} = ?`, [id]);
			}
		}

		const [before] = await transaction.query('SELECT COUNT(*) AS count FROM token_records');
		if (ids.length > 0) {
			await transaction.query('DELETE FROM token_records WHERE NOT EXISTS (SELECT 1 FROM run_tokens t WHERE t.record_hash = token_records.hash)');
		}

		const [after] = await transaction.query('SELECT COUNT(*) AS count FROM token_records');
		return {runs: ids.length, records: (before === undefined ? 0 : integer(before, 'count')) - (after === undefined ? 0 : integer(after, 'count'))};
	});
}
