import {parse as parseCsv} from 'csv-parse/sync';
import {describe, expect, it} from 'vitest';
import {parseReport, type InventoryReport} from '../reliability/support.js';
import {findLeaks, type Captured} from '../support/leak-scan.js';
import {startCli} from '../support/run-cli.js';
import {deeplyNestedField, launchDarklyPaging, recordField, repeatedIdInAnswer} from './modes/records.js';
import {useHostileVendors, type HostileMode} from './vendor.js';

const startHostile = useHostileVendors();

/** The account whose answers a mode bends: its key is known once the vendor runs. */
interface Target {
	key: string;
}

interface Scenario {
	readonly vendor: string;
	/** The mode, bending the answers of the account whose key `target` holds. */
	readonly mode: (target: Target) => HostileMode;
	readonly tokens?: number;
	/** The failing account's error: its name, and what its message must say besides vendor and account. */
	readonly error: {readonly name: string; readonly says: RegExp};
}

/** How the failing account must appear in a report. */
interface FailedAccount {
	readonly provider: string;
	readonly account: string;
	readonly error: Scenario['error'];
}

const commands: ReadonlyArray<readonly string[]> = [
	['inventory', '--format', 'table'],
	['inventory', '--format', 'json'],
	['inventory', '--format', 'ndjson'],
	['inventory', '--format', 'csv'],
	['inventory', '--format', 'markdown'],
	['audit', '--format', 'json'],
];

/**
Runs every command against a fleet in which one account of `scenario.vendor` is bent by its mode, and checks
each: exit 1; the bent account failed, its error naming vendor, account and what went wrong; every other
account (the vendor's others, and every other vendor's) listed whole; the output valid in its format; and
nothing printed holds a key.
*/
async function expectOneAccountFails(scenario: Scenario): Promise<void> {
	const target: Target = {key: ''};
	const hostile = await startHostile({vendor: scenario.vendor, mode: scenario.mode(target), tokens: scenario.tokens ?? 10});
	const [bent] = hostile.entries.filter(entry => entry.provider === scenario.vendor);
	if (bent === undefined) {
		throw new Error(`no ${scenario.vendor} account`);
	}

	target.key = bent.apiKey ?? '';
	const failed: FailedAccount = {provider: scenario.vendor, account: bent.name ?? '', error: scenario.error};
	const others = hostile.entries.filter(entry => entry !== bent).map(entry => entry.name ?? '');
	expect(others.length).toBeGreaterThanOrEqual(5);
	const {directory, env} = await hostile.writeConfig();

	// The token counts of the healthy accounts, from the JSON report, to check the other formats against.
	let counts = new Map<string, number>();
	for (const command of commands) {
		const cli = startCli(command, {env, cwd: directory});
		const code = await cli.done;
		const stdout = cli.stdout();
		const stderr = cli.stderr();
		const printed: Captured[] = [{where: `${command.join(' ')}: stdout`, text: stdout}, {where: `${command.join(' ')}: stderr`, text: stderr}];
		expect(findLeaks(printed, hostile.secrets()), command.join(' ')).toEqual([]);
		expect(code, `${command.join(' ')}\n${stderr}`).toBe(1);
		expect(stderr).toMatch(errorLine(failed));
		const format = command[2];
		if (command[0] === 'audit') {
			expectAccounts(parseReport(`{"tokens":[],${stdout.slice(stdout.indexOf('"accounts"'))}`), failed, others);
		} else if (format === 'json') {
			const report = parseReport(stdout);
			expectAccounts(report, failed, others);
			counts = new Map(report.accounts.map(account => [account.account, account.tokens]));
		} else if (format === 'ndjson') {
			const lines = stdout.trimEnd().split('\n').map(line => JSON.parse(line) as unknown);
			const accounts = lines.flatMap(line => (typeof line === 'object' && line !== null && 'account' in line && typeof line.account === 'object' ? [line.account] : []));
			expectAccounts(parseReport(JSON.stringify({tokens: [], accounts})), failed, others);
			expect(lines.length - accounts.length).toBe(sum(others.map(name => counts.get(name) ?? Number.NaN)));
		} else if (format === 'csv') {
			const rows: string[][] = parseCsv(stdout, {relaxColumnCount: false});
			const header = rows[0] ?? [];
			const accountColumn = header.indexOf('account');
			for (const name of others) {
				expect(rows.filter(row => row[accountColumn] === name), name).toHaveLength(counts.get(name) ?? Number.NaN);
			}
		} else {
			// table and markdown: the summary has one row per account, complete or not.
			for (const name of others) {
				expect(stdout).toMatch(new RegExp(`${name}\\b.*\\bcomplete`));
			}

			expect(stdout).toMatch(new RegExp(`${failed.account}\\b.*\\b(?:incomplete|failed)`, 'i'));
		}
	}
}

