import {spawn, spawnSync} from 'node:child_process';
import {mkdtemp, readFile, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parse as parseCsv} from 'csv-parse/sync';
import * as v from 'valibot';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {filesUnder, findLeaks} from '../support/leak-scan.js';
import {cliPath, finished, tokenkit, type Finished} from './built-cli.js';
import {startSimulateProcess, type SimulateProcess, type VendorLine} from './simulate-process.js';

/**
What gets in the way of daily use, through the built command against `tokenkit simulate` in another process:
REFs read from a pipe or a file, revoking what is already gone, reports whose format follows the file name
and that --force may replace, shell conveniences, and words that do not mislead.
*/

let directory = '';
let simulate: SimulateProcess | undefined;
let vendors: readonly VendorLine[] = [];
const runs: Finished[] = [];

beforeAll(async () => {
	directory = await mkdtemp(join(tmpdir(), 'tokenkit-daily-'));
	simulate = await startSimulateProcess(['--tokens', '8', '--seed', '9', '--no-rate-limits'], directory);
	({vendors} = simulate);
});

afterAll(async () => {
	expect((await simulate?.stop())?.code).toBe(0);
	// Nothing any command here printed or wrote holds a key (the config, which holds them, aside).
	const printed = runs.flatMap((result, index) => [{where: `run ${index} stdout`, text: result.stdout}, {where: `run ${index} stderr`, text: result.stderr}]);
	// The App keys simulate wrote beside the config (*.pem) are config too.
	const written = (await filesUnder(directory, new Set([join(directory, 'tokenkit.yaml')]))).filter(file => !file.where.endsWith('.pem'));
	expect(findLeaks([...printed, ...written], vendors.flatMap(vendor => vendor.accounts.map(account => account.apiKey)))).toEqual([]);
});

async function run(argv: readonly string[], stdin?: string): Promise<Finished> {
	let result: Finished;
	if (stdin === undefined) {
		result = await tokenkit(argv, {cwd: directory});
	} else {
		const child = spawn(process.execPath, [cliPath, ...argv], {cwd: directory, env: {PATH: process.env.PATH}, stdio: ['pipe', 'pipe', 'pipe']});
		child.stdin.end(stdin);
		result = await finished(child);
	}

	runs.push(result);
	return result;
}

const TokensSchema = v.object({tokens: v.array(v.looseObject({provider: v.string(), account: v.string(), id: v.string(), name: v.string(), ownCredential: v.boolean()}))});

async function refsOf(provider: string, account: string): Promise<string[]> {
	const result = await run(['inventory', '--format', 'json', '--quiet', '--account', account]);
	expect(result.code, result.stderr).toBe(0);
	return v.parse(TokensSchema, JSON.parse(result.stdout)).tokens
		.filter(token => token.provider === provider && !token.ownCredential && !token.name.startsWith('tokenkit-'))
		.map(token => `${token.provider}:${token.account}:${token.id}`);
}

describe('REFs from a pipe or a file, and revoking what is gone', () => {
	it('revokes the REFs an audit pipeline writes on stdin, once each; without --yes it refuses before any request', async () => {
		const refs = (await refsOf('launchdarkly', 'launchdarkly-account-1')).slice(0, 2);
		// As `jq -r .ref` writes them from an audit: one finding a line, so a token can come more than once.
		const piped = `${refs[0] ?? ''}\n${refs[1] ?? ''}\n${refs[0] ?? ''}\n`;
		const asked = await run(['revoke', '-'], piped);
		expect(asked.code).toBe(2);
		expect(asked.stderr).toContain('REFs read from stdin leave nobody to answer');

		const revoked = await run(['revoke', '-', '--yes'], piped);
		expect(revoked.code, revoked.stderr).toBe(0);
		expect(revoked.stdout).toContain('2 revoked, 0 failed.');
		expect(await refsOf('launchdarkly', 'launchdarkly-account-1')).not.toContain(refs[0]);
	});

	it('reads --refs-from FILE with comments and blank lines; a second revoke of the same REFs says "already revoked" and exits 0', async () => {
		const refs = (await refsOf('mist', 'mist-org-1')).slice(0, 2);
		await writeFile(join(directory, 'stale.txt'), `# stale tokens\n${refs[0] ?? ''}\n\n${refs[1] ?? ''}\r\n`);
		const first = await run(['revoke', '--refs-from', 'stale.txt', '--yes']);
		expect(first.code, first.stderr).toBe(0);
		expect(first.stdout).toContain('2 revoked, 0 failed.');

		const again = await run(['revoke', '--refs-from', 'stale.txt', '--yes']);
		expect(again.code, again.stderr).toBe(0);
		for (const ref of refs) {
			expect(again.stdout).toContain(`revoked ${ref}: already revoked: the vendor has no such token, and its list confirms it is gone`);
		}

		const rotateFromFile = await run(['rotate', '--refs-from', 'stale.txt', '--dry-run']);
		expect(rotateFromFile.code).toBe(1);
		expect(rotateFromFile.stdout).toContain(`${refs[0] ?? ''}: cannot be rotated`);
	});
});

