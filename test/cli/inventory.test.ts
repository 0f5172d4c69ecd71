import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import * as v from 'valibot';
import {afterEach, describe, expect, it} from 'vitest';
import {startSimulators} from '../../providers/simulators.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import {startCli} from '../support/run-cli.js';
import {discardingStderr, recordingStdout, slowStdout} from '../support/stdout-sinks.js';

const running: RunningSimulators[] = [];
afterEach(async () => {
	await Promise.all(running.splice(0).map(async simulators => simulators.close()));
});

const ReportSchema = v.object({
	tokens: v.array(v.looseObject({provider: v.string(), account: v.string(), id: v.string(), createdAt: v.nullable(v.string())})),
	accounts: v.array(v.object({provider: v.string(), account: v.string(), tokens: v.number(), complete: v.boolean(), error: v.nullable(v.looseObject({message: v.string()}))})),
});

/** Simulators plus a config file pointing at them, with keys passed through the environment as a user would. */
async function simulatedConfig(change: (entries: Array<Record<string, string>>) => Array<Record<string, string>> = entries => entries) {
	// The vendors whose every simulated account is one config entry, which the counts below rely on.
	const simulators = await startSimulators({vendors: ['mist', 'opal', 'launchdarkly'], tokens: 6, rateLimits: false});
	running.push(simulators);
	const env: NodeJS.ProcessEnv = {};
	const entries = change(simulators.vendors.flatMap(vendor => vendor.configEntries()).map((entry, index) => {
		const variable = `KEY_${index}`;
		env[variable] = entry.apiKey;
		return {...entry, apiKey: `\${${variable}}`};
	}));
	const directory = await mkdtemp(join(tmpdir(), 'tokenkit-inventory-'));
	await writeFile(join(directory, 'tokenkit.yaml'), JSON.stringify({accounts: entries}, null, 2));
	return {simulators, env, directory};
}

function expectNoSecrets(texts: readonly string[], secrets: readonly string[]): void {
	expect(secrets.length).toBeGreaterThan(10);
	for (const text of texts) {
		for (const secret of secrets) {
			expect(text.includes(secret), `a seeded key appeared in the output`).toBe(false);
		}
	}
}

