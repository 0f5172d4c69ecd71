import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {parse as parseCsv} from 'csv-parse/sync';
import * as v from 'valibot';
import {afterEach, describe, expect, it} from 'vitest';
import {startSimulators} from '../../providers/simulators.js';
import {createLaunchDarklyProvider} from '../../providers/launchdarkly/index.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import {historyStores, type StoreTarget} from '../support/history-stores.js';
import {startCli} from '../support/run-cli.js';
import {configWithHistory, type Place} from './support.js';

const stores = await historyStores();
const running: RunningSimulators[] = [];
afterEach(async () => {
	await Promise.all(running.splice(0).map(async simulators => simulators.close()));
});

interface Ran {
	readonly code: number;
	readonly stdout: string;
	readonly stderr: string;
}

async function tokenkit(place: Place, argv: readonly string[], stdin?: string): Promise<Ran> {
	const cli = startCli(argv, {env: place.env, cwd: place.directory, ...(stdin === undefined ? {} : {stdin})});
	const code = await cli.done;
	return {code, stdout: cli.stdout(), stderr: cli.stderr()};
}

const RunsSchema = v.object({store: v.string(), runs: v.array(v.object({id: v.number(), command: v.string(), complete: v.boolean(), accounts: v.number(), incompleteAccounts: v.number(), tokens: v.number(), findings: v.nullable(v.number()), savedAt: v.string(), tokenkitVersion: v.string()}))});
const AuditSchema = v.object({findings: v.array(v.object({ref: v.string(), policy: v.string(), reason: v.string(), provider: v.string(), tokenId: v.string(), ownCredential: v.boolean()}))});
const TimelineSchema = v.object({ref: v.string(), present: v.boolean(), entries: v.array(v.object({event: v.string(), run: v.nullable(v.number()), detail: v.string()}))});
const DiffSchema = v.object({tokens: v.array(v.object({change: v.string(), ref: v.string(), byTokenkit: v.nullable(v.object({action: v.string()}))}))});

async function simulated(vendors: readonly string[], store: StoreTarget, options: {readonly viaEnvironment?: boolean; readonly extra?: Record<string, unknown>} = {}) {
	const simulators = await startSimulators({vendors, accounts: 1, tokens: 8, seed: 3, rateLimits: false});
	running.push(simulators);
	return {simulators, place: await configWithHistory(simulators, store, options)};
}

