import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {launchDarklyDefaultConcurrency} from '../../providers/launchdarkly/index.js';
import {bareClient, type BareFleetListing} from '../baselines/bare-client.js';
import {fetchTexts, pageRequests} from '../baselines/bare-pages.js';
import type {BenchmarkConfig} from '../config.js';
import {inventoryInProcess, type InProcessInventory} from '../cpu/inventory-in-process.js';
import {joinSimulatedConfigs, type ConfigAccount} from '../cpu/simulated-config.js';
import {fleetAccounts} from '../fleet-vendors.js';
import {measure} from '../measure.js';
import {
	accountsOf,
	measuredVendorNames,
	startSimulatorProcesses,
	vendorNames,
	type MeasuredVendorName,
	type SimulatedVendor,
	type SimulatorProcess,
	type VendorName,
} from '../simulator-process.js';
import {measureStages, type StageCosts} from '../stages.js';
import {median, microsPerToken, startTimeoutFor, type ScenarioContext} from './context.js';

/** tokenkit's steps timed apart on the same pages in memory, for the vendors whose pipeline stages.ts knows. */
export interface StageSplit extends StageCosts {
	/** tokenkit − the bare client − validate, normalize and serialize: the HTTP client around fetch, paging, scrubbing, batching and writing the lines. */
	readonly restMicros: number;
}

export interface CpuRow {
	readonly vendor: VendorName;
	/**
	The accounts of tokenkit listed: every config entry of the vendor's one simulated account, as `tokenkit simulate
	--write-config` writes them (GitHub's grants and SSO authorizations, Cloudflare's account and user tokens, Okta's
	API tokens and client secrets are two each).
	*/
	readonly accounts: readonly string[];
	/** What the simulator seeded, which every listing must reach. */
	readonly announced: number;
	/** Token lines `tokenkit inventory --format ndjson` wrote. */
	readonly tokens: number;
	/** What the bare client listed. */
	readonly bareTokens: number;
	/** Requests the bare client sent: tokenkit's plan, without the requests that tell an account's own credential. */
	readonly bareRequests: number;
	/** The command end to end: its requests, parsing, validation, records, paging, and the ndjson report written and scrubbed. */
	readonly tokenkitMicros: number;
	/** Bare fetch and `JSON.parse` of the same requests in tokenkit's plan (bench/baselines/bare-client.ts). */
	readonly bareMicros: number;
	readonly tokenkitOverBare: number;
	/** The ndjson report's size per token line, newline included. */
	readonly ndjsonBytesPerToken: number;
	/** Null for the vendors whose pipeline is not split into steps. */
	readonly stages: StageSplit | null;
}

export interface CpuResult {
	readonly repeats: number;
	readonly rows: readonly CpuRow[];
}

