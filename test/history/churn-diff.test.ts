import * as v from 'valibot';
import {afterEach, describe, expect, it} from 'vitest';
import {builtInVendors} from '../../providers/index.js';
import {startSimulators} from '../../providers/simulators.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import type {ChurnReport} from '../../src/simulate/types.js';
import {historyStores} from '../support/history-stores.js';
import {startCli} from '../support/run-cli.js';
import {configWithHistory, poke, type Place} from './support.js';

/*
The simulators' churn between two saved runs, against what the diff reports: the test reads what each simulator says
its churn did (created, removed, changed, with what it changed), nets it out across the churns, and expects the diff
to report exactly those tokens, each change with at least the class the simulator named. Churn is driven by the
simulators' own `churn: {everyRequests}` setting: between the runs the test sends each simulator the requests that
bring it to its next multiples, so churn happens there and nowhere else.
*/

const stores = await historyStores();
const running: RunningSimulators[] = [];
afterEach(async () => {
	await Promise.all(running.splice(0).map(async simulators => simulators.close()));
});

/** Requests between two churns: more than one run sends to any one simulator. */
const everyRequests = 150;
const churnsBetweenRuns = 2;

const DiffSchema = v.object({
	from: v.object({id: v.number()}),
	to: v.object({id: v.number()}),
	classes: v.array(v.string()),
	accounts: v.array(v.object({provider: v.string(), account: v.string(), status: v.string()})),
	tokens: v.array(v.object({change: v.string(), provider: v.string(), account: v.string(), id: v.string(), changes: v.array(v.object({kind: v.string(), detail: v.string()}))})),
});

interface Expected {
	readonly created: Set<string>;
	readonly removed: Set<string>;
	readonly changed: Map<string, Set<string>>;
}

function emptyExpectation(): Expected {
	return {created: new Set(), removed: new Set(), changed: new Map()};
}

/** The net effect of churns in order: a token created and then removed is neither; one changed and removed is removed. */
function netEffect(reports: readonly ChurnReport[]): Map<string, Expected> {
	const accounts = new Map<string, Expected>();
	for (const report of reports) {
		const expected = accounts.get(report.account) ?? emptyExpectation();
		accounts.set(report.account, expected);
		for (const id of report.created) {
			expected.created.add(id);
		}

		for (const id of report.removed) {
			if (!expected.created.delete(id)) {
				expected.removed.add(id);
			}

			expected.changed.delete(id);
		}

		for (const {id, change} of report.changed) {
			if (!expected.created.has(id)) {
				expected.changed.set(id, new Set([...expected.changed.get(id) ?? [], change]));
			}
		}
	}

	return accounts;
}

async function tokenkit(place: Place, argv: readonly string[]): Promise<{code: number; stdout: string; stderr: string}> {
	const cli = startCli(argv, {env: place.env, cwd: place.directory});
	const code = await cli.done;
	return {code, stdout: cli.stdout(), stderr: cli.stderr()};
}

for (const store of stores) {
	describe.skipIf(store.skipped !== null)(`churn between saved runs, diffed on ${store.name}${store.skipped === null ? '' : ` (skipped: ${store.skipped})`}`, () => {
		it('reports exactly the tokens every vendor\'s simulator created, removed and changed, by what changed', async () => {
			const started = await startSimulators({accounts: 1, tokens: 12, seed: 7, rateLimits: false, churn: {everyRequests}});
			running.push(started);
			// Every vendor of the registry is started, and every one reports its churn: a vendor whose simulator does not fails here.
			expect(started.vendors.map(vendor => vendor.vendor).sort()).toEqual(builtInVendors.map(vendor => vendor.name).sort());
			expect(started.vendors.filter(vendor => vendor.simulator.churnReports === undefined).map(vendor => vendor.vendor), 'vendors whose churn is not reported').toEqual([]);
			const place = await configWithHistory(started, await store.fresh());

			const first = await tokenkit(place, ['inventory', '--save', '--format', 'json']);
			expect(first.stderr).toMatch(/saved run 1 \(/);
			expect(first.code).toBe(0);
			for (const vendor of started.vendors) {
				expect(vendor.server.stats.requests, `${vendor.vendor}: one run must stay below a churn`).toBeLessThan(everyRequests);
				expect(vendor.simulator.churnReports?.()).toEqual([]);
				await poke(vendor.baseUrl, churnsBetweenRuns * everyRequests - vendor.server.stats.requests);
			}

			const reports = started.vendors.flatMap(vendor => vendor.simulator.churnReports?.() ?? []);
			const second = await tokenkit(place, ['inventory', '--save', '--format', 'json']);
			expect(second.code).toBe(0);
			for (const vendor of started.vendors) {
				expect(vendor.server.stats.requests, `${vendor.vendor}: no churn during the second run`).toBeLessThan((churnsBetweenRuns + 1) * everyRequests);
				expect(vendor.simulator.churnReports?.(), `${vendor.vendor} reports its churn`).toHaveLength(vendor.vendor === 'github' ? 2 * churnsBetweenRuns : churnsBetweenRuns);
			}

			const diffRun = await tokenkit(place, ['diff', '--format', 'json']);
			expect(diffRun.stderr).toBe('');
			expect(diffRun.code).toBe(0);
			const diff = v.parse(DiffSchema, JSON.parse(diffRun.stdout));
			expect([diff.from.id, diff.to.id]).toEqual([1, 2]);
			expect(diff.accounts.every(account => account.status === 'compared')).toBe(true);

			const expected = netEffect(reports);
			const changeKinds = new Set<string>();
			for (const account of diff.accounts) {
				const want = expected.get(account.account) ?? emptyExpectation();
				const mine = diff.tokens.filter(token => token.provider === account.provider && token.account === account.account);
				const ids = (change: string): string[] => mine.filter(token => token.change === change).map(token => token.id).sort();
				expect(ids('created'), `${account.account}: created`).toEqual([...want.created].sort());
				expect(ids('removed'), `${account.account}: removed`).toEqual([...want.removed].sort());
				expect(ids('changed'), `${account.account}: changed`).toEqual([...want.changed.keys()].sort());
				for (const token of mine.filter(entry => entry.change === 'changed')) {
					const kinds = token.changes.map(change => change.kind);
					for (const kind of want.changed.get(token.id) ?? []) {
						expect(kinds, `${account.account}:${token.id}`).toContain(kind);
						changeKinds.add(kind);
					}
				}
			}

			// Every vendor churned, and between them the churns made each kind of difference.
			expect([...expected.keys()].length).toBeGreaterThanOrEqual(started.vendors.length);
			expect([...changeKinds].sort()).toEqual(['allow-list-removed', 'owner-gone', 'renamed', 'revoked', 'widened']);
			expect(diff.tokens.some(token => token.change === 'created') && diff.tokens.some(token => token.change === 'removed')).toBe(true);

			// A CI gate on what was found, and on what was not.
			expect((await tokenkit(place, ['diff', '--fail-on', 'widened,expiry-shortened', '--format', 'csv'])).code).toBe(3);
			const quiet = await tokenkit(place, ['diff', '--fail-on', 'expiry-shortened', '--format', 'ndjson']);
			expect(quiet.code).toBe(0);
			expect(quiet.stdout.trim().split('\n')).toHaveLength(diff.tokens.length + 1 + diff.accounts.length);
		});
	});
}
