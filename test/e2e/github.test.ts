import {readFile, stat} from 'node:fs/promises';
import {join} from 'node:path';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {findLeaks, filesUnder} from '../support/leak-scan.js';
import {tokenkit} from './built-cli.js';
import {useSimulateProcess} from './simulate-process.js';

/**
GitHub through the built command, as a user runs it: `tokenkit simulate --vendors github --write-config` in one
process, `inventory` and `audit` in others, with nothing but the written config.
*/

const simulated = useSimulateProcess('tokenkit-e2e-github-', ['--vendors', 'github', '--tokens', '30', '--seed', '5']);

const GitHubAccountSchema = v.looseObject({name: v.string(), appId: v.number(), installationId: v.number(), org: v.string(), scope: v.picklist(['grants', 'sso']), tokens: v.number()});

describe('GitHub through the built tokenkit command', () => {
	it('simulate announces each org twice (grants, SSO) and writes the App key beside the config, mode 0600', async () => {
		const [github] = simulated.vendors;
		expect(github?.vendor).toBe('github');
		const accounts = v.parse(v.array(GitHubAccountSchema), github?.accounts);
		expect(accounts.map(account => [account.name, account.scope])).toEqual([['github-org-1', 'grants'], ['github-org-1-sso', 'sso'], ['github-org-2', 'grants'], ['github-org-2-sso', 'sso']]);
		const config = v.parse(v.object({generatedBy: v.string(), accounts: v.array(v.looseObject({name: v.string(), apiKeyFile: v.string()}))}), JSON.parse(await readFile(join(simulated.directory, 'tokenkit.yaml'), 'utf8')));
		for (const account of config.accounts) {
			const keyFile = join(simulated.directory, account.apiKeyFile);
			expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
			expect(await readFile(keyFile, 'utf8')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
		}

		expect(await readFile(join(simulated.directory, 'tokenkit.yaml'), 'utf8')).not.toContain('PRIVATE KEY');
	});

	it('inventory and audit run against the written config with no other step, and print no key', async () => {
		const inventory = await tokenkit(['inventory', '--format', 'json'], {cwd: simulated.directory});
		expect(inventory.code, inventory.stderr).toBe(0);
		const report = v.parse(v.object({tokens: v.array(v.looseObject({account: v.string()})), accounts: v.array(v.looseObject({complete: v.boolean()}))}), JSON.parse(inventory.stdout));
		const expected = simulated.vendors.flatMap(vendor => vendor.accounts).reduce((sum, account) => sum + account.tokens, 0);
		expect(report.tokens).toHaveLength(expected);
		expect(report.accounts.every(account => account.complete)).toBe(true);

		const audit = await tokenkit(['audit', '--format', 'table'], {cwd: simulated.directory});
		expect(audit.code, audit.stderr).toBe(0);
		for (const policy of ['no-expiry', 'owner-gone', 'never-used', 'admin']) {
			expect(audit.stdout).toContain(policy);
		}

		expect(audit.stdout).toContain('ask the owner to create a new token');
		const keys = simulated.vendors.flatMap(vendor => vendor.accounts.map(account => account.apiKey));
		const texts = [inventory, audit].flatMap(run => [{where: 'stdout', text: run.stdout}, {where: 'stderr', text: run.stderr}]);
		const files = (await filesUnder(simulated.directory, new Set())).filter(file => !file.where.endsWith('.pem'));
		expect(findLeaks([...texts, ...files], keys)).toEqual([]);
	});
});
