import {parse as parseCsv} from 'csv-parse/sync';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {parseReport} from '../reliability/support.js';
import {findLeaks} from '../support/leak-scan.js';
import {startCli} from '../support/run-cli.js';
import {
	hostileBodyRequestId,
	hostileDescription,
	hostileEmail,
	hostileErrors,
	hostileNames,
	hostileRecords,
	longText,
} from './modes/inert-text.js';
import {useHostileVendors, type HostileVendor} from './vendor.js';

const startHostile = useHostileVendors();

/*
What must never reach a person: ESC, a C1 control (0x80–0x9f, which terminals read as ESC sequences too), a
carriage return that is not part of a CSV line end, a bidi control, a zero-width or other invisible format
character, or the line and paragraph separators.
*/
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const hiddenCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;
const bareCarriageReturn = /\r(?!\n)/;

function expectInert(text: string, where: string): void {
	expect(hiddenCharacters.exec(text)?.[0], `${where} shows a hidden or control character`).toBeUndefined();
	expect(bareCarriageReturn.test(text), `${where} holds a carriage return that rewrites its line`).toBe(false);
}

const humanFormats = ['table', 'markdown', 'csv'] as const;
const machineFormats = ['json', 'ndjson'] as const;

interface Printed {
	readonly code: number;
	readonly stdout: string;
	readonly stderr: string;
}

async function runCommand(hostile: HostileVendor, argv: readonly string[], accounts?: ReadonlyArray<Readonly<Record<string, string>>>): Promise<Printed> {
	const {directory, env} = await hostile.writeConfig(accounts);
	const cli = startCli(argv, {env, cwd: directory});
	const code = await cli.done;
	const printed = {code, stdout: cli.stdout(), stderr: cli.stderr()};
	expect(findLeaks([{where: `${argv.join(' ')} stdout`, text: printed.stdout}, {where: `${argv.join(' ')} stderr`, text: printed.stderr}], hostile.secrets())).toEqual([]);
	return printed;
}

const TokenLineSchema = v.looseObject({provider: v.string(), name: v.string(), description: v.nullable(v.string()), owner: v.nullable(v.looseObject({email: v.nullable(v.string())}))});

/** How many tokens the vendor lists, read from the faithful JSON report. */
async function countTokens(hostile: HostileVendor): Promise<number> {
	return parseReport((await runCommand(hostile, ['inventory', '--format', 'json'])).stdout).tokens.length;
}