describe('tokenkit inventory', () => {
	it('lists every token of every configured account as one JSON document, and prints no key', async () => {
		const {simulators, env, directory} = await simulatedConfig();
		const cli = startCli(['inventory', '--format', 'json'], {env, cwd: directory});
		expect(await cli.done).toBe(0);
		const report = v.parse(ReportSchema, JSON.parse(cli.stdout()));
		const expected = simulators.vendors.flatMap(vendor => vendor.accounts().map(account => [vendor.vendor, account.name, account.tokens] as const));
		expect(report.accounts.map(outcome => [outcome.provider, outcome.account, outcome.tokens])).toEqual(expected);
		expect(report.accounts.every(outcome => outcome.complete)).toBe(true);
		expect(report.tokens).toHaveLength(expected.reduce((sum, [, , count]) => sum + count, 0));
		expect(new Set(report.tokens.map(token => `${token.provider}:${token.account}:${token.id}`)).size).toBe(report.tokens.length);
		expect(report.tokens.every(token => token.createdAt === null || !Number.isNaN(Date.parse(token.createdAt)))).toBe(true);
		expectNoSecrets([cli.stdout(), cli.stderr()], simulators.allSecrets());
	});

	it('leaves each record\'s vendor record out with --no-raw, the normalized fields unchanged', async () => {
		const {simulators, env, directory} = await simulatedConfig();
		const full = startCli(['inventory', '--format', 'ndjson'], {env, cwd: directory});
		expect(await full.done).toBe(0);
		const trimmed = startCli(['inventory', '--format', 'ndjson', '--no-raw'], {env, cwd: directory});
		expect(await trimmed.done).toBe(0);
		const tokenLines = (text: string): Array<Record<string, unknown>> => text.trimEnd().split('\n').map(line => v.parse(v.record(v.string(), v.unknown()), JSON.parse(line))).filter(record => !('account' in record && typeof record['account'] === 'object'));
		const withRaw = tokenLines(full.stdout());
		const withoutRaw = tokenLines(trimmed.stdout());
		expect(withoutRaw.length).toBe(withRaw.length);
		expect(withoutRaw.length).toBeGreaterThan(10);
		expect(withRaw.every(record => 'raw' in record)).toBe(true);
		expect(withoutRaw.some(record => 'raw' in record)).toBe(false);
		const key = (record: Record<string, unknown>): string => `${String(record['account'])}/${String(record['id'])}`;
		// The same tokens with the same fields apart from raw (the simulators' own keys' last use moves between runs).
		const normalized = new Map(withRaw.map(record => [key(record), Object.keys(record).filter(name => name !== 'raw').sort()]));
		expect(withoutRaw.every(record => JSON.stringify(Object.keys(record).sort()) === JSON.stringify(normalized.get(key(record))))).toBe(true);
		expect(trimmed.stdout().length).toBeLessThan(full.stdout().length * 0.7);
		const json = startCli(['inventory', '--format', 'json', '--no-raw'], {env, cwd: directory});
		expect(await json.done).toBe(0);
		const report = v.parse(ReportSchema, JSON.parse(json.stdout()));
		expect(report.tokens.some(token => 'raw' in token)).toBe(false);
		expectNoSecrets([trimmed.stdout(), json.stdout()], simulators.allSecrets());
	});

	it('refuses --no-raw with a format that carries no vendor record', async () => {
		const {env, directory} = await simulatedConfig();
		const cli = startCli(['inventory', '--format', 'csv', '--no-raw'], {env, cwd: directory});
		expect(await cli.done).toBe(2);
		expect(cli.stderr()).toContain('--no-raw applies to --format json and ndjson');
		expect(cli.stdout()).toBe('');
	});

	it('says how many accounts it lists at once before its first request, as the heap is sized by it', async () => {
		const {simulators, env, directory} = await simulatedConfig();
		const configured = simulators.vendors.flatMap(vendor => vendor.configEntries()).length;
		expect(configured).toBeGreaterThan(3);
		const requests = (): number => simulators.vendors.reduce((sum, vendor) => sum + vendor.server.stats.requests, 0);
		const runs = [
			{argv: ['inventory', '--concurrency', '1'], accountsAtOnce: 1},
			{argv: ['inventory', '--concurrency', '2', '--format', 'ndjson'], accountsAtOnce: 2},
			{argv: ['inventory', '--provider', 'opal'], accountsAtOnce: simulators.vendors.find(vendor => vendor.vendor === 'opal')?.configEntries().length},
			{argv: ['audit', '--concurrency', '64'], accountsAtOnce: configured},
			{argv: ['report', '--html', 'report.html'], accountsAtOnce: Math.min(configured, 8)},
		];
		for (const {argv, accountsAtOnce} of runs) {
			const told: Array<{accountsAtOnce: number; requestsSent: number}> = [];
			const before = requests();
			const cli = startCli([...argv, '--quiet'], {env, cwd: directory, listingStarts(atOnce) {
				told.push({accountsAtOnce: atOnce, requestsSent: requests() - before});
			}});
			expect(await cli.done, cli.stderr()).toBe(0);
			expect(told, argv.join(' ')).toEqual([{accountsAtOnce, requestsSent: 0}]);
			expect(requests()).toBeGreaterThan(before);
		}
	});

	it('streams ndjson, filters by provider and account, and writes csv to a new file only', async () => {
		const {env, directory} = await simulatedConfig();
		const ndjson = startCli(['inventory', '--format', 'ndjson', '--provider', 'opal'], {env, cwd: directory});
		expect(await ndjson.done).toBe(0);
		const lines = ndjson.stdout().trimEnd().split('\n').map(line => JSON.parse(line) as unknown);
		expect(lines.filter(line => v.is(v.looseObject({provider: v.literal('opal')}), line)).length).toBeGreaterThan(0);
		expect(lines.every(line => v.is(v.union([v.looseObject({provider: v.literal('opal')}), v.object({account: v.looseObject({provider: v.literal('opal')})})]), line))).toBe(true);

		const csv = startCli(['inventory', '--format', 'csv', '--account', 'mist-org-2', '--output', 'report.csv'], {env, cwd: directory});
		expect(await csv.done).toBe(0);
		expect(csv.stdout()).toBe('');
		const rows = (await readFile(join(directory, 'report.csv'), 'utf8')).trimEnd().split('\r\n');
		expect(rows[0]).toMatch(/^provider,account,id,name,/);
		expect(rows.slice(1).every(row => row.startsWith('mist,mist-org-2,'))).toBe(true);

		const again = startCli(['inventory', '--format', 'csv', '--output', 'report.csv'], {env, cwd: directory});
		expect(await again.done).toBe(2);
		expect(again.stderr()).toContain('the file exists; tokenkit overwrites a report only with --force');
	});

	it('reports a failing account, finishes the others, marks the failed list incomplete and exits 1', async () => {
		const {simulators, env, directory} = await simulatedConfig(entries => entries.map(entry => (entry.name === 'opal-org-2' ? {...entry, apiKey: 'f'.repeat(64)} : entry)));
		const cli = startCli(['inventory', '--format', 'json'], {env, cwd: directory});
		expect(await cli.done).toBe(1);
		const report = v.parse(ReportSchema, JSON.parse(cli.stdout()));
		expect(report.accounts.filter(outcome => !outcome.complete).map(outcome => outcome.account)).toEqual(['opal-org-2']);
		expect(report.accounts.filter(outcome => outcome.complete)).toHaveLength(simulators.vendors.flatMap(vendor => vendor.accounts()).length - 1);
		expect(cli.stderr()).toMatch(/\[tokenkit:opal\] account "opal-org-2": GET \/v1\/tokens\?page_size=1000 answered HTTP 401/);
		expect(cli.stderr()).toContain('1 account failed, its list is incomplete');
		// The count of complete accounts does not contradict it.
		expect(cli.stderr()).toMatch(/accounts (\d+)\/(\d+) complete/);
		const [, complete, all] = /accounts (\d+)\/(\d+) complete/.exec(cli.stderr()) ?? [];
		expect(Number(complete)).toBe(Number(all) - 1);
		expectNoSecrets([cli.stdout(), cli.stderr()], [...simulators.allSecrets(), 'f'.repeat(64)]);
	});

	it('runs the demo against built-in simulators without any config', async () => {
		const cli = startCli(['inventory', '--demo', '--format', 'table']);
		expect(await cli.done).toBe(0);
		expect(cli.stdout()).toMatch(/^vendor\s+account\s+name\s+kind\s+owner\s+age\s+last used\s+expires\s+admin\s+IP allow-list\s+REF/);
		// One list request per account; LaunchDarkly's also read the custom roles their tokens name and who the key is
		// (Opal's look up their owners, so their count depends on the seed and is not fixed here).
		for (const [account, requests] of [['mist-org-1', 1], ['mist-org-2', 1], ['launchdarkly-account-1', 3], ['launchdarkly-account-2', 3]] as const) {
			// Mist org tokens have no expiry: the "no expiry" count is n/a there.
			expect(cli.stdout()).toMatch(new RegExp(`${account}\\s+\\d+\\s+\\d+\\s+\\d+\\s+(\\d+|n/a)\\s+\\d+\\s+${requests}\\s+0\\s+0\\.0 s\\s+complete`));
		}

		// Opal's owners are looked up in its users API, paced at Opal's 100 requests a second: more requests, some waiting.
		for (const account of ['opal-org-1', 'opal-org-2']) {
			expect(cli.stdout()).toMatch(new RegExp(`${account}\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+0\\s+\\d+\\.\\d s\\s+complete`));
		}
	});

	it('shows in the demo LaunchDarkly admin tokens capped by a reader or writer member as not admin, and custom-role admins as admin', async () => {
		const cli = startCli(['inventory', '--demo', '--format', 'json', '--provider', 'launchdarkly']);
		expect(await cli.done).toBe(0);
		const {tokens} = v.parse(v.object({tokens: v.array(v.looseObject({admin: v.nullable(v.boolean()), privileges: v.array(v.object({role: v.string(), scope: v.string(), resource: v.nullable(v.string())}))}))}), JSON.parse(cli.stdout()));
		const has = (token: (typeof tokens)[number], role: string, scope: string): boolean => token.privileges.some(privilege => privilege.role === role && privilege.scope === scope);
		const capped = tokens.filter(token => has(token, 'admin', 'account') && token.privileges.some(privilege => privilege.scope === 'member-cap'));
		expect(capped.length).toBeGreaterThan(0);
		expect(capped.every(token => token.admin === false)).toBe(true);
		const allAccess = tokens.filter(token => token.privileges.some(privilege => privilege.role === 'all-access' && privilege.scope === 'custom-role' && privilege.resource === 'All access'));
		expect(allAccess.some(token => token.admin === true)).toBe(true);
		// Every custom role is read: none is left as a bare id, so no token is left "cannot tell".
		expect(tokens.some(token => token.admin === null)).toBe(false);
		expect(tokens.flatMap(token => token.privileges).filter(privilege => privilege.scope === 'custom-role').every(privilege => privilege.resource !== null)).toBe(true);
	});

	it.each([
		[['--format', 'xml'], /--format must be one of table, json, ndjson, csv, markdown/],
		[['--provider', 'bitbucket'], /--provider "bitbucket" is not a vendor tokenkit knows/],
		[['--account', 'nope'], /--account "nope" is not in the configuration/],
		[['--concurrency', '0'], /--concurrency must be a whole number from 1 to 64/],
		[['--demo', '--config', 'x.yaml'], /--demo and --config exclude each other/],
	])('refuses %j with exit code 2 before any request', async (argv, message) => {
		const {simulators, env, directory} = await simulatedConfig();
		const before = simulators.vendors.reduce((sum, vendor) => sum + vendor.server.stats.requests, 0);
		const cli = startCli(['inventory', ...argv], {env, cwd: directory});
		expect(await cli.done).toBe(2);
		expect(cli.stderr()).toMatch(message);
		expect(cli.stdout()).toBe('');
		expect(simulators.vendors.reduce((sum, vendor) => sum + vendor.server.stats.requests, 0)).toBe(before);
	});

	it('says which config field is wrong, with file and line, and exits 2', async () => {
		// Mist accounts lose their simulator URL and name a cloud that does not exist.
		const {env, directory} = await simulatedConfig(entries => entries.map(entry => {
			if (entry.provider !== 'mist') {
				return entry;
			}

			return Object.fromEntries([...Object.entries(entry).filter(([field]) => field !== 'baseUrl'), ['cloud', 'global99']]);
		}));
		const cli = startCli(['inventory'], {env, cwd: directory});
		expect(await cli.done).toBe(2);
		expect(cli.stderr()).toMatch(/account "mist-org-1".*cloud.*global99/);
		expect(cli.stderr()).not.toMatch(/\n\s+at /);
	});
});

