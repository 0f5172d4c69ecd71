import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {createDatadogProvider} from '../../providers/datadog/index.js';
import type {DatadogSimulator} from '../../providers/datadog/simulator.js';
import {PaginationError} from '../../src/errors/index.js';
import type {VendorSimulator} from '../../src/simulate/types.js';
import {parseReport} from '../reliability/support.js';
import {collect, rejectionOf} from '../support/collect.js';
import {filesUnder, findLeaks} from '../support/leak-scan.js';
import {startCli} from '../support/run-cli.js';
import {createsApiKey, echoCredential, loseFirstKeyCreate, samePageEveryTime, shortFirstPage, wholeKeysEverywhere} from './modes/datadog.js';
import {passThrough, useHostileVendors, type HostileMode, type HostileVendor} from './vendor.js';

const startHostile = useHostileVendors();

const EntrySchema = v.looseObject({name: v.string(), provider: v.string(), baseUrl: v.string(), apiKey: v.string(), applicationKey: v.string()});

/** The Datadog entries behind the hostile server. */
const entriesOf = (hostile: HostileVendor) => hostile.entries.filter(entry => entry['provider'] === 'datadog').map(entry => v.parse(EntrySchema, entry));

function providerOf(hostile: HostileVendor) {
	const [entry] = entriesOf(hostile);
	return createDatadogProvider({apiKey: entry?.apiKey ?? '', applicationKey: entry?.applicationKey ?? '', baseUrl: entry?.baseUrl, account: entry?.name, retry: {baseDelay: 5}});
}

function isDatadogSimulator(simulator: VendorSimulator): simulator is DatadogSimulator {
	return simulator.vendor === 'datadog' && 'secretOf' in simulator;
}

/** The simulator behind the hostile server, whose secrets a mode may need. */
function simulatorOf(hostile: HostileVendor): DatadogSimulator {
	const {simulator} = hostile.behind.get('datadog');
	if (!isDatadogSimulator(simulator)) {
		throw new Error('the Datadog simulator was not started');
	}

	return simulator;
}

/** A config with every account; Datadog's application keys go through the environment too, as `${APP_n}`. */
async function configOf(hostile: HostileVendor) {
	const env: NodeJS.ProcessEnv = {};
	const accounts = hostile.entries.map((entry, index) => {
		const {applicationKey} = entry;
		if (applicationKey === undefined) {
			return entry;
		}

		env[`APP_${index}`] = applicationKey;
		return {...entry, applicationKey: `\${APP_${index}}`};
	});
	const written = await hostile.writeConfig(accounts);
	return {...written, env: {...written.env, ...env}};
}

async function run(hostile: HostileVendor, argv: readonly string[], config?: Awaited<ReturnType<typeof configOf>>) {
	const {directory, env} = config ?? await configOf(hostile);
	const cli = startCli(argv, {env, cwd: directory});
	const code = await cli.done;
	return {code, directory, env, stdout: cli.stdout(), stderr: cli.stderr()};
}

/** Everything a run printed or wrote (the secret file aside), searched for every key the simulators know and `more`. */
async function leaksOf(hostile: HostileVendor, result: {directory: string; stdout: string; stderr: string}, more: readonly string[] = []) {
	const written = (await filesUnder(result.directory)).filter(file => !file.where.endsWith('keys.jsonl'));
	return findLeaks([{where: 'stdout', text: result.stdout}, {where: 'stderr', text: result.stderr}, ...written], [...hostile.secrets(), ...more]);
}

async function apiKeyRef(hostile: HostileVendor): Promise<string> {
	const victim = (await collect(providerOf(hostile).list())).find(token => token.id.startsWith('api_keys/') && !token.ownCredential);
	return `datadog:${entriesOf(hostile)[0]?.name ?? ''}:${victim?.id ?? ''}`;
}

