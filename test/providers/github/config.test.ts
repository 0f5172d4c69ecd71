import {chmod, mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {createGitHubProvider} from '../../../providers/github/index.js';
import {ConfigError} from '../../../src/errors/index.js';
import {parseReport} from '../../reliability/support.js';
import {startCli} from '../../support/run-cli.js';
import {appPrivateKey, useGitHub} from './support.js';

const startGitHub = useGitHub();

/** A config with one GitHub account (its fields as given) and an honest second account, in a new directory. */
async function configWith(github: Record<string, unknown>, other?: Record<string, unknown>): Promise<{directory: string}> {
	const directory = await mkdtemp(join(tmpdir(), 'tokenkit-github-config-'));
	await writeFile(join(directory, 'app.pem'), `${appPrivateKey}\n`, {mode: 0o600});
	await writeFile(join(directory, 'tokenkit.yaml'), JSON.stringify({accounts: [{name: 'gh', provider: 'github', ...github}, ...(other === undefined ? [] : [other])]}, null, 2));
	return {directory};
}

async function run(argv: readonly string[], directory: string) {
	const cli = startCli(argv, {cwd: directory});
	const code = await cli.done;
	return {code, stdout: cli.stdout(), stderr: cli.stderr()};
}

describe('bad GitHub input', () => {
	it.each([
		['a missing app id', {org: 'acme', apiKeyFile: './app.pem'}, /\[tokenkit:github\] [^ ]*tokenkit\.yaml:\d+: account "gh": field "appId" is missing/],
		['no org and no installation', {appId: 12, apiKeyFile: './app.pem'}, /\[tokenkit:github\] [^ ]*tokenkit\.yaml:\d+: account "gh": give field "org" .* or "installationId"/],
		['an unreadable private key file', {appId: 12, org: 'acme', apiKeyFile: './missing.pem'}, /\[tokenkit:github\] [^ ]*tokenkit\.yaml:\d+: account "gh": field "apiKeyFile": .*missing\.pem cannot be read \(no such file\)/],
		['a private key that is no key', {appId: 12, org: 'acme', apiKey: 'ghp_notAPrivateKeyAtAll'}, /\[tokenkit:github\] [^ ]*tokenkit\.yaml:\d+: account "gh": field "apiKey"\/"apiKeyFile" \(the GitHub App's private key\) is not a PEM private key/],
		['a private key cut short', {appId: 12, org: 'acme', apiKey: appPrivateKey.slice(0, 400)}, /account "gh": field "apiKey"\/"apiKeyFile" \(the GitHub App's private key\) cannot be read as a PEM private key/],
		['an installation id that is no number', {appId: 12, installationId: 'abc', apiKeyFile: './app.pem'}, /\[tokenkit:github\] [^ ]*tokenkit\.yaml:\d+: account "gh": field "installationId": must be a whole number/],
		['an org that is no login', {appId: 12, org: 'not an org', apiKeyFile: './app.pem'}, /[^ ]*tokenkit\.yaml:\d+: \[tokenkit:github\] account "gh": org must be the org's login/],
		['an unknown scope', {appId: 12, org: 'acme', apiKeyFile: './app.pem', scope: 'all'}, /account "gh": field "scope"/],
	])('%s is exit 2 at config time, naming vendor, account and field, and sends nothing', async (_name, fields, message) => {
		const {directory} = await configWith(fields);
		const result = await run(['inventory', '--format', 'json'], directory);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(message);
		expect(result.stdout).toBe('');
		expect(result.stderr).not.toContain('PRIVATE KEY');
		expect(result.stderr).not.toMatch(/\n\s+at /);
	});

	it('an unknown org or installation fails that account, names the field, and the other accounts finish (exit 1)', async () => {
		const github = await startGitHub({tokens: 4});
		const base = {provider: 'github', appId: github.simulator.app.id, baseUrl: github.server.baseUrl, apiKeyFile: './app.pem'};
		const {directory} = await configWith({...base, org: 'no-such-org'}, {...base, name: 'gh-ok', org: 'sim-org-1'});
		const result = await run(['inventory', '--format', 'json'], directory);
		expect(result.code).toBe(1);
		const report = parseReport(result.stdout);
		expect(report.accounts.find(account => account.account === 'gh-ok')?.complete).toBe(true);
		expect(result.stderr).toMatch(/\[tokenkit:github\] account "gh": GET \/orgs\/no-such-org\/installation answered HTTP 404; field "org": the App \(id \d+\) is not installed/);

		const byInstallation = await configWith({...base, installationId: 987_654}, {...base, name: 'gh-ok', org: 'sim-org-1'});
		const second = await run(['inventory', '--format', 'json'], byInstallation.directory);
		expect(second.code).toBe(1);
		expect(second.stderr).toMatch(/account "gh": .*field "installationId": the App \(id \d+\) has no installation 987654/);
	});

	it('the library refuses the same mistakes at construction', () => {
		expect(() => createGitHubProvider({appId: '', privateKey: appPrivateKey, org: 'acme'})).toThrow(/\[tokenkit:github\] account "github": appId is missing/);
		expect(() => createGitHubProvider({appId: 1, privateKey: '', org: 'acme'})).toThrow(ConfigError);
		expect(() => createGitHubProvider({appId: 1, privateKey: appPrivateKey})).toThrow(/give org .* or installationId/);
		expect(() => createGitHubProvider({appId: 1, privateKey: appPrivateKey, org: 'acme', pageSize: 101})).toThrow(/pageSize must be a whole number from 1 to 100/);
		// An escaped key from an environment variable is read as the key it stands for.
		expect(() => createGitHubProvider({appId: 1, privateKey: appPrivateKey.replaceAll('\n', '\\n'), org: 'acme'})).not.toThrow();
	});

	it('warns when the private key file can be read by others', async () => {
		const github = await startGitHub({tokens: 1});
		const {directory} = await configWith({appId: github.simulator.app.id, org: 'sim-org-1', baseUrl: github.server.baseUrl, apiKeyFile: './app.pem'});
		await chmod(join(directory, 'app.pem'), 0o644);
		const result = await run(['inventory', '--format', 'json'], directory);
		expect(result.code).toBe(0);
		expect(result.stderr).toMatch(/key file .*app\.pem can be read by other users/);
	});
});
