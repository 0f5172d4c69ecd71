import {describe, expect, it} from 'vitest';
import {runHistoryBench} from '../../bench/history/measure.js';
import {historyStores} from '../support/history-stores.js';

/**
The history benchmark at a small size, so its code cannot rot unnoticed: every store's diff reports what the
synthetic week changed. Timings have no place in a test; `npm run bench:history` measures them.
*/
const stores = await historyStores();
const postgres = stores.find(store => store.name === 'postgres');

describe('the history benchmark', () => {
	it('saves, diffs and reads back a small fleet on every store, and the diff reports what the week changed', async () => {
		const target = postgres?.skipped === null ? await postgres.fresh() : null;
		const report = await runHistoryBench({
			tokens: 600, accounts: 9, changedShare: 0.05, stores: target === null ? ['sqlite'] : ['sqlite', 'postgres'],
			postgres: target !== null && 'url' in target.options ? target.options : undefined,
		});
		expect(report.skipped).toEqual([]);
		expect(report.results.map(result => result.store)).toEqual(target === null ? ['sqlite'] : ['sqlite', 'postgres']);
		for (const result of report.results) {
			expect(result.reported).toEqual({created: 30, removed: 30, changed: 30});
			expect(result.reported).toEqual(result.expected);
			expect(result.bytes).toBeGreaterThan(0);
		}
	});
});