describe('tokenkit inventory, interrupted', () => {
	it('marks the lists it did not finish as incomplete and exits 130', async () => {
		const simulators = await startSimulators({vendors: ['mist', 'opal', 'launchdarkly'], tokens: 6, rateLimits: false, latency: {fixed: 300}});
		running.push(simulators);
		const entries = simulators.vendors.flatMap(vendor => vendor.configEntries());
		const directory = await mkdtemp(join(tmpdir(), 'tokenkit-inventory-'));
		await writeFile(join(directory, 'tokenkit.yaml'), JSON.stringify({accounts: entries}));
		const cli = startCli(['inventory', '--format', 'json'], {cwd: directory});
		await new Promise(resolve => setTimeout(resolve, 100));
		cli.interrupt();
		expect(await cli.done).toBe(130);
		const report = v.parse(ReportSchema, JSON.parse(cli.stdout()));
		expect(report.accounts).toHaveLength(entries.length);
		expect(report.accounts.every(outcome => !outcome.complete)).toBe(true);
		expect(report.accounts[0]?.error?.message).toBe('interrupted before the list was complete');
	});
});

/** The demo's ndjson lines: one per token and one per account of the simulators `--demo` starts. */
async function demoLines(): Promise<number> {
	const demo = await startSimulators({seed: 1, accounts: 2, tokens: 25});
	running.push(demo);
	// A report line per config entry (an Okta org is two: API tokens and client secrets) and one per token.
	const entries = demo.vendors.flatMap(vendor => vendor.configEntries());
	const tokens = demo.vendors.flatMap(vendor => vendor.accounts()).reduce((sum, account) => sum + account.tokens, 0);
	return entries.length + tokens;
}

