import {mkdir, mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {builtInVendors} from '../providers/index.js';
import {renderCapabilityTable} from '../src/capabilities-table.js';
import {loadConfig} from '../src/config.js';

const readme = async (): Promise<string> => readFile(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
	it('shows the capability table the providers declare', async () => {
		const text = await readme();
		const start = text.indexOf('<!-- capabilities:start -->\n');
		const end = text.indexOf('\n<!-- capabilities:end -->');
		expect(start).toBeGreaterThan(-1);
		const table = text.slice(start + '<!-- capabilities:start -->\n'.length, end);
		// On a mismatch, the expected side is the table to paste into the README.
		expect(table).toBe(renderCapabilityTable(builtInVendors));
	});

	it('gives exactly the two quick-start commands: the demo and the tests', async () => {
		const text = await readme();
		const quickStart = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(text)?.[1] ?? '';
		expect(quickStart.trim().split('\n').map(line => line.replace(/\s+#.*$/, ''))).toEqual(['npm install && npm start', 'npm test']);
	});
});

describe('README config example', () => {
	it('loads as written, with its environment variables and key file in place', async () => {
		const yaml = /### The config file[\s\S]*?```yaml\n([\s\S]*?)```/.exec(await readme())?.[1] ?? '';
		const directory = await mkdtemp(join(tmpdir(), 'tokenkit-readme-'));
		await mkdir(join(directory, 'secrets'));
		await writeFile(join(directory, 'secrets', 'mist'), 'mist-key\n', {mode: 0o600});
		await writeFile(join(directory, 'tokenkit.yaml'), yaml);
		const config = await loadConfig(join(directory, 'tokenkit.yaml'), {
			env: {LD_API_KEY: 'ld-key', OPAL_API_KEY: 'opal-key'},
			providers: builtInVendors.map(vendor => vendor.name),
			warn: () => undefined,
		});
		expect(config.accounts.map(account => [account.name, account.provider, account.apiKey])).toEqual([
			['ld-prod', 'launchdarkly', 'ld-key'],
			['mist-hq', 'mist', 'mist-key'],
			['opal-prod', 'opal', 'opal-key'],
		]);
		// Every provider accepts its entry: the vendor fields in the example are real ones.
		for (const account of config.accounts) {
			const vendor = builtInVendors.find(candidate => candidate.name === account.provider);
			expect(vendor?.createProvider(account, {}).account).toBe(account.name);
		}
	});
});

describe('README accepted-risks example', () => {
	it('loads as written, with its accepted-risks file in place', async () => {
		const yaml = /#### Accepted risks and policy settings[\s\S]*?```yaml\n([\s\S]*?)```/.exec(await readme())?.[1] ?? '';
		const directory = await mkdtemp(join(tmpdir(), 'tokenkit-readme-'));
		await writeFile(join(directory, 'accepted-risks.yaml'), 'accepted: []\n');
		await writeFile(join(directory, 'tokenkit.yaml'), `accounts:\n  - {name: gh-acme, provider: opal, apiKey: k}\n${yaml}`);
		const config = await loadConfig(join(directory, 'tokenkit.yaml'), {env: {}, providers: builtInVendors.map(vendor => vendor.name), warn: () => undefined});
		expect(config.accepted.map(acceptance => [acceptance.ref, acceptance.policy, acceptance.expires])).toEqual([
			['github:gh-acme:12345', 'no-expiry', '2027-06-30'],
			['opal:opal-prod:*', 'admin*', '2027-03-31'],
		]);
		expect(config.audit.staleAfterDays).toBe(90);
		expect(config.audit.neverUsedGraceDays).toBe(14);
		expect(config.audit.policies?.stale?.vendors).toEqual({github: {days: 30}});
		expect(config.audit.policies?.expired?.enabled).toBe(false);
	});
});