describe('Datadog, when its answers go wrong', () => {
	it.each(['500', 'reset'] as const)('a rotation whose create answer is lost (%s) is sent once, reported as unknown, and not repeated by a rerun', async how => {
		const hostile = await startHostile({vendor: 'datadog', mode: loseFirstKeyCreate(how), others: false, tokens: 6});
		const ref = await apiKeyRef(hostile);
		const config = await configOf(hostile);
		const first = await run(hostile, ['rotate', ref, '--secret-out', 'keys.jsonl', '--yes'], config);
		expect(first.code).toBe(1);
		const creates = () => hostile.server.requests.filter(request => createsApiKey({method: request.method, pathname: new URL(request.url, 'http://x').pathname}));
		expect(creates()).toHaveLength(1);
		const said = `${first.stdout}\n${first.stderr}`;
		expect(said).toContain('Datadog may have created a new key named');
		expect(said).toContain('Do not simply rotate again');
		// Nothing was stored and the old key was left alone.
		expect(await readFile(join(config.directory, 'keys.jsonl'), 'utf8').catch(() => '')).toBe('');
		expect(hostile.server.requests.filter(request => request.method === 'DELETE')).toEqual([]);

		const again = await run(hostile, ['rotate', ref, '--secret-out', 'keys.jsonl', '--yes'], config);
		expect(again.code).toBe(1);
		expect(creates()).toHaveLength(1);
		expect(await leaksOf(hostile, first)).toEqual([]);
		expect(await leaksOf(hostile, again)).toEqual([]);
	});

	// The second needs more than one page of 100 API keys: a third of the seeded keys are.
	it.each([
		['a page shorter than page[size] before the total', shortFirstPage, 30, /page 0 \(page\[size\] 100\) held \d+ records, but the list announced \d+/],
		['the same page for every page number', samePageEveryTime(), 340, /listed twice|holds 100 tokens, more than the \d+ announced in all/],
	] as const)('%s is a PaginationError: that account is incomplete, the other vendors finish', async (_name, mode: HostileMode, tokens, message) => {
		const hostile = await startHostile({vendor: 'datadog', mode, tokens});
		const direct = await rejectionOf(collect(providerOf(hostile).list()));
		expect(direct).toBeInstanceOf(PaginationError);
		expect(String(direct)).toMatch(message);
		const result = await run(hostile, ['inventory', '--format', 'json']);
		expect(result.code).toBe(1);
		const report = parseReport(result.stdout);
		expect(report.accounts.filter(account => account.provider === 'datadog').every(account => !account.complete)).toBe(true);
		expect(report.accounts.filter(account => account.provider !== 'datadog').every(account => account.complete)).toBe(true);
		expect(await leaksOf(hostile, result)).toEqual([]);
	});

	it('both keys echoed in key names and error messages are printed nowhere, in inventory and audit', async () => {
		const hostile = await startHostile({vendor: 'datadog', mode: echoCredential, others: false, tokens: 8});
		const config = await configOf(hostile);
		for (const args of [['inventory', '--format', 'json'], ['inventory', '--format', 'table'], ['audit', '--format', 'csv'], ['audit', '--format', 'json', '--output', 'audit.json']]) {
			const result = await run(hostile, args, config);
			expect(result.code, args.join(' ')).toBeLessThan(4);
			expect(await leaksOf(hostile, result), args.join(' ')).toEqual([]);
		}

		expect(hostile.server.requests.length).toBeGreaterThan(0);
	});

	it('whole keys in the answers of every kind, lists included, are kept and printed nowhere: inventory, audit and a plan that reads each kind', async () => {
		let secretOf: (id: string) => string | undefined = () => undefined;
		const hostile = await startHostile({vendor: 'datadog', mode: wholeKeysEverywhere(() => secretOf), others: false, tokens: 20});
		const simulator = simulatorOf(hostile);
		secretOf = id => simulator.secretOf(id);
		const tokens = await collect(providerOf(hostile).list());
		const refs = ['api_keys/', 'application_keys/', 'personal_access_tokens/', 'service_accounts/'].map(prefix => {
			const token = tokens.find(candidate => candidate.id.startsWith(prefix) && !candidate.ownCredential);
			return `datadog:${entriesOf(hostile)[0]?.name ?? ''}:${token?.id ?? ''}`;
		});
		const config = await configOf(hostile);
		for (const args of [['inventory', '--format', 'json'], ['inventory', '--format', 'csv'], ['audit', '--format', 'json'], ['rotate', ...refs, '--dry-run']]) {
			const result = await run(hostile, args, config);
			expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBeLessThan(2);
			expect(await leaksOf(hostile, result), args.join(' ')).toEqual([]);
		}

		// The answers did carry them: every single-key read of the plan, and every list.
		const reads = hostile.server.requests.filter(request => request.method === 'GET');
		expect(reads.length).toBeGreaterThan(refs.length);
	});

	it('a rotation that goes through stores the new key before the old one is deleted, and leaks it nowhere else', async () => {
		const hostile = await startHostile({vendor: 'datadog', mode: passThrough, others: false, tokens: 6});
		const ref = await apiKeyRef(hostile);
		const result = await run(hostile, ['rotate', ref, '--secret-out', 'keys.jsonl', '--yes']);
		expect(result.code, result.stderr).toBe(0);
		const [line] = (await readFile(join(result.directory, 'keys.jsonl'), 'utf8')).trimEnd().split('\n').map(text => v.parse(v.object({ref: v.string(), rotated: v.string(), name: v.string(), key: v.string()}), JSON.parse(text)));
		expect(line?.rotated).toBe(ref);
		expect(hostile.secrets()).toContain(line?.key);
		const order = hostile.server.requests.filter(request => request.method !== 'GET').map(request => `${request.method} ${new URL(request.url, 'http://x').pathname.replace(/[\da-f-]{36}/, 'ID')}`);
		expect(order).toEqual(['POST /api/v2/api_keys', 'DELETE /api/v2/api_keys/ID']);
		expect(await leaksOf(hostile, result, [line?.key ?? ''])).toEqual([]);
	});
});
