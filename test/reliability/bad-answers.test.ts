import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import type {RunningSimulators} from '../../src/simulate/start.js';
import {useLoopbackServers} from '../support/loopback-server.js';
import {rewritingProxy, type Rewrite} from '../support/rewriting-proxy.js';
import {startCli} from '../support/run-cli.js';
import {entriesOf, parseReport, simulators, tokenKeys, writeConfig, type ConfigEntry} from './support.js';

const startProxy = useLoopbackServers();

async function inventory(entries: readonly ConfigEntry[]) {
	const {directory, env} = await writeConfig(entries);
	const started = performance.now();
	const cli = startCli(['inventory', '--format', 'json'], {env, cwd: directory});
	const code = await cli.done;
	return {code, report: parseReport(cli.stdout()), stderr: cli.stderr(), ms: performance.now() - started};
}

/** Every vendor's simulator, with `vendor` reached through a proxy that applies `rewrite` to its answers. */
async function fleetWithLyingVendor(vendor: string, rewrite: Rewrite, tokens = 30): Promise<{entries: ConfigEntry[]; honest: RunningSimulators}> {
	const others = await simulators({vendors: ['mist', 'opal', 'launchdarkly'].filter(name => name !== vendor), tokens, rateLimits: false});
	const liar = await simulators({vendors: [vendor], tokens, rateLimits: false});
	const proxy = await startProxy(rewritingProxy(new URL(liar.get(vendor).baseUrl).origin, rewrite));
	return {entries: [...entriesOf(others), ...entriesOf(liar, proxy.url.replace(/\/$/, ''))], honest: others};
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isList = (request: {method: string; url: string}, path: string): boolean => request.method === 'GET' && new URL(request.url, 'http://x').pathname === path;

/** The other vendors' accounts finished whole while one vendor's failed. */
function expectOthersComplete(report: ReturnType<typeof parseReport>, failing: string): void {
	const others = report.accounts.filter(account => account.provider !== failing);
	expect(others.length).toBeGreaterThanOrEqual(4);
	expect(others.every(account => account.complete && account.error === null)).toBe(true);
}

describe('a vendor answer that breaks the schema', () => {
	it('fails that account with the field path, finishes the others, and exits 1', async () => {
		// The second token of the first page comes back with its id as a number: a vendor that changed a field's type.
		const {entries} = await fleetWithLyingVendor('opal', (body, request) => {
			if (isList(request, '/v1/tokens') && isObject(body) && Array.isArray(body.results) && isObject(body.results[1])) {
				body.results[1].token_id = 12_345;
			}

			return body;
		});
		const {code, report, stderr} = await inventory(entries);
		expect(code).toBe(1);
		const opal = report.accounts.filter(account => account.provider === 'opal');
		expect(opal).toHaveLength(2);
		for (const account of opal) {
			expect(account.complete).toBe(false);
			expect(account.error?.name).toBe('ResponseShapeError');
			expect(account.error?.message).toContain(`account "${account.account}"`);
			expect(account.error?.message).toMatch(/results\.1\.token_id|results\[1\]\.token_id/);
		}

		expect(stderr).toMatch(/\[tokenkit:opal\] account "opal-org-1": .*token_id/);
		expectOthersComplete(report, 'opal');
	});

	it('fails a LaunchDarkly account whose token lost a required field, never printing undefined', async () => {
		const {entries} = await fleetWithLyingVendor('launchdarkly', (body, request) => {
			if (isList(request, '/api/v2/tokens') && isObject(body) && Array.isArray(body.items) && isObject(body.items[0])) {
				delete body.items[0]._id;
			}

			return body;
		});
		const {code, report, stderr} = await inventory(entries);
		expect(code).toBe(1);
		for (const account of report.accounts.filter(each => each.provider === 'launchdarkly')) {
			expect(account.error?.message).toMatch(/items\.0\._id|items\[0\]\._id/);
		}

		expect(stderr).not.toContain('undefined');
		expect(report.tokens.some(token => token.provider === 'launchdarkly' && v.is(v.literal('undefined'), token.id))).toBe(false);
		expectOthersComplete(report, 'launchdarkly');
	});
});

describe('a vendor whose paging lies', () => {
	it('a cursor that repeats: an error naming the account, not an endless loop', async () => {
		// Every page names the cursor of the page just read as the next one.
		const {entries} = await fleetWithLyingVendor('opal', (body, request) => {
			const cursor = new URL(request.url, 'http://x').searchParams.get('cursor');
			if (isList(request, '/v1/tokens') && isObject(body) && cursor !== null) {
				body.next = cursor;
			}

			return body;
		}, 2500);
		const {code, report, ms} = await inventory(entries);
		expect(code).toBe(1);
		const [first] = report.accounts.filter(account => account.provider === 'opal');
		expect(first?.complete).toBe(false);
		expect(first?.error?.name).toBe('PaginationError');
		expect(first?.error?.message).toMatch(/account "opal-org-1": .*cursor/);
		expect(ms).toBeLessThan(30_000);
		expectOthersComplete(report, 'opal');
	});

	it('a page that comes back empty in the middle: an error, never a silently short list', async () => {
		let pages = 0;
		const {entries} = await fleetWithLyingVendor('opal', (body, request) => {
			if (isList(request, '/v1/tokens') && isObject(body) && new URL(request.url, 'http://x').searchParams.has('cursor')) {
				pages++;
				body.results = [];
			}

			return body;
		}, 2500);
		const {code, report} = await inventory(entries);
		expect(pages).toBeGreaterThanOrEqual(2);
		expect(code).toBe(1);
		for (const account of report.accounts.filter(each => each.provider === 'opal')) {
			expect(account.complete).toBe(false);
			expect(account.error?.name).toBe('PaginationError');
			expect(account.error?.message).toContain(`account "${account.account}"`);
			// What came before the bad page is reported as a partial count, not as a list.
			expect(account.tokens).toBe(1000);
		}

		expectOthersComplete(report, 'opal');
	});

	it('a total that lies: the account is marked incomplete, not cut short silently', async () => {
		const {entries} = await fleetWithLyingVendor('launchdarkly', (body, request) => {
			if (isList(request, '/api/v2/tokens') && isObject(body) && typeof body.totalCount === 'number') {
				body.totalCount += 1500;
			}

			return body;
		}, 1200);
		const {code, report} = await inventory(entries);
		expect(code).toBe(1);
		for (const account of report.accounts.filter(each => each.provider === 'launchdarkly')) {
			expect(account.complete).toBe(false);
			expect(account.error?.name).toBe('PaginationError');
			expect(account.error?.message).toContain(`account "${account.account}"`);
		}

		expectOthersComplete(report, 'launchdarkly');
	});
});

describe('a vendor that asks for a wait longer than the cap', () => {
	it('ends those accounts with a RateLimitError saying when to retry; the other accounts finish', async () => {
		const others = await simulators({vendors: ['mist', 'opal'], tokens: 20, rateLimits: false});
		const limited = await simulators({vendors: ['launchdarkly'], tokens: 20, rateLimits: false, faults: {'429': 1}, retryAfterSeconds: 3600});
		const before = Date.now();
		const {code, report, stderr, ms} = await inventory([...entriesOf(others), ...entriesOf(limited)]);
		expect(code).toBe(1);
		// Nothing waited out the hour, nor the cap.
		expect(ms).toBeLessThan(20_000);
		for (const account of report.accounts.filter(each => each.provider === 'launchdarkly')) {
			expect(account.complete).toBe(false);
			expect(account.error).toMatchObject({name: 'RateLimitError', status: 429});
			const retryAt = /try again after (\S+)$/.exec(account.error?.message ?? '')?.[1];
			expect(new Date(retryAt ?? '').getTime()).toBeGreaterThan(before + 3_500_000);
			// The page, and the caller's identity asked beside it: each refused once, neither waited for.
			expect(account.traffic.rateLimited).toBe(2);
		}

		expect(stderr).toMatch(/\[tokenkit:launchdarkly\] account "launchdarkly-account-1": rate limited: the vendor asked for a wait of 36\d\d s, more than the 60 s cap; try again after /);
		expectOthersComplete(report, 'launchdarkly');
		expect(tokenKeys(report).filter(key => !key.startsWith('launchdarkly/'))).toHaveLength(report.accounts.filter(each => each.provider !== 'launchdarkly').reduce((sum, each) => sum + each.tokens, 0));
	});
});

describe('tokens created and deleted while a LaunchDarkly listing runs', () => {
	it('never reports a changed list as complete, and never lists a token twice', async () => {
		const others = await simulators({vendors: ['mist', 'opal'], tokens: 10, rateLimits: false});
		// A change after every request (the caller's identity included), so the list moves between any two pages.
		const churning = await simulators({vendors: ['launchdarkly'], accounts: 1, tokens: 3500, rateLimits: false, churn: {everyRequests: 1}});
		const entries = entriesOf(churning).map(entry => ({...entry, pageSize: 500}));
		const {code, report, stderr} = await inventory([...entriesOf(others), ...entries]);
		tokenKeys(report);
		const [account] = report.accounts.filter(each => each.provider === 'launchdarkly');
		expect(account?.complete).toBe(false);
		expect(account?.error?.name).toBe('PaginationError');
		expect(account?.error?.message).toMatch(/account "launchdarkly-account-1": .*created or deleted while listing/);
		expect(stderr).toContain('1 account failed, its list is incomplete');
		expect(code).toBe(1);
		expectOthersComplete(report, 'launchdarkly');
	});
});
