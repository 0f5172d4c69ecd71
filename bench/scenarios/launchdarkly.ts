import {launchDarklyDefaultConcurrency} from '../../providers/launchdarkly/index.js';
import {createLaunchDarklyProvider, createTrafficCounter} from '../../src/index.js';
import {bareClient} from '../baselines/bare-client.js';
import {listWithOfficialClient} from '../baselines/official-launchdarkly.js';
import type {BenchmarkConfig} from '../config.js';
import {shortestChain, tokenkitLaunchDarklyChain} from '../lower-bound.js';
import {measure, type Cost} from '../measure.js';
import {accountsOf, startSimulatorProcess} from '../simulator-process.js';
import {microsPerToken, startTimeoutFor, type ScenarioContext} from './context.js';

export interface LaunchDarklyRun {
	readonly name: string;
	readonly tokens: number;
	readonly requests: number;
	readonly cost: Cost;
	readonly cpuMicrosPerToken: number;
	/** The official client's wall time over this run's. */
	readonly officialClientOverThis: number;
}

export interface LaunchDarklyResult {
	readonly latencyMs: number;
	readonly announced: number;
	readonly runs: readonly LaunchDarklyRun[];
	/** tokenkit's default for list pages in flight (providers/launchdarkly/index.ts). */
	readonly defaultConcurrency: number;
	/** First page, then every other page at once. */
	readonly boundMs: number;
	/** The chain tokenkit's default plan makes: the first page, then waves of `defaultConcurrency`. */
	readonly tokenkitPlanMs: number;
	/** The official client's wall time per request: one real round trip here, the simulator's serving included. */
	readonly roundTripMs: number;
}

/** One LaunchDarkly account with many tokens: tokenkit against the official client paging sequentially at the largest page. */
export async function runLaunchDarkly(config: BenchmarkConfig, context: ScenarioContext): Promise<LaunchDarklyResult> {
	const {tokens} = config.launchdarkly;
	const {latency} = config;
	context.log(`launchdarkly: seeding 1 × ${tokens}`);
	const simulators = await startSimulatorProcess({vendor: 'launchdarkly', accounts: 1, tokens}, {cliPath: context.cliPath, latency, rateLimits: false, startTimeoutMs: startTimeoutFor(tokens)});
	try {
		const [account] = accountsOf(simulators.vendors, 'launchdarkly');
		if (account === undefined) {
			throw new Error('the LaunchDarkly simulator has no account');
		}

		const listWithTokenkit = async (concurrency: number | undefined): Promise<{tokens: number; requests: number}> => {
			const wire = createTrafficCounter();
			const provider = createLaunchDarklyProvider({apiKey: account.apiKey, baseUrl: account.baseUrl, account: account.name, concurrency, onEvent: wire.onEvent});
			let count = 0;
			for await (const token of provider.list({signal: context.signal})) {
				// Touch the record, as any consumer does.
				count += token.id === '' ? 0 : 1;
			}

			return {tokens: count, requests: wire.counts.requests};
		};

		const runs: Array<Omit<LaunchDarklyRun, 'officialClientOverThis'>> = [];
		const record = (name: string, measured: {value: {tokens: number; requests: number}; cost: Cost}): void => {
			runs.push({name, ...measured.value, cost: measured.cost, cpuMicrosPerToken: microsPerToken(measured.cost.cpuMs, measured.value.tokens)});
		};

		context.log('launchdarkly: tokenkit');
		record(`tokenkit (default, ${launchDarklyDefaultConcurrency} pages in flight)`, await measure(async () => listWithTokenkit(undefined)));
		context.log('launchdarkly: official client');
		record('official client, sequential pages of 1000', await measure(async () => listWithOfficialClient(account, context.signal)));
		context.log('launchdarkly: bare fetch + JSON.parse');
		record(
			`bare fetch + JSON.parse, ${launchDarklyDefaultConcurrency} pages in flight`,
			await measure(async () => bareClient([{vendor: 'launchdarkly', ...account}], launchDarklyDefaultConcurrency, context.signal)),
		);
		for (const concurrency of config.launchdarkly.extraConcurrency) {
			context.log(`launchdarkly: tokenkit, concurrency ${concurrency}`);
			record(`tokenkit, concurrency: ${concurrency}`, await measure(async () => listWithTokenkit(concurrency)));
		}

		const officialRun = runs.find(entry => entry.name.startsWith('official'));
		const official = officialRun?.cost.wallMs ?? 0;
		return {
			latencyMs: latency,
			announced: account.tokens,
			runs: runs.map(entry => ({...entry, officialClientOverThis: official / entry.cost.wallMs})),
			defaultConcurrency: launchDarklyDefaultConcurrency,
			boundMs: shortestChain('launchdarkly', account.name, account.tokens).requests * latency,
			tokenkitPlanMs: tokenkitLaunchDarklyChain(account.tokens, launchDarklyDefaultConcurrency) * latency,
			roundTripMs: officialRun === undefined || officialRun.requests === 0 ? 0 : official / officialRun.requests,
		};
	} finally {
		await simulators.stop();
	}
}
