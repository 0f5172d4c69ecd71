import {execFileSync} from 'node:child_process';
import {existsSync, statSync} from 'node:fs';
import {chmod, mkdir, mkdtemp, symlink, writeFile} from 'node:fs/promises';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {builtInVendors} from '../providers/index.js';
import {createProviders} from '../src/cli/accounts.js';
import {loadConfig, maxConfigBytes, maxKeyFileBytes} from '../src/config.js';
import {ConfigError} from '../src/errors/index.js';

const providers = ['mist', 'opal', 'launchdarkly'];
const secret = 'ld-SEEDED-secret-7f3a';

async function configFile(text: string, name = 'tokenkit.yaml'): Promise<string> {
	const directory = await mkdtemp(join(tmpdir(), 'tokenkit-config-'));
	const path = join(directory, name);
	await writeFile(path, text);
	return path;
}

async function load(text: string, env: NodeJS.ProcessEnv = {}): Promise<{config: Awaited<ReturnType<typeof loadConfig>>; warnings: string[]}> {
	const warnings: string[] = [];
	const config = await loadConfig(await configFile(text), {env, providers, warn: message => warnings.push(message)});
	return {config, warnings};
}

async function failure(text: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
	const error: unknown = await load(text, env).catch((caught: unknown) => caught);
	expect(error).toBeInstanceOf(ConfigError);
	return error instanceof Error ? error.message : '';
}

