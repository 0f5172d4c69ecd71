import {tokenToJSON, type TokenProvider} from '../../src/index.js';
import {fetchTexts, pageRequests} from '../baselines/bare-pages.js';
import type {BenchmarkConfig} from '../config.js';
import {measure} from '../measure.js';
import {tokenkitProviders} from '../providers.js';
import {accountsOf, measuredVendorNames, startSimulatorProcesses, type MeasuredVendorName} from '../simulator-process.js';
import {measureStages, type StageCosts} from '../stages.js';
import {median, microsPerToken, startTimeoutFor, type ScenarioContext} from './context.js';

export interface CpuRow {
	readonly vendor: MeasuredVendorName;
	/** What the simulator seeded, which every listing must reach. */
	readonly announced: number;
	readonly tokens: number;
	/** tokenkit end to end: list (fetch, parse, validate, normalize) and serialize each token as the ndjson report does. */
	readonly tokenkitMicros: number;
	/** Bare fetch of the same pages, bodies read as text: the transport, which any client pays. */
	readonly transportMicros: number;
	/** tokenkit's steps, timed apart on the same bodies in memory. */
	readonly stages: StageCosts;
	/** What is left: tokenkit − transport − the steps; the HTTP client around fetch (ky, retry, limiter), paging, async iteration. */
	readonly restMicros: number;
}

export interface CpuResult {
	readonly repeats: number;
	readonly rows: readonly CpuRow[];
}

/**
CPU per token with no latency, one account per vendor. Every measurement is repeated after a warm-up and the
median kept. The simulators run in their own process, so what is measured is the client's work alone.
*/
export async function runCpu(config: BenchmarkConfig, context: ScenarioContext): Promise<CpuResult> {
	const {tokens, repeats} = config.cpu;
	context.log(`cpu: seeding 1 × ${tokens} per vendor`);
	const simulators = await startSimulatorProcesses(
		measuredVendorNames.map(vendor => ({vendor, accounts: 1, tokens})),
		{cliPath: context.cliPath, latency: 0, rateLimits: false, startTimeoutMs: startTimeoutFor(tokens * measuredVendorNames.length)},
	);
	try {
		const providers = tokenkitProviders(simulators.vendors, {onEvent: () => undefined});
		const rows: CpuRow[] = [];
		for (const vendor of measuredVendorNames) {
			const provider = providers.find(candidate => candidate.provider === vendor);
			const [account] = accountsOf(simulators.vendors, vendor);
			if (provider === undefined || account === undefined) {
				throw new Error(`no ${vendor} account to measure`);
			}

			context.log(`cpu: ${vendor}`);
			const requests = await pageRequests(vendor, account, context.signal);
			await listAndSerialize(provider, context.signal);
			const texts = await fetchTexts(requests, context.signal);
			const tokenkit: number[] = [];
			const transport: number[] = [];
			let listed = 0;
			for (let round = 0; round < repeats; round++) {
				const listing = await measure(async () => listAndSerialize(provider, context.signal));
				listed = listing.value;
				tokenkit.push(microsPerToken(listing.cost.cpuMs, listing.value));
				const fetched = await measure(async () => fetchTexts(requests, context.signal));
				transport.push(microsPerToken(fetched.cost.cpuMs, listing.value));
			}

			const stages = measureStages(vendor, texts, Math.max(3, repeats));
			const steps = stages.jsonParse + stages.validate + stages.normalize + stages.serialize;
			rows.push({
				vendor,
				announced: account.tokens,
				tokens: listed,
				tokenkitMicros: median(tokenkit),
				transportMicros: median(transport),
				stages,
				restMicros: Math.max(0, median(tokenkit) - median(transport) - steps),
			});
		}

		return {repeats, rows};
	} finally {
		await simulators.stop();
	}
}

/** Lists and serializes every token the way `tokenkit inventory --format ndjson` does; returns the count. */
async function listAndSerialize(provider: TokenProvider, signal: AbortSignal): Promise<number> {
	let tokens = 0;
	let bytes = 0;
	for await (const token of provider.list({signal})) {
		bytes += JSON.stringify(tokenToJSON(token)).length;
		tokens++;
	}

	// The serialized length is used, so the serialization cannot be optimized away.
	return bytes > 0 ? tokens : 0;
}
