import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {stringify} from 'yaml';
import {builtInVendors} from '../providers/index.js';
import {loadConfig} from '../src/config.js';
import {ConfigError} from '../src/errors/index.js';
import {startCli} from './support/run-cli.js';

const providers = builtInVendors.map(vendor => vendor.name);
const accounts = [{name: 'opal-1', provider: 'opal', apiKey: 'k'}];
const accept = {ref: 'opal:opal-1:tok-1', policy: 'stale', reason: 'read-only sync', owner: 'platform@example.com', expires: '2027-06-30'};

async function configFile(text: string, files: Readonly<Record<string, string>> = {}): Promise<string> {
	const directory = await mkdtemp(join(tmpdir(), 'tokenkit-audit-config-'));
	for (const [name, content] of Object.entries(files)) {
		await writeFile(join(directory, name), content);
	}

	await writeFile(join(directory, 'tokenkit.yaml'), text);
	return join(directory, 'tokenkit.yaml');
}

async function load(text: string, files: Readonly<Record<string, string>> = {}) {
	return loadConfig(await configFile(text, files), {env: {}, providers, warn: () => undefined});
}

/** The message of the ConfigError the config gets, and the text of the line (of the file it names) that the message points at. */
async function refusal(text: string, files: Readonly<Record<string, string>> = {}): Promise<{message: string; line: string}> {
	const error: unknown = await load(text, files).then(() => undefined, (caught: unknown) => caught);
	expect(error).toBeInstanceOf(ConfigError);
	const message = error instanceof Error ? error.message : '';
	const [, file = '', number = '0'] = /([\w.-]+\.(?:yaml|json)):(\d+): /.exec(message) ?? [];
	const source = file === 'tokenkit.yaml' ? text : files[file] ?? '';
	return {message, line: source.split('\n')[Number(number) - 1] ?? ''};
}

describe('audit.policies in the config', () => {
	it('switches policies off and gives days, for every vendor or one', async () => {
		const config = await load(stringify({accounts, audit: {policies: {
			'no-expiry': {enabled: false},
			stale: {days: 60, vendors: {github: {days: 30}, opal: {enabled: false}}},
			'too-old': {vendors: {gitlab: {days: 180}}},
		}}}));
		expect(config.audit.staleAfterDays).toBe(60);
		expect(config.audit.maxAgeDays).toBe(365);
		expect(config.audit.policies).toEqual({
			'no-expiry': {enabled: false, vendors: {}},
			stale: {enabled: undefined, vendors: {github: {days: 30}, opal: {enabled: false}}},
			'too-old': {enabled: undefined, vendors: {gitlab: {days: 180}}},
		});
	});

	it.each([
		['an unknown policy', {policies: {stal: {enabled: false}}}, 'stal:', /audit\.policies: unknown policy "stal"; did you mean "stale"\?$/],
		['a policy far from any', {policies: {'never-expiring': {enabled: false}}}, 'never-expiring:', /unknown policy "never-expiring" \(policies: admin, admin-unknown, .*, no-expiry, expired\)$/],
		['an unknown vendor', {policies: {stale: {vendors: {githb: {days: 30}}}}}, 'githb:', /audit\.policies\.stale\.vendors: unknown vendor "githb"; did you mean "github"\?$/],
		['days on a policy without a threshold', {policies: {admin: {days: 30}}}, 'days:', /audit\.policies\.admin: unknown field "days" \(known: enabled, vendors\)$/],
		['a misspelt field', {policies: {stale: {dayz: 30}}}, 'dayz:', /audit\.policies\.stale: unknown field "dayz"; did you mean "days"\?$/],
		['days that are no whole positive number', {policies: {stale: {vendors: {opal: {days: 0}}}}}, 'days: 0', /field "audit\.policies\.stale\.vendors\.opal\.days" .*>=1/],
		['enabled that is no boolean', {policies: {stale: {enabled: 'no'}}}, 'enabled: no', /field "audit\.policies\.stale\.enabled" .*boolean/],
		['one threshold written two ways', {staleAfterDays: 90, policies: {stale: {days: 30}}}, 'days: 30', /audit\.policies\.stale\.days and audit\.staleAfterDays are the same setting; keep one$/],
	])('refuses %s, naming the file and line', async (_what, audit, marker, message) => {
		const {message: text, line} = await refusal(stringify({accounts, audit}));
		expect(text).toMatch(message);
		expect(text).toMatch(/^\[tokenkit\] \/.*tokenkit\.yaml:\d+: /);
		expect(line).toContain(marker);
	});
});

