import type {OutputKind} from './memory/inventory-process.js';
import type {VendorName} from './simulator-process.js';

export const scenarioNames = ['fleet', 'launchdarkly', 'startup', 'cpu', 'memory', 'politeness'] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export interface AccountCount {
	readonly accounts: number;
	/** Tokens seeded per account. */
	readonly tokens: number;
}

export interface BenchmarkConfig {
	readonly scenarios: readonly ScenarioName[];
	/** Milliseconds added to every simulated request in the fleet scenario. */
	readonly latency: number;
	/** The longest any one scenario may run before it is stopped. */
	readonly scenarioTimeoutMs: number;
	/**
	Simulated accounts × tokens seeded in each, by vendor (fleet-vendors.ts says what each counts). Some give tokenkit
	two accounts each: a GitHub org its grants and its SSO credential authorizations (three for every five grants), a
	Cloudflare account its account tokens and its administrator's user tokens (a third as many), an Okta org its API
	tokens and its apps' client secrets (an app for every ten tokens).
	*/
	readonly fleet: {readonly [V in VendorName]: AccountCount} & {
		/** Also run the sequential script with each vendor's default page size, the slowest part of the whole run. */
		readonly defaultPageScript: boolean;
	};
	/** One account listed by tokenkit inventory, bare fetch + JSON.parse and the official client, each in its own process. */
	readonly launchdarkly: {
		/** Tokens seeded in the one account. */
		readonly tokens: number;
		/** Milliseconds added to every request, the fleet's `latency` apart. */
		readonly latency: number;
		/** Timed rounds of the four listings, one after another, after one untimed round; medians are reported. */
		readonly rounds: number;
	};
	/** Time from process start to the first HTTP request, tokenkit inventory against a process that only fetches. */
	readonly startup: {
		/** Timed runs of each, taking turns, after one untimed run of each. */
		readonly runs: number;
	};
	readonly cpu: {
		/**
		Tokens seeded in the one simulated account of each vendor (what `tokenkit simulate --tokens` counts: GitHub's
		grants, with three SSO authorizations for every five beside them; Cloudflare's account tokens, with a third as
		many user tokens; Okta's API tokens, with an app's client secrets for every ten).
		*/
		readonly tokens: {readonly [V in VendorName]: number};
		/** Timed runs per measurement after one warm-up; the median is reported. */
		readonly repeats: number;
	};
	readonly memory: {
		/** Total tokens per run, split evenly between ten LaunchDarkly accounts. */
		readonly sizes: readonly number[];
		/** Where the command writes: a pipe (`| jq`), a file (`> out.ndjson`), or both. */
		readonly outputs: readonly OutputKind[];
		/**
		Each output is also run with `node --max-old-space-size` at each of these MB (what a user sets through
		NODE_OPTIONS), to show what a capped heap costs in time and saves in memory.
		*/
		readonly heapCapsMb: readonly number[];
		/**
		Runs of each size and output as the command is installed, and as many without tokenkit's memory measures, the two
		taking turns (memory.ts); the median wall time and the highest peak are reported.
		*/
		readonly repeats: number;
	};
	readonly politeness: {
		readonly latency: number;
		readonly mist: AccountCount;
		readonly opal: {readonly tokens: number; readonly pageSize: number};
		readonly launchdarkly: {readonly tokens: number; readonly pageSize: number};
	};
}

