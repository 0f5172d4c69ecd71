import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {stringify} from 'yaml';
import {builtInVendors} from '../providers/index.js';
import {createProviders} from '../src/cli/accounts.js';
import {loadConfig} from '../src/config.js';
import {closestWord} from '../src/did-you-mean.js';
import {ConfigError} from '../src/errors/index.js';

const providers = ['mist', 'opal', 'launchdarkly'];
const opal = {name: 'opal-1', provider: 'opal', apiKey: 'k'};
const mistOrg = '6f1b0000-0000-4000-8000-000000000000';

/** The config as block YAML and as indented JSON: the same mistake must be found on its own line in both. */
const formats = {
	yaml: (data: unknown) => stringify(data),
	json: (data: unknown) => JSON.stringify(data, null, 2),
} as const;

/** Loads the config (and builds its providers, where vendors check their own fields); returns the message and the line it names. */
async function refusal(text: string): Promise<{message: string; line: string}> {
	const directory = await mkdtemp(join(tmpdir(), 'tokenkit-config-lines-'));
	const path = join(directory, 'tokenkit.yaml');
	await writeFile(path, text);
	const error: unknown = await loadConfig(path, {env: {}, providers, warn: () => undefined})
		.then(config => createProviders(config.accounts, {}, undefined, builtInVendors))
		.then(() => undefined, (caught: unknown) => caught);
	expect(error).toBeInstanceOf(ConfigError);
	const message = error instanceof Error ? error.message : '';
	const number = /tokenkit\.yaml:(\d+)(?::\d+)?: /.exec(message)?.[1];
	expect(number, message).toBeDefined();
	return {message, line: text.split('\n')[Number(number) - 1] ?? ''};
}

describe('config errors, in YAML and in JSON', () => {
	const cases: ReadonlyArray<readonly [string, unknown, string, RegExp]> = [
		['a misspelt required top-level field', {acounts: [opal]}, 'acounts', /field "accounts" is missing; "acounts" looks like a misspelt "accounts"$/],
		['a misspelt top-level field', {accounts: [opal], vendor: ['./acme.js']}, 'vendor', /unknown field "vendor"; did you mean "vendors"\?$/],
		['a wrong audit threshold', {accounts: [opal], audit: {maxAgeDays: 30, staleAfterDays: 0}}, 'staleAfterDays', /field "audit\.staleAfterDays" .*>=1/],
		['an unknown audit setting, far from any', {accounts: [opal], audit: {staleDays: 3}}, 'staleDays', /unknown field "staleDays" \(known: staleAfterDays, maxAgeDays, neverUsedGraceDays, policies, accepted, acceptedFile\)$/],
		['a misspelt audit setting', {accounts: [opal], audit: {maxAgeDay: 3}}, 'maxAgeDay', /unknown field "maxAgeDay"; did you mean "maxAgeDays"\?$/],
		['an empty vendor module', {vendors: ['./acme.js', '   '], accounts: [opal]}, '"   "', /field "vendors\.1" must not be empty/],
		['a misspelt provider', {accounts: [opal, {name: 'o2', apiKey: 'k', provider: 'opl'}]}, 'opl', /account "o2": field "provider": unknown provider "opl" \(known: mist, opal, launchdarkly\); did you mean "opal"\?$/],
		['a misspelt name', {accounts: [opal, {provider: 'opal', apiKey: 'k', nmae: 'o2'}]}, 'nmae', /account #2: field "name" is missing; "nmae" looks like a misspelt "name"$/],
		['a misspelt apiKey', {accounts: [{name: 'o', provider: 'opal', apikey: 'k'}]}, 'apikey', /account "o": needs "apiKey" or "apiKeyFile"; "apikey" looks like a misspelt "apiKey"$/],
		['a wrong maxResponseBytes', {accounts: [{name: 'o', provider: 'opal', apiKey: 'k', maxResponseBytes: 0}]}, 'maxResponseBytes', /field "maxResponseBytes" must be at least 1/],
		['a misspelt vendor field', {accounts: [{name: 'm', provider: 'mist', apiKey: 'k', orgID: mistOrg}]}, 'orgID', /account "m": unknown field "orgID" for provider mist; did you mean "orgId"\?$/],
		['a misspelt common field, seen by the vendor', {accounts: [{name: 'm', provider: 'mist', apiKey: 'k', orgId: mistOrg, baseURL: 'https://api.mist.com'}]}, 'baseURL', /unknown field "baseURL" for provider mist; did you mean "baseUrl"\?$/],
	];

	for (const [format, write] of Object.entries(formats)) {
		it.each(cases)(`${format}: %s names the line of the mistake`, async (_what, data, marker, message) => {
			const {message: text, line} = await refusal(write(data));
			expect(text).toMatch(message);
			expect(line).toContain(marker);
		});
	}

	it('refuses a key written twice in a JSON object, with its line and column', async () => {
		const text = '{\n  "accounts": [\n    {"name": "o", "provider": "opal",\n     "apiKey": "k", "apiKey": "other"}\n  ]\n}\n';
		const {message} = await refusal(text);
		expect(message).toMatch(/tokenkit\.yaml:4:21: not valid JSON for a config: the key "apiKey" appears twice in one object$/);
	});

	it('reads a JSON file nested a hundred thousand levels deep without a stack overflow', async () => {
		const {message} = await refusal(`{"accounts": [${'['.repeat(100_000)}${']'.repeat(100_000)}]}`);
		expect(message).toMatch(/account #1/);
	});
});

describe('closestWord', () => {
	it.each([
		['acounts', ['accounts', 'audit', 'vendors'], 'accounts'],
		['APIKEY', ['apiKey', 'apiKeyFile'], 'apiKey'],
		['orgdi', ['orgId', 'cloud', 'scope'], 'orgId'],
		['staleDays', ['staleAfterDays', 'maxAgeDays'], undefined],
		['x', ['y', 'z'], 'y'],
		['zzzzzz', ['accounts'], undefined],
	])('takes %s for %j: %s', (word, candidates, expected) => {
		expect(closestWord(word, candidates)).toBe(expected);
	});
});
