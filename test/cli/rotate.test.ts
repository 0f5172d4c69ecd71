import {mkdtemp, readdir, readFile, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import * as v from 'valibot';
import {afterEach, describe, expect, it} from 'vitest';
import {builtInVendors} from '../../providers/index.js';
import {startSimulators} from '../../providers/simulators.js';
import type {MintedToken, TokenProvider} from '../../src/provider.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import type {Token} from '../../src/token.js';
import {startCli, type CliOptions} from '../support/run-cli.js';

const running: RunningSimulators[] = [];
afterEach(async () => {
	await Promise.all(running.splice(0).map(async simulators => simulators.close()));
});

const SecretLineSchema = v.strictObject({ref: v.string(), rotated: v.string(), name: v.string(), key: v.string()});

/**
Simulators, a config file pointing at them with keys in the environment, and a provider per account for the
test's own look at the vendors. The simulators' clock can be moved forward, to let grace periods run out.
*/
async function simulatedConfig() {
	const clock = {offset: 0};
	const simulators = await startSimulators({tokens: 4, rateLimits: false, now: () => Date.now() + clock.offset});
	running.push(simulators);
	const env: NodeJS.ProcessEnv = {};
	const entries = simulators.vendors.flatMap(vendor => vendor.configEntries()).map((entry, index) => {
		env[`KEY_${index}`] = entry.apiKey;
		return {...entry, apiKey: `\${KEY_${index}}`};
	});
	const directory = await mkdtemp(join(tmpdir(), 'tokenkit-rotate-'));
	await writeFile(join(directory, 'tokenkit.yaml'), JSON.stringify({accounts: entries}, null, 2));
	const providers = simulators.vendors.flatMap(vendor => vendor.configEntries()).map(({name = '', provider = '', apiKey = '', baseUrl, ...options}) => {
		const vendor = builtInVendors.find(candidate => candidate.name === provider);
		if (vendor === undefined) {
			throw new Error(`no vendor ${provider}`);
		}

		return vendor.createProvider({name, provider, apiKey, baseUrl, options, where: 'test'}, {});
	});
	const provider = (account: string): TokenProvider => {
		const found = providers.find(candidate => candidate.account === account);
		if (found === undefined) {
			throw new Error(`no account ${account}`);
		}

		return found;
	};

	const created: MintedToken[] = [];
	return {
		simulators,
		env,
		directory,
		clock,
		provider,
		/** Mints a token to rotate, so the test knows its key. */
		async mint(account: string, input: Parameters<TokenProvider['create']>[0]): Promise<MintedToken> {
			const minted = await provider(account).create(input);
			created.push(minted);
			return minted;
		},
		async list(account: string): Promise<Token[]> {
			const tokens: Token[] = [];
			for await (const token of provider(account).list()) {
				tokens.push(token);
			}

			return tokens;
		},
		/** Every key that exists or existed anywhere: seeded, minted by the test, minted by a rotation. */
		secrets: (): string[] => [...simulators.allSecrets(), ...created.map(minted => minted.secret.reveal())],
		requests: (): number => simulators.vendors.reduce((sum, vendor) => sum + vendor.server.stats.requests, 0),
		cli(argv: readonly string[], options: CliOptions = {}) {
			return startCli(argv, {env, cwd: directory, ...options});
		},
	};
}

type Setup = Awaited<ReturnType<typeof simulatedConfig>>;

async function mistKeyStatus(setup: Setup, key: string, from = '127.0.0.1'): Promise<{status: number; name: unknown}> {
	const response = await fetch(new URL('/api/v1/self', setup.simulators.get('mist').baseUrl), {headers: {authorization: `Token ${key}`, 'x-forwarded-for': from}});
	const body: unknown = await response.json();
	return {status: response.status, name: v.is(v.object({name: v.string()}), body) ? body.name : undefined};
}

async function launchDarklyKeyStatus(setup: Setup, key: string): Promise<number> {
	const response = await fetch(new URL('/api/v2/tokens?limit=1', setup.simulators.get('launchdarkly').baseUrl), {headers: {authorization: key, 'ld-api-version': '20240415'}});
	await response.arrayBuffer();
	return response.status;
}

async function secretLines(path: string) {
	const text = await readFile(path, 'utf8');
	return text.trimEnd().split('\n').filter(line => line !== '').map(line => v.parse(SecretLineSchema, JSON.parse(line)));
}

function expectNoSecrets(texts: readonly string[], secrets: readonly string[]): void {
	expect(secrets.length).toBeGreaterThan(10);
	for (const text of texts) {
		for (const secret of secrets) {
			expect(text.includes(secret), 'a key appeared outside the --secret-out target').toBe(false);
		}
	}
}

async function mode(path: string): Promise<number> {
	return (await stat(path)).mode & 0o777;
}

const ldAccount = 'launchdarkly-account-1';
const mistAccount = 'mist-org-1';
const opalAccount = 'opal-org-1';

describe('tokenkit rotate', () => {
	it('prints the plan per vendor with --dry-run and changes nothing', async () => {
		const setup = await simulatedConfig();
		const mist = await setup.mint(mistAccount, {name: 'ci-deploy', privileges: [{role: 'write', scope: 'org', resource: null}]});
		const ld = await setup.mint(ldAccount, {name: 'flag-sync', kind: 'service', privileges: [{role: 'reader', scope: 'account', resource: null}]});
		const [opalToken] = await setup.list(opalAccount);
		const refs = [`mist:${mistAccount}:${mist.token.id}`, `launchdarkly:${ldAccount}:${ld.token.id}`, `opal:${opalAccount}:${opalToken?.id ?? ''}`];
		const snapshot = async () => JSON.stringify(await Promise.all([mistAccount, ldAccount, opalAccount].map(async account => (await setup.list(account)).map(token => `${token.id} ${token.name}`))));
		const before = {tokens: await snapshot(), keys: setup.simulators.allSecrets().length};

		const cli = setup.cli(['rotate', ...refs, '--dry-run', '--grace', '12h', '--secret-out', 'keys.jsonl']);
		expect(await cli.done).toBe(1);
		const lines = cli.stdout().split('\n');
		expect(lines[0]).toBe('Plan (grace 12h):');
		expect(lines[1]).toMatch(new RegExp(`^  ${refs[0] ?? ''} \\("ci-deploy"\\): replace: .*the old token keeps working until it is revoked, due 12h later with: tokenkit revoke ${refs[0] ?? ''}$`));
		expect(lines[2]).toMatch(new RegExp(`^  ${refs[1] ?? ''} \\("flag-sync"\\): reset: .*the old key keeps working for 12h after the reset, then stops by itself$`));
		expect(lines[3]).toMatch(/: unsupported: Opal mints keys only in its web UI .*then revoke the old token\. To revoke the old token: tokenkit revoke opal:opal-org-1:/);
		expect(lines[4]).toBe('Dry run: nothing was changed. 2 of 3 can be rotated.');

		const rotatable = setup.cli(['rotate', ...refs.slice(0, 2), '--dry-run']);
		expect(await rotatable.done).toBe(0);
		expect(rotatable.stdout()).toMatch(/the old key stops in the reset itself, before tokenkit can store the new one/);

		expect(await snapshot()).toBe(before.tokens);
		expect(setup.simulators.allSecrets()).toHaveLength(before.keys);
		expect(await readdir(setup.directory)).toEqual(['tokenkit.yaml']);
		expectNoSecrets([cli.stdout(), cli.stderr(), rotatable.stdout(), rotatable.stderr()], setup.secrets());
	});

	it('resets a LaunchDarkly key: the new key is in the 0600 file, the old one works until the grace period ends', async () => {
		const setup = await simulatedConfig();
		const old = await setup.mint(ldAccount, {name: 'flag-sync', kind: 'service', privileges: [{role: 'reader', scope: 'account', resource: null}]});
		const ref = `launchdarkly:${ldAccount}:${old.token.id}`;

		const cli = setup.cli(['rotate', ref, '--grace', '1h', '--secret-out', 'keys.jsonl', '--yes']);
		expect(await cli.done).toBe(0);
		const keysPath = join(setup.directory, 'keys.jsonl');
		const [line, ...more] = await secretLines(keysPath);
		expect(more).toEqual([]);
		expect(line).toMatchObject({ref, rotated: ref, name: 'flag-sync'});
		const newKey = line?.key ?? '';
		expect(newKey).not.toBe(old.secret.reveal());
		expect(await mode(keysPath)).toBe(0o600);
		expect(await mode(`${keysPath}.journal`)).toBe(0o600);
		expect(cli.stdout()).toMatch(new RegExp(`^rotated ${ref}: the new key is stored; the old key works until \\S+Z, then stops by itself$`, 'm'));
		expect(cli.stdout()).toMatch(/^1 rotated, 0 failed\. New keys: .*keys\.jsonl\. Journal: .*keys\.jsonl\.journal\.$/m);

		expect(await launchDarklyKeyStatus(setup, newKey)).toBe(200);
		expect(await launchDarklyKeyStatus(setup, old.secret.reveal())).toBe(200);
		setup.clock.offset = 3_600_000 + 5000;
		expect(await launchDarklyKeyStatus(setup, old.secret.reveal())).toBe(401);
		expect(await launchDarklyKeyStatus(setup, newKey)).toBe(200);

		const journal = await readFile(`${keysPath}.journal`, 'utf8');
		expect(journal.trimEnd().split('\n').map(text => v.parse(v.looseObject({}), JSON.parse(text))).map(record => record['step'] ?? record['journal'])).toEqual(['tokenkit-rotate', 'started', 'minted', 'rotated']);
		expectNoSecrets([cli.stdout(), cli.stderr(), journal], [...setup.secrets(), newKey]);
	});

	it('resets a LaunchDarkly key at once without --grace, saying first that the vendor retires the old key in the reset', async () => {
		const setup = await simulatedConfig();
		const old = await setup.mint(ldAccount, {name: 'now', kind: 'service', privileges: [{role: 'reader', scope: 'account', resource: null}]});
		const cli = setup.cli(['rotate', `launchdarkly:${ldAccount}:${old.token.id}`, '--secret-out', 'keys.jsonl', '--yes']);
		expect(await cli.done).toBe(0);
		expect(cli.stderr()).toContain('tokenkit: note: a reset without --grace retires the old key in the reset itself');
		expect(cli.stdout()).toContain('the new key is stored; the old key no longer works');
		const [line] = await secretLines(join(setup.directory, 'keys.jsonl'));
		expect(await launchDarklyKeyStatus(setup, line?.key ?? '')).toBe(200);
		expect(await launchDarklyKeyStatus(setup, old.secret.reveal())).toBe(401);
	});

	it('replaces a Mist token with a faithful twin, deletes the old one, and inventory shows the new state', async () => {
		const setup = await simulatedConfig();
		const orgId = v.parse(v.object({orgId: v.string()}), setup.simulators.get('mist').configEntries()[0]).orgId;
		const privileges = [{role: 'write', scope: 'org', resource: orgId}];
		const old = await setup.mint(mistAccount, {name: 'ci-deploy', privileges, allowedIps: ['192.0.2.0/24']});
		const ref = `mist:${mistAccount}:${old.token.id}`;
		const countBefore = (await setup.list(mistAccount)).length;

		const cli = setup.cli(['rotate', ref, '--secret-out', 'keys.jsonl', '--yes']);
		expect(await cli.done).toBe(0);
		const [line] = await secretLines(join(setup.directory, 'keys.jsonl'));
		const newId = (line?.ref ?? '').split(':')[2] ?? '';
		expect(line).toMatchObject({rotated: ref, name: 'ci-deploy'});
		expect(newId).not.toBe(old.token.id);
		expect(cli.stdout()).toContain(`rotated ${ref}: new token ${newId} holds the new key, which is stored; the old token is deleted`);

		const after = await setup.list(mistAccount);
		expect(after).toHaveLength(countBefore);
		expect(after.map(token => token.id)).not.toContain(old.token.id);
		expect(after.find(token => token.id === newId)).toMatchObject({name: 'ci-deploy', privileges: old.token.privileges, allowedIps: ['192.0.2.0/24']});
		expect(await mistKeyStatus(setup, line?.key ?? '', '192.0.2.7')).toEqual({status: 200, name: 'ci-deploy'});
		expect((await mistKeyStatus(setup, old.secret.reveal(), '192.0.2.7')).status).toBe(401);

		const inventory = setup.cli(['inventory', '--format', 'json', '--account', mistAccount]);
		expect(await inventory.done).toBe(0);
		const ids = v.parse(v.object({tokens: v.array(v.looseObject({id: v.string()}))}), JSON.parse(inventory.stdout())).tokens.map(token => token.id);
		expect(ids).toContain(newId);
		expect(ids).not.toContain(old.token.id);
		const journal = await readFile(join(setup.directory, 'keys.jsonl.journal'), 'utf8');
		expectNoSecrets([cli.stdout(), cli.stderr(), journal, inventory.stdout(), inventory.stderr()], [...setup.secrets(), line?.key ?? '']);
	});

	it('leaves the old Mist token for its grace period and prints the revoke command that finishes it', async () => {
		const setup = await simulatedConfig();
		const old = await setup.mint(mistAccount, {name: 'nightly', privileges: [{role: 'read', scope: 'org', resource: null}]});
		const ref = `mist:${mistAccount}:${old.token.id}`;

		const cli = setup.cli(['rotate', ref, '--grace', '2h', '--secret-out', 'keys.jsonl', '--config', 'tokenkit.yaml', '--yes']);
		expect(await cli.done).toBe(0);
		const [line] = await secretLines(join(setup.directory, 'keys.jsonl'));
		expect((await setup.list(mistAccount)).map(token => token.id)).toContain(old.token.id);
		expect((await mistKeyStatus(setup, old.secret.reveal())).status).toBe(200);
		expect((await mistKeyStatus(setup, line?.key ?? '')).status).toBe(200);

		const command = /^ {2}after \S+Z: (tokenkit revoke .*)$/m.exec(cli.stdout())?.[1] ?? '';
		expect(command).toBe(`tokenkit revoke ${ref} --config tokenkit.yaml`);
		// Run exactly what was printed, at a terminal, answering yes.
		const revoke = setup.cli(command.split(' ').slice(1), {stdin: 'y\n', stdinIsTTY: true});
		expect(await revoke.done).toBe(0);
		expect(revoke.stderr()).toContain(`${ref} ("nightly")`);
		expect((await setup.list(mistAccount)).map(token => token.id)).not.toContain(old.token.id);
		expect((await mistKeyStatus(setup, old.secret.reveal())).status).toBe(401);
		expect((await mistKeyStatus(setup, line?.key ?? '')).status).toBe(200);
		expectNoSecrets([cli.stdout(), cli.stderr(), revoke.stdout(), revoke.stderr()], [...setup.secrets(), line?.key ?? '']);
	});

	it('fails an Opal REF with what to do in Opal instead, and still rotates the others', async () => {
		const setup = await simulatedConfig();
		const [opalToken] = await setup.list(opalAccount);
		const mist = await setup.mint(mistAccount, {name: 'ci', privileges: [{role: 'read', scope: 'org', resource: null}]});
		const opalRef = `opal:${opalAccount}:${opalToken?.id ?? ''}`;

		const cli = setup.cli(['rotate', opalRef, `mist:${mistAccount}:${mist.token.id}`, '--secret-out', 'keys.jsonl', '--yes']);
		expect(await cli.done).toBe(1);
		expect(cli.stdout()).toContain(`FAILED  ${opalRef}: not rotated: Opal mints keys only in its web UI`);
		expect(cli.stdout()).toContain(`then revoke the old token. To revoke the old token: tokenkit revoke ${opalRef}`);
		expect(cli.stdout()).toMatch(/^1 rotated, 1 failed\./m);
		expect((await secretLines(join(setup.directory, 'keys.jsonl'))).map(line => line.rotated)).toEqual([`mist:${mistAccount}:${mist.token.id}`]);
		expect((await setup.list(opalAccount)).map(token => token.id)).toContain(opalToken?.id);
	});

	it('writes keys to stdout only with --secret-out -, the report then on stderr, and no file', async () => {
		const setup = await simulatedConfig();
		const old = await setup.mint(ldAccount, {name: 'piped', kind: 'service', privileges: [{role: 'reader', scope: 'account', resource: null}]});
		const cli = setup.cli(['rotate', `launchdarkly:${ldAccount}:${old.token.id}`, '--grace', '30m', '--secret-out', '-', '--yes']);
		expect(await cli.done).toBe(0);
		const [line, ...more] = cli.stdout().trimEnd().split('\n').map(text => v.parse(SecretLineSchema, JSON.parse(text)));
		expect(more).toEqual([]);
		expect(await launchDarklyKeyStatus(setup, line?.key ?? '')).toBe(200);
		expect(cli.stderr()).toMatch(/^rotated launchdarkly:/m);
		expect(await readdir(setup.directory)).toEqual(['tokenkit.yaml']);
		expectNoSecrets([cli.stderr()], [...setup.secrets(), line?.key ?? '']);
	});

	it('never writes over an existing file, and refuses before any request', async () => {
		const setup = await simulatedConfig();
		const [token] = await setup.list(mistAccount);
		const ref = `mist:${mistAccount}:${token?.id ?? ''}`;
		await writeFile(join(setup.directory, 'keys.jsonl'), 'precious\n');
		await writeFile(join(setup.directory, 'orphan.jsonl.journal'), '');
		const before = setup.requests();

		const existing = setup.cli(['rotate', ref, '--secret-out', 'keys.jsonl', '--yes']);
		expect(await existing.done).toBe(2);
		expect(existing.stderr()).toMatch(/--secret-out .*keys\.jsonl: the file exists; tokenkit never overwrites, choose a new name/);
		const orphan = setup.cli(['rotate', ref, '--secret-out', 'orphan.jsonl', '--yes']);
		expect(await orphan.done).toBe(2);
		expect(orphan.stderr()).toMatch(/its journal .*orphan\.jsonl\.journal exists without it/);

		expect(await readFile(join(setup.directory, 'keys.jsonl'), 'utf8')).toBe('precious\n');
		expect(setup.requests()).toBe(before);
	});

	it.each([
		[[], /rotate needs at least one REF/],
		[['mist', '--dry-run'], /"mist" is not a token REF; write provider:account:id/],
		[['bitbucket:acme:1', '--dry-run'], new RegExp(`unknown provider "bitbucket" \\(known: ${builtInVendors.map(vendor => vendor.name).join(', ')}\\)`)],
		[['mist:nope:1', '--dry-run'], /no account "nope" in .*tokenkit\.yaml \(configured: mist-org-1, /],
		[['opal:mist-org-1:1', '--dry-run'], /account "mist-org-1" is a mist account, not opal/],
		[['mist:mist-org-1:1', 'mist:mist-org-1:1', '--dry-run'], /mist:mist-org-1:1 is named twice/],
		[['mist:mist-org-1:1', '--grace', '30', '--dry-run'], /--grace "30" is not a duration; write a whole number and a unit/],
		[['mist:mist-org-1:1', '--grace=-1h', '--dry-run'], /--grace "-1h" is not a duration/],
		[['mist:mist-org-1:1', '--grace', '91d', '--dry-run'], /--grace "91d" is longer than 90d/],
		[['mist:mist-org-1:1', '--yes'], /rotate needs --secret-out FILE \(or - for stdout\)/],
		[['mist:mist-org-1:1', '--secret-out', 'k.jsonl'], /rotate changes keys at the vendors; on a terminal tokenkit asks first, elsewhere pass --yes/],
		[['mist:mist-org-1:1', '--secret-out', 'missing/dir/k.jsonl', '--yes'], /its directory does not exist or cannot be written to/],
		[['mist:mist-org-1:1', '--force'], /Unknown option '--force'/],
	])('refuses %j with exit code 2 before any request', async (argv, message) => {
		const setup = await simulatedConfig();
		const before = setup.requests();
		const cli = setup.cli(['rotate', ...argv]);
		expect(await cli.done).toBe(2);
		expect(cli.stderr()).toMatch(message);
		expect(cli.stderr()).not.toMatch(/\n\s+at /);
		expect(cli.stdout()).toBe('');
		expect(setup.requests()).toBe(before);
		expect(await readdir(setup.directory)).toEqual(['tokenkit.yaml']);
	});

	it('asks at a terminal, and a "no" changes nothing', async () => {
		const setup = await simulatedConfig();
		const old = await setup.mint(mistAccount, {name: 'asked', privileges: [{role: 'read', scope: 'org', resource: null}]});
		const cli = setup.cli(['rotate', `mist:${mistAccount}:${old.token.id}`, '--secret-out', 'keys.jsonl'], {stdin: 'n\n', stdinIsTTY: true});
		expect(await cli.done).toBe(1);
		expect(cli.stdout()).toMatch(/^Plan \(grace 0; new keys to .*keys\.jsonl\):\n {2}mist:mist-org-1:\S+ \("asked"\): replace: /);
		expect(cli.stderr()).toContain('Change 1 token as planned? [y/N]');
		expect(cli.stdout()).toContain('Not confirmed: nothing was changed.');
		expect((await setup.list(mistAccount)).filter(token => token.name === 'asked').map(token => token.id)).toEqual([old.token.id]);
		expect(await readdir(setup.directory)).toEqual(['tokenkit.yaml']);
	});
});

describe('tokenkit rotate, run again after an interruption', () => {
	/** The state an interrupted replace leaves: the twin minted and its key stored, the journal written up to `steps`. */
	async function interrupted(setup: Setup, steps: 'started' | 'minted') {
		const old = await setup.mint(mistAccount, {name: 'half-done', privileges: [{role: 'read', scope: 'org', resource: null}]});
		const ref = `mist:${mistAccount}:${old.token.id}`;
		const at = new Date().toISOString();
		const twin = steps === 'minted' ? await setup.mint(mistAccount, {name: 'half-done', privileges: [{role: 'read', scope: 'org', resource: null}]}) : null;
		const keys = twin === null ? '' : `${JSON.stringify({ref: `mist:${mistAccount}:${twin.token.id}`, rotated: ref, name: 'half-done', key: twin.secret.reveal()})}\n`;
		const journal = [
			{journal: 'tokenkit-rotate', version: 1, at, gracePeriodMs: 0, refs: [ref]},
			{at, ref, step: 'started', action: 'replace'},
			...(twin === null ? [] : [{at, ref, step: 'minted', newId: twin.token.id, name: 'half-done'}]),
		].map(record => `${JSON.stringify(record)}\n`).join('');
		await writeFile(join(setup.directory, 'keys.jsonl'), keys, {mode: 0o600});
		await writeFile(join(setup.directory, 'keys.jsonl.journal'), journal, {mode: 0o600});
		return {old, ref, twin, keys};
	}

	it('finishes a replace whose new key was stored by deleting the old token, without minting a second twin', async () => {
		const setup = await simulatedConfig();
		const {old, ref, twin, keys} = await interrupted(setup, 'minted');
		const count = (await setup.list(mistAccount)).length;

		const cli = setup.cli(['rotate', ref, '--secret-out', 'keys.jsonl', '--yes']);
		expect(await cli.done).toBe(0);
		expect(cli.stdout()).toContain('Finishing the rotation recorded in');
		expect(cli.stdout()).toContain(`rotated ${ref}: finished: its new key was already stored (token ${twin?.token.id ?? ''}), and the old token is now deleted`);
		const after = await setup.list(mistAccount);
		expect(after).toHaveLength(count - 1);
		expect(after.map(token => token.id)).not.toContain(old.token.id);
		expect(after.map(token => token.id)).toContain(twin?.token.id);
		expect(await readFile(join(setup.directory, 'keys.jsonl'), 'utf8')).toBe(keys);
		const journal = await readFile(join(setup.directory, 'keys.jsonl.journal'), 'utf8');
		expect(journal.trimEnd().split('\n').at(-1)).toMatch(/"step":"revoked-old"/);

		// And once more: nothing is left to do, and nothing is done.
		const again = setup.cli(['rotate', ref, '--secret-out', 'keys.jsonl', '--yes']);
		expect(await again.done).toBe(0);
		expect(again.stdout()).toContain(`rotated ${ref}: already, by the earlier run`);
		expect(await setup.list(mistAccount)).toHaveLength(count - 1);
		expectNoSecrets([cli.stdout(), cli.stderr(), journal, again.stdout()], setup.secrets());
	});

	it('does not rotate again a REF whose outcome was never recorded, and says what to check', async () => {
		const setup = await simulatedConfig();
		const {old, ref} = await interrupted(setup, 'started');
		const count = (await setup.list(mistAccount)).length;

		const cli = setup.cli(['rotate', ref, '--secret-out', 'keys.jsonl', '--yes']);
		expect(await cli.done).toBe(1);
		expect(cli.stdout()).toMatch(new RegExp(`FAILED  ${ref}: not rotated again, because a replace started at \\S+ and its outcome was never recorded`));
		// This journal was written without the token's name: the advice still says what to look for.
		expect(cli.stdout()).toMatch(new RegExp(`Check: list the tokens of account ${mistAccount} and revoke any with this token's name created since \\S+ other than ${old.token.id}; then rotate it with a new --secret-out file`));
		expect(await setup.list(mistAccount)).toHaveLength(count);
		expect((await setup.list(mistAccount)).map(token => token.id)).toContain(old.token.id);
	});

	it('refuses a REF the recorded rotation did not include', async () => {
		const setup = await simulatedConfig();
		await interrupted(setup, 'minted');
		const [other] = await setup.list(mistAccount);
		const cli = setup.cli(['rotate', `mist:${mistAccount}:${other?.id ?? ''}`, '--secret-out', 'keys.jsonl', '--yes']);
		expect(await cli.done).toBe(2);
		expect(cli.stderr()).toMatch(/belongs to an earlier rotation .* that did not include mist:mist-org-1:/);
	});
});
