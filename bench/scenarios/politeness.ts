import {collectInventory, type HttpEvent, createTrafficCounter, type TrafficCounts} from '../../src/index.js';
import type {BenchmarkConfig} from '../config.js';
import {measure} from '../measure.js';
import {tokenkitProviders} from '../providers.js';
import {announcedTokens, measuredVendorNames, startSimulatorProcesses, type MeasuredVendorName, type SimulatedVendor} from '../simulator-process.js';
import {startTimeoutFor, type ScenarioContext} from './context.js';

/** The limits the simulators enforce by default (docs/simulators.md), which tokenkit knows in advance or learns from headers. */
const limits: Record<MeasuredVendorName, string> = {
	mist: '5,000 requests an hour per key, known in advance',
	opal: '100 requests a second per org, known in advance',
	launchdarkly: '200 list requests per 10 s window per account, announced in X-Ratelimit-* headers',
};

export interface PolitenessRow extends TrafficCounts {
	readonly vendor: MeasuredVendorName;
	readonly limit: string;
	readonly accounts: number;
	readonly pageSize: number | null;
	readonly tokens: number;
	/** The slowest account of this vendor, from first request to last token, with the limits on. */
	readonly accountMs: number;
	/** The same with the limits off. */
	readonly unlimitedAccountMs: number;
	/** What the limits cost: the difference of the two. */
	readonly lostMs: number;
}

export interface PolitenessResult {
	readonly latencyMs: number;
	readonly announced: number;
	readonly tokens: number;
	readonly failedAccounts: number;
	readonly wallMs: number;
	readonly rows: readonly PolitenessRow[];
}

interface Listing {
	readonly tokens: number;
	readonly failedAccounts: number;
	readonly wallMs: number;
	readonly slowest: ReadonlyMap<string, number>;
	readonly wire: ReadonlyMap<MeasuredVendorName, Readonly<TrafficCounts>>;
}

/**
The simulators enforce each vendor's rate limit; tokenkit lists every account at once, as an inventory does,
and its own events tell how many 429s it met and how long its requests waited. The same listing against
simulators without limits tells how much time the limits cost. Page sizes are smaller than tokenkit's
default so that a run of seconds sends enough requests to reach the limits.
*/
export async function runPoliteness(config: BenchmarkConfig, context: ScenarioContext): Promise<PolitenessResult> {
	const {politeness} = config;
	const specs = [
		{vendor: 'mist' as const, ...politeness.mist},
		{vendor: 'opal' as const, accounts: 1, tokens: politeness.opal.tokens},
		{vendor: 'launchdarkly' as const, accounts: 1, tokens: politeness.launchdarkly.tokens},
	];
	const total = specs.reduce((sum, spec) => sum + spec.accounts * spec.tokens, 0);
	const list = async (rateLimits: boolean): Promise<Listing & {readonly announced: number; readonly vendors: readonly SimulatedVendor[]}> => {
		context.log(`politeness: seeding ${specs.map(spec => `${spec.vendor} ${spec.accounts} × ${spec.tokens}`).join(', ')}, rate limits ${rateLimits ? 'on' : 'off'}`);
		const simulators = await startSimulatorProcesses(specs, {cliPath: context.cliPath, latency: politeness.latency, rateLimits, startTimeoutMs: startTimeoutFor(total)});
		try {
			context.log(`politeness: tokenkit inventory, rate limits ${rateLimits ? 'on' : 'off'}`);
			const listing = await listAll(simulators.vendors, {opal: politeness.opal.pageSize, launchdarkly: politeness.launchdarkly.pageSize}, context);
			return {...listing, announced: announcedTokens(simulators), vendors: simulators.vendors};
		} finally {
			await simulators.stop();
		}
	};

	const limited = await list(true);
	const unlimited = await list(false);
	const rows = measuredVendorNames.map(vendor => {
		const accounts = limited.vendors.filter(running => running.vendor === vendor).flatMap(running => running.accounts);
		const accountMs = limited.slowest.get(vendor) ?? 0;
		const unlimitedAccountMs = unlimited.slowest.get(vendor) ?? 0;
		return {
			vendor,
			limit: limits[vendor],
			accounts: accounts.length,
			pageSize: vendor === 'mist' ? null : politeness[vendor].pageSize,
			tokens: accounts.reduce((sum, account) => sum + account.tokens, 0),
			accountMs,
			unlimitedAccountMs,
			lostMs: Math.max(0, accountMs - unlimitedAccountMs),
			...limited.wire.get(vendor) ?? {requests: 0, rateLimited: 0, retries: 0, retryWaitMs: 0, paceWaitMs: 0},
		};
	});
	return {latencyMs: politeness.latency, announced: limited.announced, tokens: limited.tokens, failedAccounts: limited.failedAccounts, wallMs: limited.wallMs, rows};
}

async function listAll(vendors: readonly SimulatedVendor[], pageSize: {opal: number; launchdarkly: number}, context: ScenarioContext): Promise<Listing> {
	// One counter per vendor, so each row says what that vendor's limit did.
	const counters = new Map(measuredVendorNames.map(vendor => [vendor, createTrafficCounter()]));
	const onEvent = (vendor: MeasuredVendorName) => (event: HttpEvent): void => {
		counters.get(vendor)?.onEvent(event);
	};

	const providers = measuredVendorNames.flatMap(vendor => tokenkitProviders(vendors.filter(running => running.vendor === vendor), {onEvent: onEvent(vendor), pageSize}));
	const slowest = new Map<string, number>();
	const measured = await measure(async () => {
		let tokens = 0;
		let failedAccounts = 0;
		for await (const event of collectInventory(providers, {signal: context.signal})) {
			if (event.type === 'token') {
				tokens++;
			} else if (event.type === 'account-done') {
				slowest.set(event.provider, Math.max(slowest.get(event.provider) ?? 0, event.ms));
			} else {
				failedAccounts++;
				context.log(`politeness: ${event.account} failed: ${event.error.message}`);
			}
		}

		return {tokens, failedAccounts};
	});
	return {...measured.value, wallMs: measured.cost.wallMs, slowest, wire: new Map([...counters].map(([vendor, counter]) => [vendor, {...counter.counts}]))};
}
