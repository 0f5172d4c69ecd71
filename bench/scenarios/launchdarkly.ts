import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {launchDarklyDefaultConcurrency} from '../../providers/launchdarkly/index.js';
import {launchDarklyWire} from '../baselines/vendor-pages.js';
import {builtBenchScript} from '../built-cli.js';
import type {BenchmarkConfig} from '../config.js';
import {shortestChain, tokenkitLaunchDarklyChain} from '../lower-bound.js';
import {runMeasuredChild, type ChildCost} from '../measured-child.js';
import {inventoryProcess} from '../memory/inventory-process.js';
import {accountsOf, startSimulatorProcess, type SimulatedAccount} from '../simulator-process.js';
import {spreadOf, type Spread} from '../spread.js';
import {startTimeoutFor, type ScenarioContext} from './context.js';

/** The listings compared, each in a process of its own: tokenkit as installed, tokenkit trimmed (`--no-raw`), and the two baselines. */
export const launchDarklyClients = ['tokenkit', 'tokenkit-no-raw', 'bare', 'official'] as const;
export type LaunchDarklyClient = (typeof launchDarklyClients)[number];

/** One listing by one client: a child process from spawn to exit. */
export interface LaunchDarklyRun extends ChildCost {
	readonly tokens: number;
	readonly requests: number;
	readonly tokensPerSecond: number;
	/** The listing alone, start-up left out, as a baseline child timed it; null for tokenkit, which does not time itself. */
	readonly listMs: number | null;
}

export interface LaunchDarklyClientResult {
	readonly client: LaunchDarklyClient;
	/** What was run, for a person. */
	readonly name: string;
	/** The timed rounds in order; every one listed every announced token. */
	readonly runs: readonly LaunchDarklyRun[];
	readonly wallMs: Spread;
	readonly cpuMs: Spread;
	readonly peakRssMb: Spread;
	readonly tokensPerSecond: Spread;
	readonly requests: number;
}

export interface LaunchDarklyResult {
	readonly latencyMs: number;
	/** Tokens seeded; the simulator adds a few keys of its own, which every listing must reach as well. */
	readonly seeded: number;
	readonly announced: number;
	/** Timed rounds, each running the four clients one after another, after one untimed warm-up round. */
	readonly rounds: number;
	readonly clients: readonly LaunchDarklyClientResult[];
	/** tokenkit's wall time over the bare client's, round by round. */
	readonly tokenkitOverBare: Spread;
	/** The same with `--no-raw`: the optional trimming, measured beside the default it does not replace. */
	readonly trimmedOverBare: Spread;
	/** The official client's wall time over tokenkit's, round by round. */
	readonly officialOverTokenkit: Spread;
	/** tokenkit's default for list pages in flight (providers/launchdarkly/index.ts), which the bare client uses too. */
	readonly defaultConcurrency: number;
	/** First page, then every other page at once. */
	readonly boundMs: number;
	/** The chain tokenkit's default plan makes: the first page, then waves of `defaultConcurrency`. */
	readonly tokenkitPlanMs: number;
	/** The official client's listing time per request, start-up left out (the child times it): one sequential round trip of a 1,000-token page. */
	readonly roundTripMs: number;
}

