import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {inspect} from 'node:util';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {builtInVendors} from '../../providers/index.js';
import {BadRequestError, PermissionDeniedError} from '../../src/errors/index.js';
import type {TokenProvider} from '../../src/provider.js';
import {parseReport} from '../reliability/support.js';
import {filesUnder, findLeaks, type Captured} from '../support/leak-scan.js';
import {startCli} from '../support/run-cli.js';
import {
	credentialEchoedInError,
	credentialEchoes,
	credentialEscapedInRecords,
	credentialInExtraFields,
	mintedKeyEchoedByDelete,
	mintedKeysEchoedByLaterReset,
	mistFullKeyInRecords,
	opalFullKeyAsPreview,
} from './modes/secrets.js';
import {useHostileVendors, type HostileMode, type HostileVendor} from './vendor.js';

const startHostile = useHostileVendors();

const formats = ['table', 'json', 'ndjson', 'csv', 'markdown'] as const;

/** A credential with characters that URL-encoding changes, so its encoded echo differs from the plain one. */
const oddCredential = 'tk_live+Qx9/Lm3=Rt7&Vb2~Nc5!Wd8*Ze4(Hy6)';

interface Ran {
	readonly code: number;
	readonly stdout: string;
	readonly stderr: string;
}

/** Runs one command and keeps what it printed, for the leak scan; stdout is left out only where it carries keys by request. */
async function tokenkit(place: {directory: string; env: NodeJS.ProcessEnv}, argv: readonly string[], printed: Captured[], stdoutHoldsKeys = false): Promise<Ran> {
	const cli = startCli(argv, {env: place.env, cwd: place.directory});
	const code = await cli.done;
	const label = `tokenkit ${argv.join(' ')}`;
	if (!stdoutHoldsKeys) {
		printed.push({where: `${label} (stdout)`, text: cli.stdout()});
	}

	printed.push({where: `${label} (stderr)`, text: cli.stderr()});
	return {code, stdout: cli.stdout(), stderr: cli.stderr()};
}

/** Everything printed and every file written under `directory` (the secret file aside) holds none of `secrets`, in no form. */
async function expectNoLeaks(printed: readonly Captured[], directory: string, secrets: readonly string[], secretFile?: string): Promise<void> {
	const files = await filesUnder(directory, new Set(secretFile === undefined ? [] : [secretFile]));
	expect(secrets.length).toBeGreaterThan(0);
	expect(findLeaks([...printed, ...files], secrets)).toEqual([]);
}

const SecretLineSchema = v.strictObject({ref: v.string(), rotated: v.string(), name: v.string(), key: v.string()});

function secretLines(text: string): Array<v.InferOutput<typeof SecretLineSchema>> {
	return text.split('\n').filter(line => line !== '').map(line => v.parse(SecretLineSchema, JSON.parse(line)));
}

/** A provider for `account` that talks to the honest simulator behind the hostile server, to set a test up. */
function honestProvider(hostile: HostileVendor, vendor: string, account: string): TokenProvider {
	return providerFor(hostile.behind.get(vendor).configEntries(), vendor, account);
}

/** A provider for `account` as a library user would build it, talking to the hostile server. */
function hostileProvider(hostile: HostileVendor, vendor: string, account: string): TokenProvider {
	return providerFor(hostile.entries, vendor, account);
}

function providerFor(entries: ReadonlyArray<Readonly<Record<string, string>>>, vendor: string, account: string): TokenProvider {
	const entry = entries.find(candidate => candidate.name === account);
	const definition = builtInVendors.find(candidate => candidate.name === vendor);
	if (entry === undefined || definition === undefined) {
		throw new Error(`no ${vendor} account ${account}`);
	}

	const {name = '', provider = '', apiKey = '', baseUrl, ...options} = entry;
	return definition.createProvider({name, provider, apiKey, baseUrl, options, where: 'test'}, {});
}

