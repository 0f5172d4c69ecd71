import {readFile} from 'node:fs/promises';
import {parse as parseCsv} from 'csv-parse/sync';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {tokenkit} from './built-cli.js';
import {useSimulateProcess} from './simulate-process.js';

/**
The built command end to end, as a user runs it: `tokenkit simulate` in one process writes a config, and
`tokenkit inventory` in others reads it. Counts are checked against what the simulators announced.
*/

// The vendors whose every simulated account is one config entry, which the counts below rely on (Okta: okta.test.ts).
const simulated = useSimulateProcess('tokenkit-e2e-', ['--vendors', 'mist,opal,launchdarkly', '--accounts', '3', '--tokens', '40', '--seed', '11']);

const expectedCount = (): number => simulated.vendors.flatMap(vendor => vendor.accounts).reduce((sum, account) => sum + account.tokens, 0);
const allKeys = (): string[] => simulated.vendors.flatMap(vendor => vendor.accounts.map(account => account.apiKey));

describe('the built tokenkit command', () => {
	it('prints its version and help', async () => {
		const version = await tokenkit(['--version']);
		const {version: expected} = v.parse(v.looseObject({version: v.string()}), JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')));
		expect(version).toMatchObject({code: 0, stdout: `${expected}\n`});
		const help = await tokenkit(['inventory', '--help']);
		expect(help.code).toBe(0);
		expect(help.stdout).toContain('Usage: tokenkit inventory');
	});

	it('lists exactly what the simulators hold, in json, ndjson and csv, each readable by a standard parser', async () => {
		const json = await tokenkit(['inventory', '--format', 'json'], {cwd: simulated.directory});
		expect(json.code, json.stderr).toBe(0);
		const document = v.parse(v.object({tokens: v.array(v.looseObject({id: v.string()})), accounts: v.array(v.looseObject({complete: v.boolean()}))}), JSON.parse(json.stdout));
		expect(document.tokens).toHaveLength(expectedCount());
		expect(document.accounts).toHaveLength(simulated.vendors.flatMap(vendor => vendor.accounts).length);

		const ndjson = await tokenkit(['inventory', '--format', 'ndjson', '--quiet'], {cwd: simulated.directory});
		expect(ndjson.code).toBe(0);
		expect(ndjson.stderr).toBe('');
		const lines = ndjson.stdout.trimEnd().split('\n').map(line => JSON.parse(line) as unknown);
		expect(lines.filter(line => v.is(v.looseObject({id: v.string()}), line))).toHaveLength(expectedCount());

		const csv = await tokenkit(['inventory', '--format', 'csv'], {cwd: simulated.directory});
		expect(csv.code).toBe(0);
		const rows: unknown = parseCsv(csv.stdout, {columns: true});
		const records = v.parse(v.array(v.looseObject({provider: v.string(), account: v.string(), id: v.string(), admin: v.picklist(['true', 'false'])})), rows);
		expect(records).toHaveLength(expectedCount());
		for (const vendor of simulated.vendors) {
			for (const account of vendor.accounts) {
				expect(records.filter(record => record.provider === vendor.vendor && record.account === account.name)).toHaveLength(account.tokens);
			}
		}

		for (const output of [json, ndjson, csv]) {
			for (const key of allKeys()) {
				expect(output.stdout.includes(key) || output.stderr.includes(key)).toBe(false);
			}
		}
	});

	it('exits 2 with one line and no stack trace for a missing config', async () => {
		const result = await tokenkit(['inventory', '--config', 'nope.yaml'], {cwd: simulated.directory});
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/nope\.yaml cannot be read \(no such file\)/);
		expect(result.stderr).not.toMatch(/\n\s+at /);
	});
});
