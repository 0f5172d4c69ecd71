import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parse as parseCsv} from 'csv-parse/sync';
import * as v from 'valibot';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {mistOrgCapabilities} from '../../providers/mist/index.js';
import {startSimulators} from '../../providers/simulators.js';
import {auditDefaults} from '../../src/config.js';
import {acceptanceList, applyAcceptances, type Acceptance} from '../../src/inventory/audit/acceptance.js';
import {auditToken} from '../../src/inventory/audit/audit-token.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import type {Token} from '../../src/token.js';
import {startCli} from '../support/run-cli.js';
import {writeYamlConfig} from '../support/yaml-config.js';

const FindingSchema = v.looseObject({
	ref: v.string(), provider: v.string(), account: v.string(), policy: v.string(), severity: v.string(), reason: v.string(),
	accepted: v.nullable(v.object({reason: v.string(), owner: v.string(), expires: v.string(), where: v.string()})),
});
const ReportSchema = v.looseObject({findings: v.array(FindingSchema), summary: v.looseObject({accepted: v.number(), highest: v.nullable(v.string())})});

let simulators: RunningSimulators;

beforeAll(async () => {
	simulators = await startSimulators({vendors: ['mist', 'opal', 'gitlab'], tokens: 8, seed: 29, rateLimits: false});
});

afterAll(async () => {
	await simulators.close();
});

async function audit(section: Readonly<Record<string, unknown>>, argv: readonly string[] = []): Promise<{code: number; stdout: string; stderr: string}> {
	const directory = await mkdtemp(join(tmpdir(), 'tokenkit-accepted-'));
	const config = await writeYamlConfig(join(directory, 'tokenkit.yaml'), simulators, {audit: section});
	const cli = startCli(['audit', '--config', 'tokenkit.yaml', ...argv], {env: config.env, cwd: directory});
	const code = await cli.done;
	return {code, stdout: cli.stdout(), stderr: cli.stderr()};
}

async function report(section: Readonly<Record<string, unknown>>, argv: readonly string[] = []) {
	const {code, stdout, stderr} = await audit(section, ['--format', 'json', ...argv]);
	return {code, stderr, report: v.parse(ReportSchema, JSON.parse(stdout))};
}

const acceptEverything = {ref: '*', policy: '*', reason: 'migrating to the vault by June', owner: 'platform@example.com', expires: '2099-12-31'};