describe('audit.accepted in the config', () => {
	it('reads each acceptance with where it is written', async () => {
		const text = stringify({accounts, audit: {accepted: [accept, {...accept, ref: 'github:gh-*:*', policy: 'admin*'}]}});
		const config = await load(text);
		expect(config.accepted).toEqual([
			{...accept, where: expect.stringMatching(/tokenkit\.yaml:7$/) as unknown},
			{...accept, ref: 'github:gh-*:*', policy: 'admin*', where: expect.stringMatching(/tokenkit\.yaml:12$/) as unknown},
		]);
		expect(text.split('\n')[6]).toBe('    - ref: opal:opal-1:tok-1');
		expect(text.split('\n')[11]).toBe('    - ref: github:gh-*:*');
	});

	it('takes a YAML date as written, unquoted', async () => {
		const config = await load(`accounts:\n  - {name: opal-1, provider: opal, apiKey: k}\naudit:\n  accepted:\n    - {ref: "opal:*", policy: stale, reason: r, owner: o, expires: 2027-01-31}\n`);
		expect(config.accepted[0]?.expires).toBe('2027-01-31');
	});

	it.each([
		['no reason', {...accept, reason: undefined}, 'ref:', /audit\.accepted\[0\]: field "reason" is missing \(why the risk is accepted\)$/],
		['an empty reason', {...accept, reason: '  '}, 'reason:', /field "audit\.accepted\[0\]\.reason" is empty; say why the risk is accepted$/],
		['no owner', {...accept, owner: undefined}, 'ref:', /field "owner" is missing \(who answers for it\)$/],
		['no expiry', {...accept, expires: undefined}, 'ref:', /field "expires" is missing \(the last day it holds \(YYYY-MM-DD\); an acceptance never runs for ever\)$/],
		['a month that does not exist', {...accept, expires: '2026-13-01'}, 'expires:', /audit\.accepted\[0\]: field "expires" must be a date written YYYY-MM-DD, such as 2026-06-30; got "2026-13-01"$/],
		['a day that does not exist', {...accept, expires: '2026-02-30'}, 'expires:', /field "expires" must be a date written YYYY-MM-DD.*got "2026-02-30"$/],
		['a date in words', {...accept, expires: 'next year'}, 'expires:', /got "next year"$/],
		['a date as a number', {...accept, expires: 20_270_630}, 'expires:', /field "audit\.accepted\[0\]\.expires" must be a date written YYYY-MM-DD \(quote it in YAML\)$/],
		['an unknown policy', {...accept, policy: 'too_old'}, 'policy:', /audit\.accepted\[0\]: unknown policy "too_old"; did you mean "too-old"\?$/],
		['a pattern that names no policy', {...accept, policy: 'owner*gone*x'}, 'policy:', /the pattern "owner\*gone\*x" names no policy/],
		['an unknown vendor in the REF', {...accept, ref: 'gitlb:prod:7'}, 'ref:', /"gitlb:prod:7" names no vendor tokenkit knows; write provider:account:id; did you mean "gitlab"\?$/],
		['a REF without an id', {...accept, ref: 'opal:opal-1'}, 'ref:', /"opal:opal-1" is not a REF; write provider:account:id, or a pattern such as opal:account:\*$/],
		['a misspelt field', {...accept, reasn: 'x'}, 'reasn:', /audit\.accepted\[0\]: unknown field "reasn"; did you mean "reason"\?$/],
	])('refuses an acceptance with %s, naming the file and line', async (_what, entry, marker, message) => {
		const {message: text, line} = await refusal(stringify({accounts, audit: {accepted: [entry]}}));
		expect(text).toMatch(message);
		expect(line).toContain(marker);
	});

	it('reads audit.acceptedFile relative to the config, and names that file and its line for a mistake there', async () => {
		const file = stringify({accepted: [accept, {...accept, policy: 'admin'}]});
		const config = await load(stringify({accounts, audit: {accepted: [{...accept, ref: 'mist:*'}], acceptedFile: 'risks.yaml'}}), {'risks.yaml': file});
		expect(config.accepted.map(acceptance => [acceptance.ref, acceptance.policy, acceptance.where.replace(/^.*\//, '')])).toEqual([
			['mist:*', 'stale', 'tokenkit.yaml:7'],
			['opal:opal-1:tok-1', 'stale', 'risks.yaml:2'],
			['opal:opal-1:tok-1', 'admin', 'risks.yaml:7'],
		]);

		const broken = await refusal(stringify({accounts, audit: {acceptedFile: 'risks.yaml'}}), {'risks.yaml': stringify({accepted: [accept, {...accept, expires: '30/06/2027'}]})});
		expect(broken.message).toMatch(/risks\.yaml:\d+: accepted\[1\]: field "expires" must be a date/);
		expect(broken.line).toContain('expires: 30/06/2027');

		const missing = await refusal(stringify({accounts, audit: {acceptedFile: 'nowhere.yaml'}}));
		expect(missing.message).toMatch(/tokenkit\.yaml:\d+: field "audit\.acceptedFile": .*nowhere\.yaml cannot be read \(no such file\)$/);
		expect(missing.line).toContain('acceptedFile: nowhere.yaml');

		const notAList = await refusal(stringify({accounts, audit: {acceptedFile: 'risks.yaml'}}), {'risks.yaml': 'acepted: []\n'});
		expect(notAList.message).toMatch(/risks\.yaml:1: field "accepted" is missing; "acepted" looks like a misspelt "accepted"$/);
	});

	it('tokenkit audit exits 2 on such a mistake, before any request, naming the file and line', async () => {
		const path = await configFile(stringify({accounts: [{name: 'opal-1', provider: 'opal', apiKey: 'k', baseUrl: 'http://127.0.0.1:9'}], audit: {accepted: [{...accept, reason: undefined}]}}));
		const cli = startCli(['audit', '--config', path, '--format', 'json'], {cwd: tmpdir()});
		expect(await cli.done).toBe(2);
		expect(cli.stderr()).toMatch(/^tokenkit: \/.*tokenkit\.yaml:\d+: audit\.accepted\[0\]: field "reason" is missing/);
		expect(cli.stdout()).toBe('');
	});
});