describe('vendor text in token records', () => {
	it.each(humanFormats)('inventory --format %s shows every name, description and email inert, one row per token, long names clipped', async format => {
		const hostile = await startHostile({vendor: 'launchdarkly', mode: hostileRecords(), tokens: hostileNames.length, others: false});
		const {code, stdout, stderr} = await runCommand(hostile, ['inventory', '--format', format]);
		expect(code).toBe(0);
		expectInert(stdout, 'stdout');
		expectInert(stderr, 'stderr');
		// Shown, not dropped: the escape is visible as text (in Markdown, its backslash and bracket escaped once more).
		expect(stdout).toContain(format === 'markdown' ? String.raw`evil\\x1b\[31mRED` : String.raw`evil\x1b[31mRED`);
		expect(stdout).toContain(format === 'markdown' ? String.raw`invoice\\u202e\\u2066fdp.exe\\u2069` : String.raw`invoice\u202e\u2066fdp.exe\u2069`);

		const tokens = await countTokens(hostile);
		if (format === 'csv') {
			const rows = v.parse(v.array(v.record(v.string(), v.string())), parseCsv(stdout, {columns: true}));
			expect(rows).toHaveLength(tokens);
			expect(rows.map(row => row.name)).toContain(String.raw`row\nlaunchdarkly  forged  row | with pipe`);
			expect(rows.map(row => row.name)).toContain(String.raw`'\ttab-led`);
			expect(rows.map(row => row.name)).toContain('\'=HYPERLINK("http://attacker.example/","click")');
			expect(rows.every(row => row.description === String.raw`desc\x1b[2J\r\nsecond line\u202eesrever\u200b`)).toBe(true);
			expect(rows.every(row => row.owner_email === '' || row.owner_email === String.raw`ops\u202e@evil\x1b[5m.example`)).toBe(true);
			expect(rows.map(row => row.name)).toContain(`${'L'.repeat(4000)}-end`);
			return;
		}

		const lines = stdout.split('\n');
		const tokenRows = lines.filter(line => /^(\| )?launchdarkly\s/.test(line) && !/complete/.test(line));
		expect(tokenRows, 'a line break split a row, or forged one').toHaveLength(tokens);
		expect(stdout).not.toContain('L'.repeat(100));
		expect(stdout).toContain(`${'L'.repeat(80)}…`);
		if (format === 'markdown') {
			const table = lines.slice(0, lines.indexOf(''));
			// Every row has the header's number of cell borders: no `|` in a name opened a new cell.
			const borders = (line: string): number => line.match(/(?<!\\)\|/g)?.length ?? 0;
			expect(new Set(table.map(line => borders(line)))).toEqual(new Set([12]));
			expect(stdout).toContain(String.raw`\`code\` \[link\](javascript:alert(1)) \<b\>bold\</b\> \&#x202e; \*\*strong\*\* \~\~gone\~\~`);
		}
	});

	it.each(humanFormats)('audit --format %s shows names and emails inert, one row per finding', async format => {
		const hostile = await startHostile({vendor: 'launchdarkly', mode: hostileRecords(), tokens: hostileNames.length, others: false});
		const {code, stdout, stderr} = await runCommand(hostile, ['audit', '--format', format]);
		expect(code).toBe(0);
		expectInert(stdout, 'stdout');
		expectInert(stderr, 'stderr');
		if (format === 'csv') {
			const rows = v.parse(v.array(v.record(v.string(), v.string())), parseCsv(stdout, {columns: true}));
			expect(rows.length).toBeGreaterThan(0);
			expect(rows.every(row => row.ref?.startsWith('launchdarkly:') === true && !/^[=+\-@\t\r]/.test(row.token_name ?? ''))).toBe(true);
		} else {
			expect(stdout).not.toContain('L'.repeat(100));
			const findingRows = stdout.split('\n').filter(line => /^(\| )?(high|medium|low)\s/.test(line));
			const csv = await runCommand(hostile, ['audit', '--format', 'csv']);
			expect(findingRows, 'a line break split a row, or forged one').toHaveLength(v.parse(v.array(v.unknown()), parseCsv(csv.stdout, {columns: true})).length);
		}
	});

	it.each(machineFormats)('inventory --format %s keeps the data faithful and stays valid', async format => {
		const hostile = await startHostile({vendor: 'launchdarkly', mode: hostileRecords(), tokens: hostileNames.length, others: false});
		const {code, stdout, stderr} = await runCommand(hostile, ['inventory', '--format', format]);
		expect(code).toBe(0);
		expectInert(stderr, 'stderr');
		// JSON escapes C0 controls itself; the text stays one document (or one object per line) a parser reads.
		expect(stdout).not.toContain('\u001b');
		expect(stdout).not.toMatch(bareCarriageReturn);
		const records: unknown[] = format === 'json'
			? parseReport(stdout).tokens
			: stdout.trimEnd().split('\n').map(line => JSON.parse(line) as unknown).filter(line => typeof line === 'object' && line !== null && 'id' in line);
		const tokens = v.parse(v.array(TokenLineSchema), records);
		expect(new Set(tokens.map(token => token.name))).toEqual(new Set(hostileNames));
		expect(tokens.every(token => token.description === hostileDescription && (token.owner === null || token.owner.email === hostileEmail))).toBe(true);
		expect(tokens.some(token => token.owner?.email === hostileEmail)).toBe(true);
		expect(tokens.map(token => token.name)).toContain(longText);
	});

	it('rotate --dry-run names the token inert in its plan', async () => {
		const hostile = await startHostile({vendor: 'launchdarkly', mode: hostileRecords(), tokens: hostileNames.length, others: false});
		const listing = await runCommand(hostile, ['inventory', '--format', 'json']);
		const refs = parseReport(listing.stdout).tokens.slice(0, hostileNames.length).map(token => `${token.provider}:${token.account}:${token.id}`);
		const {code, stdout, stderr} = await runCommand(hostile, ['rotate', '--dry-run', ...refs]);
		expect([0, 1]).toContain(code);
		expectInert(stdout, 'stdout');
		expectInert(stderr, 'stderr');
		expect(stdout).toContain(String.raw`("c1\x9b2Jclear")`);
		expect(stdout).toContain(String.raw`("zero\u200bwidth\ufeff\u2060joined\u200d")`);
		expect(stdout.split('\n').filter(line => line.startsWith('  launchdarkly:'))).toHaveLength(refs.length);
		expect(stdout).not.toContain('L'.repeat(100));
	});

	it('revoke names each token inert before asking', async () => {
		const hostile = await startHostile({vendor: 'launchdarkly', mode: hostileRecords(), tokens: hostileNames.length, others: false});
		const listing = await runCommand(hostile, ['inventory', '--format', 'json']);
		const refs = parseReport(listing.stdout).tokens.slice(0, hostileNames.length).map(token => `${token.provider}:${token.account}:${token.id}`);
		const {directory, env} = await hostile.writeConfig();
		// Nobody answers yes: the list is shown and nothing is revoked.
		const cli = startCli(['revoke', ...refs], {env, cwd: directory, stdin: '', stdinIsTTY: true});
		expect(await cli.done).toBe(1);
		expect(findLeaks([{where: 'revoke stdout', text: cli.stdout()}, {where: 'revoke stderr', text: cli.stderr()}], hostile.secrets())).toEqual([]);
		expectInert(cli.stdout(), 'stdout');
		expectInert(cli.stderr(), 'stderr');
		expect(cli.stderr()).toContain(String.raw`("c1\x9b2Jclear")`);
		expect(cli.stderr().split('\n').filter(line => line.startsWith('  launchdarkly:'))).toHaveLength(refs.length);
		expect(cli.stderr()).toContain('Not confirmed: nothing was revoked.');
	});
});