async function startWith(vendor: string, mode: HostileMode): Promise<HostileVendor> {
	return startHostile({vendor, mode, tokens: 4});
}

describe('a minted key echoed back during a rotation is printed nowhere and journaled nowhere', () => {
	for (const where of ['body', 'header'] as const) {
		it(`Mist: the failing DELETE of the old token echoes the new key in its ${where === 'body' ? 'error body' : 'x-request-id header'}`, async () => {
			const echo = mintedKeyEchoedByDelete(where);
			const hostile = await startWith('mist', echo.mode);
			const {token: old} = await honestProvider(hostile, 'mist', 'mist-org-1').create({name: 'ci-deploy', privileges: [{role: 'write', scope: 'org', resource: null}]});
			const place = await hostile.writeConfig();
			const printed: Captured[] = [];
			const ref = `mist:mist-org-1:${old.id}`;

			const {code, stdout} = await tokenkit(place, ['rotate', ref, '--secret-out', 'keys.jsonl', '--yes'], printed);

			// The new key is stored, the old token could not be deleted: a failure that says what to finish.
			expect(code).toBe(1);
			expect(stdout).toContain(`FAILED  ${ref}`);
			expect(stdout).toContain('answered HTTP 403');
			expect(stdout).toContain('[redacted]');
			expect(echo.minted).toHaveLength(1);
			const secretFile = join(place.directory, 'keys.jsonl');
			expect(secretLines(await readFile(secretFile, 'utf8')).map(line => line.key)).toEqual(echo.minted);
			const journal = await readFile(`${secretFile}.journal`, 'utf8');
			expect(journal).toContain('"state":"old-live"');
			await expectNoLeaks(printed, place.directory, [...hostile.secrets(), ...echo.minted], secretFile);
		});
	}

	it('Mist, keys on stdout (--secret-out -): the report on stderr holds none, stdout holds the key', async () => {
		const echo = mintedKeyEchoedByDelete('body');
		const hostile = await startWith('mist', echo.mode);
		const {token: old} = await honestProvider(hostile, 'mist', 'mist-org-1').create({name: 'ci-pipe', privileges: [{role: 'read', scope: 'org', resource: null}]});
		const place = await hostile.writeConfig();
		const printed: Captured[] = [];

		const {code, stdout, stderr} = await tokenkit(place, ['rotate', `mist:mist-org-1:${old.id}`, '--secret-out', '-', '--yes'], printed, true);

		expect(code).toBe(1);
		expect(stderr).toContain('[redacted]');
		expect(secretLines(stdout).map(line => line.key)).toEqual(echo.minted);
		await expectNoLeaks(printed, place.directory, [...hostile.secrets(), ...echo.minted]);
	});

	it('LaunchDarkly: a reset after another answers with an error that echoes the key the first reset minted, plain and encoded', async () => {
		const echo = mintedKeysEchoedByLaterReset();
		const hostile = await startWith('launchdarkly', echo.mode);
		const setup = honestProvider(hostile, 'launchdarkly', 'launchdarkly-account-1');
		const reader = {kind: 'service', privileges: [{role: 'reader', scope: 'account', resource: null}]} as const;
		const first = await setup.create({name: 'flag-sync', ...reader});
		const second = await setup.create({name: 'flag-audit', ...reader});
		const place = await hostile.writeConfig();
		const printed: Captured[] = [];
		const refs = [first, second].map(({token}) => `launchdarkly:launchdarkly-account-1:${token.id}`);

		const {code, stdout} = await tokenkit(place, ['rotate', ...refs, '--grace', '1h', '--secret-out', 'keys.jsonl', '--yes'], printed);

		expect(code).toBe(1);
		expect(stdout).toMatch(/^1 rotated, 1 failed\./m);
		expect(stdout).toContain('answered HTTP 400');
		expect(stdout).toContain('[redacted]');
		const secretFile = join(place.directory, 'keys.jsonl');
		expect(secretLines(await readFile(secretFile, 'utf8')).map(line => line.key)).toEqual(echo.minted);
		await expectNoLeaks(printed, place.directory, [...hostile.secrets(), ...echo.minted], secretFile);
	});
});

