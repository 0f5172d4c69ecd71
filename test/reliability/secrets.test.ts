import {randomBytes, randomUUID} from 'node:crypto';
import {mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises';
import {createServer} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import * as v from 'valibot';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {builtInVendors} from '../../providers/index.js';
import {startSimulators} from '../../providers/simulators.js';
import type {CreateTokenInput, MintedToken, TokenProvider} from '../../src/provider.js';
import type {RunningSimulators, StartSimulatorsOptions} from '../../src/simulate/start.js';
import {findLeaks, pieceLength, type Captured} from '../support/leak-scan.js';
import {startCli, waitFor} from '../support/run-cli.js';

/*
Every command, against the simulators, with keys the test knows: the admin keys of the config, keys it mints,
keys rotations mint. Everything the commands print or write is kept, and once they have all run, every key any
simulator ever seeded or minted is searched for in it by the suite's one leak search (`findLeaks`): whole, in
pieces of 12 characters (a key printed with its end cut off is still a leak), URL-encoded and in base64. The
only places a key may be: the --secret-out file (and stdout with --secret-out -), the lines `tokenkit simulate`
prints and the config it writes (both by design: simulator keys are fake and handed out to be used), and the
config and key files the test itself wrote.
*/

// Every simulator any command starts (the demo's, `tokenkit simulate`'s, the test's), so their keys can be searched for.
const recorded = vi.hoisted(() => {
	const simulators: RunningSimulators[] = [];
	return {simulators};
});

vi.mock(import('../../src/simulate/start.js'), async importOriginal => {
	const original = await importOriginal();
	return {
		...original,
		async startSimulatorsOf(...args: Parameters<typeof original.startSimulatorsOf>) {
			const started = await original.startSimulatorsOf(...args);
			recorded.simulators.push(started);
			return started;
		},
	};
});

/** What was printed (stdout and stderr of every command) and is searched. */
const printed: Captured[] = [];
/** Directories the commands ran in: every file in them is searched, except `exempt` ones. */
const directories: string[] = [];
/** Files that hold keys on purpose: inputs the test wrote, --secret-out files, the config `simulate` wrote. */
const exempt = new Set<string>();
/** Keys no simulator knows: wrong keys the test put in configs. */
const foreignKeys = new Set<string>();
/** Keys the test minted itself, through the library. */
const mintedByTest: string[] = [];

/** Every key there is, collected now: call it after the commands ran. */
function allKeys(): string[] {
	return [...new Set([...recorded.simulators.flatMap(simulators => simulators.allSecrets()), ...foreignKeys])];
}

async function newDirectory(): Promise<string> {
	const directory = await mkdtemp(join(tmpdir(), 'tokenkit-secrets-'));
	directories.push(directory);
	return directory;
}

/** Writes a file the test means to hold keys (a config, a key file). */
async function writeInput(path: string, text: string): Promise<void> {
	await writeFile(path, text, {mode: 0o600});
	exempt.add(path);
}

/** Every file under the directories, exempt ones left out. */
async function writtenFiles(): Promise<Captured[]> {
	const files: Captured[] = [];
	for (const directory of directories) {
		for (const entry of await readdir(directory, {withFileTypes: true, recursive: true})) {
			const path = join(entry.parentPath, entry.name);
			// The key files `tokenkit simulate --write-config` writes beside its config hold the simulated App keys by design.
			if (entry.isFile() && !exempt.has(path) && !/\.json\.[^/]+\.pem$/.test(path)) {
				files.push({where: path, text: await readFile(path, 'utf8')});
			}
		}
	}

	return files;
}

interface Ran {
	readonly code: number;
	readonly stdout: string;
	readonly stderr: string;
}

interface Place {
	readonly directory: string;
	readonly env: NodeJS.ProcessEnv;
}

/** Runs a command in-process and keeps what it printed; stdout is left out only where it carries keys by request. */
async function tokenkit(place: Place, argv: readonly string[], stdoutHoldsKeys = false): Promise<Ran> {
	const cli = startCli(argv, {env: place.env, cwd: place.directory});
	const code = await cli.done;
	const label = `tokenkit ${argv.join(' ')}`;
	if (!stdoutHoldsKeys) {
		printed.push({where: `${label} (stdout)`, text: cli.stdout()});
	}

	printed.push({where: `${label} (stderr)`, text: cli.stderr()});
	return {code, stdout: cli.stdout(), stderr: cli.stderr()};
}

/** Fails with every place a key was found, searching for every key known now. */
function expectNoLeaks(texts: readonly Captured[]): void {
	expect(texts.length).toBeGreaterThan(0);
	expect(findLeaks(texts, allKeys())).toEqual([]);
}

type Entry = Readonly<Record<string, string>>;

/** A config in a new directory: the keys of `entries` go to the environment unless `literal` names the account. */
async function configFor(entries: readonly Entry[], literal: readonly string[] = []): Promise<Place> {
	const directory = await newDirectory();
	const env: NodeJS.ProcessEnv = {};
	const accounts = entries.map((entry, index) => {
		if (literal.includes(entry.name ?? '')) {
			return entry;
		}

		env[`KEY_${index}`] = entry.apiKey;
		return {...entry, apiKey: `\${KEY_${index}}`};
	});
	await writeInput(join(directory, 'tokenkit.yaml'), JSON.stringify({accounts}, null, 2));
	return {directory, env};
}

function entriesOf(simulators: RunningSimulators): Entry[] {
	return simulators.vendors.flatMap(vendor => vendor.configEntries());
}

function entryNamed(entries: readonly Entry[], name: string): Entry {
	const entry = entries.find(candidate => candidate.name === name);
	if (entry === undefined) {
		throw new Error(`no account ${name}`);
	}

	return entry;
}

const SecretLineSchema = v.strictObject({ref: v.string(), rotated: v.string(), name: v.string(), key: v.string()});

function secretLines(text: string) {
	return text.split('\n').filter(line => line !== '').map(line => v.parse(SecretLineSchema, JSON.parse(line)));
}

const formats = ['table', 'json', 'ndjson', 'csv', 'markdown'] as const;

/*
Simulators with one seed draw one random stream, so what is a key in one can be a token id in another (the
demo's seed is 1). Each set here has its own seed, so a piece of a key found in an output is a leak, not an echo.
*/
const seeds = {main: 2, storm: 3, malformed: 4, truncated: 5, simulate: 6} as const;
const mistAccount = 'mist-org-1';
const ldAccount = 'launchdarkly-account-1';
const writer = {privileges: [{role: 'write', scope: 'org', resource: null}]} as const;
const reader = {kind: 'service', privileges: [{role: 'reader', scope: 'account', resource: null}]} as const;

let main: RunningSimulators;
/** The main config: mist-org-1's key in the file, mist-org-2's in a key file, the others in the environment. */
let home: Place;
let provider: (account: string) => TokenProvider;

async function mint(account: string, input: CreateTokenInput): Promise<MintedToken> {
	const minted = await provider(account).create(input);
	mintedByTest.push(minted.secret.reveal());
	return minted;
}

const refOf = (account: string, minted: MintedToken): string => `${minted.token.provider}:${account}:${minted.token.id}`;

beforeAll(async () => {
	main = await startSimulators({seed: seeds.main, tokens: 3, rateLimits: false});
	const entries = entriesOf(main);
	home = await configFor(entries.filter(entry => entry.name !== 'mist-org-2'), [mistAccount]);
	const {apiKey = '', ...mistOrg2} = entryNamed(entries, 'mist-org-2');
	await writeInput(join(home.directory, 'mist-org-2.key'), `${apiKey}\n`);
	const config = v.parse(v.object({accounts: v.array(v.record(v.string(), v.string()))}), JSON.parse(await readFile(join(home.directory, 'tokenkit.yaml'), 'utf8')));
	await writeInput(join(home.directory, 'tokenkit.yaml'), JSON.stringify({accounts: [...config.accounts, {...mistOrg2, apiKeyFile: 'mist-org-2.key'}]}, null, 2));

	const providers = entries.map(({name = '', provider: vendorName = '', apiKey: key = '', baseUrl, ...options}) => {
		const vendor = builtInVendors.find(candidate => candidate.name === vendorName);
		if (vendor === undefined) {
			throw new Error(`no vendor ${vendorName}`);
		}

		return vendor.createProvider({name, provider: vendorName, apiKey: key, baseUrl, options, where: 'test'}, {});
	});
	provider = account => {
		const found = providers.find(candidate => candidate.account === account);
		if (found === undefined) {
			throw new Error(`no account ${account}`);
		}

		return found;
	};
});

afterAll(async () => {
	await Promise.all(recorded.simulators.map(async simulators => simulators.close()));
});

describe('the search for keys', () => {
	it('finds a whole key, a key cut short at either end and any 12 characters of one, and lets shorter pieces pass', () => {
		const key = 'olwWeo5E4A6bJF83cLohAAPleGKGr0h2dxjSx0ipctwycet9';
		const around = (text: string): Captured[] => [{where: 'planted', text: `before ${text} after`}];
		expect(findLeaks(around(key), [key])).toEqual([{where: 'planted', piece: key.slice(0, pieceLength), form: 'plain'}]);
		expect(findLeaks(around(key.slice(0, -5)), [key])).toHaveLength(1);
		expect(findLeaks(around(key.slice(20)), [key])).toHaveLength(1);
		expect(findLeaks(around(key.slice(17, 17 + pieceLength)), [key])).toHaveLength(1);
		expect(findLeaks(around(`${key.slice(0, 4)}...${key.slice(-4)}`), [key])).toEqual([]);
		expect(findLeaks(around(key.slice(3, 3 + pieceLength - 1)), [key])).toEqual([]);
		expect(findLeaks([{where: 'a', text: 'nothing'}, {where: 'b', text: `x${key}`}], [key]).map(leak => leak.where)).toEqual(['b']);
	});

	it('knows every key: seeded, minted by the test, and the admin keys of the config', async () => {
		const minted = await mint(mistAccount, {name: 'probe', ...writer});
		const keys = allKeys();
		expect(keys).toContain(minted.secret.reveal());
		for (const account of main.vendors.flatMap(vendor => vendor.accounts())) {
			expect(keys).toContain(account.apiKey);
		}

		expect(keys.length).toBeGreaterThan(30);
		expect(keys.every(key => key.length >= 2 * pieceLength)).toBe(true);
	});
});

const TokenJsonSchema = v.looseObject({provider: v.string(), id: v.string(), name: v.string(), secretHint: v.nullable(v.string()), raw: v.looseObject({})});

/**
The masks the vendors show on purpose and tokenkit prints: LaunchDarkly's last four characters (`token`), Mist's
first and last four (`key: "abcd...wxyz"`), Opal's first five (`token_preview`), OpenAI's first eight and last four
(`redacted_value`), and the hint made from them.
Each is checked against the real keys, and each is shorter than `pieceLength`: the search lets exactly these pass.
*/
function masksOf(tokens: ReadonlyArray<v.InferOutput<typeof TokenJsonSchema>>, keys: readonly string[]): number {
	let masks = 0;
	for (const token of tokens) {
		const {raw, secretHint} = token;
		if (token.provider === 'launchdarkly' && typeof raw['token'] === 'string') {
			const tail = raw['token'];
			expect(tail).toMatch(/^.{4}$/);
			expect(secretHint).toBe(`…${tail}`);
			expect(keys.some(key => key.endsWith(tail))).toBe(true);
			masks++;
		} else if (token.provider === 'mist' && typeof raw['key'] === 'string') {
			const [, head = '', tail = ''] = /^(.{4})\.\.\.(.{4})$/.exec(raw['key']) ?? [];
			expect(raw['key']).toBe(`${head}...${tail}`);
			expect(secretHint).toBe(`…${tail}`);
			expect(keys.some(key => key.startsWith(head) && key.endsWith(tail))).toBe(true);
			masks++;
		} else if (token.provider === 'github' && typeof raw['token_last_eight'] === 'string') {
			// GitHub shows a classic token's last eight characters; the simulator never learns the token behind them.
			expect(secretHint).toBe(`…${raw['token_last_eight']}`);
			masks++;
		} else if (token.provider === 'opal' && typeof raw['token_preview'] === 'string') {
			const head = raw['token_preview'];
			expect(head).toMatch(/^.{5}$/);
			expect(secretHint).toBe(`${head}…`);
			expect(keys.some(key => key.startsWith(head))).toBe(true);
			masks++;
		} else if (token.provider === 'okta' && secretHint !== null) {
			// An Okta client secret's last four characters; the `client_secret` they come from is kept out of `raw`.
			const [, tail = ''] = /^…(.{4})$/.exec(secretHint) ?? [];
			expect(raw['client_secret']).toBeUndefined();
			expect(keys.some(key => key.endsWith(tail))).toBe(true);
			masks++;
		} else if (token.provider === 'datadog' && secretHint !== null) {
			// The last four characters Datadog shows of a key (`last4`), or of an access token's public portion, which is
			// kept out of `raw` with the key itself, being the key's own front.
			const [, tail = ''] = /^…(.{4})$/.exec(secretHint) ?? [];
			const attributes = v.parse(v.looseObject({last4: v.optional(v.string()), key: v.optional(v.string()), public_portion: v.optional(v.string())}), raw['attributes']);
			expect(attributes.key ?? attributes.public_portion).toBeUndefined();
			expect(attributes.last4 ?? tail).toBe(tail);
			expect(keys.some(key => (attributes.last4 === undefined ? key.includes(tail) : key.endsWith(tail)))).toBe(true);
		} else if (token.provider === 'openai' && typeof raw['redacted_value'] === 'string') {
			// OpenAI's mask: the key's first eight characters, `*` for each hidden one, its last four; the hint is the four.
			const [, head = '', tail = ''] = /^(.{8})\*+(.{4})$/.exec(raw['redacted_value']) ?? [];
			expect(secretHint).toBe(`…${tail}`);
			expect(keys.some(key => key.startsWith(head) && key.endsWith(tail))).toBe(true);
			masks++;
		} else {
			expect(secretHint).toBeNull();
		}
	}

	return masks;
}

describe('tokenkit prints no key', () => {
	it('inventory, in every format, to stdout and to a file, with and without --debug', async () => {
		const before = printed.length;
		for (const format of formats) {
			for (const argv of [['inventory', '--format', format], ['inventory', '--format', format, '--output', `inventory.${format}`], ['--debug', 'inventory', '--format', format]]) {
				const {code, stderr} = await tokenkit(home, argv);
				expect(code, stderr).toBe(0);
			}
		}

		const json = printed.find(captured => captured.where === 'tokenkit inventory --format json (stdout)')?.text ?? '';
		const tokens = v.parse(v.object({tokens: v.array(TokenJsonSchema)}), JSON.parse(json)).tokens;
		expect(tokens.length).toBeGreaterThan(20);
		// Every vendor's mask is there to see, so the search below is known to let them pass.
		expect(masksOf(tokens, allKeys())).toBeGreaterThan(20);
		expect(new Set(tokens.filter(token => token.secretHint !== null).map(token => token.provider))).toEqual(new Set(['mist', 'opal', 'launchdarkly', 'github', 'okta', 'datadog', 'openai']));
		expectNoLeaks([...printed.slice(before), ...await writtenFiles()]);
	});

	it('audit, in every format and as a summary, to stdout and to a file, with and without --debug', async () => {
		const before = printed.length;
		const runs = [
			...formats.flatMap(format => [['audit', '--format', format], ['audit', '--format', format, '--output', `audit.${format}`], ['--debug', 'audit', '--format', format]]),
			['audit', '--summary', '--format', 'table'],
			['audit', '--summary', '--format', 'markdown', '--output', 'summary.md'],
			['--debug', 'audit', '--summary', '--format', 'table'],
		];
		for (const argv of runs) {
			const {code, stderr} = await tokenkit(home, argv);
			expect(code, stderr).toBe(0);
		}

		expectNoLeaks([...printed.slice(before), ...await writtenFiles()]);
	});

	it('SARIF, OpenMetrics and the HTML report, to stdout and to a file, with and without --debug', async () => {
		const before = printed.length;
		const runs = [
			['audit', '--format', 'sarif'], ['audit', '--format', 'sarif', '--output', 'audit.sarif'], ['--debug', 'audit', '--format', 'sarif'],
			['inventory', '--format', 'openmetrics'], ['inventory', '--output', 'tokens.prom'], ['--debug', 'inventory', '--format', 'openmetrics'],
			['report', '--html', 'report.html'], ['report', '--html', '-'], ['--debug', 'report', '--html', 'report-debug.html'],
		];
		for (const argv of runs) {
			const {code, stderr} = await tokenkit(home, argv);
			expect(code, stderr).toBe(0);
		}

		const files = await writtenFiles();
		expect(files.map(file => file.where)).toEqual(expect.arrayContaining(['audit.sarif', 'tokens.prom', 'report.html', 'report-debug.html'].map(name => join(home.directory, name))));
		expectNoLeaks([...printed.slice(before), ...files]);
	});

	it('rotate --dry-run, with and without --debug', async () => {
		const before = printed.length;
		const mist = await mint(mistAccount, {name: 'dry-mist', ...writer});
		const ld = await mint(ldAccount, {name: 'dry-ld', ...reader});
		const [opal] = await listOf('opal-org-1');
		const refs = [refOf(mistAccount, mist), refOf(ldAccount, ld), `opal:opal-org-1:${opal?.id ?? ''}`];
		for (const argv of [['rotate', ...refs, '--dry-run'], ['--debug', 'rotate', ...refs, '--dry-run', '--grace', '2h']]) {
			const {code, stdout} = await tokenkit(home, argv);
			// Opal cannot be rotated through its API: the plan says so, and the exit code is 1.
			expect(code).toBe(1);
			expect(stdout).toContain('2 of 3 can be rotated');
		}

		expectNoLeaks(printed.slice(before));
	});

	it('rotate: a LaunchDarkly reset and a Mist replace put the new keys in the --secret-out file and nowhere else', async () => {
		const before = printed.length;
		const runs = [
			{file: 'keys.jsonl', debug: [], mistAccount, ldAccount},
			{file: 'keys-debug.jsonl', debug: ['--debug'], mistAccount: 'mist-org-2', ldAccount: 'launchdarkly-account-2'},
		];
		const newKeys: string[] = [];
		for (const run of runs) {
			const mist = await mint(run.mistAccount, {name: 'ci-deploy', ...writer});
			const ld = await mint(run.ldAccount, {name: 'flag-sync', ...reader});
			const mistRef = refOf(run.mistAccount, mist);
			const ldRef = refOf(run.ldAccount, ld);
			const path = join(home.directory, run.file);
			exempt.add(path);
			const {code, stdout, stderr} = await tokenkit(home, [...run.debug, 'rotate', mistRef, ldRef, '--grace', '1h', '--secret-out', run.file, '--yes']);
			expect(code, stderr).toBe(0);
			expect(stdout).toMatch(/^2 rotated, 0 failed\./m);

			const lines = secretLines(await readFile(path, 'utf8'));
			expect(lines.map(line => line.rotated).sort()).toEqual([mistRef, ldRef].sort());
			for (const line of lines) {
				expect(line.key).not.toBe(mist.secret.reveal());
				expect(line.key).not.toBe(ld.secret.reveal());
				newKeys.push(line.key);
			}

			const journal = await readFile(`${path}.journal`, 'utf8');
			expect(journal).toContain('"step":"minted"');
		}

		// The minted keys are among the keys searched for, and were found in the secret files (which are exempt).
		const keys = allKeys();
		expect(newKeys).toHaveLength(4);
		expect(newKeys.every(key => keys.includes(key))).toBe(true);
		expect(findLeaks(await Promise.all(runs.map(async run => ({where: run.file, text: await readFile(join(home.directory, run.file), 'utf8')}))), newKeys)).toHaveLength(2);
		expectNoLeaks([...printed.slice(before), ...await writtenFiles()]);
	});

	it('rotate --secret-out -: the new key is on stdout, by request, and the report on stderr holds none', async () => {
		const before = printed.length;
		for (const debug of [[], ['--debug']]) {
			const old = await mint(ldAccount, {name: 'piped', ...reader});
			const ref = refOf(ldAccount, old);
			const {code, stdout, stderr} = await tokenkit(home, [...debug, 'rotate', ref, '--grace', '30m', '--secret-out', '-', '--yes'], true);
			expect(code, stderr).toBe(0);
			const [line, ...more] = secretLines(stdout);
			expect(more).toEqual([]);
			expect(line?.rotated).toBe(ref);
			expect(allKeys()).toContain(line?.key);
			expect(stdout).toBe(`${JSON.stringify(line)}\n`);
			expect(stderr).toMatch(/^rotated launchdarkly:/m);
		}

		expectNoLeaks(printed.slice(before));
	});

	it('revoke --yes, with and without --debug', async () => {
		const before = printed.length;
		const opal = (await listOf('opal-org-2')).find(token => !(token.secretHint ?? '').startsWith(entryNamed(entriesOf(main), 'opal-org-2').apiKey?.slice(0, 5) ?? ''));
		const refs = [refOf(mistAccount, await mint(mistAccount, {name: 'old-ci', ...writer})), refOf('launchdarkly-account-2', await mint('launchdarkly-account-2', {name: 'old-sync', ...reader})), `opal:opal-org-2:${opal?.id ?? ''}`];
		const plain = await tokenkit(home, ['revoke', ...refs, '--yes']);
		expect(plain.code, plain.stdout).toBe(0);
		expect(plain.stdout).toContain('3 revoked, 0 failed.');
		const debug = await tokenkit(home, ['--debug', 'revoke', refOf(mistAccount, await mint(mistAccount, {name: 'old-cd', ...writer})), '--yes']);
		expect(debug.code, debug.stdout).toBe(0);
		expectNoLeaks(printed.slice(before));
	});

	it('simulate prints the admin keys of its own simulators, by design, and nothing else; its config holds them too', async () => {
		const before = printed.length;
		for (const [index, debug] of [[], ['--debug']].entries()) {
			const place = {directory: await newDirectory(), env: {}};
			exempt.add(join(place.directory, 'sim.json'));
			const started = recorded.simulators.length;
			const cli = startCli([...debug, 'simulate', '--tokens', '2', '--seed', String(seeds.simulate + index), '--write-config', 'sim.json'], {cwd: place.directory});
			await waitFor(() => cli.stderr().includes('running'));
			cli.interrupt();
			expect(await cli.done).toBe(0);

			const [simulate, ...others] = recorded.simulators.slice(started);
			expect(others).toEqual([]);
			const adminKeys = simulate?.vendors.flatMap(vendor => vendor.accounts().map(account => account.apiKey)) ?? [];
			const lines = cli.stdout().trimEnd().split('\n').map(line => v.parse(v.object({accounts: v.array(v.looseObject({apiKey: v.string(), applicationKey: v.optional(v.string())}))}), JSON.parse(line)));
			const printedKeys = lines.flatMap(line => line.accounts.map(account => account.apiKey));
			// Datadog's accounts announce their second credential, the application key, beside the API key.
			const credentials = lines.flatMap(line => line.accounts.flatMap(account => [account.apiKey, ...(account.applicationKey === undefined ? [] : [account.applicationKey])]));
			expect(printedKeys).toEqual(adminKeys);
			// Two accounts per vendor at least (GitHub announces each org twice: grants and SSO).
			expect(adminKeys.length).toBeGreaterThanOrEqual((simulate?.vendors.length ?? 0) * 2);
			// The admin keys are the documented part of the output (a GitHub App's key as JSON writes it); any other key would be a leak.
			printed.push({where: `tokenkit ${debug.join(' ')} simulate (stdout without the credential fields)`, text: credentials.reduce((text, key) => text.replaceAll(JSON.stringify(key).slice(1, -1), ''), cli.stdout())});
			printed.push({where: `tokenkit ${debug.join(' ')} simulate (stderr)`, text: cli.stderr()});
			expect(await readFile(join(place.directory, 'sim.json'), 'utf8')).toContain(adminKeys[0] ?? '?');
		}

		expectNoLeaks(printed.slice(before));
	});

	it('the demo: inventory --demo and audit --demo, with and without --debug', async () => {
		const before = printed.length;
		const demos = recorded.simulators.length;
		const place = {directory: await newDirectory(), env: {}};
		const runs = [
			['inventory', '--demo', '--format', 'json'],
			['inventory', '--demo', '--format', 'table'],
			['--debug', 'inventory', '--demo', '--format', 'csv'],
			['audit', '--demo', '--format', 'json'],
			['audit', '--demo', '--summary', '--format', 'table'],
			['--debug', 'audit', '--demo', '--format', 'markdown', '--output', 'demo-audit.md'],
		];
		for (const argv of runs) {
			const {code, stderr} = await tokenkit(place, argv);
			expect(code, stderr).toBe(0);
		}

		// Each run started its own simulators, whose keys are now among those searched for.
		expect(recorded.simulators.length - demos).toBe(runs.length);
		const json = printed.find(captured => captured.where === 'tokenkit inventory --demo --format json (stdout)')?.text ?? '';
		const tokens = v.parse(v.object({tokens: v.array(TokenJsonSchema)}), JSON.parse(json)).tokens;
		const demo = recorded.simulators[demos];
		expect(tokens).toHaveLength(demo?.vendors.flatMap(vendor => vendor.accounts()).reduce((sum, account) => sum + account.tokens, 0) ?? -1);
		expect(masksOf(tokens, allKeys())).toBeGreaterThan(100);
		expectNoLeaks([...printed.slice(before), ...await writtenFiles()]);
	});
});

async function listOf(account: string) {
	const tokens = [];
	for await (const token of provider(account).list()) {
		tokens.push(token);
	}

	return tokens;
}

describe('tokenkit prints no key when a vendor fails, even with --debug', () => {
	const unknownMist = `mist:${mistAccount}:${randomUUID()}`;
	const unknownLd = `launchdarkly:${ldAccount}:${randomBytes(12).toString('hex')}`;

	it('a 401: the config holds wrong keys', async () => {
		const before = printed.length;
		const entries = entriesOf(main);
		const wrong: Record<string, string> = {
			[mistAccount]: randomBytes(54).toString('base64url'),
			'opal-org-1': randomBytes(32).toString('hex'),
			[ldAccount]: `api-${randomUUID()}`,
		};
		for (const key of Object.values(wrong)) {
			foreignKeys.add(key);
		}

		const place = await configFor(Object.keys(wrong).map(name => ({...entryNamed(entries, name), apiKey: wrong[name] ?? ''})), [mistAccount, ldAccount]);
		for (const argv of [
			['--debug', 'inventory', '--format', 'json'],
			['--debug', 'audit', '--format', 'csv'],
			['--debug', 'rotate', unknownLd, '--dry-run'],
			['--debug', 'revoke', unknownMist, '--yes'],
		]) {
			const {code, stdout, stderr} = await tokenkit(place, argv);
			expect(code).toBe(1);
			expect(`${stdout}${stderr}`).toContain('answered HTTP 401; the credential was not accepted');
		}

		expectNoLeaks([...printed.slice(before), ...await writtenFiles()]);
	});

	it('a 403: the key has no access to the org', async () => {
		const before = printed.length;
		const entries = entriesOf(main);
		const otherOrg = entryNamed(entries, 'mist-org-2').orgId ?? '';
		const place = await configFor([{...entryNamed(entries, mistAccount), orgId: otherOrg}]);
		const [target] = await listOf('mist-org-2');
		for (const argv of [['--debug', 'inventory', '--format', 'json'], ['--debug', 'revoke', `mist:${mistAccount}:${target?.id ?? ''}`, '--yes'], ['--debug', 'rotate', `mist:${mistAccount}:${target?.id ?? ''}`, '--dry-run']]) {
			const {code, stdout, stderr} = await tokenkit(place, argv);
			expect(code).toBe(1);
			expect(`${stdout}${stderr}`).toContain('answered HTTP 403');
		}

		expectNoLeaks(printed.slice(before));
	});

	it('a 404: REFs of tokens that do not exist', async () => {
		const before = printed.length;
		const unknownOpal = `opal:opal-org-1:${randomUUID()}`;
		const revoke = await tokenkit(home, ['--debug', 'revoke', unknownMist, unknownLd, unknownOpal, '--yes']);
		// Gone, as each account's list confirms: revoked already, which is what a revoke asks for.
		expect(revoke.code).toBe(0);
		expect(revoke.stdout).toContain('3 revoked, 0 failed.');
		expect(revoke.stdout.match(/already revoked/g)).toHaveLength(3);
		for (const argv of [['--debug', 'rotate', unknownMist, unknownLd, '--dry-run'], ['--debug', 'rotate', unknownLd, '--secret-out', 'none.jsonl', '--yes']]) {
			const {code, stdout, stderr} = await tokenkit(home, argv);
			expect(code).toBe(1);
			expect(`${stdout}${stderr}`).toContain('answered HTTP 404');
		}

		expectNoLeaks([...printed.slice(before), ...await writtenFiles()]);
	});

	it('a 500 storm until the retries run out, a refused connection, a malformed and a truncated body', async () => {
		const before = printed.length;
		const faulty = async (seed: number, faults: StartSimulatorsOptions['faults']): Promise<Place> => configFor(entriesOf(await startSimulators({seed, accounts: 1, tokens: 2, rateLimits: false, faults})));
		const [storm, malformed, truncated] = await Promise.all([faulty(seeds.storm, {'500': 1}), faulty(seeds.malformed, {malformed: 1}), faulty(seeds.truncated, {truncate: 1})]);
		const refused = await configFor([{...entryNamed(entriesOf(main), mistAccount), baseUrl: `http://127.0.0.1:${await closedPort()}`}]);
		const inventory = ['--debug', 'inventory', '--format', 'json'];
		const runs: Array<[Place, string[], RegExp]> = [
			[storm, inventory, /answered HTTP 500/],
			[storm, ['--debug', 'revoke', unknownMist, '--yes'], /answered HTTP 500/],
			[storm, ['--debug', 'rotate', unknownLd, '--dry-run'], /answered HTTP 500/],
			[refused, inventory, /failed: connection refused/],
			[refused, ['--debug', 'revoke', unknownMist, '--yes'], /failed: connection refused/],
			[malformed, inventory, /returned HTTP 200 with a body that is not valid JSON/],
			[malformed, ['--debug', 'audit', '--format', 'table'], /returned HTTP 200 with a body that is not valid JSON/],
			[truncated, inventory, /failed: response body cut short/],
		];
		const outcomes = await Promise.all(runs.map(async ([place, argv]) => tokenkit(place, argv)));
		for (const [index, {code, stdout, stderr}] of outcomes.entries()) {
			expect(code, stderr).toBe(1);
			expect(`${stdout}${stderr}`).toMatch(runs[index]?.[2] ?? /^$/);
		}

		expectNoLeaks([...printed.slice(before), ...await writtenFiles()]);
	}, 60_000);
});

/** A loopback port nobody listens on: one that was free a moment ago. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const address = server.address();
	await new Promise<void>(resolve => {
		server.close(() => {
			resolve();
		});
	});
	return typeof address === 'object' && address !== null ? address.port : 0;
}

describe('everything, searched once more after every command ran', () => {
	it('finds no key, and no 12 characters of one, in anything printed or written', async () => {
		const files = await writtenFiles();
		// Reports, journals and the like were written, and are among what is searched.
		expect(files.some(file => file.where.endsWith('.journal'))).toBe(true);
		expect(files.some(file => file.where.endsWith('inventory.csv'))).toBe(true);
		expect(printed.length).toBeGreaterThan(80);
		const keys = allKeys();
		expect(mintedByTest.every(key => keys.includes(key))).toBe(true);
		expect(findLeaks([...printed, ...files], keys)).toEqual([]);
		// A planted key is found among all of it: the search above could have failed.
		expect(findLeaks([...printed, {where: 'planted', text: `…${keys.at(-1)?.slice(1, -1) ?? ''}…`}], keys)).toEqual([{where: 'planted', piece: keys.at(-1)?.slice(1, 1 + pieceLength), form: 'plain'}]);
	});
});