describe('accepted risks', () => {
	it('are reported as accepted, with owner, reason and expiry, and do not count for --fail-on', async () => {
		const before = await report({}, ['--fail-on', 'low']);
		expect(before.code).toBe(3);
		expect(before.report.findings.length).toBeGreaterThan(20);

		const {code, stderr, report: after} = await report({accepted: [acceptEverything]}, ['--fail-on', 'low']);
		expect(code, stderr).toBe(0);
		// Not hidden: every finding is still there, each marked.
		expect(after.findings.map(finding => `${finding.ref} ${finding.policy}`).sort()).toEqual(before.report.findings.map(finding => `${finding.ref} ${finding.policy}`).sort());
		expect(after.findings.every(finding => finding.accepted?.owner === 'platform@example.com' && finding.accepted.expires === '2099-12-31' && /tokenkit\.yaml:\d+$/.test(finding.accepted.where))).toBe(true);
		expect(after.summary.accepted).toBe(before.report.findings.length);
		expect(after.summary.highest).toBeNull();
		expect(stderr).toMatch(/0 findings \(0 high, 0 medium, 0 low, \d+ accepted\)/);
	});

	it('cover only the REF and policy they name', async () => {
		const before = await report({});
		const target = before.report.findings.find(finding => finding.provider === 'opal');
		if (target === undefined) {
			throw new Error('no Opal finding to accept');
		}

		const {report: after} = await report({accepted: [{...acceptEverything, ref: target.ref, policy: target.policy}]});
		const accepted = after.findings.filter(finding => finding.accepted !== null);
		expect(accepted.map(finding => `${finding.ref} ${finding.policy}`)).toEqual([`${target.ref} ${target.policy}`]);
		expect(after.summary.accepted).toBe(1);
	});

	it('show as accepted in the table and the CSV', async () => {
		const table = await audit({accepted: [{...acceptEverything, ref: 'opal:*'}]}, ['--format', 'table']);
		expect(table.stdout).toMatch(/^(high|medium|low), accepted +opal .*accepted until 2099-12-31 by platform@example\.com: migrating to the vault by June/m);
		expect(table.stdout).toMatch(/^\d+ accepted findings \(the config's audit\.accepted\) not counted above\.$/m);
		const csv = await audit({accepted: [{...acceptEverything, ref: 'opal:*'}]}, ['--format', 'csv']);
		const rows = v.parse(v.array(v.record(v.string(), v.string())), parseCsv(csv.stdout, {columns: true}));
		expect(rows.filter(row => row['provider'] === 'opal').every(row => row['accepted_until'] === '2099-12-31' && row['accepted_owner'] === 'platform@example.com')).toBe(true);
		expect(rows.filter(row => row['provider'] !== 'opal').every(row => row['accepted_until'] === '')).toBe(true);
	});

	it('once expired, count again, and each adds an acceptance-expired finding naming it', async () => {
		const before = await report({});
		const {code, report: after} = await report({accepted: [{...acceptEverything, ref: 'mist:*', expires: '2020-01-31'}]}, ['--fail-on', 'high']);
		const mist = before.report.findings.filter(finding => finding.provider === 'mist');
		const lapsed = after.findings.filter(finding => finding.policy === 'acceptance-expired');
		expect(lapsed).toHaveLength(mist.length);
		expect(lapsed.every(finding => finding.severity === 'low' && /expired on 2020-01-31; the finding counts again/.test(finding.reason) && /tokenkit\.yaml:\d+, owner platform@example\.com/.test(finding.reason))).toBe(true);
		expect(after.findings.filter(finding => finding.accepted !== null)).toEqual([]);
		expect(after.summary.accepted).toBe(0);
		expect(code).toBe(before.report.summary.highest === 'high' ? 3 : 0);
	});

	it('hold through the last day they name, in UTC, and end at midnight after it', () => {
		const token: Token = {
			provider: 'mist', account: 'mist-hq', id: 'a1', name: 'ci', description: null, kind: 'org', status: 'active', ownCredential: false,
			owner: {id: null, email: 'ada@example.com', status: 'present'}, createdBy: null, createdAt: new Date('2020-01-01T00:00:00Z'), lastUsedAt: new Date('2026-06-29T00:00:00Z'),
			expiresAt: null, privileges: [{role: 'read', scope: 'org', resource: 'o1'}], admin: false, allowedIps: ['192.0.2.1'], secretHint: null, raw: {},
		};
		const acceptance: Acceptance = {ref: 'mist:mist-hq:a1', policy: 'too-old', reason: 'r', owner: 'o', expires: '2026-06-30', where: 'tokenkit.yaml:9'};
		const at = (iso: string) => {
			const now = new Date(iso);
			return applyAcceptances({token, findings: auditToken(token, mistOrgCapabilities, auditDefaults, now)}, acceptanceList([acceptance]), now);
		};

		expect(at('2026-06-30T23:59:59.999Z').map(finding => [finding.policy, finding.accepted?.expires])).toEqual([['too-old', '2026-06-30']]);
		expect(at('2026-07-01T00:00:00.000Z').map(finding => [finding.policy, finding.accepted?.expires])).toEqual([['too-old', undefined], ['acceptance-expired', undefined]]);
	});
});

describe('audit.policies', () => {
	it('switch a policy off, everywhere or for one vendor', async () => {
		const before = await report({});
		expect(before.report.findings.some(finding => finding.policy === 'no-expiry')).toBe(true);
		const {report: off} = await report({policies: {'no-expiry': {enabled: false}, 'too-old': {vendors: {mist: {enabled: false}}}}});
		expect(off.findings.some(finding => finding.policy === 'no-expiry')).toBe(false);
		expect(off.findings.some(finding => finding.policy === 'too-old' && finding.provider === 'mist')).toBe(false);
		expect(off.findings.filter(finding => finding.policy === 'too-old').length).toBe(before.report.findings.filter(finding => finding.policy === 'too-old' && finding.provider !== 'mist').length);
	});

	it('give one vendor its own days, the others keeping the section\'s', async () => {
		const {report: tight} = await report({policies: {stale: {days: 365, vendors: {gitlab: {days: 1}}}}});
		const stale = tight.findings.filter(finding => finding.policy === 'stale');
		expect(stale.filter(finding => finding.provider === 'gitlab').length).toBeGreaterThan(0);
		expect(stale.filter(finding => finding.provider === 'gitlab').every(finding => finding.reason.endsWith('(threshold 1)'))).toBe(true);
		expect(stale.filter(finding => finding.provider !== 'gitlab').every(finding => finding.reason.endsWith('(threshold 365)'))).toBe(true);
	});
});