describe('loadConfig', () => {
	it('reads accounts, resolves ${VAR} keys and vendor fields, and fills audit defaults', async () => {
		const {config} = await load(
			[
				'accounts:',
				'  - name: ld-prod',
				'    provider: launchdarkly',
				'    apiKey: ${LD_API_KEY}',
				'  - name: mist-hq',
				'    provider: mist',
				'    orgId: ${MIST_ORG}',
				'    cloud: global01',
				'    apiKey: plain-key',
				'audit:',
				'  staleAfterDays: 30',
			].join('\n'),
			{LD_API_KEY: secret, MIST_ORG: '6f1b0000-0000-4000-8000-000000000000'},
		);
		expect(config.accounts.map(account => [account.name, account.provider, account.apiKey, account.options, account.where.endsWith(':2') || account.where.endsWith(':5')])).toEqual([
			['ld-prod', 'launchdarkly', secret, {}, true],
			['mist-hq', 'mist', 'plain-key', {orgId: '6f1b0000-0000-4000-8000-000000000000', cloud: 'global01'}, true],
		]);
		expect(config.audit).toEqual({staleAfterDays: 30, maxAgeDays: 365, neverUsedGraceDays: 7});
	});

	it('reads JSON, which is YAML too', async () => {
		const {config} = await load(JSON.stringify({generatedBy: 'tokenkit simulate', accounts: [{name: 'o', provider: 'opal', apiKey: 'k', baseUrl: 'http://127.0.0.1:1/v1'}]}));
		expect(config.accounts[0]?.baseUrl).toBe('http://127.0.0.1:1/v1');
	});

	it('reads a key file relative to the config, and warns when others can read it', async () => {
		const path = await configFile('accounts:\n  - {name: o, provider: opal, apiKeyFile: ./opal.key}\n');
		const keyPath = join(path, '..', 'opal.key');
		await writeFile(keyPath, `${secret}\n`);
		await chmod(keyPath, 0o644);
		const warnings: string[] = [];
		const config = await loadConfig(path, {env: {}, providers, warn: message => warnings.push(message)});
		expect(config.accounts[0]?.apiKey).toBe(secret);
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toMatch(/can be read by other users \(mode 644\); run chmod 600/);
		expect(warnings[0]).not.toContain(secret);

		await chmod(keyPath, 0o600);
		warnings.length = 0;
		await loadConfig(path, {env: {}, providers, warn: message => warnings.push(message)});
		expect(warnings).toEqual([]);
	});

	it.each([
		['a YAML syntax error, with line and column', 'accounts:\n  - name: a\n    provider: [opal\n', /tokenkit\.yaml:\d+:\d+: not valid YAML/],
		['an unknown provider, with the line of the field', 'accounts:\n  - name: a\n    provider: opal\n    apiKey: k\n  - name: gh\n    provider: github\n    apiKey: k\n', /tokenkit\.yaml:6: account "gh": field "provider": unknown provider "github" \(known: mist, opal, launchdarkly\)$/],
		['a missing environment variable, by name', 'accounts:\n  - {name: ld, provider: launchdarkly, apiKey: "${LD_API_KEY}"}\n', /account "ld": field "apiKey": environment variable LD_API_KEY is not set/],
		['no key at all', 'accounts:\n  - {name: ld, provider: launchdarkly}\n', /account "ld": needs "apiKey"/],
		['both key and key file', 'accounts:\n  - {name: ld, provider: launchdarkly, apiKey: k, apiKeyFile: f}\n', /either "apiKey" or "apiKeyFile", not both/],
		['an unreadable key file', 'accounts:\n  - {name: ld, provider: launchdarkly, apiKeyFile: ./missing.key}\n', /field "apiKeyFile": .*missing\.key cannot be read \(no such file\)/],
		['a duplicate account name', 'accounts:\n  - {name: a, provider: opal, apiKey: k}\n  - {name: a, provider: opal, apiKey: k}\n', /account "a": the name is used by another account/],
		['an account without a name', 'accounts:\n  - {provider: opal, apiKey: k}\n', /account #1: field "name" is missing/],
		['no accounts', 'accounts: []\n', /accounts/],
		['a misspelt top-level field, with its line', 'accounts:\n  - {name: a, provider: opal, apiKey: k}\nvendor: []\n', /tokenkit\.yaml:3: unknown field "vendor"; did you mean "vendors"\?$/],
		['a misspelt required field, with its line', '# accounts\nacounts:\n  - {name: a, provider: opal, apiKey: k}\n', /tokenkit\.yaml:2: field "accounts" is missing; "acounts" looks like a misspelt "accounts"$/],
		['a negative audit threshold', 'accounts:\n  - {name: a, provider: opal, apiKey: k}\naudit:\n  staleAfterDays: -3\n', /audit\.staleAfterDays/],
	])('refuses %s', async (_name, text, message) => {
		expect(await failure(text)).toMatch(message);
	});

	it('never puts a key into a message, even when the entry around it is wrong', async () => {
		const message = await failure(`accounts:\n  - {name: ld, provider: github, apiKey: ${secret}}\n`);
		expect(message).not.toContain(secret);
	});

	it('says when the file is missing', async () => {
		const error: unknown = await loadConfig('/nonexistent/tokenkit.yaml', {env: {}, providers, warn: () => undefined}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(ConfigError);
		expect(String(error)).toContain('/nonexistent/tokenkit.yaml cannot be read (no such file)');
	});
});

describe('allowInsecureHttp in a config entry', () => {
	const entry = (extra: string): string => ['accounts:', '  - name: ld-lab', '    provider: launchdarkly', `    apiKey: ${secret}`, '    baseUrl: http://ld.lab.example', extra].join('\n');

	it('refuses plain HTTP to a remote host, naming the file and line of the entry', async () => {
		const {config} = await load(entry(''));
		const error: unknown = (() => {
			try {
				createProviders(config.accounts, {}, undefined, builtInVendors);
				return null;
			} catch (caught) {
				return caught;
			}
		})();
		expect(error).toBeInstanceOf(ConfigError);
		expect(error instanceof Error ? error.message : '').toMatch(/tokenkit\.yaml:2: .*account "ld-lab": baseUrl "http:\/\/ld\.lab\.example" uses plain HTTP/);
	});

	it('lets an entry that says allowInsecureHttp: true use it', async () => {
		const {config} = await load(entry('    allowInsecureHttp: true'));
		expect(config.accounts[0]?.allowInsecureHttp).toBe(true);
		expect(createProviders(config.accounts, {}, undefined, builtInVendors).map(provider => provider.account)).toEqual(['ld-lab']);
	});
});

describe('environment references', () => {
	const entry = (apiKey: string): string => `accounts:\n  - name: ld\n    provider: launchdarkly\n    apiKey: '${apiKey}'\n`;
	const keyOf = async (apiKey: string, env: NodeJS.ProcessEnv): Promise<string | undefined> => (await load(entry(apiKey), env)).config.accounts[0]?.apiKey;

	it.each([
		['${LD_KEY}', {LD_KEY: secret}, secret],
		['${LD_KEY:-fallback}, set', {LD_KEY: secret}, secret],
		['${LD_KEY:-fallback}, unset', {}, 'fallback'],
		['${LD_KEY:-fallback}, empty', {LD_KEY: ''}, 'fallback'],
		['pre-${LD_KEY}-post', {LD_KEY: 'k'}, 'pre-k-post'],
		['$${LD_KEY}, a literal ${', {LD_KEY: secret}, '${LD_KEY}'],
		['pa$$word, a literal $', {}, 'pa$word'],
		['cost$5 and a trailing $', {}, 'cost$5 and a trailing $'],
	])('reads %s', async (text, env, expected) => {
		expect(await keyOf(text.replace(/, .*$/, ''), env)).toBe(expected);
	});

	// Each of these reached the vendor as the credential, as written, before tokenkit refused them.
	it.each([
		['${LD_KEY-x}, default only when unset', '${LD_KEY-ld-DEFAULT-secret-0000}', /holds "\$\{LD_KEY-…\}", a shell form tokenkit does not support/],
		['${LD_KEY:?message}', '${LD_KEY:?ld-MESSAGE-secret-0000}', /holds "\$\{LD_KEY:\?…\}", a shell form/],
		['${LD_KEY:+x}', '${LD_KEY:+ld-ALTERNATE-secret-00}', /holds "\$\{LD_KEY:\+…\}", a shell form/],
		['${LD_KEY:=x}', '${LD_KEY:=ld-ASSIGNED-secret-000}', /holds "\$\{LD_KEY:=…\}", a shell form/],
		['${#LD_KEY}, a length', '${#LD_KEY}', /holds "\$\{#…\}", a shell form/],
		['${LD_KEY/a/b}, a substitution', '${LD_KEY/ld/ld-SUBSTITUTE-secret}', /holds "\$\{LD_KEY\/…\}", a shell form/],
		['${LD_KEY:0:8}, a substring', '${LD_KEY:0:8}', /holds "\$\{LD_KEY:…\}", a shell form/],
		['$LD_KEY without braces', 'ld-PREFIX-secret-$LD_KEY', /holds a "\$" followed by a name without braces \(character 18\); write \$\{NAME\} for a variable/],
		['nested ${${LD_KEY}}', '${${LD_KEY}}', /holds a reference inside a reference/],
		['a reference in a default', '${OTHER:-${LD_KEY}}', /holds a reference inside a reference/],
		['an empty ${}', 'ld-${}', /holds an empty "\$\{\}"/],
		['a name that starts with a digit', '${1}', /whose name is not a variable name/],
		['an unclosed ${', 'ld-UNCLOSED-secret-${LD_KEY', /holds a "\$\{" without its closing "\}" \(character 20\)/],
		['$(command)', '$(cat ld-COMMAND-secret-0000)', /holds "\$\(", a shell command tokenkit does not run/],
	])('refuses %s, naming the file, line, account and field but not the text', async (_what, apiKey, message) => {
		const text = await failure(entry(apiKey), {LD_KEY: secret, OTHER: ''});
		// The line of the field itself (the entry starts on line 2).
		expect(text).toMatch(/tokenkit\.yaml:4: account "ld": field "apiKey" holds /);
		expect(text).toMatch(message);
		expect(text).toMatch(/; tokenkit reads \$\{NAME\} and \$\{NAME:-default\}, and \$\$ for a literal \$$/);
		expect(text).not.toContain(secret);
		expect(text).not.toMatch(/secret|ld-[A-Z]/);
	});

	it('refuses the same forms in every field it expands', async () => {
		const config = (field: string): string => `accounts:\n  - name: mist-hq\n    provider: mist\n    apiKey: k\n    ${field}\n`;
		expect(await failure(config('orgId: ${MIST_ORG:?set it}'))).toMatch(/account "mist-hq": field "orgId" holds "\$\{MIST_ORG:\?…\}"/);
		expect(await failure(config('baseUrl: https://$HOST/api'))).toMatch(/account "mist-hq": field "baseUrl" holds a "\$" followed by a name/);
		expect(await failure(config('apiKeyFile: ${HOME-/root}/key').replace('    apiKey: k\n', ''))).toMatch(/field "apiKeyFile" holds "\$\{HOME-…\}"/);
	});
});

describe('account names', () => {
	it.each([
		['a colon', 'mist:hq', /holds ":", which separates the parts of a REF/],
		['a newline', 'mist\\nhq', /holds U\+000A, a control or invisible character/],
		['a bell (C0)', 'mist\\ahq', /holds U\+0007/],
		['DEL', 'mist\\x7Fhq', /holds U\+007F/],
		['a C1 control', 'mist\\x85hq', /holds U\+0085/],
		['a right-to-left override', 'mist\\u202Ehq', /holds U\+202E/],
		['a bidi isolate', 'mist\\u2066hq', /holds U\+2066/],
		['a zero-width space', 'mist\\u200Bhq', /holds U\+200B/],
		['a zero-width joiner', 'mist\\u200Dhq', /holds U\+200D/],
		['a byte-order mark', 'mist\\uFEFFhq', /holds U\+FEFF/],
		['a line separator', 'mist\\u2028hq', /holds U\+2028/],
	])('refuses a name with %s, with the file and line', async (_what, name, message) => {
		const text = await failure(`accounts:\n  - {name: ok, provider: opal, apiKey: k}\n  - {name: "${name}", provider: opal, apiKey: k}\n`);
		expect(text).toMatch(/tokenkit\.yaml:3: account #2: field "name" holds /);
		expect(text).toMatch(message);
		expect(text).toMatch(/names must work in a REF \(provider:account:id\)$/);
		expect(text).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
	});

	it('accepts letters of any script, digits, spaces, dots, dashes and underscores', async () => {
		const {config} = await load('accounts:\n  - {name: "Zürich prod_2.eu-1 東京", provider: opal, apiKey: k}\n');
		expect(config.accounts[0]?.name).toBe('Zürich prod_2.eu-1 東京');
	});
});

describe('key files', () => {
	async function keyFileFailure(make: (path: string) => Promise<void> | void, name = 'opal.key'): Promise<string> {
		const path = await configFile(`accounts:\n  - {name: o, provider: opal, apiKeyFile: ${name}}\n`);
		await make(join(dirname(path), name));
		const error: unknown = await loadConfig(path, {env: {}, providers, warn: () => undefined}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(ConfigError);
		return error instanceof Error ? error.message : '';
	}

	// Reading a FIFO that no one writes to used to wait forever; the test timeout bounds it here.
	it('refuses a FIFO at once', async () => {
		const message = await keyFileFailure(path => {
			execFileSync('mkfifo', ['-m', '600', path]);
		});
		expect(message).toMatch(/account "o": field "apiKeyFile": \/\S+\/opal\.key cannot be read \(a FIFO, not a regular file\)$/);
	});

	it('refuses a symbolic link to a FIFO', async () => {
		const message = await keyFileFailure(path => {
			execFileSync('mkfifo', ['-m', '600', `${path}.fifo`]);
			execFileSync('ln', ['-s', `${path}.fifo`, path]);
		});
		expect(message).toMatch(/opal\.key cannot be read \(a FIFO, not a regular file\)$/);
	});

	it('refuses a directory, a device and a socket', async () => {
		expect(await keyFileFailure(async path => mkdir(path))).toMatch(/opal\.key cannot be read \(a directory, not a regular file\)$/);
		expect(await keyFileFailure(() => undefined, '/dev/null')).toMatch(/\/dev\/null cannot be read \(a device, not a regular file\)$/);
		const server = createServer();
		try {
			const message = await keyFileFailure(async path => new Promise<void>(listening => server.listen(path, listening)));
			expect(message).toMatch(/opal\.key cannot be read \(a socket, not a regular file\)$/);
		} finally {
			server.close();
		}
	});

	it.runIf(existsSync('/dev/stdin') && !statSync('/dev/stdin').isFile())('refuses /dev/stdin when it is not a file', async () => {
		expect(await keyFileFailure(() => undefined, '/dev/stdin')).toMatch(/\/dev\/stdin cannot be read \(a \w+, not a regular file\)$/);
	});

	it('follows a symbolic link to a regular file, as secret stores mount keys', async () => {
		const path = await configFile('accounts:\n  - {name: o, provider: opal, apiKeyFile: opal.key}\n');
		await writeFile(join(dirname(path), 'real.key'), `${secret}\n`, {mode: 0o600});
		await symlink(join(dirname(path), 'real.key'), join(dirname(path), 'opal.key'));
		const config = await loadConfig(path, {env: {}, providers, warn: () => undefined});
		expect(config.accounts[0]?.apiKey).toBe(secret);
	});

	it(`reads a key file of ${maxKeyFileBytes} bytes and refuses one byte more`, async () => {
		const path = await configFile('accounts:\n  - {name: o, provider: opal, apiKeyFile: opal.key}\n');
		const keyPath = join(dirname(path), 'opal.key');
		await writeFile(keyPath, 'k'.repeat(maxKeyFileBytes), {mode: 0o600});
		expect((await loadConfig(path, {env: {}, providers, warn: () => undefined})).accounts[0]?.apiKey).toHaveLength(maxKeyFileBytes);
		const message = await keyFileFailure(async other => writeFile(other, 'k'.repeat(maxKeyFileBytes + 1), {mode: 0o600}));
		expect(message).toMatch(/opal\.key cannot be read \(larger than 64 KiB, the most tokenkit reads\)$/);
	});
});

describe('the config file itself', () => {
	const good = 'accounts:\n  - {name: o, provider: opal, apiKey: k}\n';
	const loadPath = async (path: string): Promise<unknown> => loadConfig(path, {env: {}, providers, warn: () => undefined}).catch((caught: unknown) => caught);

	it('refuses a FIFO at once', async () => {
		const path = join(await mkdtemp(join(tmpdir(), 'tokenkit-config-')), 'tokenkit.yaml');
		execFileSync('mkfifo', ['-m', '600', path]);
		const error = await loadPath(path);
		expect(error).toBeInstanceOf(ConfigError);
		expect(String(error)).toMatch(/config file \/\S+\/tokenkit\.yaml cannot be read \(a FIFO, not a regular file\)$/);
	});

	it(`refuses a file larger than ${maxConfigBytes} bytes before reading it, naming the limit`, async () => {
		const path = await configFile(`${good}${'#'.repeat(maxConfigBytes)}\n`);
		const before = process.memoryUsage().rss;
		const error = await loadPath(path);
		expect(error).toBeInstanceOf(ConfigError);
		expect(String(error)).toMatch(/config file \/\S+\/tokenkit\.yaml cannot be read \(larger than 1 MiB, the most tokenkit reads\)$/);
		expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
	});

	it('reads a file of exactly the limit', async () => {
		const path = await configFile(`${good}${'#'.repeat(maxConfigBytes - good.length - 1)}\n`);
		expect(await loadPath(path)).not.toBeInstanceOf(Error);
	});

	it('refuses a key written twice in one mapping, with its line', async () => {
		expect(await failure('accounts:\n  - name: o\n    provider: opal\n    apiKey: k\n    apiKey: other\n')).toMatch(/tokenkit\.yaml:5:5: not valid YAML: the key "apiKey" appears twice in one mapping$/);
		expect(await failure('accounts: []\naccounts:\n  - {name: o, provider: opal, apiKey: k}\n')).toMatch(/tokenkit\.yaml:2:1: not valid YAML: the key "accounts" appears twice/);
	});

	// yaml's own duplicate-key check compares every key with every other: over a minute for a file under the limit.
	it('checks a mapping of a hundred thousand keys in one pass', {timeout: 60_000}, async () => {
		const keys = Array.from({length: 100_000}, (_, index) => `x${index}: 0\n`).join('');
		const path = await configFile(`${good}${keys}`);
		const started = performance.now();
		expect(String(await loadPath(path))).toMatch(/unknown field "x0"/);
		expect(performance.now() - started).toBeLessThan(20_000);
	});

	it('refuses nesting deeper than the parser can follow as a config error', async () => {
		const error = await loadPath(await configFile(`accounts: ${'['.repeat(100_000)}\n`));
		expect(error).toBeInstanceOf(ConfigError);
		expect(String(error)).toMatch(/tokenkit\.yaml(:\d+:\d+)?: not valid YAML: nested too deeply$/);
	});
});
