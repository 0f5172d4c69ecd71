import {createHash} from 'node:crypto';
import {chmod, mkdir, mkdtemp, readdir, readFile, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import * as v from 'valibot';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSimulators} from '../../providers/simulators.js';
import type {Finding} from '../../src/inventory/audit/types.js';
import {renderHtmlReport} from '../../src/inventory/report/html/page.js';
import {reportCharts} from '../../src/inventory/report/html/report-charts.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import {inert} from '../../src/text/inert.js';
import type {Token} from '../../src/token.js';
import {embeddedData, hostileNames} from '../support/html-report.js';
import {findLeaks} from '../support/leak-scan.js';
import {startCli} from '../support/run-cli.js';
import {providerOfFirstAccount, writeYamlConfig, type WrittenConfig} from '../support/yaml-config.js';

function token(name: string, index: number): Token {
	return {
		provider: 'mist', account: 'mist-hq', id: `t${index}`, name, description: null, kind: 'org', status: 'active', ownCredential: false,
		owner: {id: null, email: 'ada@example.com', status: 'present'}, createdBy: null, createdAt: new Date('2024-01-01T00:00:00Z'), lastUsedAt: null,
		expiresAt: null, privileges: [], admin: true, allowedIps: [], secretHint: '…QQCL', raw: {},
	};
}

describe('reportCharts', () => {
	const finding = (policy: Finding['policy'], severity: Finding['severity'], accepted = false): Finding => ({
		policy, severity, reason: 'r', remedy: 'none', advice: 'a', owasp: {id: 'NHI7:2025', title: 'Long-Lived Secrets'},
		...(accepted ? {accepted: {reason: 'known', owner: 'ada', expires: '2027-01-01', where: 'tokenkit.yaml'}} : {}),
	});
	const at = (provider: string, kind: Token['kind'], index: number): Token => ({...token(`n${index}`, index), provider, kind});
	const charts = reportCharts({
		audits: [
			{token: at('okta', 'service', 0), findings: [finding('stale', 'medium'), finding('admin', 'high')]},
			{token: at('mist', 'org', 1), findings: [finding('stale', 'low'), finding('no-expiry', 'low', true)]},
			{token: at('mist', 'org', 2), findings: [finding('admin', 'high')]},
			{token: at('mist', 'personal', 3), findings: [finding('stale', 'medium')]},
		],
		outcomes: [],
		generatedAt: new Date('2026-11-23T12:00:00Z'),
	});
	const bars = (id: string) => charts.find(chart => chart.id === id)?.bars.map(bar => [bar.label, bar.segments.filter(segment => segment.value > 0).map(segment => `${segment.series}=${segment.value}`)]);

	it('counts tokens by vendor and kind, and open findings by policy (most first) and severity', () => {
		expect(bars('tokens-by-vendor')).toEqual([['mist', ['org=2', 'personal=1']], ['okta', ['service=1']]]);
		expect(bars('findings-by-policy')).toEqual([['stale', ['medium=2', 'low=1']], ['admin', ['high=2']]]);
	});
});

