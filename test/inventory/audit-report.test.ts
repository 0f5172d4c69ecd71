import {parse as parseCsv} from 'csv-parse/sync';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {opalCapabilities} from '../../providers/opal/index.js';
import {mistOrgCapabilities} from '../../providers/mist/index.js';
import {auditDefaults} from '../../src/config.js';
import {auditToken} from '../../src/inventory/audit/audit-token.js';
import {auditCsvWriter} from '../../src/inventory/audit/report/csv.js';
import {auditJsonWriter, auditNdjsonWriter} from '../../src/inventory/audit/report/json.js';
import {auditTableWriter} from '../../src/inventory/audit/report/table.js';
import type {AuditRun, AuditWriter} from '../../src/inventory/audit/report/types.js';
import {summarizeAudit} from '../../src/inventory/audit/summary.js';
import type {TokenAudit} from '../../src/inventory/audit/types.js';
import type {AccountOutcome, Write} from '../../src/inventory/report/types.js';
import type {Token} from '../../src/token.js';

const now = new Date('2026-11-23T12:00:00Z');
const day = 86_400_000;
const run: AuditRun = {auditedAt: now, settings: auditDefaults, failOn: 'high'};

function token(overrides: Partial<Token> = {}): Token {
	return {
		provider: 'mist',
		account: 'mist-hq',
		id: 'a1',
		name: 'terraform-ci',
		description: null,
		kind: 'org',
		status: 'active',
		ownCredential: false,
		owner: {id: null, email: 'ada@example.com', status: 'present'},
		createdBy: {id: null, email: 'ada@example.com', status: 'present'},
		createdAt: new Date(now.getTime() - 10 * day),
		lastUsedAt: now,
		expiresAt: null,
		privileges: [{role: 'read', scope: 'org', resource: 'o1'}],
		admin: false,
		allowedIps: ['192.0.2.1'],
		secretHint: '…QQCL',
		raw: {},
		...overrides,
	};
}

/** Three tokens: a Mist admin open to every address (high + medium), a clean Mist one, an Opal one that never expires (low). */
const audits: TokenAudit[] = [
	token({id: 'a1', name: 'ci, "prod"', admin: true, privileges: [{role: 'admin', scope: 'org', resource: 'o1'}], allowedIps: []}),
	token({id: 'a2', name: 'clean'}),
	token({provider: 'opal', account: 'opal-prod', id: 'o1', name: '=cmd|evil\u001b[31m', kind: 'unknown', owner: {id: 'u1', email: null, status: 'present'}, allowedIps: null}),
].map(each => ({token: each, findings: auditToken(each, each.provider === 'opal' ? opalCapabilities : mistOrgCapabilities, auditDefaults, now)}));

const outcomes: AccountOutcome[] = [
	{provider: 'mist', account: 'mist-hq', tokens: 2, complete: true, error: null, traffic: {requests: 1, retries: 0, rateLimited: 0, retryWaitMs: 0, paceWaitMs: 0}},
	{
		provider: 'opal', account: 'opal-prod', tokens: 1, complete: false, error: {name: 'ServerError', message: '[tokenkit:opal] account "opal-prod": GET /v1/tokens answered HTTP 503', status: 503},
		traffic: {requests: 5, retries: 4, rateLimited: 0, retryWaitMs: 7500, paceWaitMs: 0},
	},
	{provider: 'launchdarkly', account: 'ld-prod', tokens: 0, complete: true, error: null, traffic: {requests: 1, retries: 0, rateLimited: 0, retryWaitMs: 0, paceWaitMs: 0}},
];

function render(make: (write: Write) => AuditWriter, items: readonly TokenAudit[] = audits): string {
	const chunks: string[] = [];
	const writer = make(text => chunks.push(text));
	for (const each of items) {
		writer.token(each);
	}

	writer.finish(summarizeAudit(items, {vendors: ['mist', 'opal', 'launchdarkly']}), outcomes);
	return chunks.join('');
}

