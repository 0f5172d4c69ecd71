import {execFileSync, spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdir, mkdtemp, open, readdir, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {builtInVendors} from '../../providers/index.js';
import {startSimulators} from '../../providers/simulators.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import {cliPath, finished, tokenkit, type Finished} from '../e2e/built-cli.js';
import {findLeaks} from '../support/leak-scan.js';
import {startCli} from '../support/run-cli.js';

/*
Bad command lines and bad configs, each run as a user would type it. Every one must end the same way: exit
code 2, one line on stderr that names what to fix, no stack trace, nothing on stdout, no file written and no
request sent to the simulators the config points at. To add a case, add a row to `corpus`.
*/

type Entry = Readonly<Record<string, string>>;

/** What a case can build its config and command line from: the running simulators, described as config entries. */
interface Fixture {
	/** One entry per simulated account, keys as `${KEY_n}` references. */
	readonly entries: readonly Entry[];
	readonly mist: Entry;
	readonly opal: Entry;
	readonly launchdarkly: Entry;
	/** The real admin key of the first Mist account. */
	readonly mistKey: string;
	/** A port the Mist simulator listens on, so it is taken. */
	readonly mistPort: number;
}

interface BadInput {
	/** What is wrong, as the test names it. */
	readonly what: string;
	readonly argv: readonly string[] | ((fixture: Fixture) => readonly string[]);
	/** Files the case needs beside the good tokenkit.yaml: text, null for a directory, or a FIFO no one writes to. */
	readonly files?: (fixture: Fixture) => Readonly<Record<string, string | null | typeof fifo>>;
	/** What the one line on stderr must say. */
	readonly message: RegExp | ((fixture: Fixture) => RegExp);
}

/** A config file with one account per line (JSON objects are YAML flow mappings), so account n is on line n + 1. */
function configOf(entries: readonly Entry[], rest = ''): string {
	return `accounts:\n${entries.map(entry => `  - ${JSON.stringify(entry)}\n`).join('')}${rest}`;
}

function badConfig(text: (fixture: Fixture) => string): (fixture: Fixture) => Record<string, string> {
	return fixture => ({'bad.yaml': text(fixture)});
}

const withBad = ['--config', 'bad.yaml'];

/** A named pipe: reading one that no one writes to waits forever. */
const fifo = Symbol('fifo');

/** A bad.yaml whose first account is the Mist one with `change` applied. */
function badMist(change: (fixture: Fixture) => Entry): (fixture: Fixture) => Record<string, string> {
	return badConfig(fixture => configOf([{...fixture.mist, ...change(fixture)}]));
}

/** A bad.yaml whose Mist account reads its key from `apiKeyFile`. */
function mistKeyFile(apiKeyFile: string, files: (fixture: Fixture) => Readonly<Record<string, string | typeof fifo>> = () => ({})): (fixture: Fixture) => Readonly<Record<string, string | typeof fifo>> {
	return fixture => ({
		...files(fixture),
		'bad.yaml': configOf([{name: 'mist-org-1', provider: 'mist', orgId: fixture.mist.orgId ?? '', baseUrl: fixture.mist.baseUrl ?? '', apiKeyFile}]),
	});
}

const supportedReferences = '; tokenkit reads \\$\\{NAME\\} and \\$\\{NAME:-default\\}, and \\$\\$ for a literal \\$$';

/** The line that refuses a shell form in the Mist account's apiKey, on line 2 of bad.yaml. */
const shellForm = (problem: string): RegExp => new RegExp(`bad\\.yaml:2: account "mist-org-1": field "apiKey" holds ${problem}${supportedReferences}`);

/** The line that refuses `${…}` with a shell operator, shown as a pattern (`\\$\\{KEY_0:\\?…\\}`). */
const unsupportedForm = (shown: string): RegExp => shellForm(`"${shown}", a shell form tokenkit does not support`);

// Anchors that expand to 10^4 nodes: a small file that would be a large document.
const aliasBomb = 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n';

const corpus: readonly BadInput[] = [
	// The config file.
	{
		what: 'a YAML syntax error, with file, line and column',
		argv: ['inventory', ...withBad],
		files: badConfig(({mist}) => `accounts:\n  - ${JSON.stringify(mist)}\n  - {name: x, provider: opal}}\n`),
		message: /^tokenkit: \/\S+\/bad\.yaml:3:30: not valid YAML: /,
	},
	{
		what: 'an unknown provider',
		argv: ['inventory', ...withBad],
		files: badConfig(({mist}) => configOf([mist, {name: 'bb', provider: 'bitbucket', apiKey: 'k'}])),
		message: new RegExp(`bad\\.yaml:3: account "bb": field "provider": unknown provider "bitbucket" \\(known: ${builtInVendors.map(vendor => vendor.name).join(', ')}\\)`),
	},
	{
		what: 'an environment variable that is not set',
		argv: ['inventory', ...withBad],
		files: badConfig(({mist, opal}) => configOf([opal, {...mist, apiKey: '${TOKENKIT_UNSET}'}])),
		message: /bad\.yaml:3: account "mist-org-1": field "apiKey": environment variable TOKENKIT_UNSET is not set$/,
	},
	{
		what: 'an apiKeyFile that does not exist',
		argv: ['inventory', ...withBad],
		files: badConfig(({mist}) => configOf([{name: mist.name ?? '', provider: 'mist', orgId: mist.orgId ?? '', baseUrl: mist.baseUrl ?? '', apiKeyFile: 'missing.key'}])),
		message: /bad\.yaml:2: account "mist-org-1": field "apiKeyFile": \/\S+\/missing\.key cannot be read \(no such file\)$/,
	},
	{
		what: 'an apiKeyFile that is a directory',
		argv: ['inventory', ...withBad],
		files: fixture => ({
			'keys.d': null,
			'bad.yaml': configOf([{name: 'mist-org-1', provider: 'mist', orgId: fixture.mist.orgId ?? '', baseUrl: fixture.mist.baseUrl ?? '', apiKeyFile: 'keys.d'}]),
		}),
		message: /bad\.yaml:2: account "mist-org-1": field "apiKeyFile": \/\S+\/keys\.d cannot be read \(a directory, not a regular file\)$/,
	},
	{
		what: 'an apiKeyFile that is a FIFO no one writes to',
		argv: ['inventory', ...withBad],
		files: mistKeyFile('mist.key', () => ({'mist.key': fifo})),
		message: /bad\.yaml:2: account "mist-org-1": field "apiKeyFile": \/\S+\/mist\.key cannot be read \(a FIFO, not a regular file\)$/,
	},
	{
		what: 'an apiKeyFile that is a device',
		argv: ['inventory', ...withBad],
		files: mistKeyFile('/dev/zero'),
		message: /bad\.yaml:2: account "mist-org-1": field "apiKeyFile": \/dev\/zero cannot be read \(a device, not a regular file\)$/,
	},
	{
		what: 'an apiKeyFile larger than 64 KiB',
		argv: ['inventory', ...withBad],
		files: mistKeyFile('mist.key', ({mistKey}) => ({'mist.key': `${mistKey}\n${' '.repeat(64 * 1024)}`})),
		message: /bad\.yaml:2: account "mist-org-1": field "apiKeyFile": \/\S+\/mist\.key cannot be read \(larger than 64 KiB, the most tokenkit reads\)$/,
	},
	{
		what: 'a config file that is a FIFO no one writes to',
		argv: ['inventory', ...withBad],
		files: () => ({'bad.yaml': fifo}),
		message: /config file \/\S+\/bad\.yaml cannot be read \(a FIFO, not a regular file\)$/,
	},
	{
		what: 'a config file larger than 1 MiB',
		argv: ['inventory', ...withBad],
		files: badConfig(({mist}) => `${configOf([mist])}${'#'.repeat(1024 * 1024)}\n`),
		message: /config file \/\S+\/bad\.yaml cannot be read \(larger than 1 MiB, the most tokenkit reads\)$/,
	},
	{
		what: 'a key written twice in one account',
		argv: ['inventory', ...withBad],
		files: badConfig(({mist, mistKey}) => `accounts:\n  - ${JSON.stringify(mist).slice(0, -1)}, "apiKey": "${mistKey}"}\n`),
		message: /bad\.yaml:2:\d+: not valid YAML: the key "apiKey" appears twice in one mapping$/,
	},
	{
		what: 'an account name with a colon',
		argv: ['inventory', ...withBad],
		files: badConfig(({mist, opal}) => configOf([opal, {...mist, name: 'mist:hq'}])),
		message: /bad\.yaml:3: account #2: field "name" holds ":", which separates the parts of a REF \(provider:account:id\); names must work in a REF/,
	},
	{
		what: 'an account name with a newline',
		argv: ['inventory', ...withBad],
		files: badConfig(({mist}) => configOf([{...mist, name: 'mist\nhq'}])),
		message: /bad\.yaml:2: account #1: field "name" holds U\+000A, a control or invisible character; names must work in a REF/,
	},
	{
		what: 'an account name with a right-to-left override',
		argv: ['inventory', ...withBad],
		files: badConfig(({mist}) => configOf([{...mist, name: 'mist\u202Ehq'}])),
		message: /bad\.yaml:2: account #1: field "name" holds U\+202E, a control or invisible character/,
	},
	{
		what: 'an account name with a zero-width space',
		argv: ['inventory', ...withBad],
		files: badConfig(({mist}) => configOf([{...mist, name: 'mist\u200Bhq'}])),
		message: /bad\.yaml:2: account #1: field "name" holds U\+200B, a control or invisible character/,
	},
	{
		what: 'an account name with a C1 control',
		argv: ['inventory', ...withBad],
		files: badConfig(({mist}) => configOf([{...mist, name: 'mist\u009Bhq'}])),
		message: /bad\.yaml:2: account #1: field "name" holds U\+009B, a control or invisible character/,
	},

	// Shell forms in a key: sent as written, each reached the vendor as the credential.
	{what: 'a key of ${VAR-default}', argv: ['inventory', ...withBad], files: badMist(({mistKey}) => ({apiKey: `\${TOKENKIT_UNSET-${mistKey}}`})), message: unsupportedForm('\\$\\{TOKENKIT_UNSET-…\\}')},
	{what: 'a key of ${VAR:?message}', argv: ['inventory', ...withBad], files: badMist(({mistKey}) => ({apiKey: `\${KEY_0:?${mistKey}}`})), message: unsupportedForm('\\$\\{KEY_0:\\?…\\}')},
	{what: 'a key of ${VAR:+alternate}', argv: ['inventory', ...withBad], files: badMist(({mistKey}) => ({apiKey: `\${KEY_0:+${mistKey}}`})), message: unsupportedForm('\\$\\{KEY_0:\\+…\\}')},
	{what: 'a key of ${#VAR}', argv: ['inventory', ...withBad], files: badMist(() => ({apiKey: '${#KEY_0}'})), message: unsupportedForm('\\$\\{#…\\}')},
	{what: 'a key of ${VAR/a/b}', argv: ['inventory', ...withBad], files: badMist(({mistKey}) => ({apiKey: `\${KEY_0/x/${mistKey}}`})), message: unsupportedForm('\\$\\{KEY_0/…\\}')},
	{what: 'a key with $VAR without braces', argv: ['inventory', ...withBad], files: badMist(({mistKey}) => ({apiKey: `${mistKey}$KEY_0`})), message: shellForm('a "\\$" followed by a name without braces \\(character \\d+\\); write \\$\\{NAME\\} for a variable')},
	{what: 'a key of nested ${${VAR}}', argv: ['inventory', ...withBad], files: badMist(() => ({apiKey: '${${KEY_0}}'})), message: shellForm('a reference inside a reference, which tokenkit does not expand')},
	{what: 'a key with an unclosed ${', argv: ['inventory', ...withBad], files: badMist(({mistKey}) => ({apiKey: `${mistKey}\${KEY_0`})), message: shellForm('a "\\$\\{" without its closing "\\}" \\(character \\d+\\)')},
	{
		what: 'plain HTTP to a host that is not loopback',
		argv: ['inventory', ...withBad],
		files: badConfig(({mist, launchdarkly}) => configOf([mist, {...launchdarkly, name: 'remote', baseUrl: 'http://example.com'}])),
		message: /account "remote": baseUrl "http:\/\/example\.com" uses plain HTTP to a host that is not loopback; use https/,
	},
	{
		what: 'a key with a character no HTTP header can carry',
		argv: ['inventory', ...withBad],
		files: badConfig(({mist, mistKey}) => configOf([{...mist, apiKey: `${mistKey}€`}])),
		message: /account "mist-org-1": apiKey holds a character that is not printable ASCII/,
	},
	{
		what: 'a vendor field with a wrong value',
		argv: ['inventory', ...withBad],
		files: badConfig(({mist}) => configOf([{name: 'mist-hq', provider: 'mist', orgId: mist.orgId ?? '', cloud: 'global99', apiKey: 'k'}])),
		message: /account "mist-hq".*cloud.*global99/,
	},
	{
		what: 'two accounts with one name',
		argv: ['inventory', ...withBad],
		files: badConfig(({mist, opal}) => configOf([mist, {...opal, name: 'mist-org-1'}])),
		message: /bad\.yaml:3: account "mist-org-1": the name is used by another account; names must be unique$/,
	},
	{
		what: 'an empty accounts list',
		argv: ['inventory', ...withBad],
		files: badConfig(() => 'accounts: []\n'),
		message: /bad\.yaml:1: field "accounts" lists no account$/,
	},
	{
		what: 'an empty config file',
		argv: ['audit', ...withBad],
		files: badConfig(() => '# nothing yet\n'),
		message: /bad\.yaml: the file is empty; it needs "accounts:", a list of accounts$/,
	},
	{
		what: 'aliases that expand without end',
		argv: ['inventory', ...withBad],
		files: badConfig(({mist}) => `${aliasBomb}${configOf([mist])}`),
		message: /bad\.yaml: cannot be read as a config: Excessive alias count/,
	},
	{
		what: 'a config file that does not exist',
		argv: ['inventory', '--config', 'nothere.yaml'],
		message: /config file \/\S+\/nothere\.yaml cannot be read \(no such file\); pass --config FILE/,
	},
	{
		what: 'an empty --config',
		argv: ['revoke', 'mist:mist-org-1:1', '--yes', '--config='],
		message: /--config needs a file name$/,
	},
	{
		what: 'an audit threshold of zero days',
		argv: ['audit', ...withBad],
		files: badConfig(({mist}) => configOf([mist], 'audit:\n  staleAfterDays: 0\n')),
		message: /bad\.yaml:4: field "audit\.staleAfterDays" .*>=1 but received 0/,
	},
	{
		what: 'a negative audit threshold',
		argv: ['audit', ...withBad],
		files: badConfig(({mist}) => configOf([mist], 'audit:\n  maxAgeDays: -5\n')),
		message: /bad\.yaml:4: field "audit\.maxAgeDays" .*received -5/,
	},
	{
		what: 'an audit threshold that is not a number',
		argv: ['audit', ...withBad],
		files: badConfig(({mist}) => configOf([mist], 'audit:\n  neverUsedGraceDays: soon\n')),
		message: /bad\.yaml:4: field "audit\.neverUsedGraceDays" .*received "soon"/,
	},
	{
		what: 'an absurd audit threshold',
		argv: ['audit', ...withBad],
		files: badConfig(({mist}) => configOf([mist], 'audit:\n  maxAgeDays: 1e9\n')),
		message: /bad\.yaml:4: field "audit\.maxAgeDays" .*<=36500/,
	},
	{
		what: 'an unknown audit setting',
		argv: ['audit', ...withBad],
		files: badConfig(({mist}) => configOf([mist], 'audit:\n  staleDays: 3\n')),
		message: /bad\.yaml:4: unknown field "staleDays" \(known: staleAfterDays, maxAgeDays, neverUsedGraceDays, policies, accepted, acceptedFile\)$/,
	},
	{
		what: 'an accepted risk without a reason',
		argv: ['audit', ...withBad],
		files: badConfig(({mist}) => configOf([mist], 'audit:\n  accepted:\n    - {ref: "mist:*", policy: stale, owner: ops, expires: 2027-01-31}\n')),
		message: /bad\.yaml:5: audit\.accepted\[0\]: field "reason" is missing \(why the risk is accepted\)$/,
	},
	{
		what: 'an accepted risk with a malformed date',
		argv: ['audit', ...withBad],
		files: badConfig(({mist}) => configOf([mist], 'audit:\n  accepted:\n    - {ref: "mist:*", policy: stale, reason: r, owner: ops, expires: 31.01.2027}\n')),
		message: /bad\.yaml:5: audit\.accepted\[0\]: field "expires" must be a date written YYYY-MM-DD, such as 2026-06-30; got "31\.01\.2027"$/,
	},
	{
		what: 'an unknown policy name',
		argv: ['report', '--html', 'report.html', ...withBad],
		files: badConfig(({mist}) => configOf([mist], 'audit:\n  policies:\n    stael: {enabled: false}\n')),
		message: /bad\.yaml:5: audit\.policies: unknown policy "stael"; did you mean "stale"\?$/,
	},

	// REFs of rotate and revoke.
	{what: 'rotate: a malformed REF', argv: ['rotate', 'mist', '--dry-run'], message: /"mist" is not a token REF; write provider:account:id/},
	{what: 'rotate: a REF with an empty id', argv: ['rotate', 'mist:mist-org-1:', '--dry-run'], message: /"mist:mist-org-1:" is not a token REF: the id is empty/},
	{what: 'rotate: a REF of an unknown account', argv: ['rotate', 'mist:nope:1', '--dry-run'], message: /mist:nope:1: no account "nope" in \/\S+\/tokenkit\.yaml \(configured: mist-org-1, /},
	{what: 'rotate: a REF of an unknown vendor', argv: ['rotate', 'bitbucket:acme:1', '--dry-run'], message: /unknown provider "bitbucket"/},
	{what: 'rotate: a REF with the wrong vendor for its account', argv: ['rotate', 'opal:mist-org-1:1', '--dry-run'], message: /account "mist-org-1" is a mist account, not opal/},
	{what: 'revoke: a malformed REF', argv: ['revoke', 'mist:mist-org-1', '--yes'], message: /"mist:mist-org-1" is not a token REF/},
	{what: 'revoke: a REF of an unknown account', argv: ['revoke', 'opal:nope:1', '--yes'], message: /opal:nope:1: no account "nope"/},
	{what: 'revoke: no REF', argv: ['revoke', '--yes'], message: /revoke needs at least one REF/},
	{what: 'rotate: no --secret-out', argv: ['rotate', 'mist:mist-org-1:1'], message: /rotate needs --secret-out FILE/},
	{what: 'rotate: a --grace that is not a duration', argv: ['rotate', 'mist:mist-org-1:1', '--grace', '1 week', '--dry-run'], message: /--grace "1 week" is not a duration/},
	{what: 'revoke: no terminal and no --yes', argv: ['revoke', 'mist:mist-org-1:1'], message: /revoke deletes tokens and cannot be undone; .*pass --yes/},

	// Flags.
	{what: '--concurrency negative', argv: ['inventory', '--concurrency=-1'], message: /--concurrency must be a whole number from 1 to 64; got "-1"$/},
	{what: '--concurrency negative, as a separate word', argv: ['inventory', '--concurrency', '-1'], message: /inventory: Option '--concurrency' argument is ambiguous\. .*'--concurrency=-XYZ'/},
	{what: '--concurrency zero', argv: ['audit', '--concurrency', '0'], message: /--concurrency must be a whole number from 1 to 64; got "0"$/},
	{what: '--concurrency absurd', argv: ['inventory', '--concurrency', '1e9'], message: /--concurrency must be a whole number from 1 to 64; got "1e9"$/},
	{what: '--concurrency not a number', argv: ['inventory', '--concurrency', 'abc'], message: /--concurrency must be a whole number from 1 to 64; got "abc"$/},
	{what: 'an unknown flag', argv: ['inventory', '--frobnicate'], message: /inventory: Unknown option '--frobnicate'/},
	{what: 'an unknown flag of rotate', argv: ['rotate', 'mist:mist-org-1:1', '--force'], message: /rotate: Unknown option '--force'/},
	{what: 'an unknown global flag', argv: ['--frobnicate'], message: /unknown option "--frobnicate"/},
	{what: 'an unknown command', argv: ['frobnicate'], message: /unknown command "frobnicate"/},
	{what: 'an argument a command does not take', argv: ['inventory', 'extra'], message: /inventory: Unexpected argument 'extra'/},
	{what: 'a flag without its value', argv: ['inventory', '--format'], message: /inventory: Option '--format <value>' argument missing/},
	{what: 'a flag of audit without its value', argv: ['audit', '--fail-on'], message: /audit: Option '--fail-on <value>' argument missing/},
	{what: 'a flag of rotate without its value', argv: ['rotate', 'mist:mist-org-1:1', '--secret-out'], message: /rotate: Option '--secret-out <value>' argument missing/},
	{what: '--demo with --config (inventory)', argv: ['inventory', '--demo', '--config', 'tokenkit.yaml'], message: /--demo and --config exclude each other/},
	{what: '--demo with --config (audit)', argv: ['audit', '--demo', '--config', 'tokenkit.yaml'], message: /--demo and --config exclude each other/},
	{
		what: '--output to an existing file',
		argv: ['inventory', '--output', 'report.json'],
		files: () => ({'report.json': 'precious\n'}),
		message: /--output \/\S+\/report\.json: the file exists; tokenkit overwrites a report only with --force, or choose a new name$/,
	},
	{
		what: '--output of audit to an existing file',
		argv: ['audit', '--format', 'csv', '--output', 'audit.csv'],
		files: () => ({'audit.csv': 'precious\n'}),
		message: /--output \/\S+\/audit\.csv: the file exists/,
	},
	{what: 'an empty --output', argv: ['inventory', '--output='], message: /--output needs a file name, or - for stdout$/},
	{what: '--output in a directory that does not exist', argv: ['inventory', '--output', 'no/such/dir/report.json'], message: /--output \/\S+\/report\.json: cannot be created \(ENOENT\)$/},
	{what: 'an unknown --format', argv: ['inventory', '--format', 'xml'], message: /--format must be one of table, json, ndjson, csv, markdown, openmetrics; got "xml"$/},
	{what: 'an unknown --format of audit', argv: ['audit', '--format', 'yaml'], message: /--format must be one of table, json, ndjson, csv, markdown, sarif; got "yaml"$/},
	{what: 'a format of another command', argv: ['audit', '--format', 'openmetrics'], message: /--format must be one of table, json, ndjson, csv, markdown, sarif; got "openmetrics"$/},
	{what: 'report without --html', argv: ['report'], message: /report needs --html FILE \(or --html - for stdout\): the page to write$/},
	{what: 'report --html to a directory that does not exist', argv: ['report', '--html', 'no/such/dir/report.html'], message: /--html \/\S+\/no\/such\/dir\/report\.html: cannot be created \(ENOENT\)$/},
	{what: 'an unknown --fail-on', argv: ['audit', '--fail-on', 'critical'], message: /--fail-on must be one of low, medium, high; got "critical"$/},
	{what: '--summary with a machine format', argv: ['audit', '--summary', '--format', 'json'], message: /--summary goes with --format table or markdown/},
	{what: 'an unknown --provider', argv: ['inventory', '--provider', 'bitbucket'], message: /--provider "bitbucket" is not a vendor tokenkit knows/},
	{what: 'an unknown --account', argv: ['audit', '--account', 'nope'], message: /--account "nope" is not in the configuration \(configured: mist-org-1, /},
	{what: 'simulate: an unknown fault', argv: ['simulate', '--faults', '404=0.1'], message: /unknown fault "404"/},
	{what: 'simulate: a --port that is taken', argv: ({mistPort}) => ['simulate', '--vendors', 'mist', '--port', String(mistPort)], message: ({mistPort}) => new RegExp(`--port ${mistPort}: listen EADDRINUSE.*; choose another first port`)},
	{what: 'simulate: a --write-config that cannot be written', argv: ['simulate', '--write-config', 'no/such/dir/sim.json'], message: /--write-config \/\S+\/sim\.json: cannot be written \(its directory does not exist\)$/},
];

let simulators: RunningSimulators;
let fixture: Fixture;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
	simulators = await startSimulators({tokens: 2, rateLimits: false});
	env = {};
	const entries = simulators.vendors.flatMap(vendor => vendor.configEntries()).map((entry, index): Entry => {
		env[`KEY_${index}`] = entry.apiKey;
		return {...entry, apiKey: `\${KEY_${index}}`};
	});
	const first = (provider: string): Entry => {
		const found = entries.find(entry => entry.provider === provider);
		if (found === undefined) {
			throw new Error(`no ${provider} account`);
		}

		return found;
	};

	fixture = {
		entries,
		mist: first('mist'),
		opal: first('opal'),
		launchdarkly: first('launchdarkly'),
		mistKey: simulators.get('mist').accounts()[0]?.apiKey ?? '',
		mistPort: simulators.get('mist').server.port,
	};
});

afterAll(async () => {
	// Nothing in this file may reach a vendor.
	expect(requests()).toBe(0);
	await simulators.close();
});

/** Every key the simulators hold and every value of the environment the commands run with (the keys again). */
function secrets(): string[] {
	return [...simulators.allSecrets(), ...Object.values(env).filter(value => value !== undefined)];
}

function requests(): number {
	return simulators.vendors.reduce((sum, vendor) => sum + vendor.server.stats.requests, 0);
}

/** A new directory holding the good config and the case's files. */
async function directoryFor(input: BadInput): Promise<string> {
	const directory = await mkdtemp(join(tmpdir(), 'tokenkit-bad-input-'));
	await writeFile(join(directory, 'tokenkit.yaml'), configOf(fixture.entries));
	for (const [name, content] of Object.entries(input.files?.(fixture) ?? {})) {
		const path = join(directory, name);
		if (content === fifo) {
			execFileSync('mkfifo', ['-m', '600', path]);
		} else {
			await (content === null ? mkdir(path) : writeFile(path, content, {mode: 0o600}));
		}
	}

	return directory;
}

/** Every file under `directory` with its content (directories as `name/`), to prove nothing was written. */
async function snapshot(directory: string): Promise<Record<string, string>> {
	const files: Record<string, string> = {};
	for (const entry of await readdir(directory, {withFileTypes: true, recursive: true})) {
		const path = join(entry.parentPath, entry.name);
		// A FIFO is not read: that would wait for a writer.
		files[path.slice(directory.length + 1)] = entry.isDirectory() ? '/' : entry.isFile() ? await readFile(path, 'utf8') : '|';
	}

	return files;
}

const argvOf = (input: BadInput): string[] => [...(typeof input.argv === 'function' ? input.argv(fixture) : input.argv)];
const messageOf = (input: BadInput): RegExp => typeof input.message === 'function' ? input.message(fixture) : input.message;

interface Outcome {
	readonly code: number;
	readonly stdout: string;
	readonly stderr: string;
}

async function runInProcess(argv: readonly string[], directory: string): Promise<Outcome> {
	const cli = startCli(argv, {env, cwd: directory});
	const code = await cli.done;
	return {code, stdout: cli.stdout(), stderr: cli.stderr()};
}

/** Exit 2, one line naming the problem plus the pointer to --help, and nothing else anywhere. */
function expectRefused(outcome: Outcome, message: RegExp): void {
	expect(outcome.code, outcome.stderr).toBe(2);
	expect(outcome.stdout).toBe('');
	const lines = outcome.stderr.split('\n');
	expect(lines, 'one message and the pointer to --help').toHaveLength(3);
	expect(lines[0]).toMatch(/^tokenkit: \S/);
	expect(lines[0]).toMatch(message);
	expect(lines[1]).toBe('Run "tokenkit --help" for usage.');
	expect(lines[2]).toBe('');
	expect(outcome.stderr).not.toMatch(/^\s+at /m);
	expect(outcome.stderr).not.toMatch(/\w*Error:|\berror\b/);
}

describe.each([
	{debug: false, label: ''},
	// Usage and config errors are expected: --debug changes nothing about them, not even a stack trace.
	{debug: true, label: ' with --debug'},
])('bad input$label', ({debug}) => {
	it.each(corpus)('$what: exit 2, one clear line, nothing sent or written', async input => {
		const directory = await directoryFor(input);
		const before = {files: await snapshot(directory), requests: requests()};
		const argv = argvOf(input);
		const outcome = await runInProcess(debug ? ['--debug', ...argv] : argv, directory);

		expectRefused(outcome, messageOf(input));
		expect(requests()).toBe(before.requests);
		expect(await snapshot(directory)).toEqual(before.files);
		const printed = [{where: 'stdout', text: outcome.stdout}, {where: 'stderr', text: outcome.stderr}];
		expect(findLeaks(printed, secrets())).toEqual([]);

		if (debug) {
			expect(outcome).toEqual(await runInProcess(argv, directory));
		}
	});
});

describe('the corpus itself', () => {
	it('fails a message that says more than one line, or dumps an error', () => {
		const pointer = 'Run "tokenkit --help" for usage.\n';
		expect(() => {
			expectRefused({code: 2, stdout: '', stderr: `tokenkit: bad\n${pointer}`}, /bad/);
		}).not.toThrow();
		expect(() => {
			expectRefused({code: 2, stdout: '', stderr: `tokenkit: bad\nmore\n${pointer}`}, /bad/);
		}).toThrow();
		expect(() => {
			expectRefused({code: 2, stdout: '', stderr: `tokenkit: TypeError: bad\n${pointer}`}, /bad/);
		}).toThrow();
		expect(() => {
			expectRefused({code: 1, stdout: '', stderr: `tokenkit: bad\n${pointer}`}, /bad/);
		}).toThrow();
	});
});

describe('the built command refuses bad input the same way', () => {
	const cases = [
		'a YAML syntax error, with file, line and column',
		'--concurrency negative, as a separate word',
		'rotate: a REF of an unknown account',
		'an apiKeyFile that is a FIFO no one writes to',
		'a config file that is a FIFO no one writes to',
		'a key of ${VAR:?message}',
	];

	it.each(cases)('%s: exit 2 and the same line, with and without --debug', async what => {
		const input = corpus.find(candidate => candidate.what === what);
		if (input === undefined) {
			throw new Error(`no case "${what}"`);
		}

		const directory = await directoryFor(input);
		const argv = argvOf(input);
		const inProcess = await runInProcess(argv, directory);
		for (const args of [argv, [...argv, '--debug']]) {
			const built: Finished = await tokenkit(args, {cwd: directory, env});
			expectRefused({code: built.code ?? -1, stdout: built.stdout, stderr: built.stderr}, messageOf(input));
			expect(built.stderr).toBe(inProcess.stderr);
			expect(findLeaks([{where: 'stdout', text: built.stdout}, {where: 'stderr', text: built.stderr}], secrets())).toEqual([]);
		}
	});
});

/** The built command with its stdout on a file descriptor the test chose. */
async function builtWithStdout(argv: readonly string[], path: string): Promise<Finished> {
	const out = await open(path, 'w');
	try {
		const child = spawn(process.execPath, [cliPath, ...argv], {env: {PATH: process.env.PATH}, stdio: ['ignore', out.fd, 'pipe']});
		return await finished(child);
	} finally {
		await out.close();
	}
}

describe('an unexpected error', () => {
	// A full disk under stdout is not tokenkit's error and not the user's: it is reported as unexpected, exit 1.
	it.runIf(existsSync('/dev/full'))('is one line without --debug and comes with its stack with --debug', async () => {
		const plain = await builtWithStdout(['--help'], '/dev/full');
		expect(plain.code).toBe(1);
		expect(plain.stderr).toBe('tokenkit: unexpected error: ENOSPC: no space left on device, write\n');

		const debug = await builtWithStdout(['--debug', '--help'], '/dev/full');
		expect(debug.code).toBe(1);
		const [first, second, ...stack] = debug.stderr.trimEnd().split('\n');
		expect(first).toBe('tokenkit: unexpected error: ENOSPC: no space left on device, write');
		expect(second).toBe('Error: ENOSPC: no space left on device, write');
		expect(stack.length).toBeGreaterThan(0);
		expect(stack.every(line => /^\s+at /.test(line))).toBe(true);
	});

	it.runIf(existsSync('/dev/full'))('stops a command that streams a report, instead of crashing on the next write', async () => {
		const result = await builtWithStdout(['inventory', '--demo', '--format', 'ndjson', '--quiet'], '/dev/full');
		expect(result.code).toBe(1);
		expect(result.stderr).toBe('tokenkit: unexpected error: ENOSPC: no space left on device, write\n');
	});
});
