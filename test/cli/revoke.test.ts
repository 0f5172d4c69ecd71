import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {builtInVendors} from '../../providers/index.js';
import {startSimulators} from '../../providers/simulators.js';
import type {TokenProvider} from '../../src/provider.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import {startCli, type CliOptions} from '../support/run-cli.js';

const running: RunningSimulators[] = [];
afterEach(async () => {
	await Promise.all(running.splice(0).map(async simulators => simulators.close()));
});

/** Simulators, a config file pointing at them with keys in the environment, and the test's own providers. */
async function simulatedConfig() {
	const simulators = await startSimulators({tokens: 4, rateLimits: false});
	running.push(simulators);
	const env: NodeJS.ProcessEnv = {};
	const plain = simulators.vendors.flatMap(vendor => vendor.configEntries());
	const entries = plain.map((entry, index) => {
		env[`KEY_${index}`] = entry.apiKey;
		return {...entry, apiKey: `\${KEY_${index}}`};
	});
	const directory = await mkdtemp(join(tmpdir(), 'tokenkit-revoke-'));
	await writeFile(join(directory, 'tokenkit.yaml'), JSON.stringify({accounts: entries}, null, 2));
	const providers: TokenProvider[] = plain.map(({name = '', provider = '', apiKey = '', baseUrl, ...options}) => {
		const vendor = builtInVendors.find(candidate => candidate.name === provider);
		if (vendor === undefined) {
			throw new Error(`no vendor ${provider}`);
		}

		return vendor.createProvider({name, provider, apiKey, baseUrl, options, where: 'test'}, {});
	});
	const ids = async (account: string): Promise<string[]> => {
		const provider = providers.find(candidate => candidate.account === account);
		const found: string[] = [];
		for await (const token of provider?.list() ?? []) {
			if (!token.name.startsWith('tokenkit-')) {
				found.push(token.id);
			}
		}

		return found;
	};

	return {
		simulators,
		ids,
		requests: (): number => simulators.vendors.reduce((sum, vendor) => sum + vendor.server.stats.requests, 0),
		cli: (argv: readonly string[], options: CliOptions = {}) => startCli(argv, {env, cwd: directory, ...options}),
	};
}

function expectNoSecrets(texts: readonly string[], secrets: readonly string[]): void {
	expect(secrets.length).toBeGreaterThan(10);
	for (const text of texts) {
		for (const secret of secrets) {
			expect(text.includes(secret), 'a key appeared in the output').toBe(false);
		}
	}
}

describe('tokenkit revoke', () => {
	it('deletes the named tokens of several vendors with --yes and says so per REF', async () => {
		const setup = await simulatedConfig();
		const [mistId] = await setup.ids('mist-org-1');
		const [ldId] = await setup.ids('launchdarkly-account-2');
		const [opalId] = await setup.ids('opal-org-1');
		const refs = [`mist:mist-org-1:${mistId ?? ''}`, `launchdarkly:launchdarkly-account-2:${ldId ?? ''}`, `opal:opal-org-1:${opalId ?? ''}`];

		const cli = setup.cli(['revoke', ...refs, '--yes']);
		expect(await cli.done).toBe(0);
		expect(cli.stdout().trimEnd().split('\n')).toEqual([...refs.map(ref => `revoked ${ref}: revoked; its key no longer works`), '3 revoked, 0 failed.']);
		expect(await setup.ids('mist-org-1')).not.toContain(mistId);
		expect(await setup.ids('launchdarkly-account-2')).not.toContain(ldId);
		expect(await setup.ids('opal-org-1')).not.toContain(opalId);
		expectNoSecrets([cli.stdout(), cli.stderr()], setup.simulators.allSecrets());
	});

	it('refuses without --yes when nobody can be asked, before any request, and deletes nothing', async () => {
		const setup = await simulatedConfig();
		const [id] = await setup.ids('mist-org-1');
		const before = setup.requests();
		const cli = setup.cli(['revoke', `mist:mist-org-1:${id ?? ''}`], {stdin: 'y\n', stdinIsTTY: false});
		expect(await cli.done).toBe(2);
		expect(cli.stderr()).toContain('revoke deletes tokens and cannot be undone; on a terminal tokenkit asks first, elsewhere pass --yes to go ahead');
		expect(cli.stdout()).toBe('');
		expect(setup.requests()).toBe(before);
		expect(await setup.ids('mist-org-1')).toContain(id);
	});

	it('asks at a terminal, naming each token, and deletes only on yes', async () => {
		const setup = await simulatedConfig();
		const [id] = await setup.ids('launchdarkly-account-1');
		const ref = `launchdarkly:launchdarkly-account-1:${id ?? ''}`;

		const declined = setup.cli(['revoke', ref], {stdin: 'no\n', stdinIsTTY: true});
		expect(await declined.done).toBe(1);
		expect(declined.stderr()).toMatch(new RegExp(`About to revoke 1 token; their keys will stop working:\\n  ${ref} \\(".+"\\)\\nRevoke them\\? \\[y/N\\] Not confirmed: nothing was revoked\\.`));
		expect(await setup.ids('launchdarkly-account-1')).toContain(id);

		const silent = setup.cli(['revoke', ref], {stdin: '', stdinIsTTY: true});
		expect(await silent.done).toBe(1);
		expect(await setup.ids('launchdarkly-account-1')).toContain(id);

		const confirmed = setup.cli(['revoke', ref], {stdin: 'yes\n', stdinIsTTY: true});
		expect(await confirmed.done).toBe(0);
		expect(confirmed.stdout()).toContain(`revoked ${ref}`);
		expect(await setup.ids('launchdarkly-account-1')).not.toContain(id);
		expectNoSecrets([declined.stderr(), confirmed.stdout(), confirmed.stderr()], setup.simulators.allSecrets());
	});

	it('counts a token that is already gone as revoked, once the account\'s list confirms it, and exits 0', async () => {
		const setup = await simulatedConfig();
		const [id] = await setup.ids('mist-org-2');
		const missing = 'mist:mist-org-2:00000000-0000-4000-8000-000000000000';
		const cli = setup.cli(['revoke', missing, `mist:mist-org-2:${id ?? ''}`, '--yes']);
		expect(await cli.done).toBe(0);
		expect(cli.stdout()).toContain(`revoked ${missing}: already revoked: the vendor has no such token, and its list confirms it is gone`);
		expect(cli.stdout()).toContain('2 revoked, 0 failed.');
		expect(await setup.ids('mist-org-2')).not.toContain(id);
	});

	it.each([
		[[], /revoke needs at least one REF/],
		[['mist:mist-org-1', '--yes'], /"mist:mist-org-1" is not a token REF/],
		[['opal:nope:1', '--yes'], /no account "nope"/],
		[['mist:mist-org-1:1', 'mist:mist-org-1:1', '--yes'], /named twice/],
		[['mist:mist-org-1:1', '--grace', '1h'], /Unknown option '--grace'/],
	])('refuses %j with exit code 2 before any request', async (argv, message) => {
		const setup = await simulatedConfig();
		const before = setup.requests();
		const cli = setup.cli(['revoke', ...argv]);
		expect(await cli.done).toBe(2);
		expect(cli.stderr()).toMatch(message);
		expect(setup.requests()).toBe(before);
	});
});
