import {readdir, readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import * as v from 'valibot';
import {afterEach, describe, expect, it} from 'vitest';
import {startSimulators} from '../../providers/simulators.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import {historyStores} from '../support/history-stores.js';
import {embeddedData} from '../support/html-report.js';
import {filesUnder, findLeaks} from '../support/leak-scan.js';
import {startCli} from '../support/run-cli.js';
import {configWithHistory, poke, type Place} from './support.js';

/*
`tokenkit report --html FILE --from RUN` draws the page from a saved run: an audit's saved findings, or an inventory's
tokens audited as of the run's time, and never a request to a vendor. The simulators churn between the runs and the
report (their own `churn: {everyRequests}` setting), so a token created after the run is there to be left out.
*/

const stores = await historyStores();
const running: RunningSimulators[] = [];
afterEach(async () => {
	await Promise.all(running.splice(0).map(async simulators => simulators.close()));
});

/** More requests than the two saved runs send to any one simulator: the churn comes only when the test pokes. */
const everyRequests = 400;

const AuditSchema = v.object({findings: v.array(v.object({ref: v.string(), policy: v.string()}))});
const InventorySchema = v.object({tokens: v.array(v.object({provider: v.string(), account: v.string(), id: v.string()}))});
const RunsSchema = v.object({runs: v.array(v.object({id: v.number(), command: v.string(), savedAt: v.string()}))});

async function tokenkit(place: Place, argv: readonly string[]): Promise<{code: number; stdout: string; stderr: string}> {
	const cli = startCli(argv, {env: place.env, cwd: place.directory});
	const code = await cli.done;
	return {code, stdout: cli.stdout(), stderr: cli.stderr()};
}

function findingKeys(findings: readonly {readonly ref: string; readonly policy?: unknown}[]): string[] {
	return findings.map(finding => `${finding.ref} ${String(finding.policy)}`).sort();
}

for (const store of stores) {
	describe.skipIf(store.skipped !== null)(`tokenkit report --from on ${store.name}${store.skipped === null ? '' : ` (skipped: ${store.skipped})`}`, () => {
		it('draws a saved audit\'s findings and a saved inventory\'s tokens, as of the run, sending nothing to any vendor', async () => {
			const simulators = await startSimulators({vendors: ['launchdarkly', 'mist', 'gitlab'], accounts: 1, tokens: 8, seed: 11, rateLimits: false, churn: {everyRequests}});
			running.push(simulators);
			const target = await store.fresh();
			// Mist's risks are accepted: the history keeps no acceptance, so the page marks them from the config.
			const place = await configWithHistory(simulators, target, {extra: {audit: {accepted: [{ref: 'mist:*', policy: '*', reason: 'lab network', owner: 'platform@example.com', expires: '2099-12-31'}]}}});

			const audit = await tokenkit(place, ['audit', '--save', '--format', 'json', '--quiet']);
			expect(audit.stderr).toBe('');
			const audited = v.parse(AuditSchema, JSON.parse(audit.stdout)).findings;
			expect(audited.length).toBeGreaterThan(3);
			const inventory = await tokenkit(place, ['inventory', '--save', '--format', 'json', '--quiet']);
			expect(inventory.code).toBe(0);
			const listed = v.parse(InventorySchema, JSON.parse(inventory.stdout)).tokens.map(token => `${token.provider}:${token.account}:${token.id}`).sort();

			// Churn at every vendor after the runs: tokens created, removed and changed that no saved run holds.
			for (const vendor of simulators.vendors) {
				expect(vendor.server.stats.requests, `${vendor.vendor}: the runs stay below a churn`).toBeLessThan(everyRequests);
				await poke(vendor.baseUrl, everyRequests - vendor.server.stats.requests);
			}

			const churned = simulators.vendors.flatMap(vendor => vendor.simulator.churnReports?.() ?? []);
			const created = churned.flatMap(report => report.created);
			expect(created.length).toBeGreaterThan(0);
			const requests = simulators.vendors.map(vendor => vendor.server.stats.requests);

			const fromAudit = await tokenkit(place, ['report', '--html', 'audit.html', '--from', '1']);
			expect(fromAudit.code).toBe(0);
			expect(fromAudit.stderr).toContain(`report written to ${join(place.directory, 'audit.html')}`);
			const auditPage = await readFile(join(place.directory, 'audit.html'), 'utf8');
			const auditData = embeddedData(auditPage);
			expect(auditData.tokens.map(token => token.ref).sort()).toEqual(listed);
			expect(findingKeys(auditData.findings)).toEqual(findingKeys(audited));
			expect(auditPage).toContain('its findings as that audit saved them');
			expect(auditPage).not.toContain('<strong>incomplete</strong>');
			const accepted = (data: ReturnType<typeof embeddedData>): string[] => data.findings.filter(finding => finding['accepted'] === true).map(finding => finding.ref).sort();
			expect(accepted(auditData).length).toBeGreaterThan(0);
			expect(accepted(auditData)).toEqual(auditData.findings.map(finding => finding.ref).filter(ref => ref.startsWith('mist:')).sort());

			// An inventory saved no findings: its tokens are audited as of its time, which finds what the audit found.
			const fromInventory = await tokenkit(place, ['report', '--html', 'inventory.html', '--from', 'latest', '--quiet']);
			expect(fromInventory.stderr).toBe('');
			expect(fromInventory.code).toBe(0);
			const inventoryPage = await readFile(join(place.directory, 'inventory.html'), 'utf8');
			const inventoryData = embeddedData(inventoryPage);
			expect(inventoryData.tokens.map(token => token.ref).sort()).toEqual(listed);
			expect(findingKeys(inventoryData.findings)).toEqual(findingKeys(audited));
			expect(accepted(inventoryData)).toEqual(accepted(auditData));
			expect(inventoryPage).toContain('which saved no findings: its tokens audited now with the config');

			// The page's moment is the run's, not now.
			const runs = v.parse(RunsSchema, JSON.parse((await tokenkit(place, ['history', '--format', 'json'])).stdout)).runs;
			expect(runs.map(run => [run.id, run.command])).toEqual([[1, 'audit'], [2, 'inventory']]);
			for (const [data, run] of [[auditData, runs[0]], [inventoryData, runs[1]]] as const) {
				expect(Date.parse(data.generatedAt)).toBeLessThanOrEqual(Date.parse(run?.savedAt ?? ''));
				expect(Date.parse(run?.savedAt ?? '') - Date.parse(data.generatedAt)).toBeLessThan(60_000);
			}

			for (const page of [auditData, inventoryData]) {
				const ids = new Set(page.tokens.map(token => token.ref.split(':').at(-1)));
				expect(created.filter(id => ids.has(id))).toEqual([]);
			}

			// --provider narrows the saved run as it narrows a live one.
			const mistOnly = await tokenkit(place, ['report', '--html', '-', '--from', '2', '--provider', 'mist', '--quiet']);
			expect(mistOnly.code).toBe(0);
			const mistData = embeddedData(mistOnly.stdout);
			expect(mistData.tokens.map(token => token.ref).sort()).toEqual(listed.filter(ref => ref.startsWith('mist:')));

			expect(simulators.vendors.map(vendor => vendor.server.stats.requests), 'no request reached a simulator').toEqual(requests);
			const written = [...await filesUnder(place.directory, new Set(['tokenkit.yaml', 'pg-password'].map(name => join(place.directory, name)))), ...[fromAudit, fromInventory, mistOnly].flatMap((run, index) => [{where: `run ${index} stdout`, text: run.stdout}, {where: `run ${index} stderr`, text: run.stderr}])];
			expect(written.length).toBeGreaterThan(6);
			expect(findLeaks(written, [...simulators.allSecrets(), ...(target.password === null ? [] : [target.password])])).toEqual([]);
		});

		it('refuses a run the store does not hold, and a missing store, with exit 2 and nothing written', async () => {
			const simulators = await startSimulators({vendors: ['mist'], accounts: 1, tokens: 3, seed: 5, rateLimits: false});
			running.push(simulators);
			const place = await configWithHistory(simulators, await store.fresh());
			expect((await tokenkit(place, ['inventory', '--save', '--format', 'json', '--quiet'])).code).toBe(0);
			const before = simulators.vendors.map(vendor => vendor.server.stats.requests);

			const unknown = await tokenkit(place, ['report', '--html', 'nine.html', '--from', '9']);
			expect(unknown.code).toBe(2);
			expect(unknown.stderr).toContain('--from: the history store holds no run 9; tokenkit history lists the runs it holds');
			const old = await tokenkit(place, ['report', '--html', 'old.html', '--from', '2001-01-01']);
			expect(old.code).toBe(2);
			expect(old.stderr).toMatch(/holds no complete run saved at or before 2001-01-01T23:59:59\.999Z/);
			const badSelector = await tokenkit(place, ['report', '--html', 'bad.html', '--from', 'yesterday']);
			expect(badSelector.code).toBe(2);
			expect(badSelector.stderr).toContain('--from takes a run id');
			const withDemo = await tokenkit(place, ['report', '--html', 'demo.html', '--from', '1', '--demo']);
			expect(withDemo.code).toBe(2);
			expect(withDemo.stderr).toContain('leave out --demo');

			if (store.name === 'sqlite') {
				// A config whose store was never made: read-only, so no empty store appears either.
				const config = JSON.parse(await readFile(join(place.directory, 'tokenkit.yaml'), 'utf8')) as unknown;
				await writeFile(join(place.directory, 'elsewhere.yaml'), JSON.stringify({...v.parse(v.looseObject({}), config), history: {path: './never.sqlite'}}), {mode: 0o600});
				const noStore = await tokenkit(place, ['report', '--html', 'none.html', '--from', 'latest', '--config', 'elsewhere.yaml']);
				expect(noStore.code).toBe(2);
				expect(noStore.stderr).toMatch(/no history store at .*never\.sqlite/);
			}

			expect((await readdir(place.directory)).filter(name => name.endsWith('.html') || name.endsWith('.tmp') || name === 'never.sqlite')).toEqual([]);
			expect(simulators.vendors.map(vendor => vendor.server.stats.requests)).toEqual(before);
		});
	});
}