/**
CPU per token with no latency, one simulated account per vendor: `tokenkit inventory --format ndjson`, run in this
process through the command line's own entry, against the bare client in the same plan. Each is run once to warm up,
then `repeats` times, the two taking turns; the median is kept. The simulators run in their own processes, so the CPU
time of this process is the clients' alone.
*/
export async function runCpu(config: BenchmarkConfig, context: ScenarioContext): Promise<CpuResult> {
	const {tokens, repeats} = config.cpu;
	const directory = await mkdtemp(join(tmpdir(), 'tokenkit-bench-cpu-'));
	const configPath = (vendor: VendorName): string => join(directory, `${vendor}.json`);
	try {
		context.log(`cpu: seeding one account per vendor (${vendorNames.map(vendor => `${vendor} ${tokens[vendor]}`).join(', ')})`);
		const simulators = await startSimulatorProcesses(
			vendorNames.map(vendor => ({vendor, accounts: 1, tokens: tokens[vendor], writeConfig: configPath(vendor)})),
			{cliPath: context.cliPath, latency: 0, rateLimits: false, startTimeoutMs: startTimeoutFor(vendorNames.reduce((sum, vendor) => sum + tokens[vendor], 0))},
		);
		try {
			const joined = join(directory, 'tokenkit.json');
			const accounts = await joinSimulatedConfigs(vendorNames.map(vendor => configPath(vendor)), joined);
			const rows: CpuRow[] = [];
			for (const vendor of vendorNames) {
				context.log(`cpu: ${vendor}`);
				rows.push(await measureVendor(vendor, {configPath: joined, accounts, simulators, repeats, signal: context.signal}));
			}

			return {repeats, rows};
		} finally {
			await simulators.stop();
		}
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
}

interface VendorRun {
	readonly configPath: string;
	readonly accounts: readonly ConfigAccount[];
	readonly simulators: SimulatorProcess;
	readonly repeats: number;
	readonly signal: AbortSignal;
}

async function measureVendor(vendor: VendorName, {configPath, accounts, simulators, repeats, signal}: VendorRun): Promise<CpuRow> {
	const names = accounts.filter(account => account.vendor === vendor).map(account => account.name);
	const announced = accountsOf(simulators.vendors, vendor).reduce((sum, account) => sum + account.tokens, 0);
	const inventory = async (countLines: boolean): Promise<InProcessInventory> => {
		const listing = await inventoryInProcess({configPath, accounts: names, signal, countLines});
		if (listing.exitCode !== 0) {
			throw new Error(`tokenkit inventory --account ${names.join(',')} exited with ${listing.exitCode}: ${listing.stderr}`);
		}

		return listing;
	};

	const bareAccounts = fleetAccounts(simulators.vendors).filter(account => account.vendor === vendor);
	const bare = async (): Promise<BareFleetListing> => bareClient(bareAccounts, launchDarklyDefaultConcurrency, signal);

	// The warm-up runs count what was listed; the timed runs only that the command ended with every list complete (exit 0).
	const {lines} = await inventory(true);
	const bareListing = await bare();
	const listed = lines?.tokens ?? 0;
	const tokenkit: number[] = [];
	const bareCpu: number[] = [];
	for (let round = 0; round < repeats; round++) {
		// The two take turns, so a machine that slows down during the runs slows both alike.
		tokenkit.push(microsPerToken((await measure(async () => inventory(false))).cost.cpuMs, listed));
		bareCpu.push(microsPerToken((await measure(bare)).cost.cpuMs, bareListing.tokens));
	}

	const tokenkitMicros = median(tokenkit);
	const bareMicros = median(bareCpu);
	return {
		vendor,
		accounts: names,
		announced,
		tokens: listed,
		bareTokens: bareListing.tokens,
		bareRequests: bareListing.requests,
		tokenkitMicros,
		bareMicros,
		tokenkitOverBare: bareMicros === 0 ? 0 : tokenkitMicros / bareMicros,
		ndjsonBytesPerToken: listed === 0 ? 0 : (lines?.tokenBytes ?? 0) / listed,
		stages: isSplit(vendor) ? await stageSplit(vendor, simulators.vendors, {tokenkitMicros, bareMicros, repeats, signal}) : null,
	};
}

function isSplit(vendor: VendorName): vendor is MeasuredVendorName {
	return measuredVendorNames.some(measured => measured === vendor);
}

/** tokenkit's steps on the pages of the vendor's account, fetched once as text (stages.ts). */
async function stageSplit(
	vendor: MeasuredVendorName,
	vendors: readonly SimulatedVendor[],
	measured: {readonly tokenkitMicros: number; readonly bareMicros: number; readonly repeats: number; readonly signal: AbortSignal},
): Promise<StageSplit> {
	const [account] = accountsOf(vendors, vendor);
	if (account === undefined) {
		throw new Error(`no ${vendor} account to split into steps`);
	}

	const texts = await fetchTexts(await pageRequests(vendor, account, measured.signal), measured.signal);
	const stages = measureStages(vendor, texts, Math.max(3, measured.repeats));
	return {
		...stages,
		restMicros: Math.max(0, measured.tokenkitMicros - measured.bareMicros - stages.validate - stages.normalize - stages.serialize),
	};
}
