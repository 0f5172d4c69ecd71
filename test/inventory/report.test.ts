import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {csvField, csvWriter} from '../../src/inventory/report/csv.js';
import {jsonWriter, ndjsonWriter} from '../../src/inventory/report/json.js';
import {tableWriter} from '../../src/inventory/report/table.js';
import type {AccountOutcome, InventoryWriter, Write} from '../../src/inventory/report/types.js';
import type {Token} from '../../src/token.js';

const now = Date.parse('2026-11-23T00:00:00Z');

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
		createdAt: new Date('2024-01-01T00:00:00Z'),
		lastUsedAt: null,
		expiresAt: null,
		privileges: [{role: 'admin', scope: 'org', resource: 'o1'}],
		admin: true,
		allowedIps: [],
		secretHint: '…QQCL',
		raw: {id: 'a1'},
		...overrides,
	};
}

const outcomes: AccountOutcome[] = [
	{provider: 'mist', account: 'mist-hq', tokens: 2, complete: true, error: null, traffic: {requests: 3, retries: 2, rateLimited: 1, retryWaitMs: 1020, paceWaitMs: 500}},
	{
		provider: 'opal', account: 'opal-prod', tokens: 0, complete: false, error: {name: 'AuthenticationError', message: '[tokenkit:opal] account "opal-prod": GET /v1/tokens answered HTTP 401', status: 401},
		traffic: {requests: 1, retries: 0, rateLimited: 0, retryWaitMs: 0, paceWaitMs: 0},
	},
];

function render(make: (write: Write) => InventoryWriter, tokens: readonly Token[]): string {
	const chunks: string[] = [];
	const writer = make(text => chunks.push(text));
	for (const each of tokens) {
		writer.token(each);
	}

	writer.finish(outcomes);
	return chunks.join('');
}