function errorLine(failed: FailedAccount): RegExp {
	return new RegExp(`\\[tokenkit:${failed.provider}\\] account "${failed.account}": .*${failed.error.says.source}`);
}

function expectAccounts(report: InventoryReport, failed: FailedAccount, others: readonly string[]): void {
	const bent = report.accounts.find(account => account.account === failed.account);
	expect(bent?.complete).toBe(false);
	expect(bent?.error?.name).toBe(failed.error.name);
	expect(bent?.error?.message).toMatch(errorLine(failed));
	for (const name of others) {
		const account = report.accounts.find(each => each.account === name);
		expect(account, name).toMatchObject({complete: true, error: null});
		expect(account?.tokens, name).toBeGreaterThan(0);
	}
}

function sum(values: readonly number[]): number {
	return values.reduce((total, value) => total + value, 0);
}

/** A field of record 1 in the first answer: its path as each vendor's list answer holds it. */
const recordPath = {mist: '1', opal: 'results\\.1', launchdarkly: 'items\\.1'} as const;

describe('a record with a time no calendar holds', () => {
	const cases = [
		{vendor: 'mist', field: 'created_time', value: 1e300},
		{vendor: 'mist', field: 'last_used', value: -1},
		{vendor: 'launchdarkly', field: 'creationDate', value: 1e300},
		{vendor: 'launchdarkly', field: 'lastUsed', value: 1e300},
		{vendor: 'launchdarkly', field: 'lastUsed', value: -1e300},
		{vendor: 'opal', field: 'created_at', value: '+275760-09-13T00:00:00.001Z'},
		{vendor: 'opal', field: 'created_at', value: '9999999-01-01'},
		{vendor: 'opal', field: 'expires_at', value: '2022-01-23T04:56:07+01'},
		{vendor: 'opal', field: 'last_used_at', value: '1970-01-01T00:00:00Z'},
	] as const;

	it.each(cases)('$vendor $field: $value fails that account only, in every format', async ({vendor, field, value}) => {
		await expectOneAccountFails({
			vendor,
			mode: target => recordField(vendor, target, field, value),
			error: {name: 'ResponseShapeError', says: new RegExp(`token id "[^"]+": ${recordPath[vendor]}\\.${field}: expected (?:iso_timestamp|(?:0 or )?a time)`)},
		});
	});
});

describe('a record with a field nested 200,000 levels deep', () => {
	it.each(['mist', 'opal', 'launchdarkly'] as const)('%s: fails that account only, in every format', async vendor => {
		await expectOneAccountFails({
			vendor,
			mode: target => deeplyNestedField(vendor, target, 'x', 200_000),
			error: {name: 'ResponseShapeError', says: new RegExp(`token id "[^"]+": ${recordPath[vendor]}\\.x\\.0\\.0\\.0[.0]*…: nested more than \\d+ levels deep`)},
		});
	});
});

describe('a list that repeats a token', () => {
	it.each(['mist', 'opal', 'launchdarkly'] as const)('%s: an id twice in one answer is a PaginationError naming it', async vendor => {
		await expectOneAccountFails({
			vendor,
			mode: target => repeatedIdInAnswer(vendor, target, {original: 1, copy: 3}),
			error: {name: 'PaginationError', says: /token id "[^"]+" was listed twice/},
		});
	});

	it('launchdarkly: pages whose ids come round again (7 distinct of 40) are a PaginationError', async () => {
		await expectOneAccountFails({
			vendor: 'launchdarkly',
			tokens: 40,
			mode: target => launchDarklyPaging(target, {served: 10, distinctIds: 7}),
			error: {name: 'PaginationError', says: /token id "repeat0+\d" was listed twice/},
		});
	});
});

describe('a LaunchDarkly list whose total is lower than the list', () => {
	it('with _links.next still pointing on: a PaginationError saying how they disagree', async () => {
		await expectOneAccountFails({
			vendor: 'launchdarkly',
			tokens: 30,
			mode: target => launchDarklyPaging(target, {served: 10, claimedTotal: 10}),
			error: {name: 'PaginationError', says: /_links\.next.*totalCount|totalCount.*_links\.next/},
		});
	});

	it('with more tokens in one answer than the total: a PaginationError', async () => {
		await expectOneAccountFails({
			vendor: 'launchdarkly',
			tokens: 30,
			mode: target => launchDarklyPaging(target, {served: 1000, claimedTotal: 10}),
			error: {name: 'PaginationError', says: /more than the 10 .*totalCount/},
		});
	});
});
