import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {BenchmarkConfig} from '../config.js';
import {inventoryProcess, type OutputKind} from '../memory/inventory-process.js';
import {announcedTokens, startSimulatorProcesses, type SimulatorProcess} from '../simulator-process.js';
import {startTimeoutFor, type ScenarioContext} from './context.js';

export interface MemoryRow {
	/** What the simulators seeded. */
	readonly announced: number;
	readonly output: OutputKind;
	/** `--max-old-space-size` the command ran under; null for Node's default. */
	readonly heapCapMb: number | null;
	/** Token lines the command wrote. */
	readonly tokens: number;
	/** Accounts the command reported as complete (its closing `{"account": …}` lines). */
	readonly completeAccounts: number;
	readonly wallMs: number;
	readonly peakRssMb: number;
}

export interface MemoryResult {
	readonly rows: readonly MemoryRow[];
}

/** Accounts per simulator process; two processes seed and serve side by side. */
const accountsPerProcess = 5;

/**
Peak memory of `tokenkit inventory --format ndjson` in its own process, for each size and each kind of
output. The tokens sit in ten LaunchDarkly accounts served by two simulator processes (so they seed side by
side): LaunchDarkly is the vendor whose pages arrive out of order (several in flight per account, eight accounts
at once) and so the one most tempted to buffer. Opal's pages come one after another, so it holds at most two;
Mist answers with one array, which no client can stream.
*/
export async function runMemory(config: BenchmarkConfig, context: ScenarioContext): Promise<MemoryResult> {
	const rows: MemoryRow[] = [];
	for (const size of config.memory.sizes) {
		const spec = {vendor: 'launchdarkly' as const, accounts: accountsPerProcess, tokens: Math.ceil(size / (2 * accountsPerProcess))};
		context.log(`memory: seeding ${size} tokens`);
		// Two seeds, so the two processes hold different accounts rather than the same ones twice.
		const simulators = await startSimulatorProcesses([{...spec, seed: 1}, {...spec, seed: 2}], {cliPath: context.cliPath, latency: 0, rateLimits: false, startTimeoutMs: startTimeoutFor(size / 2)});
		const directory = await mkdtemp(join(tmpdir(), 'tokenkit-bench-'));
		try {
			const configPath = join(directory, 'tokenkit.json');
			// 0600: simulator keys are fake, but a config file holding keys is treated as one holding real ones.
			await writeFile(configPath, JSON.stringify(configFile(simulators)), {mode: 0o600});
			for (const heapCapMb of [null, ...config.memory.heapCapsMb]) {
				for (const output of config.memory.outputs) {
					context.log(`memory: tokenkit inventory over ${size} tokens to a ${output}${heapCapMb === null ? '' : `, heap capped at ${heapCapMb} MB`}`);
					const run = await inventoryProcess(context.cliPath, configPath, output, join(directory, 'inventory.ndjson'), heapCapMb, context.signal);
					rows.push({
						announced: announcedTokens(simulators),
						output,
						heapCapMb,
						tokens: run.tokens,
						completeAccounts: run.completeAccounts,
						wallMs: run.wallMs,
						peakRssMb: run.peakRssMb,
					});
				}
			}
		} finally {
			await simulators.stop();
			await rm(directory, {recursive: true, force: true});
		}
	}

	return {rows};
}

/** A config file for the simulated accounts (Opal without owner lookups); the two simulators name their accounts alike, so each name gets its process's number. */
function configFile(simulators: SimulatorProcess): {accounts: Array<Record<string, string | boolean>>} {
	return {
		accounts: simulators.vendors.flatMap((running, index) => running.accounts.map(account => ({
			name: `${account.name}-${index + 1}`,
			provider: running.vendor,
			baseUrl: running.baseUrl,
			apiKey: account.apiKey,
			...(running.vendor === 'mist' ? {orgId: account.id} : {}),
			// Token pages only, as the other scenarios measure: owner lookups cost one request per distinct user.
			...(running.vendor === 'opal' ? {resolveOwners: false} : {}),
		}))),
	};
}
