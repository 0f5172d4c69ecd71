import {launchDarklyDefaultConcurrency} from '../../providers/launchdarkly/index.js';
import {collectInventory, createTrafficCounter, type TrafficCounts} from '../../src/index.js';
import {bareClient} from '../baselines/bare-client.js';
import {fetchTransport} from '../baselines/json-get.js';
import {sequentialScript, type PageChoice, type ScriptAccount, type ScriptAccountResult} from '../baselines/sequential-script.js';
import type {BenchmarkConfig} from '../config.js';
import {fleetAccounts, fleetVendors} from '../fleet-vendors.js';
import {longestChain, shortestChain, walkedChain, type Chain} from '../lower-bound.js';
import {measure, type Cost} from '../measure.js';
import {tokenkitProvider} from '../providers.js';
import {announcedTokens, startSimulatorProcesses, vendorNames, type VendorName} from '../simulator-process.js';
import {microsPerToken, startTimeoutFor, type ScenarioContext} from './context.js';

export interface FleetRun {
	readonly name: string;
	readonly tokens: number;
	readonly requests: number;
	readonly cost: Cost;
	readonly tokensPerSecond: number;
	readonly cpuMicrosPerToken: number;
}

export interface PeerRun extends FleetRun {
	/** The peer's wall time over tokenkit's: how many times faster tokenkit is. */
	readonly slowerThanTokenkit: number;
}

/** Requests tokenkit sends for one vendor's accounts that neither baseline sends (fleet-vendors.ts `ownCredential`). */
export interface OwnCredentialRequests {
	readonly vendor: VendorName;
	/** What is asked to mark the account's own credential: which token its key is, or whose. */
	readonly request: string;
	readonly requests: number;
}

/** One vendor's requests in each listing: tokenkit's, the bare client's, and the sequential script's with the largest pages. */
export interface VendorRequests {
	readonly vendor: VendorName;
	readonly tokenkit: number;
	readonly bare: number;
	readonly script: number;
}

export interface FleetResult {
	readonly latencyMs: number;
	readonly accounts: number;
	/** What the simulators seeded; every run must list exactly this many. */
	readonly announced: number;
	readonly tokenkit: FleetRun & {readonly retries: number; readonly rateLimited: number; readonly failedAccounts: number};
	/** tokenkit's requests beyond those of the bare client, which sends the rest of tokenkit's plan, by vendor. */
	readonly ownCredentialRequests: readonly OwnCredentialRequests[];
	/** Requests by vendor: what the totals are made of, and where tokenkit and the baselines differ. */
	readonly requestsByVendor: readonly VendorRequests[];
	readonly bound: {readonly ms: number; readonly chain: Chain; readonly how: string};
	/** The longest chain of each vendor's accounts, in vendor order: where each vendor stands against the bound. */
	readonly vendorChains: readonly Chain[];
	readonly tokenkitOverBound: number;
	/**
	tokenkit's request plan with bare fetch and `JSON.parse` only (bench/baselines/bare-client.ts): the closest
	any JSON client can come to the bound on this machine.
	*/
	readonly bare: FleetRun & {readonly overBound: number; readonly tokenkitOverThis: number};
	/**
	The longest chain walked alone with bare fetch and `JSON.parse` and nothing else: what one round trip really
	costs here, the simulator's own work included.
	*/
	readonly measuredChainMs: number | null;
	/** tokenkit listing that account alone: the same chain with tokenkit's work between round trips. */
	readonly tokenkitChainAloneMs: number;
	/** That account's time inside the fleet run, where it shares the CPU with every other account. */
	readonly tokenkitChainInFleetMs: number;
	/** tokenkit's wall time over the measured chain: how far it is from what this machine's round trips allow. */
	readonly tokenkitOverMeasuredChain: number | null;
	readonly peers: readonly PeerRun[];
}