describe('tokenkit inventory, writes', () => {
	it('hands the report to stdout in batches, not one write per token', async () => {
		const {run} = await import('../../src/cli/run.js');
		const {stdout, writes} = recordingStdout();
		const stderr = discardingStderr();

		const code = await run(['inventory', '--demo', '--format', 'ndjson'], {stdout, stderr, env: {}, signal: new AbortController().signal, cwd: process.cwd()});

		expect(code).toBe(0);
		const lines = writes.join('').trimEnd().split('\n');
		expect(lines).toHaveLength(await demoLines());
		expect(lines.every(line => line.startsWith('{') && line.endsWith('}'))).toBe(true);
		// A line per token and per account; a write per line would be as many system calls on a real stdout. Batches
		// are at most the stream's high-water mark (16 KiB under Node 20, 64 KiB under Node 22), about a dozen lines.
		expect(writes.length).toBeLessThan(lines.length / 8);
	});
});

describe('tokenkit inventory, slow reader', () => {
	it('waits for a slow stdout instead of piling the report up in memory', async () => {
		const {run} = await import('../../src/cli/run.js');
		const {stdout, chunks, most} = slowStdout();
		const stderr = discardingStderr();
		const code = await run(['inventory', '--demo', '--format', 'ndjson'], {stdout, stderr, env: {}, signal: new AbortController().signal, cwd: process.cwd()});
		expect(code).toBe(0);
		await new Promise<void>(resolve => {
			stdout.end(resolve);
		});
		expect(chunks.join('').trimEnd().split('\n')).toHaveLength(await demoLines());
		// One token line over the high-water mark at most, not the whole report (about 170 kB).
		expect(most()).toBeLessThan(8 * 1024);
	});
});
