import {mkdtemp, readFile, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {createDatadogProvider} from '../../providers/datadog/index.js';
import {createGitHubProvider} from '../../providers/github/index.js';
import {collect} from '../support/collect.js';
import {builtInVendors} from '../../providers/index.js';
import {createOpenAIProvider} from '../../providers/openai/index.js';
import {startCli, waitFor} from '../support/run-cli.js';

const VendorLineSchema = v.object({
	vendor: v.string(),
	baseUrl: v.string(),
	accounts: v.array(v.looseObject({name: v.string(), id: v.string(), apiKey: v.string(), tokens: v.number()})),
});
const ConfigSchema = v.object({accounts: v.array(v.record(v.string(), v.string()))});

function vendorLines(stdout: string) {
	return stdout.trim().split('\n').map(line => v.parse(VendorLineSchema, JSON.parse(line)));
}

/** The vendor's own auth header for a key, and a list request every simulator answers. */
const probes: Record<string, (baseUrl: string, key: string, orgId: string) => [string, RequestInit]> = {
	mist: (baseUrl, key, orgId) => [`${baseUrl}/api/v1/orgs/${orgId}/apitokens`, {headers: {authorization: `Token ${key}`}}],
	opal: (baseUrl, key) => [`${baseUrl}/tokens`, {headers: {authorization: `Bearer ${key}`}}],
	launchdarkly: (baseUrl, key) => [`${baseUrl}/api/v2/tokens?showAll=true`, {headers: {authorization: key, 'ld-api-version': '20240415'}}],
	// An administrator's list shows every token of the instance, the bots' included.
	gitlab: (baseUrl, key) => [`${baseUrl}/api/v4/personal_access_tokens?per_page=100`, {headers: {'private-token': key}}],
	cloudflare: (baseUrl, key, accountId) => [`${baseUrl}/accounts/${accountId}/tokens?per_page=50&include_expired=true`, {headers: {authorization: `Bearer ${key}`}}],
	okta: (baseUrl, key) => [`${baseUrl}/api/v1/api-tokens`, {headers: {authorization: `SSWS ${key}`}}],
};

/** Config entries per simulated account: Cloudflare reports an account's tokens and its administrator's user tokens; GitHub an org's grants and its SSO authorizations. */
const entriesPerAccount: Readonly<Record<string, number>> = {cloudflare: 2, github: 2};

/** How many client secrets the apps of a simulated Okta org hold. */
async function oktaClientSecrets(baseUrl: string, key: string): Promise<number> {
	const get = async (path: string): Promise<unknown[]> => {
		const body: unknown = await (await fetch(`${baseUrl}${path}`, {headers: {authorization: `SSWS ${key}`}})).json();
		return Array.isArray(body) ? body.map((item: unknown) => item) : [];
	};

	const apps = (await get('/api/v1/apps')).filter(app => typeof app === 'object' && app !== null && Reflect.get(app, 'signOnMode') === 'OPENID_CONNECT');
	const counts = await Promise.all(apps.map(async app => (await get(`/api/v1/apps/${String(Reflect.get(typeof app === 'object' && app !== null ? app : {}, 'id'))}/credentials/secrets`)).length));
	return counts.reduce((sum, count) => sum + count, 0);
}

describe('tokenkit simulate', () => {
	it('prints one JSON line per vendor, serves them until interrupted, then exits 0 with every socket closed', async () => {
		const cli = startCli(['simulate', '--accounts', '2', '--tokens', '5', '--seed', '7']);
		await waitFor(() => cli.stderr().includes('running'));
		const lines = vendorLines(cli.stdout());
		expect(lines.map(line => line.vendor)).toEqual(builtInVendors.map(vendor => vendor.name));

		for (const line of lines) {
			expect(line.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
			expect(line.accounts).toHaveLength(2 * (entriesPerAccount[line.vendor] ?? 1));
			const [account] = line.accounts;
			if (line.vendor === 'github') {
				// Each org twice, PAT grants and SSO authorizations; listing takes the App's JWT dance, so tokenkit's own provider does it.
				expect(line.accounts).toHaveLength(4);
				const fields = v.parse(v.looseObject({appId: v.number(), org: v.string(), apiKey: v.string(), tokens: v.number()}), account);
				let listed = 0;
				for await (const token of createGitHubProvider({appId: fields.appId, privateKey: fields.apiKey, org: fields.org, baseUrl: line.baseUrl, resolveOwners: false}).list()) {
					expect(token.provider).toBe('github');
					listed++;
				}

				expect(listed).toBe(fields.tokens);
				continue;
			}

			if (line.vendor === 'datadog') {
				// Two keys sign every request, and an org's count is every kind of key: tokenkit's own provider lists them.
				const fields = v.parse(v.looseObject({apiKey: v.string(), applicationKey: v.string(), tokens: v.number()}), account);
				const listed = await collect(createDatadogProvider({apiKey: fields.apiKey, applicationKey: fields.applicationKey, baseUrl: line.baseUrl}).list());
				expect(listed).toHaveLength(fields.tokens);
				continue;
			}

			if (line.vendor === 'openai' && account !== undefined) {
				// An organization's keys are its admin keys and every project's, over many lists: tokenkit's own provider reads them.
				let listed = 0;
				for await (const token of createOpenAIProvider({apiKey: account.apiKey, baseUrl: line.baseUrl}).list()) {
					expect(token.provider).toBe('openai');
					listed++;
				}

				expect(listed).toBe(account.tokens);
				continue;
			}

			const probe = probes[line.vendor];
			if (account === undefined || probe === undefined) {
				throw new Error(`no account or probe for ${line.vendor}`);
			}

			const [url, init] = probe(line.baseUrl, account.apiKey, account.id);
			const response = await fetch(url, init);
			expect(response.status, line.vendor).toBe(200);
			const body: unknown = await response.json();
			const listed = Array.isArray(body) ? body : typeof body === 'object' && body !== null && 'results' in body && Array.isArray(body.results) ? body.results : typeof body === 'object' && body !== null && 'items' in body && Array.isArray(body.items) ? body.items : typeof body === 'object' && body !== null && 'result' in body && Array.isArray(body.result) ? body.result : [];
			// An Okta org's count includes its apps' client secrets, listed app by app.
			const secrets = line.vendor === 'okta' ? await oktaClientSecrets(line.baseUrl, account.apiKey) : 0;
			expect(listed.length + secrets, line.vendor).toBe(account.tokens);
		}

		cli.interrupt();
		expect(await cli.done).toBe(0);
		for (const line of lines) {
			await expect(fetch(line.baseUrl)).rejects.toThrow();
		}
	});

	it('gives the same accounts and keys for the same seed', async () => {
		const first = startCli(['simulate', '--vendors', 'opal', '--seed', '3', '--tokens', '2']);
		const second = startCli(['simulate', '--vendors', 'opal', '--seed', '3', '--tokens', '2']);
		await waitFor(() => first.stdout().includes('\n') && second.stdout().includes('\n'));
		const accounts = (cli: typeof first) => vendorLines(cli.stdout()).map(line => line.accounts);
		expect(accounts(first)).toEqual(accounts(second));
		first.interrupt();
		second.interrupt();
		expect(await Promise.all([first.done, second.done])).toEqual([0, 0]);
	});

	it('writes a 0600 config pointing at the simulators, and will not overwrite a file it did not write', async () => {
		const directory = await mkdtemp(join(tmpdir(), 'tokenkit-simulate-'));
		const cli = startCli(['simulate', '--tokens', '1', '--write-config', 'sim.json'], {cwd: directory});
		await waitFor(() => cli.stderr().includes('running'));
		const config = v.parse(ConfigSchema, JSON.parse(await readFile(join(directory, 'sim.json'), 'utf8')));
		expect((await stat(join(directory, 'sim.json'))).mode & 0o777).toBe(0o600);
		// An Okta org is two accounts of a config file: its API tokens, and its apps' client secrets.
		expect(config.accounts.map(account => account.provider)).toEqual(['mist', 'mist', 'opal', 'opal', 'launchdarkly', 'launchdarkly', 'gitlab', 'gitlab', 'github', 'github', 'github', 'github', 'cloudflare', 'cloudflare', 'cloudflare', 'cloudflare', 'okta', 'okta', 'okta', 'okta', 'datadog', 'datadog', 'openai', 'openai']);
		// The App's private key spans lines: it goes to a 0600 file beside the config, named in apiKeyFile.
		const github = v.parse(v.looseObject({apiKeyFile: v.string()}), config.accounts[8]);
		expect(github.apiKeyFile).toBe('sim.json.github-org-1.pem');
		expect((await stat(join(directory, github.apiKeyFile))).mode & 0o777).toBe(0o600);
		const [line] = vendorLines(cli.stdout());
		expect(config.accounts[0]).toEqual({name: 'mist-org-1', provider: 'mist', baseUrl: line?.baseUrl, orgId: line?.accounts[0]?.id, apiKey: line?.accounts[0]?.apiKey});
		cli.interrupt();
		expect(await cli.done).toBe(0);

		await writeFile(join(directory, 'mine.yaml'), 'accounts: []\n');
		const refused = startCli(['simulate', '--write-config', 'mine.yaml'], {cwd: directory});
		expect(await refused.done).toBe(2);
		expect(refused.stderr()).toContain('already exists and was not written by tokenkit simulate');
		expect(await readFile(join(directory, 'mine.yaml'), 'utf8')).toBe('accounts: []\n');
	});

	it.each([
		[['--faults', '404=0.1'], /unknown fault "404"/],
		[['--vendors', 'bitbucket'], /unknown vendor "bitbucket"; known vendors: mist, opal, launchdarkly, gitlab, github, cloudflare/],
		[['--tokens=-1'], /--tokens must be a whole number from 0/],
		[['--latency', 'fast'], /--latency must be MS or MS:JITTER/],
		[['--bogus'], /Unknown option '--bogus'/],
	])('refuses %j with exit code 2 and one clear line', async (argv, message) => {
		const cli = startCli(['simulate', ...argv]);
		expect(await cli.done).toBe(2);
		expect(cli.stderr()).toMatch(message);
		expect(cli.stderr()).not.toMatch(/\n\s+at /);
		expect(cli.stdout()).toBe('');
	});
});
