import {describe, expect, it} from 'vitest';
import type {RunningSimulators, StartSimulatorsOptions} from '../../src/simulate/start.js';
import {startCli} from '../support/run-cli.js';
import {entriesOf, parseReport, simulators, tokenKeys, writeConfig, type ConfigEntry, type InventoryReport} from './support.js';

// 10 % 429 with Retry-After, 5 % 5xx, 2 % connection resets, 1 % bodies cut short.
const faultMix = {'429': 0.1, '500': 0.03, '503': 0.02, reset: 0.02, truncate: 0.01} as const;

// Sizes that give each vendor dozens of requests: Mist sends one per org, Opal and LaunchDarkly one per page.
const fleet: Record<string, StartSimulatorsOptions & {readonly pageSize?: number}> = {
	mist: {accounts: 30, tokens: 4},
	opal: {accounts: 3, tokens: 6000},
	launchdarkly: {accounts: 4, tokens: 1000, pageSize: 100},
};

async function inventoryOf(running: readonly RunningSimulators[]): Promise<{code: number; report: InventoryReport; stderr: string}> {
	const entries = running.flatMap(each => entriesOf(each).map((entry): ConfigEntry => {
		const pageSize = fleet[String(entry.provider)]?.pageSize;
		// Token pages only: an Opal owner lookup that runs out of retries leaves that owner unknown instead of
		// failing the account, so its last fault would have no retry to count.
		const listingOnly = entry.provider === 'opal' ? {...entry, resolveOwners: false} : entry;
		return pageSize === undefined ? listingOnly : {...listingOnly, pageSize};
	}));
	const {directory, env} = await writeConfig(entries);
	const cli = startCli(['inventory', '--format', 'json', '--concurrency', '16'], {env, cwd: directory});
	const code = await cli.done;
	return {code, report: parseReport(cli.stdout()), stderr: cli.stderr()};
}

// Seeded ids and times derive from the simulators' clock: one frozen clock makes two fleets hold the same tokens.
const frozen = Date.now();

async function startFleet(faults: StartSimulatorsOptions['faults']): Promise<RunningSimulators[]> {
	return Promise.all(Object.entries(fleet).map(async ([vendor, size]) => simulators({
		vendors: [vendor], accounts: size.accounts, tokens: size.tokens, seed: 7, rateLimits: false, faults, now: () => frozen,
	})));
}

describe('an inventory through a flaky vendor', () => {
	it('lists exactly what each simulator holds, once each, and reports the retries and waiting it took', async () => {
		const flaky = await startFleet(faultMix);
		// The same seed without faults holds the same tokens: what a perfect network would have listed.
		const expected = await inventoryOf(await startFleet({}));
		expect(expected.code, expected.stderr).toBe(0);

		const {code, report, stderr} = await inventoryOf(flaky);
		expect(stderr).not.toMatch(/failed|incomplete/);
		expect(code).toBe(0);
		expect(report.accounts.every(account => account.complete)).toBe(true);
		expect(tokenKeys(report)).toEqual(tokenKeys(expected.report));
		expect(report.tokens.length).toBeGreaterThan(20_000);

		let totalRetries = 0;
		for (const running of flaky) {
			const vendor = running.vendors[0]?.vendor ?? '';
			const {faults} = running.get(vendor).server.stats;
			const injected = faults['429'] + faults['500'] + faults['503'] + faults.reset + faults.truncate;
			const accounts = report.accounts.filter(account => account.provider === vendor);
			const sum = (field: 'requests' | 'retries' | 'rateLimited' | 'retryWaitMs' | 'paceWaitMs'): number => accounts.reduce((total, account) => total + account.traffic[field], 0);

			// Every fault cost exactly one retry, and the report counts each of them against its account.
			expect(injected, `${vendor}: faults injected`).toBeGreaterThanOrEqual(3);
			expect(sum('retries'), `${vendor}: retries`).toBe(injected);
			expect(sum('rateLimited'), `${vendor}: 429s`).toBe(faults['429']);
			expect(sum('requests'), `${vendor}: requests`).toBe(running.get(vendor).server.stats.requests);
			// LaunchDarkly asks for a second with Retry-After, and tokenkit waits at least that long for each; Mist and
			// Opal document no Retry-After and their simulators send none, so tokenkit backs off on its own.
			expect(sum('retryWaitMs'), `${vendor}: waited before retries`).toBeGreaterThanOrEqual(vendor === 'launchdarkly' ? faults['429'] * 1000 : 1);
			totalRetries += sum('retries');
		}

		expect(stderr).toContain(`retries ${totalRetries}, waited `);
	}, 120_000);
});
