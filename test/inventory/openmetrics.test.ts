import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import * as v from 'valibot';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSimulators} from '../../providers/simulators.js';
import {escapeLabelValue} from '../../src/inventory/report/openmetrics.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import {findLeaks} from '../support/leak-scan.js';
import {OpenMetricsSyntaxError, parseOpenMetrics} from '../support/openmetrics.js';
import {startCli} from '../support/run-cli.js';
import {providerOfFirstAccount, writeYamlConfig, type WrittenConfig} from '../support/yaml-config.js';

describe('the test\'s OpenMetrics reader', () => {
	const valid = [
		'# TYPE acme_seconds gauge',
		'# UNIT acme_seconds seconds',
		'# HELP acme_seconds Some text and \\n some \\" escaping',
		'acme_seconds{a="x",b="escaping\\" example \\n "} 1.5e3',
		'acme_seconds{a="y"} +Inf',
		'# TYPE go_goroutines gauge',
		'go_goroutines 69',
		'# EOF',
		'',
	].join('\n');

	it('reads the specification\'s own forms', () => {
		const families = parseOpenMetrics(valid);
		expect(families.get('acme_seconds')).toMatchObject({type: 'gauge', unit: 'seconds', help: 'Some text and \n some " escaping'});
		expect(families.get('acme_seconds')?.samples).toEqual([
			{name: 'acme_seconds', labels: {a: 'x', b: 'escaping" example \n '}, value: 1500},
			{name: 'acme_seconds', labels: {a: 'y'}, value: Number.POSITIVE_INFINITY},
		]);
		expect(families.get('go_goroutines')?.samples[0]?.value).toBe(69);
	});

	it.each([
		['no # EOF at the end', valid.replace('# EOF\n', '')],
		['text after # EOF', `${valid}go_goroutines 1\n`],
		['a carriage return', valid.replace('go_goroutines 69', 'go_goroutines 69\r')],
		['a family interleaved with another', `${valid.replace('# EOF\n', '')}acme_seconds{a="z"} 1\n# EOF\n`],
		['a unit that is not the name\'s suffix', valid.replace('# UNIT acme_seconds seconds', '# UNIT acme_seconds bytes')],
		['metadata after a sample', valid.replace('go_goroutines 69', 'go_goroutines 69\n# HELP go_goroutines late')],
		['an unescaped double quote in a label value', valid.replace('a="y"', 'a="y"z"')],
		['an unescaped line feed in a label value', valid.replace('a="y"', 'a="y\nz"')],
		['a label written twice', valid.replace('a="y"', 'a="y",a="z"')],
		['two samples with the same labels', valid.replace('go_goroutines 69', 'go_goroutines 69\ngo_goroutines 70')],
		['a value that is no number', valid.replace('go_goroutines 69', 'go_goroutines 6O')],
		['a comment line', valid.replace('# TYPE go_goroutines gauge', '# just a comment')],
		['a label name that starts with a digit', valid.replace('a="y"', '1a="y"')],
		['a trailing comma in the labels', valid.replace('a="y"', 'a="y",')],
		['a byte order mark', `\uFEFF${valid}`],
	])('refuses %s', (_what, text) => {
		expect(() => parseOpenMetrics(text)).toThrow(OpenMetricsSyntaxError);
	});
});

describe('label values', () => {
	it('escape backslash, double quote and line feed, and replace lone surrogates, and read back as written', () => {
		const hostile = ['a\\b', 'say "hi"', 'two\nlines', '} 1\n# EOF', 'emoji 🔑 and \u202e bidi', 'lone \uD800 half', '\\n is not a line feed'];
		for (const value of hostile) {
			const line = `m{v="${escapeLabelValue(value)}"} 1`;
			const parsed = parseOpenMetrics(`# TYPE m gauge\n${line}\n# EOF\n`).get('m')?.samples[0]?.labels['v'];
			expect(parsed).toBe(value.replace('\uD800', '\uFFFD'));
		}
	});
});