/** The vendor whose error texts echo the credential; each form is tried on another vendor, so every adapter's error path is crossed. */
const echoVendors = ['mist', 'opal', 'launchdarkly'];

describe('the credential echoed in part or encoded in a vendor error is scrubbed from every format', () => {
	for (const [index, [echo, form]] of Object.entries(credentialEchoes).entries()) {
		const vendor = echoVendors[index % echoVendors.length] ?? 'mist';
		it(`${echo} (${vendor})`, async () => {
			const hostile = await startWith(vendor, credentialEchoedInError(form));
			const accounts = hostile.entries.map(entry => entry.provider === vendor ? {...entry, apiKey: oddCredential} : entry);
			const place = await hostile.writeConfig(accounts);
			const printed: Captured[] = [];

			const {code, stdout, stderr} = await tokenkit(place, ['inventory', '--format', 'json'], printed);
			expect(code).toBe(1);
			// The vendor's text reached tokenkit, and came out scrubbed; the other vendors' accounts still listed.
			expect(stderr).toContain('[redacted]');
			const report = parseReport(stdout);
			expect(report.accounts.filter(account => !account.complete).map(account => account.provider)).toEqual([vendor, vendor]);
			expect(report.accounts.filter(account => account.complete).length).toBeGreaterThan(0);
			for (const format of formats) {
				const run = await tokenkit(place, ['inventory', '--format', format, '--output', `inventory.${format}`], printed);
				expect(run.code).toBe(1);
			}

			await expectNoLeaks(printed, place.directory, [...hostile.secrets(), oddCredential]);
		});
	}
});

describe('a secret inside a vendor record is not printed, and a vendor mask still is', () => {
	const cases: Array<{name: string; vendor: string; start: () => {mode: HostileMode; planted: string[]}}> = [
		{name: 'Mist records whose key is a whole key', vendor: 'mist', start: mistFullKeyInRecords},
		{name: 'Opal records whose token_preview is a whole key', vendor: 'opal', start: opalFullKeyAsPreview},
		...echoVendors.map(vendor => ({name: `${vendor} records with extra fields holding the credential`, vendor, start: () => ({mode: credentialInExtraFields, planted: []})})),
	];
	for (const {name, vendor, start} of cases) {
		it(name, async () => {
			const {mode, planted} = start();
			const hostile = await startWith(vendor, mode);
			const place = await hostile.writeConfig();
			const printed: Captured[] = [];

			const {code, stdout, stderr} = await tokenkit(place, ['inventory', '--format', 'json'], printed);
			expect(code, stderr).toBe(0);
			const tokens = parseReport(stdout).tokens.filter(token => token.provider === vendor);
			expect(tokens.length).toBeGreaterThan(0);
			for (const format of formats) {
				const run = await tokenkit(place, ['inventory', '--format', format, '--output', `inventory.${format}`], printed);
				expect(run.code).toBe(0);
			}

			const audit = await tokenkit(place, ['audit', '--format', 'json', '--output', 'audit.json'], printed);
			expect(audit.code).toBe(0);
			await expectNoLeaks(printed, place.directory, [...hostile.secrets(), ...planted]);
		});
	}
});

/** Every way an error is commonly printed or logged. */
function renderings(error: unknown): Captured[] {
	const rendered = error instanceof Error ? [error.message, error.stack ?? '', String(error)] : [];
	return [...rendered, inspect(error, {depth: null, showHidden: true}), JSON.stringify(error)].map((text, index) => ({where: `rendering ${index}`, text}));
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
	try {
		await promise;
	} catch (error) {
		return error;
	}

	throw new Error('expected a rejection');
}

