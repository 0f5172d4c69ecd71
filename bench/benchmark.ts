import {setMaxListeners} from 'node:events';
import {builtCliPath} from './built-cli.js';
import type {BenchmarkConfig} from './config.js';
import {describeMachine, type Machine} from './machine.js';
import type {ScenarioContext} from './scenarios/context.js';
import {runCpu, type CpuResult} from './scenarios/cpu.js';
import {runFleet, type FleetResult} from './scenarios/fleet.js';
import {runLaunchDarkly, type LaunchDarklyResult} from './scenarios/launchdarkly.js';
import {runMemory, type MemoryResult} from './scenarios/memory.js';
import {runPoliteness, type PolitenessResult} from './scenarios/politeness.js';
import {runStartup, type StartupResult} from './scenarios/startup.js';

export interface BenchmarkReport {
	readonly machine: Machine;
	/** Load averages when the last scenario ended: the machine may have got busier during the run. */
	readonly loadAverageAtEnd: readonly number[];
	readonly startedAt: string;
	readonly totalMs: number;
	readonly config: BenchmarkConfig;
	readonly fleet?: FleetResult;
	readonly launchdarkly?: LaunchDarklyResult;
	readonly startup?: StartupResult;
	readonly cpu?: CpuResult;
	readonly memory?: MemoryResult;
	readonly politeness?: PolitenessResult;
}

export interface RunOptions {
	/** Where the built `tokenkit` command is. @default dist/cli/tokenkit.js */
	readonly cliPath?: string | undefined;
	readonly log?: ((message: string) => void) | undefined;
}

/**
Runs the configured scenarios one after another, each with its own simulators in a child process and its
own time limit, and returns every number. Printing is the caller's business (bench/run.ts).
*/
export async function runBenchmark(config: BenchmarkConfig, options: RunOptions = {}): Promise<BenchmarkReport> {
	const cliPath = options.cliPath ?? builtCliPath();
	const log = options.log ?? (() => undefined);
	const machine = describeMachine();
	const startedAt = new Date();
	const started = performance.now();
	const within = async <T>(run: (context: ScenarioContext) => Promise<T>): Promise<T> => {
		const signal = AbortSignal.timeout(config.scenarioTimeoutMs);
		// Every request a baseline has in flight listens to the scenario's signal until it is done (request-signal.ts):
		// the walked plans' lookups across all accounts at once are more than Node's default of 10.
		setMaxListeners(1000, signal);
		return run({cliPath, log, signal});
	};
	const wanted = new Set(config.scenarios);

	const fleet = wanted.has('fleet') ? await within(async context => runFleet(config, context)) : undefined;
	const launchdarkly = wanted.has('launchdarkly') ? await within(async context => runLaunchDarkly(config, context)) : undefined;
	const startup = wanted.has('startup') ? await within(async context => runStartup(config, context)) : undefined;
	const cpu = wanted.has('cpu') ? await within(async context => runCpu(config, context)) : undefined;
	const memory = wanted.has('memory') ? await within(async context => runMemory(config, context)) : undefined;
	const politeness = wanted.has('politeness') ? await within(async context => runPoliteness(config, context)) : undefined;

	return {
		machine,
		loadAverageAtEnd: describeMachine().loadAverage,
		startedAt: startedAt.toISOString(),
		totalMs: performance.now() - started,
		config,
		...(fleet === undefined ? {} : {fleet}),
		...(launchdarkly === undefined ? {} : {launchdarkly}),
		...(startup === undefined ? {} : {startup}),
		...(cpu === undefined ? {} : {cpu}),
		...(memory === undefined ? {} : {memory}),
		...(politeness === undefined ? {} : {politeness}),
	};
}
