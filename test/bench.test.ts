import {describe, expect, it} from 'vitest';
import {runBenchmark} from '../bench/benchmark.js';
import {smallestConfig} from '../bench/config.js';
import {renderReport} from '../bench/report/render.js';

/**
The benchmark at its smallest size, so its code cannot rot unnoticed. Only that every scenario completes and
lists every token is checked: timings depend on the machine and have no place in a test. Like the end-to-end
tests, it runs the built command (dist/src/cli/main.js) as the simulators' process.
*/
describe('the benchmark', () => {
	it('runs every scenario at its smallest size and counts every token', async () => {
		const report = await runBenchmark(smallestConfig);

		const {fleet, launchdarkly, cpu, memory, politeness} = report;
		expect(fleet?.tokenkit.tokens).toBe(fleet?.announced);
		expect(fleet?.tokenkit.failedAccounts).toBe(0);
		expect(fleet?.peers.map(peer => peer.tokens)).toEqual([fleet?.announced, fleet?.announced]);
		expect(fleet?.bound.ms).toBeGreaterThan(0);
		expect(fleet?.bare.tokens).toBe(fleet?.announced);
		// Every built-in vendor is in the fleet, GitHub with its grants and its SSO authorizations.
		expect(fleet?.vendorChains.map(chain => chain.vendor)).toEqual(['mist', 'opal', 'launchdarkly', 'gitlab', 'github']);
		expect(fleet?.accounts).toBe(smallestConfig.fleet.mist.accounts + smallestConfig.fleet.opal.accounts + smallestConfig.fleet.launchdarkly.accounts
			+ smallestConfig.fleet.gitlab.accounts + 2 * smallestConfig.fleet.github.accounts);
		// tokenkit sends what a bare client sends, and one more per LaunchDarkly account and per GitLab instance: which
		// token its key is (the caller-identity request that marks the account's own credential).
		expect((fleet?.bare.requests ?? 0) + smallestConfig.fleet.launchdarkly.accounts + smallestConfig.fleet.gitlab.accounts).toBe(fleet?.tokenkit.requests);

		expect(launchdarkly?.runs).toHaveLength(3 + smallestConfig.launchdarkly.extraConcurrency.length);
		expect(launchdarkly?.runs.every(run => run.tokens === launchdarkly.announced)).toBe(true);

		expect(cpu?.rows.map(row => row.vendor)).toEqual(['mist', 'opal', 'launchdarkly']);
		expect(cpu?.rows.every(row => row.tokens === row.announced && row.tokenkitMicros > 0)).toBe(true);

		expect(memory?.rows.map(row => `${row.output} ${row.heapCapMb ?? 'default'}`)).toEqual(['pipe default', 'file default', 'pipe 96', 'file 96']);
		expect(memory?.rows.every(row => row.tokens === row.announced && row.completeAccounts === 10 && row.peakRssMb > 0)).toBe(true);

		expect(politeness?.tokens).toBe(politeness?.announced);
		expect(politeness?.failedAccounts).toBe(0);

		// The readable report and the JSON both come out of the same numbers.
		expect(renderReport(report)).toContain('## targets');
		expect(JSON.parse(JSON.stringify(report))).toMatchObject({config: smallestConfig});
	}, 120_000);
});