describe('the library: a provider registers each key it mints, and scrubs the records it lists', () => {
	it('Mist: the error of the failing DELETE after a replace holds no trace of the new key, which onMinted received', async () => {
		const echo = mintedKeyEchoedByDelete('body');
		const hostile = await startWith('mist', echo.mode);
		const {token: old} = await honestProvider(hostile, 'mist', 'mist-org-1').create({name: 'lib-ci', privileges: [{role: 'read', scope: 'org', resource: null}]});
		const handed: string[] = [];

		const error = await rejectionOf(hostileProvider(hostile, 'mist', 'mist-org-1').rotate(old.id, {
			async onMinted({secret}) {
				handed.push(secret.reveal());
				return Promise.resolve();
			},
		}));

		expect(error).toBeInstanceOf(PermissionDeniedError);
		expect(handed).toEqual(echo.minted);
		expect(String(error)).toContain('[redacted]');
		expect(findLeaks(renderings(error), [...hostile.secrets(), ...echo.minted])).toEqual([]);
	});

	it('LaunchDarkly: a later reset\'s error echoing the earlier reset\'s key, plain and encoded, holds no trace of it', async () => {
		const echo = mintedKeysEchoedByLaterReset();
		const hostile = await startWith('launchdarkly', echo.mode);
		const setup = honestProvider(hostile, 'launchdarkly', 'launchdarkly-account-1');
		const reader = {kind: 'service', privileges: [{role: 'reader', scope: 'account', resource: null}]} as const;
		const [first, second] = [await setup.create({name: 'lib-a', ...reader}), await setup.create({name: 'lib-b', ...reader})];
		const provider = hostileProvider(hostile, 'launchdarkly', 'launchdarkly-account-1');

		const {secret} = await provider.rotate(first.token.id, {gracePeriod: 60_000});
		const error = await rejectionOf(provider.rotate(second.token.id, {gracePeriod: 60_000}));

		expect(echo.minted).toEqual([secret.reveal()]);
		expect(error).toBeInstanceOf(BadRequestError);
		expect(findLeaks(renderings(error), [...hostile.secrets(), ...echo.minted])).toEqual([]);
	});

	it.each([
		['mist', 'mist-org-1', mistFullKeyInRecords],
		['opal', 'opal-org-1', opalFullKeyAsPreview],
		['launchdarkly', 'launchdarkly-account-1', () => ({mode: credentialInExtraFields, planted: []})],
	])('%s: listed tokens carry no whole key where a mask belongs, and no echo of the credential', async (vendor, account, start) => {
		const {mode, planted} = start();
		const hostile = await startWith(vendor, mode);
		const tokens = [];
		for await (const token of hostileProvider(hostile, vendor, account).list()) {
			tokens.push(token);
		}

		expect(tokens.length).toBeGreaterThan(0);
		expect(findLeaks([{where: 'tokens', text: JSON.stringify(tokens)}], [...hostile.secrets(), ...planted])).toEqual([]);
	});

	// The answer's text never holds the key as it is, only the strings parsed from it do: a scrub of the answer's text
	// would miss it, so the records are scrubbed after they are parsed.
	it.each([
		['mist', 'mist-org-1'],
		['opal', 'opal-org-1'],
		['launchdarkly', 'launchdarkly-account-1'],
	])('%s: listed tokens carry no echo of the credential written in JSON escapes', async (vendor, account) => {
		const hostile = await startWith(vendor, credentialEscapedInRecords);
		const tokens = [];
		for await (const token of hostileProvider(hostile, vendor, account).list()) {
			tokens.push(token);
		}

		expect(tokens.length).toBeGreaterThan(0);
		expect(tokens.every(token => JSON.stringify(token.raw).includes('[redacted]'))).toBe(true);
		expect(findLeaks([{where: 'tokens', text: JSON.stringify(tokens)}], hostile.secrets())).toEqual([]);
	});
});