/** The default run: a fleet of 174,471 tokens over 43 accounts (every vendor), 50,000 LaunchDarkly tokens at 100 ms, 500,000 tokens for memory; about seven minutes on two cores. */
export const defaultConfig: BenchmarkConfig = {
	scenarios: scenarioNames,
	latency: 20,
	scenarioTimeoutMs: 600_000,
	fleet: {
		mist: {accounts: 20, tokens: 500},
		opal: {accounts: 1, tokens: 50_000},
		launchdarkly: {accounts: 4, tokens: 25_000},
		// Modest: a GitHub grant may need a repository read, and the scripts send each request after the one before.
		gitlab: {accounts: 2, tokens: 1000},
		github: {accounts: 2, tokens: 150},
		// 22 pages of account tokens one after another, fewer than Opal's 51 cursor pages, which stay the bound.
		cloudflare: {accounts: 2, tokens: 1000},
		// An org's API tokens come in pages of 200 (fleet-vendors.ts); its client secrets take a request per app.
		okta: {accounts: 2, tokens: 500},
		// Each of an org's three lists is a first page and then pages four at a time: 7, 9 and 6 pages of 100 here.
		datadog: {accounts: 2, tokens: 2000},
		// An org's projects stop at 48 past 288 keys, so more keys lengthen its admin key chain and each project's pages.
		openai: {accounts: 2, tokens: 2000},
		defaultPageScript: true,
	},
	launchdarkly: {tokens: 50_000, latency: 100, rounds: 5},
	startup: {runs: 25},
	cpu: {
		tokens: {
			mist: 20_000,
			opal: 20_000,
			launchdarkly: 20_000,
			gitlab: 20_000,
			// Fewer where a listing of 20,000 takes half a minute or more, which the runs after the warm-up would repeat:
			// GitHub's simulator does work over every grant for each of the 10,000 requests a listing of 20,000 sends, and
			// Cloudflare's 400 pages of account tokens are paced by tokenkit at Cloudflare's limit (1,200 requests in five
			// minutes, after a burst of 300), whatever the simulator allows.
			github: 2000,
			cloudflare: 5000,
			okta: 20_000,
			datadog: 20_000,
			openai: 20_000,
		},
		repeats: 3,
	},
	// Two runs each way: four runs of 500,000 tokens take about a minute and a half on two cores.
	memory: {sizes: [10_000, 500_000], outputs: ['pipe'], heapCapsMb: [], repeats: 2},
	politeness: {
		latency: 2,
		mist: {accounts: 20, tokens: 50},
		// Smaller pages than tokenkit's default, so a run of seconds sends enough requests to meet each limit.
		// LaunchDarkly's windows are fixed 10 s slots: more than two windows' worth of requests (400) makes the
		// limit bind whatever the phase.
		opal: {tokens: 1500, pageSize: 8},
		launchdarkly: {tokens: 20_500, pageSize: 50},
	},
};

/** Every scenario at a size that takes seconds: what the test runs so the benchmark code cannot rot. */
export const smallestConfig: BenchmarkConfig = {
	scenarios: scenarioNames,
	latency: 1,
	scenarioTimeoutMs: 60_000,
	fleet: {
		mist: {accounts: 2, tokens: 5},
		opal: {accounts: 1, tokens: 450},
		launchdarkly: {accounts: 2, tokens: 1200},
		// Past one page of personal tokens and of grants, so that the pages after the first are walked too.
		gitlab: {accounts: 1, tokens: 150},
		github: {accounts: 1, tokens: 120},
		// Past two pages of account tokens (50) and of Okta's API tokens (200), and past one page of apps' secrets reads.
		cloudflare: {accounts: 1, tokens: 120},
		okta: {accounts: 1, tokens: 450},
		// Past one page of 100 of each of Datadog's three lists, and of OpenAI's admin keys (one key in seven).
		datadog: {accounts: 1, tokens: 350},
		openai: {accounts: 1, tokens: 750},
		defaultPageScript: true,
	},
	launchdarkly: {tokens: 2500, latency: 1, rounds: 1},
	startup: {runs: 3},
	// Past one page of each vendor's list, as in the fleet above (Opal and LaunchDarkly serve 1,000 a page).
	cpu: {
		tokens: {mist: 1500, opal: 1500, launchdarkly: 1500, gitlab: 150, github: 120, cloudflare: 120, okta: 450, datadog: 350, openai: 750},
		repeats: 1,
	},
	memory: {sizes: [300], outputs: ['pipe', 'file'], heapCapsMb: [96], repeats: 1},
	politeness: {
		latency: 0,
		mist: {accounts: 1, tokens: 5},
		opal: {tokens: 300, pageSize: 100},
		launchdarkly: {tokens: 600, pageSize: 200},
	},
};
