import {spawn, type ChildProcess} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {describe, expect, it} from 'vitest';
import {builtInVendors} from '../../providers/index.js';
import type {TokenProvider} from '../../src/provider.js';
import type {Token} from '../../src/token.js';
import {cliPath, finished, type Finished} from '../e2e/built-cli.js';
import {parseReport, writeConfig, type ConfigEntry, type InventoryReport} from '../reliability/support.js';
import {filesUnder, findLeaks, type Captured} from '../support/leak-scan.js';
import {delay, eventually, sendJson, useLoopbackServers} from '../support/loopback-server.js';
import {startCli, type CliRun} from '../support/run-cli.js';
import {floodingBody, isTokenList, rateLimitedWith, redirecting, tricklingBody, withHeaders} from './modes/http-bounds.js';
import {isObject, useHostileVendors, type HostileRequest, type HostileVendor} from './vendor.js';

const startHostile = useHostileVendors();
const startServer = useLoopbackServers();

/** The built package's entry point (`npm test` builds it first). */
const libraryPath = fileURLToPath(new URL('../../dist/src/index.js', import.meta.url));

/** The accounts of the hostile vendor's config entries, by name. */
function hostileAccounts(hostile: HostileVendor, vendor: string): string[] {
	return hostile.entries.filter(entry => entry.provider === vendor).map(entry => entry.name ?? '');
}

/** A config of every account, with `extra` fields on those of `vendor`. */
async function configWith(hostile: HostileVendor, vendor?: string, extra: ConfigEntry = {}): Promise<{directory: string; env: NodeJS.ProcessEnv}> {
	return writeConfig(hostile.entries.map(entry => (entry.provider === vendor ? {...entry, ...extra} : {...entry})));
}

/** Runs `tokenkit inventory --format json` in-process and returns the exit code and the parsed report. */
async function inventory(directory: string, env: NodeJS.ProcessEnv): Promise<{cli: CliRun; code: number; report: InventoryReport}> {
	const cli = startCli(['inventory', '--format', 'json'], {env, cwd: directory});
	const code = await cli.done;
	return {cli, code, report: parseReport(cli.stdout())};
}

/** Asserts that the hostile vendor's accounts failed with `errorName` and every other account listed completely. */
function expectOnlyVendorFailed(report: InventoryReport, vendor: string, errorName: string): void {
	for (const account of report.accounts) {
		if (account.provider === vendor) {
			expect(account, `${account.provider}:${account.account}`).toMatchObject({complete: false, error: {name: errorName}});
		} else {
			expect(account, `${account.provider}:${account.account}`).toMatchObject({complete: true, error: null});
			expect(account.tokens).toBeGreaterThan(0);
		}
	}
}

function expectNoLeaks(texts: readonly Captured[], secrets: readonly string[]): void {
	expect(findLeaks(texts, secrets)).toEqual([]);
}

function printed(cli: CliRun): Captured[] {
	return [{where: 'stdout', text: cli.stdout()}, {where: 'stderr', text: cli.stderr()}];
}