const FindingSchema = v.object({
	ref: v.string(), provider: v.string(), account: v.string(), tokenId: v.string(), tokenName: v.string(), kind: v.string(), owner: v.nullable(v.string()),
	policy: v.string(), severity: v.picklist(['low', 'medium', 'high']), reason: v.string(), remedy: v.picklist(['rotate', 'revoke', 'none']), advice: v.string(),
	owasp: v.object({id: v.string(), title: v.string()}),
});

describe('summarizeAudit', () => {
	it('counts tokens, flagged tokens and findings by vendor and severity, and findings by policy', () => {
		const summary = summarizeAudit(audits, {vendors: ['mist', 'opal', 'launchdarkly']});
		expect(summary.vendors).toEqual([
			{provider: 'mist', tokens: 2, flagged: 1, findings: {high: 1, medium: 1, low: 0}},
			{provider: 'opal', tokens: 1, flagged: 1, findings: {high: 0, medium: 0, low: 1}},
			{provider: 'launchdarkly', tokens: 0, flagged: 0, findings: {high: 0, medium: 0, low: 0}},
		]);
		expect(summary.total).toEqual({provider: 'all', tokens: 3, flagged: 2, findings: {high: 1, medium: 1, low: 1}});
		expect(summary.highest).toBe('high');
		expect(summary.policies.filter(row => row.findings.high + row.findings.medium + row.findings.low > 0)).toEqual([
			{policy: 'admin', findings: {high: 0, medium: 1, low: 0}},
			{policy: 'no-ip-allow-list', findings: {high: 1, medium: 0, low: 0}},
			{policy: 'no-expiry', findings: {high: 0, medium: 0, low: 1}},
		]);
		expect(summary.policies).toHaveLength(9);
	});

	it('lists vendors not given in order after the given ones, alphabetically, and has no highest when nothing was found', () => {
		const summary = summarizeAudit([{token: token({provider: 'zeta'}), findings: []}, {token: token({provider: 'alpha'}), findings: []}]);
		expect(summary.vendors.map(row => row.provider)).toEqual(['alpha', 'zeta']);
		expect(summary.highest).toBeNull();
	});
});