describe('renderHtmlReport', () => {
	const page = renderHtmlReport({
		audits: hostileNames.map((name, index) => ({token: token(name, index), findings: []})),
		outcomes: [{provider: 'mist', account: 'mist-hq', tokens: hostileNames.length, complete: true, error: null, traffic: {requests: 1, retries: 0, rateLimited: 0, retryWaitMs: 0, paceWaitMs: 0}}],
		generatedAt: new Date('2026-11-23T12:00:00Z'),
	});

	it('embeds the data as JSON that no name can break out of, and that reads back exactly', () => {
		expect(page.match(/<\/script>/g)).toHaveLength(2);
		expect(page).not.toMatch(/<!--/);
		expect(page).not.toContain('<img');
		expect(page).not.toContain('<b>');
		// As every report for people shows vendor text: the line separators appear as escapes.
		expect(embeddedData(page).tokens.map(row => row.name)).toEqual(hostileNames.map(name => inert(name, 400)));
		expect(hostileNames.map(name => inert(name, 400))).toEqual([...hostileNames.slice(0, 3), String.raw`\u2028line\u2029separators & <b>bold</b>`]);
	});

	it('allows only its own script and stylesheet, by hash, and loads nothing', () => {
		const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1]?.replaceAll('&#39;', '\'') ?? '';
		const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
		const script = /<script>([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
		const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
		expect(policy).toBe(`default-src 'none'; script-src ${hash(script)}; style-src ${hash(style)}; img-src 'none'; base-uri 'none'; form-action 'none'`);
		// No address to load anything from, and no style attribute the policy would have to allow (the data is text, not markup).
		const markup = page.replace(/<script type="application\/json" id="tokenkit-data">[^<]*<\/script>/, '');
		expect(markup).not.toMatch(/\s(src|href|srcset|style|action)=/i);
		expect(page).not.toMatch(/url\(/i);
		expect(page).not.toContain('…QQCL');
	});
});

let simulators: RunningSimulators;
let config: WrittenConfig;
let directory: string;

beforeAll(async () => {
	simulators = await startSimulators({vendors: ['mist', 'opal'], tokens: 5, seed: 31, rateLimits: false});
	directory = await mkdtemp(join(tmpdir(), 'tokenkit-html-'));
	config = await writeYamlConfig(join(directory, 'tokenkit.yaml'), simulators);
	const mist = providerOfFirstAccount(simulators, 'mist');
	for (const hostile of hostileNames) {
		await mist.create({name: hostile, privileges: [{role: 'admin', scope: 'org', resource: null}]});
	}
});

afterAll(async () => {
	await simulators.close();
});

async function report(argv: readonly string[], env = config.env): Promise<{code: number; stdout: string; stderr: string}> {
	const cli = startCli(['report', ...argv], {env, cwd: directory});
	const code = await cli.done;
	return {code, stdout: cli.stdout(), stderr: cli.stderr()};
}

/** Files in the directory whose name marks them as a report being written. */
async function leftovers(): Promise<string[]> {
	return (await readdir(directory)).filter(name => name.includes('.tokenkit-'));
}

describe('tokenkit report --html', () => {
	it('writes the page (0600) with every token and finding, hostile names intact, and no key', async () => {
		const {code, stdout, stderr} = await report(['--html', 'report.html']);
		expect(code, stderr).toBe(0);
		expect(stdout).toBe('');
		expect(stderr).toContain(`report written to ${join(directory, 'report.html')}`);
		const html = await readFile(join(directory, 'report.html'), 'utf8');
		expect((await stat(join(directory, 'report.html'))).mode & 0o777).toBe(0o600);
		const data = embeddedData(html);
		const json = startCli(['audit', '--format', 'json'], {env: config.env, cwd: directory});
		await json.done;
		const {findings} = v.parse(v.object({findings: v.array(v.object({ref: v.string(), policy: v.string()}))}), JSON.parse(json.stdout()));
		expect(data.findings).toHaveLength(findings.length);
		expect(data.tokens.length).toBe(simulators.vendors.flatMap(vendor => vendor.accounts()).reduce((sum, account) => sum + account.tokens, 0));
		expect(data.tokens.map(row => row.name)).toEqual(expect.arrayContaining(hostileNames.map(name => inert(name, 400))));
		expect(findLeaks([{where: 'report.html', text: html}, {where: 'stderr', text: stderr}], simulators.allSecrets())).toEqual([]);
		expect(await leftovers()).toEqual([]);
	});

	it('writes to stdout with --html -', async () => {
		const {code, stdout} = await report(['--html', '-', '--quiet']);
		expect(code).toBe(0);
		expect(stdout).toMatch(/^<!doctype html>/);
	});

	it('refuses, with exit 2 and before any request, a missing --html, an existing file, an unwritable place and a secret file', async () => {
		// A config whose accounts answer nothing: a request sent would end in exit 1, not 2.
		const unreachable = await writeYamlConfig(join(directory, 'dead', 'tokenkit.yaml'), simulators);
		const deadText = unreachable.text.replaceAll(/http:\/\/127\.0\.0\.1:\d+/g, 'http://127.0.0.1:9');
		await writeFile(unreachable.path, deadText);
		const run = async (argv: readonly string[]) => report(['--config', unreachable.path, ...argv], unreachable.env);

		expect((await run([])).stderr).toContain('report needs --html FILE');
		await writeFile(join(directory, 'kept.html'), 'an earlier report');
		const existing = await run(['--html', 'kept.html']);
		expect(existing.code).toBe(2);
		expect(existing.stderr).toContain(`--html ${join(directory, 'kept.html')}: the file exists; tokenkit replaces a report only with --force`);
		expect(await readFile(join(directory, 'kept.html'), 'utf8')).toBe('an earlier report');

		const missing = await run(['--html', 'no/such/dir/report.html']);
		expect(missing.code).toBe(2);
		expect(missing.stderr).toMatch(/--html .*no\/such\/dir\/report\.html: cannot be created \(ENOENT\)/);
		// Root writes into any directory, so a read-only one is refused only for others.
		if (process.getuid?.() !== 0) {
			const locked = join(directory, 'locked');
			await mkdir(locked);
			await chmod(locked, 0o500);
			const unwritable = await run(['--html', 'locked/report.html']);
			await chmod(locked, 0o700);
			expect(unwritable.code).toBe(2);
			expect(unwritable.stderr).toMatch(/cannot be created \(EACCES\)/);
		}

		await writeFile(join(directory, 'keys.jsonl'), '{"ref":"mist:a:1","rotated":"mist:a:0","name":"ci","key":"k"}\n');
		const secret = await run(['--html', 'keys.jsonl', '--force']);
		expect(secret.code).toBe(2);
		expect(secret.stderr).toContain('--html');
		expect(secret.stderr).toContain('holds keys');
		expect(await leftovers()).toEqual([]);
	});

	it('replaces an earlier report with --force, and leaves nothing half-written when the run is refused', async () => {
		await writeFile(join(directory, 'old.html'), 'an earlier report');
		const {code} = await report(['--html', 'old.html', '--force', '--quiet']);
		expect(code).toBe(0);
		expect(await readFile(join(directory, 'old.html'), 'utf8')).toMatch(/^<!doctype html>/);
		expect(await leftovers()).toEqual([]);
	});

	it('marks an account whose list failed as incomplete, and exits 1', async () => {
		const {code, stderr} = await report(['--html', 'partial.html'], {...config.env, KEY_0: 'not-the-key-of-this-account'});
		expect(code).toBe(1);
		expect(stderr).toContain('the report says which lists are incomplete');
		const html = await readFile(join(directory, 'partial.html'), 'utf8');
		expect(html).toContain('<strong>1 incomplete</strong>');
		expect(html).toMatch(/<td><strong>incomplete<\/strong>: /);
	});
});
