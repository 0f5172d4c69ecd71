import {mkdir, mkdtemp, readFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Ajv} from 'ajv';
import addFormats from 'ajv-formats';
import type {Log, Result} from 'sarif';
import * as v from 'valibot';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSimulators} from '../../providers/simulators.js';
import {auditPolicies} from '../../src/inventory/audit/policies.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import {findLeaks} from '../support/leak-scan.js';
import {startCli} from '../support/run-cli.js';
import {writeYamlConfig, type WrittenConfig} from '../support/yaml-config.js';

const schema: unknown = JSON.parse(await readFile(new URL('../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
const ajv = new Ajv({strict: false, allErrors: true});
addFormats.default(ajv);
if (typeof schema !== 'object' || schema === null) {
	throw new Error('the SARIF schema fixture is not a JSON object');
}

const validate = ajv.compile<Log>(schema);

/** The log, once the official SARIF 2.1.0 schema has accepted it. */
function validLog(text: string): Log {
	const value: unknown = JSON.parse(text);
	if (!validate(value)) {
		throw new Error(`not valid SARIF 2.1.0: ${ajv.errorsText(validate.errors)}`);
	}

	return value;
}

function onlyRun(log: Log) {
	expect(log.runs).toHaveLength(1);
	const [run] = log.runs;
	if (run === undefined) {
		throw new Error('no run');
	}

	return run;
}

function property(result: Result, name: string): string {
	const value: unknown = result.properties?.[name];
	return typeof value === 'string' ? value : '';
}

let simulators: RunningSimulators;
let repository: string;
let config: WrittenConfig;

beforeAll(async () => {
	simulators = await startSimulators({vendors: ['mist', 'opal', 'launchdarkly', 'gitlab'], tokens: 6, seed: 17, rateLimits: false});
	repository = await mkdtemp(join(tmpdir(), 'tokenkit-sarif-'));
	// A repository as git leaves it: the root holds `.git`, and the config sits in a folder below.
	await mkdir(join(repository, '.git'));
	config = await writeYamlConfig(join(repository, 'ops', 'tokenkit.yaml'), simulators);
});

afterAll(async () => {
	await simulators.close();
});

async function audit(argv: readonly string[], cwd = repository, env = config.env): Promise<{code: number; stdout: string; stderr: string}> {
	const cli = startCli(['audit', '--format', 'sarif', ...argv], {env, cwd});
	const code = await cli.done;
	return {code, stdout: cli.stdout(), stderr: cli.stderr()};
}

describe('tokenkit audit --format sarif', () => {
	it('is valid SARIF 2.1.0 by the official schema: one run, the tool, one rule per policy, one result per finding', async () => {
		const {code, stdout, stderr} = await audit(['--config', 'ops/tokenkit.yaml']);
		expect(code, stderr).toBe(0);
		const run = onlyRun(validLog(stdout));
		const {driver} = run.tool;
		expect(driver).toMatchObject({name: 'tokenkit', version: expect.stringMatching(/^\d+\.\d+\.\d+/) as unknown, informationUri: 'https://github.com/tokenkit/tokenkit'});
		expect(driver.rules?.map(rule => rule.id)).toEqual([...auditPolicies.map(policy => policy.id), 'acceptance-expired']);

		// The same findings as the JSON report, one result each.
		const json = startCli(['audit', '--format', 'json', '--config', 'ops/tokenkit.yaml'], {env: config.env, cwd: repository});
		expect(await json.done).toBe(0);
		const {findings} = v.parse(v.object({findings: v.array(v.object({ref: v.string(), policy: v.string(), severity: v.string()}))}), JSON.parse(json.stdout()));
		expect(findings.length).toBeGreaterThan(20);
		const results = run.results ?? [];
		expect(results.map(result => `${property(result, 'ref')} ${result.ruleId ?? ''} ${property(result, 'severity')}`).sort())
			.toEqual(findings.map(finding => `${finding.ref} ${finding.policy} ${finding.severity}`).sort());
		expect(run.invocations?.[0]?.executionSuccessful).toBe(true);
	});

	it('gives each rule its OWASP NHI category, help text and a help link to a heading that exists', async () => {
		const {stdout} = await audit(['--config', 'ops/tokenkit.yaml']);
		const run = onlyRun(validLog(stdout));
		const page = await readFile(new URL('../../docs/audit-policies.md', import.meta.url), 'utf8');
		const taxa = run.taxonomies?.[0]?.taxa?.map(taxon => taxon.id) ?? [];
		expect(taxa).toContain('NHI1:2025');
		for (const rule of run.tool.driver.rules ?? []) {
			const policy = auditPolicies.find(candidate => candidate.id === rule.id);
			expect(rule.help?.text.length).toBeGreaterThan(40);
			expect(rule.shortDescription?.text).toMatch(/\.$/);
			const anchor = /#([\w-]+)$/.exec(rule.helpUri ?? '')?.[1];
			expect(anchor).toBe(rule.id);
			expect(page).toMatch(new RegExp(`^## ${rule.id}$`, 'm'));
			if (policy !== undefined) {
				expect(rule.relationships?.[0]?.target.id).toBe(policy.owasp.id);
				expect(rule.properties?.tags).toContain(policy.owasp.id);
			}
		}
	});

	it('points every result at the line of its account in the config, relative to the repository root', async () => {
		const {stdout} = await audit(['--config', join(repository, 'ops', 'tokenkit.yaml')]);
		const run = onlyRun(validLog(stdout));
		expect(run.originalUriBaseIds?.['%SRCROOT%']?.uri).toBe(`file://${repository}/`);
		const results = run.results ?? [];
		const levels: Readonly<Record<string, string>> = {high: 'error', medium: 'warning', low: 'note'};
		for (const result of results) {
			const [location] = result.locations ?? [];
			expect(location?.physicalLocation?.artifactLocation).toEqual({uri: 'ops/tokenkit.yaml', uriBaseId: '%SRCROOT%'});
			expect(location?.physicalLocation?.region?.startLine).toBe(config.lineOf(property(result, 'account')));
			expect(location?.logicalLocations?.[0]?.fullyQualifiedName).toBe(property(result, 'ref'));
			expect(result.level).toBe(levels[property(result, 'severity')]);
		}

		expect(new Set(results.map(result => property(result, 'account'))).size).toBeGreaterThan(4);
	});

	it('keeps a finding\'s fingerprint from run to run, one per finding, and never a piece of a key', async () => {
		const first = await audit(['--config', 'ops/tokenkit.yaml']);
		const second = await audit(['--config', 'ops/tokenkit.yaml']);
		const fingerprints = (text: string): Map<string, string> => new Map((onlyRun(validLog(text)).results ?? []).map(result => [
			`${property(result, 'ref')} ${result.ruleId ?? ''}`,
			Object.values(result.partialFingerprints ?? {}).join(),
		]));
		const before = fingerprints(first.stdout);
		expect([...before.values()].every(value => /^[\da-f]{64}$/.test(value))).toBe(true);
		expect(new Set(before.values()).size).toBe(before.size);
		expect(fingerprints(second.stdout)).toEqual(before);
		expect(findLeaks([{where: 'sarif', text: first.stdout}, {where: 'stderr', text: first.stderr}], simulators.allSecrets())).toEqual([]);
	});

	it('marks accepted findings with an external suppression that carries the justification', async () => {
		const directory = await mkdtemp(join(tmpdir(), 'tokenkit-sarif-accepted-'));
		await mkdir(join(directory, '.git'));
		const accepting = await writeYamlConfig(join(directory, 'tokenkit.yaml'), simulators, {
			audit: {accepted: [{ref: 'opal:*', policy: '*', reason: 'read-only sync, rotated by the vault', owner: 'platform@example.com', expires: '2099-12-31'}]},
		});
		const {code, stdout} = await audit(['--config', 'tokenkit.yaml', '--fail-on', 'low'], directory, accepting.env);
		const results = onlyRun(validLog(stdout)).results ?? [];
		const opal = results.filter(result => property(result, 'provider') === 'opal');
		expect(opal.length).toBeGreaterThan(3);
		for (const result of opal) {
			expect(result.suppressions).toEqual([{kind: 'external', justification: expect.stringContaining('read-only sync, rotated by the vault (owner platform@example.com; accepted until 2099-12-31; ') as unknown}]);
		}

		expect(results.filter(result => property(result, 'provider') !== 'opal').every(result => result.suppressions === undefined)).toBe(true);
		// The other vendors' findings are still there, so --fail-on still fails.
		expect(code).toBe(3);
	});

	it('without a repository above the config, locates from the config\'s directory and says so on stderr', async () => {
		const directory = await mkdtemp(join(tmpdir(), 'tokenkit-sarif-norepo-'));
		const loose = await writeYamlConfig(join(directory, 'tokenkit.yaml'), simulators);
		const {code, stdout, stderr} = await audit(['--config', 'tokenkit.yaml'], directory, loose.env);
		expect(code, stderr).toBe(0);
		expect(stderr).toContain(`no git repository holds ${join(directory, 'tokenkit.yaml')}; SARIF locations are relative to its directory, ${directory}\n`);
		const [result] = onlyRun(validLog(stdout)).results ?? [];
		expect(result?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe('tokenkit.yaml');
	});

	it('--demo has no config file: results carry their REF as a logical location, and the log is still valid', async () => {
		const {code, stdout} = await audit(['--demo', '--provider', 'mist']);
		expect(code).toBe(0);
		const results = onlyRun(validLog(stdout)).results ?? [];
		expect(results.length).toBeGreaterThan(0);
		expect(results.every(result => result.locations?.[0]?.physicalLocation === undefined && result.locations?.[0]?.logicalLocations?.[0]?.kind === 'resource')).toBe(true);
	});

	it('reports an account whose list failed as an unsuccessful run, with a notification at its line', async () => {
		const directory = await mkdtemp(join(tmpdir(), 'tokenkit-sarif-failed-'));
		await mkdir(join(directory, '.git'));
		const broken = await writeYamlConfig(join(directory, 'tokenkit.yaml'), simulators);
		const env = {...broken.env, KEY_0: 'not-the-key-of-this-account'};
		const {code, stdout} = await audit(['--config', 'tokenkit.yaml'], directory, env);
		expect(code).toBe(1);
		const [invocation] = onlyRun(validLog(stdout)).invocations ?? [];
		expect(invocation?.executionSuccessful).toBe(false);
		const [notification] = invocation?.toolExecutionNotifications ?? [];
		expect(notification?.level).toBe('error');
		expect(notification?.message.text).toMatch(/the audit is incomplete/);
		expect(notification?.locations?.[0]?.physicalLocation?.region?.startLine).toBe(broken.text.split('\n').indexOf(broken.text.split('\n').find(line => line.startsWith('  - name: ')) ?? '') + 1);
	});
});
