import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {v8DefaultFlags} from '../../src/cli/heap-sizing.js';
import type {BenchmarkConfig} from '../config.js';
import {inventoryProcess, type OutputKind} from '../memory/inventory-process.js';
import type {LineCount} from '../memory/line-counter.js';
import {announcedTokens, startSimulatorProcesses, type SimulatorProcess} from '../simulator-process.js';
import {median, startTimeoutFor, type ScenarioContext} from './context.js';

/**
How the command's process is started. `default`: as installed, tokenkit sizing V8's heap by itself
(src/cli/heap-sizing.ts: ten accounts, eight at once, are a wide listing, so the young generation stays held at the
size it has once the command is loaded, the old one grown by three quarters of what survives a full collection).
`without-measures`: under node with V8's own values of both settings (`v8DefaultFlags`: a growth factor of 2, and 0,
V8's "not set", for the old generation), which the command then leaves as the user chose them: the command without
its memory measures.
*/
export const memoryVariants = {
	'default': [],
	'without-measures': v8DefaultFlags,
} as const satisfies Record<string, readonly string[]>;

export type MemoryVariant = keyof typeof memoryVariants;

export interface MemoryRun {
	readonly wallMs: number;
	readonly peakRssMb: number;
}

export interface MemoryRow {
	/** What the simulators seeded. */
	readonly announced: number;
	readonly output: OutputKind;
	/** `--max-old-space-size` the command ran under; null for Node's default. */
	readonly heapCapMb: number | null;
	readonly variant: MemoryVariant;
	/** What node was started with besides the command: the heap cap and the variant's flags. */
	readonly nodeFlags: readonly string[];
	/** Token lines the command wrote, the fewest of any run. */
	readonly tokens: number;
	/** Accounts the command reported as complete (its closing `{"account": …}` lines), the fewest of any run. */
	readonly completeAccounts: number;
	/** The median of the runs. */
	readonly wallMs: number;
	/** The highest of the runs. */
	readonly peakRssMb: number;
	readonly runs: readonly MemoryRun[];
}

/** The default command next to the same runs without its memory measures: what the measures cost in time and save in memory. */
export interface MemoryComparison {
	readonly announced: number;
	readonly output: OutputKind;
	readonly heapCapMb: number | null;
	/** Wall time as installed over wall time without the measures (medians). */
	readonly wallRatio: number;
	readonly defaultWallMs: number;
	readonly withoutWallMs: number;
	readonly defaultPeakRssMb: number;
	readonly withoutPeakRssMb: number;
}

export interface MemoryResult {
	readonly repeats: number;
	readonly rows: readonly MemoryRow[];
	readonly comparisons: readonly MemoryComparison[];
}

/** Accounts per simulator process; two processes seed and serve side by side. */
const accountsPerProcess = 5;

/**
Peak memory of `tokenkit inventory --format ndjson` in its own process, for each size and each kind of output, as
installed and without its memory measures, `repeats` runs each after an untimed one, the two taking turns (one, the
other, then the other, the one: a machine that slows down during the runs slows both alike). The tokens sit in ten
LaunchDarkly accounts served by two simulator processes (so they seed side by side): LaunchDarkly is the vendor whose
pages arrive out of order (several in flight per account, eight accounts at once) and so the one most tempted to
buffer. Opal's pages come one after another, so it holds at most two; Mist answers with one array, which no client
can stream.
*/
export async function runMemory(config: BenchmarkConfig, context: ScenarioContext): Promise<MemoryResult> {
	const {repeats} = config.memory;
	const rows: MemoryRow[] = [];
	const comparisons: MemoryComparison[] = [];
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
			const announced = announcedTokens(simulators);
			// Where a run to a file writes; a run to a pipe leaves it alone.
			const outputFile = join(directory, 'inventory.ndjson');
			// One untimed run first. The simulators are fresh processes, and the first listing they serve is the slowest
			// (measured at 500,000 tokens: 19.5 and 21.2 s where the runs after it took 14 to 15 s), whichever variant
			// it is; timed, it would count against the variant that happens to run first.
			context.log(`memory: tokenkit inventory over ${size} tokens (warm-up)`);
			await inventoryProcess(context.cliPath, configPath, 'pipe', outputFile, [], context.signal);
			for (const heapCapMb of [null, ...config.memory.heapCapsMb]) {
				for (const output of config.memory.outputs) {
					const heapCap = heapCapMb === null ? [] : [`--max-old-space-size=${heapCapMb}`];
					const runs = new Map<MemoryVariant, Array<MemoryRun & LineCount>>([['default', []], ['without-measures', []]]);
					for (let round = 0; round < repeats; round++) {
						const order: MemoryVariant[] = round % 2 === 0 ? ['default', 'without-measures'] : ['without-measures', 'default'];
						for (const variant of order) {
							const nodeFlags = [...heapCap, ...memoryVariants[variant]];
							context.log(`memory: tokenkit inventory over ${size} tokens to a ${output}${nodeFlags.length === 0 ? '' : `, node ${nodeFlags.join(' ')}`}`);
							const run = await inventoryProcess(context.cliPath, configPath, output, outputFile, nodeFlags, context.signal);
							runs.get(variant)?.push(run);
						}
					}

					const rowFor = (variant: MemoryVariant): MemoryRow => rowOf({announced, output, heapCapMb, variant, nodeFlags: [...heapCap, ...memoryVariants[variant]]}, runs.get(variant) ?? []);
					const installed = rowFor('default');
					const without = rowFor('without-measures');
					rows.push(installed, without);
					comparisons.push({
						announced,
						output,
						heapCapMb,
						wallRatio: without.wallMs === 0 ? 0 : installed.wallMs / without.wallMs,
						defaultWallMs: installed.wallMs,
						withoutWallMs: without.wallMs,
						defaultPeakRssMb: installed.peakRssMb,
						withoutPeakRssMb: without.peakRssMb,
					});
				}
			}
		} finally {
			await simulators.stop();
			await rm(directory, {recursive: true, force: true});
		}
	}

	return {repeats, rows, comparisons};
}

function rowOf(row: Pick<MemoryRow, 'announced' | 'output' | 'heapCapMb' | 'variant' | 'nodeFlags'>, runs: ReadonlyArray<MemoryRun & LineCount>): MemoryRow {
	return {
		...row,
		tokens: Math.min(...runs.map(run => run.tokens)),
		completeAccounts: Math.min(...runs.map(run => run.completeAccounts)),
		wallMs: median(runs.map(run => run.wallMs)),
		peakRssMb: Math.max(...runs.map(run => run.peakRssMb)),
		runs: runs.map(({wallMs, peakRssMb}) => ({wallMs, peakRssMb})),
	};
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