describe('vendor text in an error', () => {
	it.each([...humanFormats, ...machineFormats])('--format %s: the failed account is said on stderr in one inert, clipped line; the other vendors finish', async format => {
		const hostile = await startHostile({vendor: 'launchdarkly', mode: hostileErrors({requestIdHeader: true}), tokens: 3});
		const {code, stdout, stderr} = await runCommand(hostile, ['inventory', '--format', format]);
		expect(code).toBe(1);
		expectInert(stderr, 'stderr');
		const failures = stderr.split('\n').filter(line => line.startsWith('[tokenkit:launchdarkly]'));
		expect(failures).toHaveLength(hostile.behind.get('launchdarkly').configEntries().length);
		for (const line of failures) {
			expect(line).toContain(String.raw`vendor says: denied\x1b]0;pwned\x07\x1b[2J tokenkit: all accounts complete\u202e\u200b MMM`);
			// The vendor's message is cut to a few hundred characters, the request id to 100.
			expect(line).not.toContain('M'.repeat(300));
			// The header's bytes arrive as Latin-1 (a C1 byte may come with the UTF-8 lead byte the server wrote): shown, not raw.
			expect(line).toMatch(/request id req.?\\x9b2J.?\\x85R+…$/);
			expect(line).not.toContain('R'.repeat(100));
			expect(line.length).toBeLessThan(1000);
		}

		if (format === 'json') {
			const report = parseReport(stdout);
			expect(report.accounts.filter(account => account.provider !== 'launchdarkly').every(account => account.complete)).toBe(true);
			expect(report.accounts.filter(account => account.provider === 'launchdarkly').every(account => !account.complete)).toBe(true);
		} else if (format !== 'ndjson') {
			expectInert(stdout, 'stdout');
			expect(stdout).not.toContain('M'.repeat(300));
		}
	});

	it('an error body\'s request id, without a header, is inert and clipped too', async () => {
		const hostile = await startHostile({vendor: 'launchdarkly', mode: hostileErrors({requestIdHeader: false}), tokens: 3, others: false});
		const {code, stderr} = await runCommand(hostile, ['inventory', '--format', 'table']);
		expect(code).toBe(1);
		expectInert(stderr, 'stderr');
		expect(stderr).toContain(String.raw`request id id\x1b]0;title\x07\u202eIII`);
		expect(stderr).not.toContain(hostileBodyRequestId.slice(-100));
	});
});

describe('an account name from the config', () => {
	it('with bidi and zero-width characters, is refused by the config, and the refusal is inert', async () => {
		const hostile = await startHostile({vendor: 'launchdarkly', mode: hostileErrors({requestIdHeader: true}), tokens: 3, others: false});
		const name = 'prod\u202e\u2066dorp\u2069\u200b\ufeff-ld';
		const [first, ...rest] = hostile.entries;
		const accounts = [{...first, name}, ...rest];
		for (const format of humanFormats) {
			const {code, stdout, stderr} = await runCommand(hostile, ['inventory', '--format', format], accounts);
			expectInert(stdout, `${format} stdout`);
			expectInert(stderr, `${format} stderr`);
			// The config refuses such a name (exit 2) and names the character without printing the name.
			expect(code).toBe(2);
			expect(stderr).toMatch(/account #1: field "name" holds U\+202E/);
			expect(stdout).toBe('');
		}
	});
});