describe('audit formats', () => {
	it('json is one valid document: run, findings with their token and OWASP category, summary, accounts', () => {
		const parsed = v.parse(v.object({
			auditedAt: v.literal('2026-11-23T12:00:00.000Z'),
			settings: v.object({staleAfterDays: v.literal(90), maxAgeDays: v.literal(365), neverUsedGraceDays: v.literal(7)}),
			failOn: v.literal('high'),
			findings: v.array(FindingSchema),
			summary: v.looseObject({total: v.looseObject({tokens: v.literal(3)})}),
			accounts: v.array(v.looseObject({account: v.string(), complete: v.boolean()})),
		}), JSON.parse(render(write => auditJsonWriter(write, run))));
		expect(parsed.findings.map(row => [row.ref, row.policy, row.severity, row.owasp.id])).toEqual([
			['mist:mist-hq:a1', 'no-ip-allow-list', 'high', 'NHI5:2025'],
			['mist:mist-hq:a1', 'admin', 'medium', 'NHI5:2025'],
			['opal:opal-prod:o1', 'no-expiry', 'low', 'NHI7:2025'],
		]);
		expect(parsed.findings[0]).toMatchObject({tokenName: 'ci, "prod"', owner: 'ada@example.com', remedy: 'none', advice: 'replace with an IP-restricted token', owasp: {title: 'Overprivileged NHI'}});
		expect(parsed.accounts.map(outcome => outcome.complete)).toEqual([true, false, true]);
		expect(JSON.parse(render(write => auditJsonWriter(write, run), []))).toMatchObject({findings: [], summary: {highest: null}});
	});

	it('ndjson is one JSON object per line: findings, then the summary, then account outcomes', () => {
		const lines = render(write => auditNdjsonWriter(write, run)).trimEnd().split('\n').map(line => JSON.parse(line) as unknown);
		expect(lines).toHaveLength(3 + 1 + 3);
		expect(lines.slice(0, 3).every(line => v.is(FindingSchema, line))).toBe(true);
		expect(lines[3]).toMatchObject({summary: {auditedAt: '2026-11-23T12:00:00.000Z', total: {flagged: 2}}});
		expect(lines[5]).toMatchObject({account: {account: 'opal-prod', complete: false}});
	});

	it('csv has a header and one row per finding, quoted and formula-safe, readable by a standard parser', () => {
		const text = render(auditCsvWriter);
		const rows: unknown = parseCsv(text, {columns: true});
		const parsed = v.parse(v.array(v.record(v.string(), v.string())), rows);
		expect(parsed).toHaveLength(3);
		expect(parsed[0]).toMatchObject({severity: 'high', policy: 'no-ip-allow-list', provider: 'mist', token_name: 'ci, "prod"', owasp_id: 'NHI5:2025', ref: 'mist:mist-hq:a1'});
		expect(parsed[2]).toMatchObject({token_name: String.raw`'=cmd|evil\x1b[31m`, owner: 'u1', remedy: 'none', owasp_title: 'Long-Lived Secrets'});
		expect(text.split('\r\n')[0]).toBe('severity,policy,provider,account,token_id,token_name,kind,owner,reason,remedy,advice,owasp_id,owasp_title,ref,own_credential,accepted_until,accepted_owner,accepted_reason');
		expect(parsed[0]).toMatchObject({own_credential: 'false'});
	});

	it('the table groups findings by token, worst first, names the OWASP categories, counts by vendor and policy, and shows failed accounts', () => {
		const text = render(write => auditTableWriter(write, run));
		expect(text).not.toContain('\u001b');
		const lines = text.split('\n');
		expect(lines[0]).toMatch(/^severity\s+vendor\s+account\s+token\s+finding\s+reason\s+remedy\s+OWASP\s+REF$/);
		expect(lines[2]).toMatch(/^high\s+mist\s+mist-hq\s+ci, "prod"\s+no-ip-allow-list\s+full access usable from any address \(no IP allow-list\)\s+replace with an IP-restricted token\s+NHI5:2025\s+mist:mist-hq:a1$/);
		expect(lines[3]).toMatch(/^medium\s+mist\s+mist-hq\s+ci, "prod"\s+admin\s+full access \(admin@org\)/);
		expect(lines[4]).toMatch(/^low\s+opal\s+opal-prod\s+=cmd\|evil\\x1b\[31m\s+no-expiry/);
		expect(text).toContain('OWASP Non-Human Identities Top 10 (2025): NHI5:2025 Overprivileged NHI; NHI7:2025 Long-Lived Secrets');
		expect(text).toMatch(/\nmist\s+2\s+1\s+1\s+1\s+0\n/);
		expect(text).toMatch(/\nlaunchdarkly\s+0\s+0\s+0\s+0\s+0\n/);
		expect(text).toMatch(/\nall\s+3\s+2\s+1\s+1\s+1\n/);
		expect(text).toMatch(/\nno-expiry\s+1\s+0\s+0\s+1\s+NHI7:2025\n/);
		expect(text).toMatch(/opal\s+opal-prod\s+1\s+FAILED, audit incomplete: \[tokenkit:opal\]/);
		expect(text).toContain('Thresholds: stale after 90 days, max age 365 days, never-used grace 7 days');
	});

	it('the table shows a long REF whole: rotate and revoke take it as shown', () => {
		const id = 'service_accounts/749d9400-6a9e-462c-84c4-3cd7f2e4fb17/access_tokens/c85acf7e-113d-431d-950b-be05d437ded1';
		const long = token({id, admin: true, allowedIps: []});
		const text = render(write => auditTableWriter(write, run), [{token: long, findings: auditToken(long, mistOrgCapabilities, auditDefaults, now)}]);
		expect(text).toContain(`mist:mist-hq:${id}\n`);
	});

	it('markdown is the same report in pipe tables, and an audit without findings says so', () => {
		const markdown = render(write => auditTableWriter(write, run, {markdown: true}));
		expect(markdown).toMatch(/^\| severity \| vendor \| account \| token \| finding \| reason \| remedy \| OWASP \| REF \|\n\| --- \|/);
		expect(markdown).toContain(String.raw`| low | opal | opal-prod | =cmd\|evil\\x1b\[31m | no-expiry |`);
		expect(render(write => auditTableWriter(write, run), [])).toMatch(/^No findings\.\n/);
	});
});
