import {describe, expect, it} from 'vitest';
import {runBenchmark} from '../bench/benchmark.js';
import {builtCliPath} from '../bench/built-cli.js';
import {smallestConfig} from '../bench/config.js';
import {fleetVendors, oktaApiTokenPageSize} from '../bench/fleet-vendors.js';
import {renderReport} from '../bench/report/render.js';
import type {VendorRequests} from '../bench/scenarios/fleet.js';
import {startSimulatorProcess, vendorNames} from '../bench/simulator-process.js';
import {checkTargets} from '../bench/targets.js';

/**
The benchmark at its smallest size, so its code cannot rot unnoticed. Only that every scenario completes and
lists every token is checked: timings depend on the machine and have no place in a test. Like the end-to-end
tests, it runs the built command (dist/cli/tokenkit.js) as the simulators' process.
*/
describe('the benchmark', () => {
	it('runs every scenario at its smallest size and counts every token', async () => {
		const report = await runBenchmark(smallestConfig);

		const {fleet, launchdarkly, startup, cpu, memory, politeness} = report;
		expect(fleet?.tokenkit.tokens).toBe(fleet?.announced);
		expect(fleet?.tokenkit.failedAccounts).toBe(0);
		expect(fleet?.peers.map(peer => peer.tokens)).toEqual([fleet?.announced, fleet?.announced]);
		expect(fleet?.bound.ms).toBeGreaterThan(0);
		expect(fleet?.bare.tokens).toBe(fleet?.announced);
		// Every built-in vendor is in the fleet: GitHub with its grants and its SSO authorizations, Cloudflare with its
		// account tokens and its administrator's user tokens, Okta with its API tokens and its apps' client secrets.
		const {mist, opal, launchdarkly: ld, gitlab, github, cloudflare, okta, datadog, openai} = smallestConfig.fleet;
		expect(fleet?.vendorChains.map(chain => chain.vendor)).toEqual(['mist', 'opal', 'launchdarkly', 'gitlab', 'github', 'cloudflare', 'okta', 'datadog', 'openai']);
		expect(fleet?.accounts).toBe(mist.accounts + opal.accounts + ld.accounts + gitlab.accounts + 2 * github.accounts + 2 * cloudflare.accounts + 2 * okta.accounts + datadog.accounts + openai.accounts);
		// tokenkit sends what a bare client sends, and one more per LaunchDarkly account, per GitLab instance, per Cloudflare
		// scope and per Okta org: which token its key is, to mark the account's own credential; and two more per Datadog
		// org: whose keys its application key is (the caller's keys, then one of them). OpenAI's it tells by its mask.
		expect(fleet?.ownCredentialRequests).toEqual([
			{vendor: 'launchdarkly', request: 'GET /api/v2/caller-identity', requests: ld.accounts},
			{vendor: 'gitlab', request: 'GET /api/v4/personal_access_tokens/self', requests: gitlab.accounts},
			{vendor: 'cloudflare', request: 'GET …/tokens/verify', requests: 2 * cloudflare.accounts},
			{vendor: 'okta', request: 'GET /api/v1/users/me', requests: okta.accounts},
			{vendor: 'datadog', request: 'GET /api/v2/current_user/application_keys[/{id}]', requests: 2 * datadog.accounts},
		]);
		expect((fleet?.bare.requests ?? 0) + ld.accounts + gitlab.accounts + 2 * cloudflare.accounts + okta.accounts + 2 * datadog.accounts).toBe(fleet?.tokenkit.requests);
		const requests = new Map<string, VendorRequests>(fleet?.requestsByVendor.map(row => [row.vendor, row]));
		const ownCredential = {mist: 0, opal: 0, launchdarkly: ld.accounts, gitlab: gitlab.accounts, github: 0, cloudflare: 2 * cloudflare.accounts, okta: okta.accounts, datadog: 2 * datadog.accounts, openai: 0};
		for (const [vendor, extra] of Object.entries(ownCredential)) {
			const row = requests.get(vendor);
			expect({vendor, tokenkit: row?.tokenkit}).toEqual({vendor, tokenkit: (row?.bare ?? 0) + extra});
		}

		// The walked vendors' script follows tokenkit's plan one request at a time: the same requests as the bare client.
		for (const vendor of ['gitlab', 'github', 'cloudflare', 'okta', 'datadog', 'openai']) {
			expect({vendor, script: requests.get(vendor)?.script}).toEqual({vendor, script: requests.get(vendor)?.bare});
		}

		// Cloudflare's pages, counted: 50 tokens a page until an empty one, for the account's tokens (the seeded ones
		// and the simulator's three keys) and its administrator's user tokens (a third as many, two keys), whose owner
		// is asked for once (`GET /user`).
		const pagesOf = (tokens: number): number => Math.ceil(tokens / 50) + 1;
		expect(requests.get('cloudflare')?.bare).toBe(cloudflare.accounts * (pagesOf(cloudflare.tokens + 3) + pagesOf(Math.ceil(cloudflare.tokens / 3) + 2) + 1));

		// LaunchDarkly: tokenkit inventory, bare fetch + JSON.parse and the official client, each a process of its own,
		// every run of every client reaching every announced token, and the ratios made of real numbers.
		expect(launchdarkly?.clients.map(client => client.client)).toEqual(['tokenkit', 'tokenkit-no-raw', 'bare', 'official']);
		expect(launchdarkly?.announced).toBeGreaterThanOrEqual(smallestConfig.launchdarkly.tokens);
		for (const client of launchdarkly?.clients ?? []) {
			expect(client.runs.map(run => run.tokens)).toEqual(Array.from({length: smallestConfig.launchdarkly.rounds}, () => launchdarkly?.announced));
			expect(client.runs.every(run => run.wallMs > 0 && run.cpuMs > 0 && run.peakRssMb > 0 && run.requests > 0)).toBe(true);
		}

		for (const ratio of [launchdarkly?.tokenkitOverBare, launchdarkly?.trimmedOverBare, launchdarkly?.officialOverTokenkit]) {
			expect([ratio?.min, ratio?.median, ratio?.max].every(value => value !== undefined && Number.isFinite(value) && value > 0)).toBe(true);
		}

		// tokenkit's requests are read from its own report (the account's closing ndjson line): the bare client's plan
		// and one more, which token its key is.
		const requestsOf = (name: string): number | undefined => launchdarkly?.clients.find(client => client.client === name)?.requests;
		expect(requestsOf('tokenkit')).toBe((requestsOf('bare') ?? 0) + 1);
		expect(requestsOf('tokenkit-no-raw')).toBe(requestsOf('tokenkit'));

		// Time to first request: tokenkit's first request goes where a LaunchDarkly listing starts, and the floor's too.
		expect(startup?.tokenkit.samplesMs).toHaveLength(smallestConfig.startup.runs);
		expect(startup?.floor.samplesMs).toHaveLength(smallestConfig.startup.runs);
		expect(startup?.tokenkit.firstRequestMs.median).toBeGreaterThan(0);
		expect(startup?.floor.firstRequestMs.median).toBeGreaterThan(0);
		expect(startup?.tokenkit.firstRequests.length).toBeGreaterThan(0);
		expect(startup?.tokenkit.firstRequests.every(request => ['GET /api/v2/tokens', 'GET /api/v2/caller-identity'].includes(request))).toBe(true);
		expect(startup?.floor.firstRequests).toEqual(['GET /first-request']);

		// CPU per token: every vendor, the command and the bare client each listing every token the simulator announced;
		// GitHub, Cloudflare and Okta as the two accounts of tokenkit that `tokenkit simulate --write-config` makes of one.
		expect(cpu?.rows.map(row => row.vendor)).toEqual([...vendorNames]);
		const twoAccounts = new Set(['github', 'cloudflare', 'okta']);
		for (const row of cpu?.rows ?? []) {
			expect({vendor: row.vendor, tokens: row.tokens, bare: row.bareTokens, accounts: row.accounts.length, split: row.stages !== null}).toEqual({
				vendor: row.vendor,
				tokens: row.announced,
				bare: row.announced,
				accounts: twoAccounts.has(row.vendor) ? 2 : 1,
				split: ['mist', 'opal', 'launchdarkly'].includes(row.vendor),
			});
			for (const micros of [row.tokenkitMicros, row.bareMicros, row.tokenkitOverBare, row.ndjsonBytesPerToken]) {
				expect(Number.isFinite(micros) && micros > 0).toBe(true);
			}
		}

		// Memory: each output and heap, as installed and without tokenkit's memory measures, every run listing every token.
		expect(memory?.rows.map(row => `${row.output} ${row.heapCapMb ?? 'default'} ${row.variant} ${row.nodeFlags.join(' ')}`)).toEqual([
			'pipe default default ',
			'pipe default without-measures --semi-space-growth-factor=2 --heap-growing-percent=0',
			'file default default ',
			'file default without-measures --semi-space-growth-factor=2 --heap-growing-percent=0',
			'pipe 96 default --max-old-space-size=96',
			'pipe 96 without-measures --max-old-space-size=96 --semi-space-growth-factor=2 --heap-growing-percent=0',
			'file 96 default --max-old-space-size=96',
			'file 96 without-measures --max-old-space-size=96 --semi-space-growth-factor=2 --heap-growing-percent=0',
		]);
		expect(memory?.rows.every(row => row.tokens === row.announced && row.completeAccounts === 10 && row.peakRssMb > 0 && row.runs.length === smallestConfig.memory.repeats)).toBe(true);
		expect(memory?.comparisons.map(comparison => `${comparison.output} ${comparison.heapCapMb ?? 'default'}`)).toEqual(['pipe default', 'file default', 'pipe 96', 'file 96']);
		expect(memory?.comparisons.every(comparison => comparison.wallRatio > 0 && comparison.withoutPeakRssMb > 0)).toBe(true);

		expect(politeness?.tokens).toBe(politeness?.announced);
		expect(politeness?.failedAccounts).toBe(0);

		// The targets: the fleet's is judged at 20 ms only (the smallest run has 1 ms); CPU per token is reported for every vendor.
		const targets = checkTargets(report);
		expect(targets.find(check => check.target.startsWith('fleet at 20 ms'))?.met).toBeNull();
		expect(targets.find(check => check.target.startsWith('CPU µs per token'))?.measured).toMatch(/^mist .*, openai \d/);

		// The readable report and the JSON both come out of the same numbers.
		expect(renderReport(report)).toContain('## targets');
		expect(JSON.parse(JSON.stringify(report))).toMatchObject({config: smallestConfig});
	}, 120_000);

	it('starts the Okta simulator with its API tokens in pages, as the fleet asks', async () => {
		const simulator = await startSimulatorProcess(
			{vendor: 'okta', accounts: 1, tokens: 450, simulatorOptions: fleetVendors.okta.simulatorOptions},
			{cliPath: builtCliPath(), latency: 0, rateLimits: false, startTimeoutMs: 30_000},
		);
		try {
			const [org] = simulator.vendors.flatMap(vendor => vendor.accounts.map(account => ({...account, baseUrl: vendor.baseUrl})));
			const response = await fetch(`${org?.baseUrl ?? ''}/api/v1/api-tokens`, {headers: {authorization: `SSWS ${org?.apiKey ?? ''}`}});
			const body: unknown = await response.json();
			expect(Array.isArray(body) ? body.length : body).toBe(oktaApiTokenPageSize);
			expect(response.headers.get('link')).toMatch(/rel="next"/);
		} finally {
			await simulator.stop();
		}
	}, 60_000);
});