describe('a response body past maxResponseBytes', () => {
	it.each([
		['1 MiB, streamed without a length', 2 ** 20],
		['endless', Number.POSITIVE_INFINITY],
	])('(%s) fails that account at the 64 KiB cap, reads no further, and the others finish', async (_label, bytes) => {
		const flood = floodingBody(bytes);
		const hostile = await startHostile({vendor: 'launchdarkly', mode: flood.mode, tokens: 5});
		const {directory, env} = await configWith(hostile, 'launchdarkly', {maxResponseBytes: 65_536});
		const started = performance.now();

		const {cli, code, report} = await inventory(directory, env);

		expect(code).toBe(1);
		expect(performance.now() - started).toBeLessThan(10_000);
		expectOnlyVendorFailed(report, 'launchdarkly', 'ResponseTooLargeError');
		for (const account of hostileAccounts(hostile, 'launchdarkly')) {
			expect(cli.stderr()).toMatch(new RegExp(String.raw`^\[tokenkit:launchdarkly\] account "${account}": GET /api/v2/tokens\S* answered HTTP 200 with a body larger than the 64 KiB cap; reading stopped there`, 'm'));
		}

		// Asked once per account: a flood is not retried.
		const lists = hostile.server.requests.filter(request => request.url.startsWith('/api/v2/tokens'));
		expect(lists).toHaveLength(hostileAccounts(hostile, 'launchdarkly').length);
		if (bytes === Number.POSITIVE_INFINITY) {
			// An endless body ends only because tokenkit hung up, long before the hostile server's own cut.
			await eventually(() => flood.record.cutByClient === lists.length);
			expect(flood.record.finished).toBe(0);
		}

		expectNoLeaks(printed(cli), hostile.secrets());
	});

	it('is read whole when the account allows more', async () => {
		const flood = floodingBody(2 ** 20);
		const hostile = await startHostile({vendor: 'mist', mode: flood.mode, tokens: 5, others: false});
		const {directory, env} = await configWith(hostile, 'mist', {maxResponseBytes: 2 * 2 ** 20});

		const {cli, code, report} = await inventory(directory, env);

		// The body is read to its end, and only then found to be JSON of the wrong shape (strings, not Mist tokens).
		expect(code).toBe(1);
		expect(report.accounts.every(account => account.error?.name === 'ResponseShapeError')).toBe(true);
		expect(flood.record.finished).toBeGreaterThan(0);
		expectNoLeaks(printed(cli), hostile.secrets());
	});

	it('is refused in the config file when it is not a whole number of bytes', async () => {
		const hostile = await startHostile({vendor: 'opal', mode: floodingBody(1).mode, tokens: 1, others: false});
		const {directory, env} = await configWith(hostile, 'opal', {maxResponseBytes: 0.5});

		const cli = startCli(['inventory'], {env, cwd: directory});

		expect(await cli.done).toBe(2);
		expect(cli.stderr()).toMatch(/tokenkit\.yaml:\d+: account #1: field "maxResponseBytes" must be a whole number of bytes/);
		expect(hostile.server.requests).toHaveLength(0);
	});
});

describe('a redirect', () => {
	it.each([
		[301, 'launchdarkly'],
		[302, 'mist'],
		[307, 'opal'],
		[308, 'launchdarkly'],
	])('(%i from %s) is not followed: nothing reaches the other server, the account fails naming it, the others finish', async (status, vendor) => {
		// The other server would answer with an empty, "complete" inventory, were anyone to ask it.
		const elsewhere = await startServer((_request, response) => {
			sendJson(response, 200, {items: [], totalCount: 0, results: [], data: []});
		});
		const target = (request: HostileRequest): string => `http://127.0.0.1:${elsewhere.port}${request.url}${request.url.includes('?') ? '&' : '?'}stolen=1`;
		const hostile = await startHostile({vendor, mode: redirecting(status, target), tokens: 5});
		const {directory, env} = await configWith(hostile);

		const {cli, code, report} = await inventory(directory, env);

		expect(code).toBe(1);
		expect(elsewhere.requests).toHaveLength(0);
		expectOnlyVendorFailed(report, vendor, 'RedirectError');
		for (const account of hostileAccounts(hostile, vendor)) {
			const line = cli.stderr().split('\n').find(text => text.startsWith(`[tokenkit:${vendor}] account "${account}": GET `));
			expect(line).toContain(`answered HTTP ${status}; a redirect to another origin, http://127.0.0.1:${elsewhere.port}/`);
			expect(line).toContain('it was not followed and nothing was sent there');
			// The location's query is never shown: it may carry anything.
			expect(line).not.toContain('stolen');
		}

		// One request per account: a redirect is final, not retried.
		expect(hostile.server.requests.filter(request => isTokenList(asHostile(vendor, request)))).toHaveLength(hostileAccounts(hostile, vendor).length);
		expectNoLeaks(printed(cli), hostile.secrets());
	});
});

describe('a redirected create during a Mist rotation', () => {
	it.each([307, 308])('(%i) stores no key from elsewhere and deletes no old token', async status => {
		// A create sent there would mint a key that is not the vendor's; tokenkit must never store it.
		const foreignKey = 'FOREIGN-key-0123456789abcdefghij';
		const elsewhere = await startServer((_request, response) => {
			sendJson(response, 200, {id: '11111111-2222-4333-8444-555555555555', name: 'twin', key: foreignKey, privileges: [], created_time: 1, src_ips: []});
		});
		const isCreate = (request: HostileRequest): boolean => request.method === 'POST' && request.pathname.endsWith('/apitokens');
		const hostile = await startHostile({
			vendor: 'mist',
			mode: redirecting(status, request => `http://127.0.0.1:${elsewhere.port}${request.url}`, isCreate),
			tokens: 3,
			others: false,
		});
		const [entry] = hostile.entries;
		const account = entry?.name ?? '';
		const direct = providerBehind(hostile, 'mist', account);
		const before = await listAll(direct);
		// Not the key tokenkit authenticates with, which rotate refuses before it sends anything.
		const old = before.find(token => !token.ownCredential);
		expect(old).toBeDefined();
		const {directory, env} = await configWith(hostile);
		const ref = `mist:${account}:${old?.id ?? ''}`;

		const cli = startCli(['rotate', ref, '--secret-out', 'keys.jsonl', '--yes'], {env, cwd: directory});
		const code = await cli.done;

		expect(code).toBe(1);
		expect(elsewhere.requests).toHaveLength(0);
		expect(cli.stdout() + cli.stderr()).toContain(`[tokenkit:mist] account "${account}": POST /api/v1/orgs/`);
		expect(cli.stdout() + cli.stderr()).toContain(`answered HTTP ${status}; a redirect to another origin, http://127.0.0.1:${elsewhere.port}/api/v1/orgs/`);
		// Nothing was deleted, at the vendor or anywhere else; the old token is still there.
		expect(hostile.server.requests.filter(request => request.method === 'DELETE')).toHaveLength(0);
		expect((await listAll(direct)).map(token => token.id).sort()).toEqual(before.map(token => token.id).sort());
		// No key was stored: the secret file holds no line, and the foreign key is nowhere.
		const secretFile = await readFile(join(directory, 'keys.jsonl'), 'utf8').catch(() => '');
		expect(secretFile).toBe('');
		const written = await filesUnder(directory);
		expectNoLeaks([...printed(cli), ...written], [...hostile.secrets(), foreignKey]);
	});
});

describe('an absurd rate-limit time', () => {
	it.each([
		['Retry-After in seconds past any year', {'retry-after': '99999999999999999999'}],
		['Retry-After on the last day a Date can hold', {'retry-after': 'Sat, 13 Sep 275760 00:00:00 GMT'}],
		['an X-Ratelimit-Reset in epoch ms past any year', {'x-ratelimit-reset': '99999999999999999'}],
		['an X-Ratelimit-Reset of 1e300', {'x-ratelimit-reset': '1e300'}],
	])('(%s) on a 429 fails that account at once, saying the vendor gave no usable time; no RangeError', async (_label, headers) => {
		const hostile = await startHostile({vendor: 'launchdarkly', mode: rateLimitedWith(headers), tokens: 5});
		const {directory, env} = await configWith(hostile);

		const {cli, code, report} = await inventory(directory, env);

		expect(code).toBe(1);
		expectOnlyVendorFailed(report, 'launchdarkly', 'RateLimitError');
		for (const account of hostileAccounts(hostile, 'launchdarkly')) {
			expect(cli.stderr()).toContain(`[tokenkit:launchdarkly] account "${account}": rate limited: the vendor asked for a wait with no usable end, more than the 60 s cap; try again later (the vendor gave no usable time)`);
		}

		expect(cli.stderr()).not.toMatch(/RangeError|Invalid time value|unexpected error/);
		// Asked once per account: a wait past the cap is not waited for, and not retried.
		expect(hostileListRequests(hostile)).toBe(hostileAccounts(hostile, 'launchdarkly').length);
		expectNoLeaks(printed(cli), hostile.secrets());
	});

	it('in the remaining-quota headers of good answers is ignored for pacing, and every list completes', async () => {
		const mode = withHeaders(() => ({'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '99999999999999999'}));
		const hostile = await startHostile({vendor: 'launchdarkly', mode, tokens: 10, others: false});
		// Small pages, so that requests follow the answer that carried the absurd reset.
		const {directory, env} = await configWith(hostile, 'launchdarkly', {pageSize: 2, concurrency: 1});

		const {cli, code, report} = await inventory(directory, env);

		expect(cli.stderr()).not.toMatch(/RangeError|Invalid time value|unexpected error/);
		expect(code).toBe(0);
		expect(report.accounts.every(account => account.complete)).toBe(true);
		expect(hostile.server.requests.length).toBeGreaterThan(report.accounts.length);
	});
});

function asHostile(vendor: string, request: {method: string; url: string}): HostileRequest {
	return {vendor, method: request.method, url: request.url, pathname: new URL(request.url, 'http://x').pathname, headers: {}, body: Buffer.alloc(0)};
}

/** A provider that talks to the simulator behind the hostile server, for the test's own look at the vendor. */
function providerBehind(hostile: HostileVendor, vendor: string, account: string): TokenProvider {
	const definition = builtInVendors.find(candidate => candidate.name === vendor);
	const entry = hostile.behind.get(vendor).configEntries().find(candidate => candidate.name === account);
	if (definition === undefined || entry === undefined) {
		throw new Error(`no ${vendor} account ${account}`);
	}

	const {name = '', provider = '', apiKey = '', baseUrl, ...options} = entry;
	return definition.createProvider({name, provider, apiKey, baseUrl, options, where: 'test'}, {});
}

async function listAll(provider: TokenProvider): Promise<Token[]> {
	const tokens: Token[] = [];
	for await (const token of provider.list()) {
		tokens.push(token);
	}

	return tokens;
}

/** A preload that runs a full garbage collection every 5 ms (with `--expose-gc`), to catch abort links that only weak references hold. */
const collectGarbageOften = 'data:text/javascript,setInterval(globalThis.gc,5).unref()';

interface ChildRun {
	readonly child: ChildProcess;
	readonly done: Promise<Finished>;
}

/** The built CLI in its own process, optionally collecting garbage every few milliseconds. */
function spawnCli(argv: readonly string[], options: {cwd: string; env: NodeJS.ProcessEnv; gc?: boolean}): ChildRun {
	const flags = options.gc === true ? ['--expose-gc', '--import', collectGarbageOften] : [];
	const child = spawn(process.execPath, [...flags, cliPath, ...argv], {cwd: options.cwd, env: {PATH: process.env.PATH, ...options.env}, stdio: ['ignore', 'pipe', 'pipe']});
	return {child, done: finished(child)};
}

/** Sends `signal` and resolves with how the process ended and how long it took to end after the signal. */
async function stop(run: ChildRun, signal: NodeJS.Signals): Promise<Finished & {ms: number}> {
	const sent = performance.now();
	run.child.kill(signal);
	const result = await run.done;
	return {...result, ms: performance.now() - sent};
}

const hostileListRequests = (hostile: HostileVendor): number => hostile.server.requests.filter(request => request.url.startsWith('/api/v2/tokens')).length;

describe('a signal or a timeout while the vendor makes tokenkit wait (built CLI)', () => {
	it('SIGTERM during a body that trickles, with garbage collected every 5 ms, ends the run at once with 143', async () => {
		const trickle = tricklingBody(50);
		const hostile = await startHostile({vendor: 'launchdarkly', mode: trickle.mode, tokens: 5, maxMs: 15_000});
		const {directory, env} = await configWith(hostile);
		const run = spawnCli(['inventory', '--format', 'json'], {cwd: directory, env, gc: true});
		await eventually(() => trickle.started() === hostileAccounts(hostile, 'launchdarkly').length, 10_000);
		// Long enough for many collections to run while the bodies trickle.
		await delay(500);

		const result = await stop(run, 'SIGTERM');

		expect(result.code).toBe(143);
		expect(result.ms).toBeLessThan(3000);
		expect(result.stderr).not.toMatch(/unexpected error/);
		const report = parseReport(result.stdout);
		for (const account of report.accounts) {
			expect(account.complete, `${account.provider}:${account.account}`).toBe(account.provider !== 'launchdarkly');
		}

		await eventually(() => trickle.record.cutByClient === trickle.started());
		expectNoLeaks([{where: 'stdout', text: result.stdout}, {where: 'stderr', text: result.stderr}], hostile.secrets());
	});

	it('a library call times out on a body that trickles, with garbage collected every 5 ms', async () => {
		const trickle = tricklingBody(50);
		const hostile = await startHostile({vendor: 'launchdarkly', mode: trickle.mode, tokens: 5, others: false, maxMs: 15_000});
		const [entry] = hostile.entries;
		const script = `
			import {createLaunchDarklyProvider} from ${JSON.stringify(pathToFileURL(libraryPath).href)};
			const entry = JSON.parse(process.env.ENTRY);
			const provider = createLaunchDarklyProvider({apiKey: entry.apiKey, baseUrl: entry.baseUrl, account: entry.name, timeout: 500, retry: {attempts: 1}});
			const started = performance.now();
			try {
				for await (const token of provider.list()) {}
				console.log(JSON.stringify({name: 'none'}));
			} catch (error) {
				console.log(JSON.stringify({name: error.name, message: error.message, ms: performance.now() - started}));
			}
		`;
		const child = spawn(process.execPath, ['--expose-gc', '--import', collectGarbageOften, '--input-type=module', '--eval', script], {
			env: {PATH: process.env.PATH, ENTRY: JSON.stringify(entry)},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const killer = setTimeout(() => child.kill('SIGKILL'), 8000);
		const result = await finished(child);
		clearTimeout(killer);

		expect(result.code, result.stderr).toBe(0);
		const outcome: unknown = JSON.parse(result.stdout);
		expect(outcome).toMatchObject({name: 'NetworkError', message: expect.stringContaining('timed out after 500 ms') as unknown});
		expect(outcome).toMatchObject({ms: expect.any(Number) as unknown});
		expect(isObject(outcome) && typeof outcome.ms === 'number' ? outcome.ms : Number.NaN).toBeLessThan(2500);
		expectNoLeaks([{where: 'stdout', text: result.stdout}, {where: 'stderr', text: result.stderr}], hostile.secrets());
	});

	it.each([
		['SIGTERM', 143],
		['SIGINT', 130],
	] as const)('%s during a 30 s Retry-After wait ends the run at once with %i', async (signal, code) => {
		const hostile = await startHostile({vendor: 'launchdarkly', mode: rateLimitedWith({'retry-after': '30'}), tokens: 5});
		const {directory, env} = await configWith(hostile);
		const run = spawnCli(['inventory', '--format', 'json'], {cwd: directory, env});
		await eventually(() => hostileListRequests(hostile) === hostileAccounts(hostile, 'launchdarkly').length, 10_000);
		// Long enough for the honest accounts to finish (Opal's ten requests are paced at 100 a second), far short of
		// the 30 s the LaunchDarkly accounts wait.
		await delay(1000);

		const result = await stop(run, signal);

		expect(result.code).toBe(code);
		expect(result.ms).toBeLessThan(2000);
		expect(hostileListRequests(hostile)).toBe(hostileAccounts(hostile, 'launchdarkly').length);
		expect(parseReport(result.stdout).accounts.filter(account => !account.complete).map(account => account.provider)).toEqual(['launchdarkly', 'launchdarkly']);
		expectNoLeaks([{where: 'stdout', text: result.stdout}, {where: 'stderr', text: result.stderr}], hostile.secrets());
	});

	it('SIGTERM while the limiter holds requests for the vendor\'s rate-limit window ends the run at once with 143', async () => {
		// Every answer says the window is spent until 30 s from now: the pages after the first wait for it.
		const mode = withHeaders(() => ({'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Date.now() + 30_000)}));
		const hostile = await startHostile({vendor: 'launchdarkly', mode, tokens: 10});
		const {directory, env} = await configWith(hostile, 'launchdarkly', {pageSize: 2});
		const run = spawnCli(['inventory', '--format', 'json'], {cwd: directory, env});
		await eventually(() => hostileListRequests(hostile) === hostileAccounts(hostile, 'launchdarkly').length, 10_000);
		await delay(300);

		const result = await stop(run, 'SIGTERM');

		expect(result.code).toBe(143);
		expect(result.ms).toBeLessThan(2000);
		// Held, not sent: only the first page of each account reached the vendor.
		expect(hostileListRequests(hostile)).toBe(hostileAccounts(hostile, 'launchdarkly').length);
		expectNoLeaks([{where: 'stdout', text: result.stdout}, {where: 'stderr', text: result.stderr}], hostile.secrets());
	});
});

describe('an interrupt while a body trickles (in-process)', () => {
	it('returns from the command at once, with 130 and the lists marked incomplete', async () => {
		const trickle = tricklingBody(50);
		const hostile = await startHostile({vendor: 'opal', mode: trickle.mode, tokens: 5, maxMs: 15_000});
		const {directory, env} = await configWith(hostile);
		const cli = startCli(['inventory', '--format', 'json'], {env, cwd: directory});
		await eventually(() => trickle.started() === hostileAccounts(hostile, 'opal').length, 10_000);
		await delay(200);
		const interrupted = performance.now();

		cli.interrupt();

		expect(await cli.done).toBe(130);
		expect(performance.now() - interrupted).toBeLessThan(1000);
		expect(parseReport(cli.stdout()).accounts.filter(account => !account.complete).map(account => account.provider)).toEqual(['opal', 'opal']);
		await eventually(() => trickle.record.cutByClient === trickle.started());
		expectNoLeaks(printed(cli), hostile.secrets());
	});
});