describe('report files', () => {
	it('takes the format from --output\'s extension unless --format says otherwise, and --force replaces a report', async () => {
		const csv = await run(['inventory', '--output', 'tokens.csv', '--quiet', '--provider', 'mist,opal']);
		expect(csv.code, csv.stderr).toBe(0);
		const rows = v.parse(v.array(v.record(v.string(), v.string())), parseCsv(await readFile(join(directory, 'tokens.csv'), 'utf8'), {columns: true}));
		expect(new Set(rows.map(row => row['provider']))).toEqual(new Set(['mist', 'opal']));
		expect(rows.filter(row => row['own_credential'] === 'true')).toHaveLength(4);

		const refused = await run(['inventory', '--output', 'tokens.csv', '--quiet']);
		expect(refused.code).toBe(2);
		expect(refused.stderr).toContain('the file exists; tokenkit overwrites a report only with --force');

		const replaced = await run(['inventory', '--output', 'tokens.csv', '--format', 'json', '--force', '--quiet', '--provider', 'opal']);
		expect(replaced.code, replaced.stderr).toBe(0);
		const report = v.parse(TokensSchema, JSON.parse(await readFile(join(directory, 'tokens.csv'), 'utf8')));
		expect(new Set(report.tokens.map(token => token.provider))).toEqual(new Set(['opal']));
		expect((await stat(join(directory, 'tokens.csv'))).mode & 0o777).toBe(0o600);

		const markdown = await run(['audit', '--output', 'audit.md', '--quiet', '--summary']);
		expect(markdown.code, markdown.stderr).toBe(0);
		expect(await readFile(join(directory, 'audit.md'), 'utf8')).toMatch(/^\| vendor \| tokens \| flagged \|/m);
	});

	it('never replaces a secret file of rotate, even with --force', async () => {
		const [ref] = await refsOf('launchdarkly', 'launchdarkly-account-2');
		const rotated = await run(['rotate', ref ?? '', '--grace', '1h', '--secret-out', 'keys.jsonl', '--yes']);
		expect(rotated.code, rotated.stderr).toBe(0);
		const before = await readFile(join(directory, 'keys.jsonl'), 'utf8');
		const forced = await run(['inventory', '--output', 'keys.jsonl', '--force', '--quiet']);
		expect(forced.code).toBe(2);
		expect(forced.stderr).toContain('it is the secret file of a rotation');
		const journal = await run(['inventory', '--output', 'keys.jsonl.journal', '--force', '--quiet']);
		expect(journal.code).toBe(2);
		expect(await readFile(join(directory, 'keys.jsonl'), 'utf8')).toBe(before);
		// The key in it is the one secret this test means to write; the leak scan must not count it.
		const {key} = v.parse(v.object({key: v.string()}), JSON.parse(before));
		expect(runs.some(result => result.stdout.includes(key) || result.stderr.includes(key))).toBe(false);
	});
});