/**
One LaunchDarkly account with many tokens, listed end to end four times, each in a child process of Node
(`process.execPath`): `tokenkit inventory --format ndjson --quiet`, the built command, its stdout a pipe read
and counted here, as installed and with `--no-raw`; bare fetch + JSON.parse in tokenkit's request plan; and
LaunchDarkly's official client paging sequentially at the largest page (baselines/launchdarkly-child.ts). Wall
time runs from spawn to exit, start-up included for all; CPU time and peak memory are each child's own
(measured-child.ts). They take turns, round after round, so that a machine getting busier weighs on all of them alike.
*/
export async function runLaunchDarkly(config: BenchmarkConfig, context: ScenarioContext): Promise<LaunchDarklyResult> {
	const {tokens, latency, rounds} = config.launchdarkly;
	context.log(`launchdarkly: seeding 1 × ${tokens}, ${latency} ms per request`);
	const simulators = await startSimulatorProcess({vendor: 'launchdarkly', accounts: 1, tokens}, {cliPath: context.cliPath, latency, rateLimits: false, startTimeoutMs: startTimeoutFor(tokens)});
	const directory = await mkdtemp(join(tmpdir(), 'tokenkit-bench-'));
	try {
		const [account] = accountsOf(simulators.vendors, 'launchdarkly');
		if (account === undefined) {
			throw new Error('the LaunchDarkly simulator has no account');
		}

		const configPath = join(directory, 'tokenkit.json');
		// 0600: simulator keys are fake, but a config file holding keys is treated as one holding real ones.
		await writeFile(configPath, JSON.stringify({accounts: [{name: account.name, provider: 'launchdarkly', baseUrl: account.baseUrl, apiKey: account.apiKey}]}), {mode: 0o600});
		const list = listersOf(account, configPath, directory, context);
		const listRound = async (round: string): Promise<Round> => {
			const listed = async (client: LaunchDarklyClient): Promise<LaunchDarklyRun> => {
				const run = await list[client]();
				if (run.tokens !== account.tokens) {
					throw new Error(`launchdarkly, ${round}: ${clientNames[client]} listed ${run.tokens} of the ${account.tokens} tokens announced`);
				}

				return run;
			};

			// One after another, never side by side: each has the machine and the simulator to itself.
			const tokenkit = await listed('tokenkit');
			const trimmed = await listed('tokenkit-no-raw');
			const bare = await listed('bare');
			const official = await listed('official');
			context.log(`launchdarkly: ${round}: tokenkit ${Math.round(tokenkit.wallMs)} ms (--no-raw ${Math.round(trimmed.wallMs)} ms), bare ${Math.round(bare.wallMs)} ms, official ${Math.round(official.wallMs)} ms`);
			return {tokenkit, 'tokenkit-no-raw': trimmed, bare, official};
		};

		// Untimed: fills the file cache with each program's modules and lets the simulator's JIT settle.
		await listRound('warm-up');
		const timed: Round[] = [];
		for (let round = 1; round <= rounds; round++) {
			timed.push(await listRound(`round ${round} of ${rounds}`));
		}

		return {
			latencyMs: latency,
			seeded: tokens,
			announced: account.tokens,
			rounds,
			clients: launchDarklyClients.map(client => summarise(client, timed.map(round => round[client]))),
			tokenkitOverBare: spreadOf(timed.map(round => round.tokenkit.wallMs / round.bare.wallMs)),
			trimmedOverBare: spreadOf(timed.map(round => round['tokenkit-no-raw'].wallMs / round.bare.wallMs)),
			officialOverTokenkit: spreadOf(timed.map(round => round.official.wallMs / round.tokenkit.wallMs)),
			defaultConcurrency: launchDarklyDefaultConcurrency,
			boundMs: shortestChain('launchdarkly', account.name, account.tokens).requests * latency,
			tokenkitPlanMs: tokenkitLaunchDarklyChain(account.tokens, launchDarklyDefaultConcurrency) * latency,
			roundTripMs: spreadOf(timed.map(({official}) => (official.listMs ?? official.wallMs) / Math.max(1, official.requests))).median,
		};
	} finally {
		await simulators.stop();
		await rm(directory, {recursive: true, force: true});
	}
}

type Round = Record<LaunchDarklyClient, LaunchDarklyRun>;

const clientNames: Record<LaunchDarklyClient, string> = {
	tokenkit: 'tokenkit inventory --format ndjson, stdout a pipe',
	'tokenkit-no-raw': 'the same with --no-raw (no vendor record in a line)',
	bare: `bare fetch + JSON.parse, ${launchDarklyDefaultConcurrency} pages in flight`,
	official: 'official client, sequential pages of 1000',
};