describe('inventory formats', () => {
	it('json is one valid document with ISO times and how each account ended', () => {
		const parsed: unknown = JSON.parse(render(jsonWriter, [token(), token({id: 'a2', lastUsedAt: new Date('2026-11-01T00:00:00Z')})]));
		expect(parsed).toMatchObject({
			tokens: [{id: 'a1', createdAt: '2024-01-01T00:00:00.000Z', lastUsedAt: null}, {id: 'a2', lastUsedAt: '2026-11-01T00:00:00.000Z'}],
			accounts: [{account: 'mist-hq', complete: true}, {account: 'opal-prod', complete: false, error: {status: 401}}],
		});
		expect(JSON.parse(render(jsonWriter, []))).toMatchObject({tokens: []});
	});

	it('ndjson is one JSON object per line: tokens, then account outcomes', () => {
		const lines = render(ndjsonWriter, [token(), token({id: 'a2'})]).trimEnd().split('\n').map(line => JSON.parse(line) as unknown);
		expect(lines).toHaveLength(4);
		expect(lines[0]).toMatchObject({id: 'a1', provider: 'mist'});
		expect(lines[3]).toMatchObject({account: {account: 'opal-prod', complete: false}});
	});

	it('says "unknown" for admin null in every format, never "no": JSON null, table and markdown unknown, CSV unknown', () => {
		const tokens = [token({id: 'yes'}), token({id: 'no', admin: false}), token({id: 'cannot-tell', admin: null})];
		const json = v.parse(v.object({tokens: v.array(v.looseObject({id: v.string(), admin: v.nullable(v.boolean())}))}), JSON.parse(render(jsonWriter, tokens)));
		expect(json.tokens.map(each => [each.id, each.admin])).toEqual([['yes', true], ['no', false], ['cannot-tell', null]]);
		const ndjsonLines = render(ndjsonWriter, tokens).trim().split('\n').slice(0, 3).map(line => v.parse(v.looseObject({admin: v.nullable(v.boolean())}), JSON.parse(line)).admin);
		expect(ndjsonLines).toEqual([true, false, null]);
		const csvRows = render(csvWriter, tokens).trim().split('\r\n').slice(1).map(row => row.split(',')[10]);
		expect(csvRows).toEqual(['true', 'false', 'unknown']);
		const tableRows = render(write => tableWriter(write, {now: () => now}), tokens).split('\n').slice(2, 5).map(row => /\s(yes|unknown)\s/.exec(row)?.[1] ?? '');
		expect(tableRows).toEqual(['yes', '', 'unknown']);
		// The summary counts only the tokens known to be admin.
		expect(render(write => tableWriter(write, {now: () => now}), tokens)).toMatch(/mist-hq\s+2\s+1\s/);
	});

	it('csv quotes commas and quotes, shows line breaks and escapes as escapes, and defuses spreadsheet formulas', () => {
		expect(csvField('plain')).toBe('plain');
		expect(csvField('a,b')).toBe('"a,b"');
		expect(csvField('say "hi"')).toBe('"say ""hi"""');
		expect(csvField('two\nlines')).toBe(String.raw`two\nlines`);
		expect(csvField(' padded ')).toBe('" padded "');
		expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
		expect(csvField('@SUM(1)')).toBe('\'@SUM(1)');
		expect(csvField('\t=1+1')).toBe(String.raw`'\t=1+1`);
		expect(csvField('\r=1+1')).toBe(String.raw`'\r=1+1`);
		expect(csvField('\u202e=1')).toBe(String.raw`\u202e=1`);
		const text = render(csvWriter, [token({name: 'ci, prod'})]);
		const [header, row] = text.split('\r\n');
		expect(header).toBe('provider,account,id,name,kind,owner_id,owner_email,created_at,last_used_at,expires_at,admin,privileges,allowed_ips,secret_hint,description,owner_status,created_by_id,created_by_email,created_by_status,own_credential');
		expect(row).toBe('mist,mist-hq,a1,"ci, prod",org,,ada@example.com,2024-01-01T00:00:00.000Z,,,true,admin@org:o1,unrestricted,…QQCL,,present,,ada@example.com,present,false');
		const gone = render(csvWriter, [token({owner: {id: 'u7', email: null, status: 'gone'}, createdBy: null})]).split('\r\n')[1];
		expect(gone?.split(',').slice(-5, -1)).toEqual(['gone', '', '', '']);
	});

	it('the table shows ages, unrestricted allow-lists and failed accounts, and neutralizes control characters', () => {
		const text = render(write => tableWriter(write, {now: () => now}), [token({name: 'evil\u001b[31mred'}), token({id: 'a2', allowedIps: null, admin: false, expiresAt: new Date(now - 1000)})]);
		expect(text).not.toContain('\u001b');
		expect(text).toContain(String.raw`evil\x1b[31mred`);
		expect(text).toMatch(/mist\s+mist-hq\s+evil.*org\s+ada@example.com\s+2\.9y\s+never\s+never\s+yes\s+unrestricted/);
		expect(text).toContain('EXPIRED');
		expect(text).toContain('n/a');
		expect(text).toMatch(/opal\s+opal-prod\s+0\s+0\s+0\s+0\s+0\s+1\s+0\s+0\.0 s\s+FAILED: \[tokenkit:opal\]/);
		expect(text).toMatch(/mist\s+mist-hq\s+2\s+.*\s+3\s+2 \(1 × 429\)\s+1\.5 s\s+complete/);
	});

	it('the table shows a long REF whole: rotate and revoke take it as shown', () => {
		const id = 'service_accounts/749d9400-6a9e-462c-84c4-3cd7f2e4fb17/access_tokens/c85acf7e-113d-431d-950b-be05d437ded1';
		const text = render(write => tableWriter(write, {now: () => now}), [token({provider: 'datadog', account: 'datadog-prod', id})]);
		expect(text).toContain(`datadog:datadog-prod:${id}\n`);
	});
});
