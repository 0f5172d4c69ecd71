import {chmod, mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {createProviders} from '../src/cli/accounts.js';
import {loadConfig} from '../src/config.js';
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
		['an unknown provider, with the line of the account', 'accounts:\n  - name: a\n    provider: opal\n    apiKey: k\n  - name: gh\n    provider: github\n    apiKey: k\n', /tokenkit\.yaml:5: account "gh": field "provider": unknown provider "github" \(known: mist, opal, launchdarkly\)/],
		['a missing environment variable, by name', 'accounts:\n  - {name: ld, provider: launchdarkly, apiKey: "${LD_API_KEY}"}\n', /account "ld": field "apiKey": environment variable LD_API_KEY is not set/],
		['no key at all', 'accounts:\n  - {name: ld, provider: launchdarkly}\n', /account "ld": needs "apiKey"/],
		['both key and key file', 'accounts:\n  - {name: ld, provider: launchdarkly, apiKey: k, apiKeyFile: f}\n', /either "apiKey" or "apiKeyFile", not both/],
		['an unreadable key file', 'accounts:\n  - {name: ld, provider: launchdarkly, apiKeyFile: ./missing.key}\n', /field "apiKeyFile": .*missing\.key cannot be read \(no such file\)/],
		['a duplicate account name', 'accounts:\n  - {name: a, provider: opal, apiKey: k}\n  - {name: a, provider: opal, apiKey: k}\n', /account "a": the name is used by another account/],
		['an account without a name', 'accounts:\n  - {provider: opal, apiKey: k}\n', /account #1: field "name" is missing/],
		['no accounts', 'accounts: []\n', /accounts/],
		['an unknown top-level field', 'acounts:\n  - {name: a, provider: opal, apiKey: k}\n', /unknown field "acounts"/],
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
				createProviders(config.accounts, {});
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
		expect(createProviders(config.accounts, {}).map(provider => provider.account)).toEqual(['ld-lab']);
	});
});