/**
Many accounts across every vendor at a fixed latency: tokenkit's inventory against the round-trip
lower bound and against the sequential script a user would write. Rate limits are off here, so the bound is
latency alone and the script's default-page run stays bounded; the politeness scenario turns them on.
*/
export async function runFleet(config: BenchmarkConfig, context: ScenarioContext): Promise<FleetResult> {
	const {fleet, latency} = config;
	const specs = vendorNames.map(vendor => ({vendor, ...fleet[vendor], simulatorOptions: fleetVendors[vendor].simulatorOptions}));
	const total = specs.reduce((sum, spec) => sum + spec.accounts * spec.tokens, 0);
	context.log(`fleet: seeding ${specs.map(spec => `${spec.vendor} ${spec.accounts} × ${spec.tokens}`).join(', ')}`);
	const simulators = await startSimulatorProcesses(specs, {cliPath: context.cliPath, latency, rateLimits: false, startTimeoutMs: startTimeoutFor(total)});
	try {
		const announced = announcedTokens(simulators);
		const scriptAccounts = fleetAccounts(simulators.vendors);
		context.log('fleet: the walked vendors walked once in tokenkit\'s plan, untimed, to count their chains');
		const chains = await Promise.all(scriptAccounts.map(async account => chainOf(account, context.signal)));
		const chain = longestChain(chains);
		if (chain === undefined) {
			throw new Error('the fleet has no account');
		}

		const isChain = (account: ScriptAccount): boolean => account.vendor === chain.vendor && account.name === chain.account;
		const chainAccounts = scriptAccounts.filter(account => isChain(account));
		// One untimed pass first, so the timed one measures a warmed-up client rather than the JIT compiler. It
		// leaves out the longest chain, which warms up within its first pages anyway and takes longest to serve.
		context.log('fleet: tokenkit (warm-up)');
		await inventory(scriptAccounts.filter(account => !isChain(account)), context.signal);
		context.log('fleet: tokenkit');
		const measured = await measure(async () => inventory(scriptAccounts, context.signal));
		const {tokens, failedAccounts, wire, accountMs} = measured.value;
		const tokenkit = {...run('tokenkit inventory', tokens, wire.requests, measured.cost), retries: wire.retries, rateLimited: wire.rateLimited, failedAccounts};

		context.log('fleet: bare fetch + JSON.parse, tokenkit\'s request plan');
		const bareListing = await measure(async () => bareClient(scriptAccounts, launchDarklyDefaultConcurrency, context.signal));
		const bareRun = run('bare fetch + JSON.parse, tokenkit\'s request plan', bareListing.value.tokens, bareListing.value.requests, bareListing.cost);
		const peers: PeerRun[] = [];
		let largestPageScript: readonly ScriptAccountResult[] = [];
		const choices: PageChoice[] = fleet.defaultPageScript ? ['largest', 'vendor-default'] : ['largest'];
		for (const pages of choices) {
			context.log(`fleet: sequential script, ${pages} pages`);
			const script = await measure(async () => sequentialScript(scriptAccounts, pages, context.signal));
			const name = pages === 'largest' ? 'sequential script, largest pages' : 'sequential script, vendor default pages';
			const peer = run(name, sum(script.value, 'tokens'), sum(script.value, 'requests'), script.cost);
			peers.push({...peer, slowerThanTokenkit: peer.cost.wallMs / tokenkit.cost.wallMs});
			if (pages === 'largest') {
				largestPageScript = script.value;
			}
		}

		context.log(`fleet: bare fetch + JSON.parse, ${chain.account} alone`);
		const measuredChainMs = chainAccounts.length === 0 ? null : (await measure(async () => bareClient(chainAccounts, launchDarklyDefaultConcurrency, context.signal))).cost.wallMs;
		context.log(`fleet: tokenkit, ${chain.account} alone`);
		const alone = await inventory(chainAccounts, context.signal);

		const boundMs = chain.requests * latency;
		return {
			latencyMs: latency,
			accounts: chains.length,
			announced,
			tokenkit,
			ownCredentialRequests: ownCredentialRequests(scriptAccounts),
			requestsByVendor: vendorNames.map(vendor => ({
				vendor,
				tokenkit: measured.value.requestsByVendor.get(vendor) ?? 0,
				bare: sumOf(bareListing.value.accounts, vendor),
				script: sumOf(largestPageScript, vendor),
			})),
			bound: {ms: boundMs, chain, how: `${chain.requests} requests one after another (${chain.vendor} ${chain.account}: ${chain.why}) × ${latency} ms`},
			vendorChains: vendorNames.flatMap(vendor => longestChain(chains.filter(candidate => candidate.vendor === vendor)) ?? []),
			tokenkitOverBound: boundMs === 0 ? 0 : tokenkit.cost.wallMs / boundMs,
			bare: {...bareRun, overBound: boundMs === 0 ? 0 : bareRun.cost.wallMs / boundMs, tokenkitOverThis: tokenkit.cost.wallMs / bareRun.cost.wallMs},
			measuredChainMs,
			tokenkitChainAloneMs: alone.accountMs.get(chain.account) ?? 0,
			tokenkitChainInFleetMs: accountMs.get(chain.account) ?? 0,
			tokenkitOverMeasuredChain: measuredChainMs === null || measuredChainMs === 0 ? null : tokenkit.cost.wallMs / measuredChainMs,
			peers,
		};
	} finally {
		await simulators.stop();
	}
}

