import {expect} from 'vitest';
import type {ChurnReport, VendorSimulator} from '../../src/simulate/types.js';
import type {Token} from '../../src/token.js';

/** One churn as a client saw it: the listing before and after, and the simulator's report of it. */
export interface ChurnRound {
	readonly before: ReadonlyMap<string, Token>;
	readonly after: ReadonlyMap<string, Token>;
	readonly report: ChurnReport;
}

/**
Runs `rounds` churns, listing the account through a provider before and after each, and checks that every report names
`account` and exactly the tokens the listing gained and lost, and only listed tokens as changed. Returns the rounds, so a
test can check each vendor's own changes.
*/
export async function churnRounds(simulator: VendorSimulator, options: {readonly account: string; readonly rounds: number; readonly churn: () => void; readonly list: () => Promise<Token[]>}): Promise<ChurnRound[]> {
	const rounds: ChurnRound[] = [];
	const listed = async (): Promise<Map<string, Token>> => new Map((await options.list()).map(token => [token.id, token]));
	let before = await listed();
	for (let round = 0; round < options.rounds; round++) {
		options.churn();
		const reports = simulator.churnReports?.() ?? [];
		expect(reports, 'one report per churn').toHaveLength(round + 1);
		const report = reports.at(-1);
		if (report === undefined) {
			throw new Error('unreachable: the length was checked');
		}

		const after = await listed();
		expect(report.account).toBe(options.account);
		expect([...after.keys()].filter(id => !before.has(id)).sort(), `round ${round}: created`).toEqual([...report.created].sort());
		expect([...before.keys()].filter(id => !after.has(id)).sort(), `round ${round}: removed`).toEqual([...report.removed].sort());
		for (const {id} of report.changed) {
			expect(before.has(id) && after.has(id), `round ${round}: ${id} is listed before and after`).toBe(true);
		}

		rounds.push({before, after, report});
		before = after;
	}

	return rounds;
}