describe('shell conveniences', () => {
	it('prints a bash completion that completes commands, flags and values', async () => {
		const script = await run(['completion', 'bash']);
		expect(script.code).toBe(0);
		await writeFile(join(directory, 'completion.bash'), script.stdout);
		const probe = [
			`source ${JSON.stringify(join(directory, 'completion.bash'))}`,
			'COMP_WORDS=(tokenkit rev); COMP_CWORD=1; _tokenkit; echo "commands: ${COMPREPLY[*]}"',
			'COMP_WORDS=(tokenkit revoke --inc); COMP_CWORD=2; _tokenkit; echo "flags: ${COMPREPLY[*]}"',
			'COMP_WORDS=(tokenkit audit --fail-on ""); COMP_CWORD=3; _tokenkit; echo "values: ${COMPREPLY[*]}"',
		].join('\n');
		const shell = spawnSync('bash', ['-c', probe], {encoding: 'utf8'});
		expect(shell.stderr).toBe('');
		expect(shell.stdout).toBe('commands: revoke\nflags: --include-own-credential\nvalues: low medium high\n');

		for (const shellName of ['zsh', 'fish']) {
			const other = await run(['completion', shellName]);
			expect(other.code).toBe(0);
			expect(other.stdout).toContain('include-own-credential');
		}

		const unknown = await run(['completion', 'tcsh']);
		expect(unknown.code).toBe(2);
	});

	it('answers help COMMAND as COMMAND --help, and -V with the version', async () => {
		const help = await run(['help', 'rotate']);
		const flag = await run(['rotate', '--help']);
		expect(help).toMatchObject({code: 0, stdout: flag.stdout});
		expect((await run(['help', 'nope'])).code).toBe(2);
		const version = await run(['-V']);
		expect(version.code).toBe(0);
		expect(version.stdout).toBe((await run(['--version'])).stdout);
	});

	it('takes --provider and --account as comma lists', async () => {
		const result = await run(['inventory', '--format', 'json', '--quiet', '--provider', 'mist,launchdarkly', '--account', 'mist-org-2,launchdarkly-account-2']);
		expect(result.code, result.stderr).toBe(0);
		const accounts = new Set(v.parse(TokensSchema, JSON.parse(result.stdout)).tokens.map(token => token.account));
		expect(accounts).toEqual(new Set(['mist-org-2', 'launchdarkly-account-2']));
		expect((await run(['inventory', '--provider', 'mist,,opal'])).code).toBe(2);
	});
});

describe('words that do not mislead', () => {
	it('shows n/a for an expiry the vendor does not have, and counts complete accounts in the summary', async () => {
		const result = await run(['inventory', '--format', 'table', '--provider', 'mist,opal']);
		expect(result.code).toBe(0);
		const rows = result.stdout.split('\n');
		// Columns are aligned: the expiry of each row sits under the "expires" heading.
		const at = rows[0]?.indexOf('expires') ?? -1;
		const expiry = (row: string): string => row.slice(at).split(/\s{2,}/)[0] ?? '';
		const tokenRows = rows.slice(2, rows.indexOf(''));
		expect(tokenRows.filter(row => row.startsWith('mist ')).map(row => expiry(row))).toEqual(tokenRows.filter(row => row.startsWith('mist ')).map(() => 'n/a'));
		expect(tokenRows.filter(row => row.startsWith('opal ')).map(row => expiry(row))).not.toContain('n/a');
		expect(rows.find(row => /^mist\s+mist-org-1\s+\d+\s+\d+\s+\d+\s+/.test(row))).toMatch(/^mist\s+mist-org-1\s+\d+\s+\d+\s+\d+\s+n\/a\s+/);
		expect(rows.find(row => /^opal\s+opal-org-1\s+\d+\s+\d+\s+\d+\s+/.test(row))).toMatch(/^opal\s+opal-org-1\s+\d+\s+\d+\s+\d+\s+\d+\s+/);
		expect(result.stderr).toMatch(/^tokenkit: accounts 4\/4 complete, tokens \d+/);
	});

	it('gives Opal\'s advice with the --config the user passed', async () => {
		const [ref] = await refsOf('opal', 'opal-org-2');
		const result = await run(['rotate', ref ?? '', '--dry-run', '--config', 'tokenkit.yaml']);
		expect(result.code).toBe(1);
		expect(result.stdout).toContain(`To revoke the old token: tokenkit revoke ${ref ?? ''} --config tokenkit.yaml`);
	});
});