/** How each client lists the account once, in a child process. */
function listersOf(account: SimulatedAccount & {readonly baseUrl: string}, configPath: string, directory: string, context: ScenarioContext): Record<LaunchDarklyClient, () => Promise<LaunchDarklyRun>> {
	const childScript = builtBenchScript(context.cliPath, 'baselines/launchdarkly-child.js');
	// The key goes in the environment, out of the process list.
	const env = {...process.env, LD_API_KEY: account.apiKey};
	const baseline = async (args: readonly string[]): Promise<LaunchDarklyRun> => {
		let output = '';
		const run = await runMeasuredChild(childScript, [...args, '--base-url', account.baseUrl], {
			stdout: 'pipe',
			onStdout(chunk) {
				output += chunk;
			},
			env,
			signal: context.signal,
		});
		if (run.exitCode !== 0) {
			throw new Error(`launchdarkly-child ${args[0] ?? ''} exited with ${run.exitCode}: ${run.stderr}`);
		}

		return withRate({...costOf(run), ...parseListing(output)});
	};

	const tokenkit = async (commandFlags: readonly string[]): Promise<LaunchDarklyRun> => {
		const run = await inventoryProcess(context.cliPath, configPath, 'pipe', join(directory, 'inventory.ndjson'), [], context.signal, commandFlags);
		if (run.completeAccounts !== 1) {
			throw new Error(`launchdarkly: tokenkit inventory ${commandFlags.join(' ')} did not report the account as complete (${run.tokens} tokens listed)`);
		}

		return withRate({...costOf(run), tokens: run.tokens, requests: run.requests, listMs: null});
	};

	return {
		tokenkit: async () => tokenkit([]),
		'tokenkit-no-raw': async () => tokenkit(['--no-raw']),
		// The adapter's constants go on the command line, so that the bare client loads nothing of tokenkit.
		bare: async () => baseline([
			'bare',
			'--concurrency', String(launchDarklyDefaultConcurrency),
			'--api-version', launchDarklyWire.apiVersion,
			'--page-size', String(launchDarklyWire.pageSize),
			'--roles-page-size', String(launchDarklyWire.rolesPageSize),
		]),
		official: async () => baseline(['official']),
	};
}

function costOf(run: ChildCost): ChildCost {
	return {wallMs: run.wallMs, cpuMs: run.cpuMs, peakRssMb: run.peakRssMb};
}

function withRate(run: Omit<LaunchDarklyRun, 'tokensPerSecond'>): LaunchDarklyRun {
	return {...run, tokensPerSecond: run.tokens / (run.wallMs / 1000)};
}

/** The one line a baseline child prints: `{"tokens", "requests", "listMs"}`. */
function parseListing(output: string): {tokens: number; requests: number; listMs: number} {
	const parsed: unknown = JSON.parse(output);
	const number = (name: string): number => {
		const value: unknown = typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, name) : undefined;
		if (typeof value !== 'number') {
			throw new TypeError(`launchdarkly-child printed no ${name}: ${output.slice(0, 200)}`);
		}

		return value;
	};

	return {tokens: number('tokens'), requests: number('requests'), listMs: number('listMs')};
}

function summarise(client: LaunchDarklyClient, runs: readonly LaunchDarklyRun[]): LaunchDarklyClientResult {
	return {
		client,
		name: clientNames[client],
		runs,
		wallMs: spreadOf(runs.map(run => run.wallMs)),
		cpuMs: spreadOf(runs.map(run => run.cpuMs)),
		peakRssMb: spreadOf(runs.map(run => run.peakRssMb)),
		tokensPerSecond: spreadOf(runs.map(run => run.tokensPerSecond)),
		requests: spreadOf(runs.map(run => run.requests)).median,
	};
}