const hostileName = 'evil "quote" \\ back\nslash } 0\n# EOF';
let simulators: RunningSimulators;
let config: WrittenConfig;
let directory: string;
let mintedId: string;

beforeAll(async () => {
	simulators = await startSimulators({vendors: ['mist', 'opal', 'launchdarkly', 'okta'], tokens: 5, seed: 23, rateLimits: false});
	directory = await mkdtemp(join(tmpdir(), 'tokenkit-openmetrics-'));
	config = await writeYamlConfig(join(directory, 'tokenkit.yaml'), simulators);
	// A token whose name would break every line of the exposition if a label value were not escaped.
	const mist = providerOfFirstAccount(simulators, 'mist');
	const minted = await mist.create({name: hostileName, privileges: [{role: 'write', scope: 'org', resource: null}]});
	mintedId = minted.token.id;
});

afterAll(async () => {
	await simulators.close();
});

async function tokenkit(argv: readonly string[]): Promise<{code: number; stdout: string; stderr: string}> {
	const cli = startCli(argv, {env: config.env, cwd: directory});
	const code = await cli.done;
	return {code, stdout: cli.stdout(), stderr: cli.stderr()};
}

const InventorySchema = v.object({tokens: v.array(v.looseObject({provider: v.string(), account: v.string(), id: v.string(), name: v.string(), expiresAt: v.nullable(v.string()), lastUsedAt: v.nullable(v.string()), createdAt: v.nullable(v.string()), admin: v.nullable(v.boolean())}))});
const AuditSchema = v.object({findings: v.array(v.looseObject({account: v.string(), severity: v.string()}))});