const inTokenkitPlan = {transport: fetchTransport, style: 'tokenkit', pages: 'largest'} as const;

/** An account's chain: from its token count where that tells it, else from a walk of its pages in tokenkit's plan. */
async function chainOf(account: ScriptAccount, signal: AbortSignal): Promise<Chain> {
	const {vendor} = account;
	switch (vendor) {
		case 'mist':
		case 'opal':
		case 'launchdarkly': {
			return shortestChain(vendor, account.name, account.tokens);
		}

		default: {
			const {plan} = fleetVendors[vendor];
			const walked = await plan.walk(account, {...inTokenkitPlan, signal});
			return walkedChain(vendor, account.name, walked.roundTrips, plan.chain);
		}
	}
}

function ownCredentialRequests(accounts: readonly ScriptAccount[]): OwnCredentialRequests[] {
	return vendorNames.flatMap(vendor => {
		const {ownCredential} = fleetVendors[vendor];
		const requests = accounts.filter(account => account.vendor === vendor).reduce((total, account) => total + (ownCredential?.requests(account) ?? 0), 0);
		return ownCredential === undefined || requests === 0 ? [] : [{vendor, request: ownCredential.request, requests}];
	});
}

/** The requests of one vendor's accounts, summed. */
function sumOf(rows: ReadonlyArray<{readonly vendor: VendorName; readonly requests: number}>, vendor: VendorName): number {
	return rows.reduce((total, row) => total + (row.vendor === vendor ? row.requests : 0), 0);
}

interface InventoryRun {
	readonly tokens: number;
	readonly failedAccounts: number;
	readonly wire: TrafficCounts;
	readonly requestsByVendor: ReadonlyMap<VendorName, number>;
	/** Each account's time from its first request to its last token, by account name. */
	readonly accountMs: ReadonlyMap<string, number>;
}

async function inventory(accounts: readonly ScriptAccount[], signal: AbortSignal): Promise<InventoryRun> {
	const wire = createTrafficCounter();
	const requestsByVendor = new Map<VendorName, number>();
	const providers = accounts.map(account => tokenkitProvider(account, {
		onEvent(event) {
			wire.onEvent(event);
			if (event.type === 'request') {
				requestsByVendor.set(account.vendor, (requestsByVendor.get(account.vendor) ?? 0) + 1);
			}
		},
	}));
	const accountMs = new Map<string, number>();
	let tokens = 0;
	let failedAccounts = 0;
	for await (const event of collectInventory(providers, {signal})) {
		if (event.type === 'token') {
			tokens++;
		} else if (event.type === 'account-done') {
			accountMs.set(event.account, event.ms);
		} else {
			failedAccounts++;
		}
	}

	return {tokens, failedAccounts, wire: {...wire.counts}, requestsByVendor, accountMs};
}

function run(name: string, tokens: number, requests: number, cost: Cost): FleetRun {
	return {name, tokens, requests, cost, tokensPerSecond: tokens / (cost.wallMs / 1000), cpuMicrosPerToken: microsPerToken(cost.cpuMs, tokens)};
}

function sum<K extends string>(rows: ReadonlyArray<Readonly<Record<K, number>>>, key: K): number {
	return rows.reduce((total, row) => total + row[key], 0);
}