for (const store of stores) {
	describe.skipIf(store.skipped !== null)(`tokenkit history, diff and --save on ${store.name}${store.skipped === null ? '' : ` (skipped: ${store.skipped})`}`, () => {
		it('saves inventories and audits, lists them in every format, and tells a vanished token\'s story', async () => {
			const {simulators, place} = await simulated(['launchdarkly', 'mist'], await store.fresh(), {viaEnvironment: store.name === 'postgres'});
			const first = await tokenkit(place, ['inventory', '--save', '--format', 'json']);
			expect(first.code).toBe(0);
			expect(first.stderr).toMatch(/tokenkit: saved run 1 \(\d+ tokens, 2 accounts\) to /);
			const inventory = v.parse(v.object({tokens: v.array(v.object({provider: v.string(), account: v.string(), id: v.string(), ownCredential: v.boolean()}))}), JSON.parse(first.stdout));
			const audit = await tokenkit(place, ['audit', '--save', '--format', 'json', '--quiet']);
			expect(audit.code).toBe(0);
			const findings = v.parse(AuditSchema, JSON.parse(audit.stdout)).findings.length;

			const runs = v.parse(RunsSchema, JSON.parse((await tokenkit(place, ['history', '--format', 'json'])).stdout));
			expect(runs.runs.map(run => [run.id, run.command, run.complete, run.accounts, run.tokens, run.findings])).toEqual([
				[1, 'inventory', true, 2, inventory.tokens.length, null],
				[2, 'audit', true, 2, inventory.tokens.length, findings],
			]);
			expect(runs.runs.every(run => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(run.savedAt))).toBe(true);
			const table = await tokenkit(place, ['history', '--format', 'table']);
			expect(table.stdout).toMatch(/^run {2}saved \(UTC\) +command +accounts +tokens +findings +lists +tokenkit\n/);
			expect(table.stdout).toContain('audit');
			const csv = v.parse(v.array(v.record(v.string(), v.string())), parseCsv((await tokenkit(place, ['history', '--format', 'csv', '--limit', '1'])).stdout, {columns: true}));
			expect(csv.map(row => [row['id'], row['command'], row['findings']])).toEqual([['2', 'audit', String(findings)]]);
			expect((await tokenkit(place, ['history', '--format', 'ndjson'])).stdout.trim().split('\n')).toHaveLength(2);
			expect((await tokenkit(place, ['history', '--format', 'markdown'])).stdout).toMatch(/^\| run \| saved \(UTC\) \|/);

			// A token deleted at the vendor vanishes from the next complete list; its story is still told.
			const doomed = inventory.tokens.find(token => token.provider === 'launchdarkly' && !token.ownCredential);
			expect(doomed).toBeDefined();
			const launchdarkly = simulators.get('launchdarkly');
			const [account] = launchdarkly.accounts();
			const provider = createLaunchDarklyProvider({apiKey: account?.apiKey ?? '', baseUrl: launchdarkly.baseUrl, account: account?.name ?? ''});
			await provider.delete(doomed?.id ?? '');
			expect((await tokenkit(place, ['inventory', '--save', '--format', 'json', '--quiet'])).code).toBe(0);
			const ref = `launchdarkly:${account?.name ?? ''}:${doomed?.id ?? ''}`;
			const timeline = v.parse(TimelineSchema, JSON.parse((await tokenkit(place, ['history', '--token', ref, '--format', 'json'])).stdout));
			expect(timeline.entries.map(entry => [entry.event, entry.run])).toEqual([['first-seen', 1], ['vanished', 3]]);
			expect(timeline.present).toBe(false);
			const timelineTable = await tokenkit(place, ['history', '--token', ref, '--format', 'table']);
			expect(timelineTable.stdout).toContain(`${ref}: last listed in run 2 at `);
			expect(timelineTable.stdout).toContain('not listed since');
			const diff = v.parse(DiffSchema, JSON.parse((await tokenkit(place, ['diff', '--format', 'json'])).stdout));
			expect(diff.tokens).toEqual([expect.objectContaining({change: 'removed', ref, byTokenkit: null})]);
			const removedTable = await tokenkit(place, ['diff', '--format', 'table', '--fail-on', 'removed']);
			expect(removedTable.code).toBe(3);
			expect(removedTable.stdout).toMatch(/launchdarkly +launchdarkly-account-1 .* removed +last listed as /);
			expect(removedTable.stdout).toContain('--fail-on removed: found removed');
			expect(removedTable.stderr).toBe('tokenkit: found removed (--fail-on)\n');
		});

		it('records rotations and revocations, so the audit ages a reset key from its reset and the diff names them', async () => {
			const {place} = await simulated(['launchdarkly'], await store.fresh(), {extra: {audit: {maxAgeDays: 30}}});
			expect((await tokenkit(place, ['inventory', '--save', '--quiet', '--format', 'json'])).code).toBe(0);
			const before = v.parse(AuditSchema, JSON.parse((await tokenkit(place, ['audit', '--format', 'json', '--quiet'])).stdout)).findings;
			const old = before.find(finding => finding.policy === 'too-old');
			expect(old).toBeDefined();
			const ref = old?.ref ?? '';
			const rotated = await tokenkit(place, ['rotate', ref, '--grace', '1h', '--secret-out', 'keys.jsonl', '--yes']);
			expect(rotated.code).toBe(0);
			expect(rotated.stderr).not.toContain('not recorded');

			// LaunchDarkly keeps the creation date through a reset; tokenkit knows better now.
			const after = v.parse(AuditSchema, JSON.parse((await tokenkit(place, ['audit', '--format', 'json', '--quiet'])).stdout)).findings;
			expect(after.filter(finding => finding.ref === ref).map(finding => finding.policy)).not.toContain('too-old');
			expect(after.filter(finding => finding.policy === 'too-old').length).toBe(before.filter(finding => finding.policy === 'too-old').length - 1);

			const victim = before.find(finding => finding.policy !== 'too-old' && finding.ref !== ref && !finding.ownCredential)?.ref ?? '';
			expect((await tokenkit(place, ['revoke', victim, '--yes'])).code).toBe(0);
			expect((await tokenkit(place, ['inventory', '--save', '--quiet', '--format', 'json'])).code).toBe(0);
			const diff = v.parse(DiffSchema, JSON.parse((await tokenkit(place, ['diff', '--format', 'json'])).stdout));
			expect(diff.tokens.map(token => [token.ref, token.change, token.byTokenkit?.action])).toEqual(expect.arrayContaining([
				[ref, 'changed', 'rotated'],
				[victim, 'removed', 'revoked'],
			]));
			const timeline = v.parse(TimelineSchema, JSON.parse((await tokenkit(place, ['history', '--token', ref, '--format', 'json'])).stdout));
			expect(timeline.entries.map(entry => entry.event)).toEqual(['first-seen', 'rotated', 'changed']);
			expect(timeline.entries[1]?.detail).toMatch(/^rotated by tokenkit \(journal .*keys\.jsonl\.journal\): a new key for the same token; the old key works until /);
		});

		it('imports a journal made where no history was kept, once', async () => {
			const {place} = await simulated(['launchdarkly'], await store.fresh(), {extra: {audit: {maxAgeDays: 30}}});
			const config = JSON.parse(await readFile(join(place.directory, 'tokenkit.yaml'), 'utf8')) as Record<string, unknown>;
			await writeFile(join(place.directory, 'elsewhere.yaml'), JSON.stringify({...config, history: undefined}), {mode: 0o600});
			const ref = v.parse(AuditSchema, JSON.parse((await tokenkit(place, ['audit', '--format', 'json', '--quiet'])).stdout)).findings.find(finding => finding.policy === 'too-old')?.ref ?? '';
			expect((await tokenkit(place, ['rotate', ref, '--config', 'elsewhere.yaml', '--secret-out', 'keys.jsonl', '--yes'])).code).toBe(0);
			expect((await tokenkit(place, ['audit', '--format', 'json', '--quiet'])).stdout).toContain(`"ref":"${ref}","provider":"launchdarkly"`);
			const imported = await tokenkit(place, ['history', '--import-journal', 'keys.jsonl.journal']);
			expect(imported).toMatchObject({code: 0, stdout: `${join(place.directory, 'keys.jsonl.journal')}: 1 rotation and revocation record, 1 new\n`});
			expect((await tokenkit(place, ['history', '--import-journal', 'keys.jsonl.journal'])).stdout).toContain('1 rotation and revocation record, 0 new');
			const after = v.parse(AuditSchema, JSON.parse((await tokenkit(place, ['audit', '--format', 'json', '--quiet'])).stdout)).findings;
			expect(after.filter(finding => finding.ref === ref && finding.policy === 'too-old')).toEqual([]);
			const notJournal = await tokenkit(place, ['history', '--import-journal', 'tokenkit.yaml']);
			expect(notJournal.code).toBe(2);
			expect(notJournal.stderr).toMatch(/tokenkit\.yaml:\d+: not a tokenkit journal record/);
		});

		it('saves an account that failed as incomplete, and never calls its unread tokens removed', async () => {
			const {place} = await simulated(['mist', 'launchdarkly'], await store.fresh());
			expect((await tokenkit(place, ['inventory', '--save', '--format', 'json', '--quiet'])).code).toBe(0);
			// The Mist account's key is wrong this time: its list fails (401), LaunchDarkly's is complete.
			const failing = {...place, env: {...place.env, KEY_0: 'not-the-key-of-this-org-at-all'}};
			const partial = await tokenkit(failing, ['inventory', '--save', '--format', 'json']);
			expect(partial.code).toBe(1);
			expect(partial.stderr).toMatch(/saved run 2 \(\d+ tokens, 2 accounts; 1 incomplete account, whose missing tokens a diff will not call removed\)/);
			const runs = v.parse(RunsSchema, JSON.parse((await tokenkit(place, ['history', '--format', 'json'])).stdout)).runs;
			expect(runs.map(run => [run.id, run.complete, run.incompleteAccounts])).toEqual([[1, true, 0], [2, false, 1]]);
			// The default compares complete runs only, and there is one.
			expect((await tokenkit(place, ['diff'])).stderr).toMatch(/holds only 1 complete run before run 1/);
			const diff = v.parse(v.object({...DiffSchema.entries, accounts: v.array(v.object({provider: v.string(), status: v.string()}))}), JSON.parse((await tokenkit(place, ['diff', '--from', '1', '--to', '2', '--format', 'json'])).stdout));
			expect(diff.tokens).toEqual([]);
			expect(diff.accounts.map(account => [account.provider, account.status])).toEqual([['launchdarkly', 'compared'], ['mist', 'partial']]);
			const gate = await tokenkit(place, ['diff', '--from', '1', '--to', '2', '--fail-on', 'removed', '--format', 'table']);
			expect(gate.code).toBe(1);
			expect(gate.stdout).toMatch(/mist +mist-org-1 +0 +0 +0 +partly: later list incomplete/);
			expect(gate.stderr).toContain('an account\'s list was incomplete in one of the runs, so the diff cannot show that nothing of --fail-on happened there');
		});

		it('refuses bad RUNs, classes and REFs with exit 2, and says when there is nothing to compare', async () => {
			const {place} = await simulated(['mist'], await store.fresh());
			const none = await tokenkit(place, ['diff']);
			expect(none.code).toBe(1);
			if (store.name === 'sqlite') {
				// Reading makes no store: the file does not exist until a run is saved.
				expect(none.stderr).toMatch(/no history store at .*history\.sqlite \(.*tokenkit\.yaml:\d+\) yet: tokenkit inventory --save or audit --save makes one/);
				expect((await tokenkit(place, ['history'])).code).toBe(1);
			} else {
				expect(none.stderr).toMatch(/holds no complete run; a diff compares two \(save one with tokenkit inventory --save\)/);
				expect((await tokenkit(place, ['history', '--format', 'table'])).stdout).toMatch(/^No saved runs in .*; tokenkit inventory --save/);
			}

			await tokenkit(place, ['inventory', '--save', '--quiet', '--format', 'json']);
			await tokenkit(place, ['inventory', '--save', '--quiet', '--format', 'json']);
			const cases: Array<[readonly string[], RegExp]> = [
				[['diff', '--from', '99'], /the history store holds no run 99; tokenkit history lists the runs it holds/],
				[['diff', '--from', 'yesterday'], /--from takes a run id .*got "yesterday"/],
				[['diff', '--fail-on', 'widend'], /--fail-on: unknown class "widend"; did you mean "widened"\?/],
				[['diff', '--from', '1', '--to', '1'], /--from and --to both name run 1/],
				[['diff', '--account', 'nowhere'], /match no account of run 1 or run 2 \(they hold: mist:mist-org-1\)/],
				[['history', '--token', 'mist-org-1'], /is not a token REF/],
				[['history', '--token', 'mist:mist-org-1:x', '--prune', '3'], /give one of them/],
				[['history', '--prune', '30'], /--prune deletes saved runs older than 30 days; on a terminal tokenkit asks first, elsewhere pass --yes/],
				[['history', '--format', 'xml'], /--format must be one of/],
			];
			for (const [argv, message] of cases) {
				const result = await tokenkit(place, argv);
				expect(result.stderr, argv.join(' ')).toMatch(message);
				expect(result.code, argv.join(' ')).toBe(2);
			}

			expect((await tokenkit(place, ['diff', '--from', '1', '--format', 'table'])).stdout).toContain('No differences.');
			const pruned = await tokenkit(place, ['history', '--prune', '1', '--yes']);
			expect(pruned).toMatchObject({code: 0, stdout: expect.stringMatching(/^deleted 0 runs saved before /) as unknown});
		});
	});
}