describe('tokenkit inventory --format openmetrics', () => {
	it('is valid OpenMetrics with a gauge per token field and per account count, matching the JSON inventory and audit', async () => {
		const metrics = await tokenkit(['inventory', '--format', 'openmetrics']);
		expect(metrics.code, metrics.stderr).toBe(0);
		const families = parseOpenMetrics(metrics.stdout);
		const {tokens} = v.parse(InventorySchema, JSON.parse((await tokenkit(['inventory', '--format', 'json'])).stdout));
		const {findings} = v.parse(AuditSchema, JSON.parse((await tokenkit(['audit', '--format', 'json'])).stdout));

		for (const family of families.values()) {
			expect(family.type).toBe('gauge');
			expect(family.help?.length).toBeGreaterThan(20);
		}

		const samplesOf = (name: string) => families.get(name)?.samples ?? [];
		const byToken = (name: string) => new Map(samplesOf(name).map(sample => [`${sample.labels['vendor'] ?? ''}:${sample.labels['account'] ?? ''}:${sample.labels['token_id'] ?? ''}`, sample.value]));
		const seconds = (iso: string | null) => (iso === null ? undefined : Date.parse(iso) / 1000);
		const ref = (token: {provider: string; account: string; id: string}) => `${token.provider}:${token.account}:${token.id}`;
		expect(families.get('tokenkit_token_expiration_timestamp_seconds')?.unit).toBe('seconds');
		const expiry = byToken('tokenkit_token_expiration_timestamp_seconds');
		const lastUse = byToken('tokenkit_token_last_used_timestamp_seconds');
		const creation = byToken('tokenkit_token_creation_timestamp_seconds');
		const admin = byToken('tokenkit_token_admin');
		for (const token of tokens) {
			// A simulator records the use of its own key as it answers (and Okta's expiry moves with use), so two runs
			// may differ by a second there.
			expect(Math.abs((expiry.get(ref(token)) ?? 0) - (seconds(token.expiresAt) ?? 0))).toBeLessThanOrEqual(5);
			expect(expiry.has(ref(token))).toBe(token.expiresAt !== null);
			expect(Math.abs((lastUse.get(ref(token)) ?? 0) - (seconds(token.lastUsedAt) ?? 0))).toBeLessThanOrEqual(5);
			expect(lastUse.has(ref(token))).toBe(token.lastUsedAt !== null);
			expect(creation.get(ref(token))).toBe(seconds(token.createdAt));
			expect(admin.get(ref(token))).toBe(token.admin === null ? undefined : Number(token.admin));
		}

		expect(expiry.size).toBe(tokens.filter(token => token.expiresAt !== null).length);
		expect(expiry.size).toBeGreaterThan(0);
		const accounts = simulators.vendors.flatMap(vendor => vendor.configEntries().map(entry => entry.name ?? ''));
		expect(samplesOf('tokenkit_account_tokens').map(sample => [sample.labels['account'], sample.value])).toEqual(accounts.map(account => [account, tokens.filter(token => token.account === account).length]));
		for (const sample of samplesOf('tokenkit_account_findings')) {
			expect(sample.value).toBe(findings.filter(finding => finding.account === sample.labels['account'] && finding.severity === sample.labels['severity']).length);
		}

		expect(samplesOf('tokenkit_account_list_complete').every(sample => sample.value === 1)).toBe(true);
		expect(samplesOf('tokenkit_inventory_timestamp_seconds')).toHaveLength(1);
		expect(findLeaks([{where: 'openmetrics', text: metrics.stdout}], simulators.allSecrets())).toEqual([]);
	});

	it('has the cardinality the README states: at most four series per token, six per account, one for the run', async () => {
		const {stdout} = await tokenkit(['inventory', '--format', 'openmetrics']);
		const samples = [...parseOpenMetrics(stdout).values()].flatMap(family => family.samples);
		const perToken = new Map<string, number>();
		const perAccount = new Map<string, number>();
		for (const sample of samples.filter(each => Object.keys(each.labels).length > 0)) {
			const {vendor = '', account = '', token_id: tokenId} = sample.labels;
			const map = tokenId === undefined ? perAccount : perToken;
			map.set(`${vendor}:${account}:${tokenId ?? ''}`, (map.get(`${vendor}:${account}:${tokenId ?? ''}`) ?? 0) + 1);
		}

		expect(Math.max(...perToken.values())).toBe(4);
		expect(new Set(perAccount.values())).toEqual(new Set([6]));
		expect(samples.filter(sample => Object.keys(sample.labels).length === 0)).toHaveLength(1);
	});

	it('carries a hostile token name as a label value that reads back exactly', async () => {
		const {code, stdout} = await tokenkit(['inventory', '--format', 'openmetrics', '--provider', 'mist']);
		expect(code).toBe(0);
		const sample = parseOpenMetrics(stdout).get('tokenkit_token_creation_timestamp_seconds')?.samples.find(candidate => candidate.labels['token_id'] === mintedId);
		expect(sample?.labels['name']).toBe(hostileName);
	});

	it('says an account\'s list is incomplete with 0, still ends with # EOF, and exits 1', async () => {
		const cli = startCli(['inventory', '--format', 'openmetrics'], {env: {...config.env, KEY_0: 'not-the-key-of-this-account'}, cwd: directory});
		expect(await cli.done).toBe(1);
		const complete = parseOpenMetrics(cli.stdout()).get('tokenkit_account_list_complete')?.samples ?? [];
		const [first] = simulators.vendors.flatMap(vendor => vendor.configEntries());
		expect(complete.filter(sample => sample.value === 0).map(sample => sample.labels['account'])).toEqual([first?.name]);
		expect(complete.filter(sample => sample.value === 1).length).toBe(complete.length - 1);
	});

	it('chooses the format from a .prom --output, and refuses it for audit', async () => {
		const written = await tokenkit(['inventory', '--output', 'tokens.prom']);
		expect(written.code, written.stderr).toBe(0);
		const refused = await tokenkit(['audit', '--format', 'openmetrics']);
		expect(refused.code).toBe(2);
		expect(refused.stderr).toContain('--format must be one of table, json, ndjson, csv, markdown, sarif; got "openmetrics"');
	});
});
