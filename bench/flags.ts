import {parseArgs} from 'node:util';
import type {OutputKind} from './memory/inventory-process.js';
import {defaultConfig, scenarioNames, smallestConfig, type AccountCount, type BenchmarkConfig, type ScenarioName} from './config.js';
import {fleetSizeWords, vendorTitle} from './fleet-vendors.js';
import {vendorNames, type VendorName} from './simulator-process.js';

/** `--fleet-<vendor> AxT`, one for every vendor of the fleet. */
const fleetFlag = (vendor: VendorName): string => `fleet-${vendor}`;

export const usage = `Usage: npm run bench -- [options]

  --json                    the results as one JSON document instead of tables
  --save FILE               also write that JSON document to FILE (a new file)
  --smallest                every scenario at its smallest size (seconds), e.g. to check the benchmark works
  --only LIST               scenarios to run, comma-separated: ${scenarioNames.join(',')}
  --latency MS              added delay per request in the fleet (default ${defaultConfig.latency})
${vendorNames.map(vendor => `  ${`--${fleetFlag(vendor)} AxT`.padEnd(26)}${vendorTitle(vendor)} ${fleetSizeWords(vendor)} (default ${count(defaultConfig.fleet[vendor])})`).join('\n')}
  --no-default-page-script  skip the sequential script with vendor default pages (the slowest part)
  --ld-tokens N             tokens in the one LaunchDarkly account (default ${defaultConfig.launchdarkly.tokens})
  --ld-latency MS           added delay per request in the launchdarkly scenario (default ${defaultConfig.launchdarkly.latency})
  --ld-rounds N             timed rounds of tokenkit (as installed and --no-raw), bare fetch and the official client, after a warm-up (default ${defaultConfig.launchdarkly.rounds})
  --startup-runs N          timed runs each of tokenkit and the fetch-once floor for time to first request (default ${defaultConfig.startup.runs})
  --cpu-tokens LIST         tokens in the one account of each vendor for CPU per token: N for every vendor, or
                            VENDOR=N,… for some (default ${vendorNames.map(vendor => `${vendor}=${defaultConfig.cpu.tokens[vendor]}`).join(',')})
  --cpu-repeats N           timed runs per measurement (default ${defaultConfig.cpu.repeats})
  --memory-sizes LIST       token counts for peak memory (default ${defaultConfig.memory.sizes.join(',')})
  --memory-output LIST      where the command writes: pipe, file or both (default ${defaultConfig.memory.outputs.join(',')})
  --memory-heap-cap LIST    also run each with node --max-old-space-size=MB, e.g. 96,128; 0 for none (default ${defaultConfig.memory.heapCapsMb.join(',') || '0'})
  --memory-repeats N        runs of each size and output, and as many without tokenkit's memory measures (default ${defaultConfig.memory.repeats})
  --polite-latency MS       added delay per request with rate limits on (default ${defaultConfig.politeness.latency})
  --polite-opal T@P         Opal tokens @ page size (default ${defaultConfig.politeness.opal.tokens}@${defaultConfig.politeness.opal.pageSize})
  --polite-launchdarkly T@P LaunchDarkly tokens @ page size (default ${defaultConfig.politeness.launchdarkly.tokens}@${defaultConfig.politeness.launchdarkly.pageSize})
  --timeout S               seconds any one scenario may run (default ${defaultConfig.scenarioTimeoutMs / 1000})
  --progress                progress on stderr even when it is not a terminal
  -h, --help                this help
`;

export interface Invocation {
	readonly help: boolean;
	readonly json: boolean;
	readonly progress: boolean;
	/** A file to write the JSON report to as well. */
	readonly save: string | undefined;
	readonly config: BenchmarkConfig;
}

export function parseFlags(argv: readonly string[]): Invocation {
	const {values} = parseArgs({
		args: [...argv],
		strict: true,
		options: {
			...Object.fromEntries(vendorNames.map(vendor => [fleetFlag(vendor), {type: 'string'} as const])),
			'json': {type: 'boolean'},
			'save': {type: 'string'},
			'smallest': {type: 'boolean'},
			'only': {type: 'string'},
			'latency': {type: 'string'},
			'no-default-page-script': {type: 'boolean'},
			'ld-tokens': {type: 'string'},
			'ld-latency': {type: 'string'},
			'ld-rounds': {type: 'string'},
			'startup-runs': {type: 'string'},
			'cpu-tokens': {type: 'string'},
			'cpu-repeats': {type: 'string'},
			'memory-sizes': {type: 'string'},
			'memory-output': {type: 'string'},
			'memory-heap-cap': {type: 'string'},
			'memory-repeats': {type: 'string'},
			'polite-latency': {type: 'string'},
			'polite-opal': {type: 'string'},
			'polite-launchdarkly': {type: 'string'},
			'timeout': {type: 'string'},
			'progress': {type: 'boolean'},
			'help': {type: 'boolean', short: 'h'},
		},
	});
	const base = values.smallest === true ? smallestConfig : defaultConfig;
	const config: BenchmarkConfig = {
		scenarios: values.only === undefined ? base.scenarios : list(values.only, 'only').map(name => scenario(name)),
		latency: whole(values.latency, 'latency', 0) ?? base.latency,
		scenarioTimeoutMs: (whole(values.timeout, 'timeout', 1) ?? base.scenarioTimeoutMs / 1000) * 1000,
		fleet: {
			...fleetSizes(values, base.fleet),
			defaultPageScript: values['no-default-page-script'] !== true && base.fleet.defaultPageScript,
		},
		launchdarkly: {
			tokens: whole(values['ld-tokens'], 'ld-tokens', 1) ?? base.launchdarkly.tokens,
			latency: whole(values['ld-latency'], 'ld-latency', 0) ?? base.launchdarkly.latency,
			rounds: whole(values['ld-rounds'], 'ld-rounds', 1) ?? base.launchdarkly.rounds,
		},
		startup: {
			runs: whole(values['startup-runs'], 'startup-runs', 1) ?? base.startup.runs,
		},
		cpu: {
			tokens: cpuTokens(values['cpu-tokens'], base.cpu.tokens),
			repeats: whole(values['cpu-repeats'], 'cpu-repeats', 1) ?? base.cpu.repeats,
		},
		memory: {
			sizes: values['memory-sizes'] === undefined ? base.memory.sizes : list(values['memory-sizes'], 'memory-sizes').map(entry => whole(entry, 'memory-sizes', 2) ?? 2),
			outputs: values['memory-output'] === undefined ? base.memory.outputs : list(values['memory-output'], 'memory-output').map(entry => outputKind(entry)),
			heapCapsMb: values['memory-heap-cap'] === undefined
				? base.memory.heapCapsMb
				: list(values['memory-heap-cap'], 'memory-heap-cap').map(entry => whole(entry, 'memory-heap-cap', 0) ?? 0).filter(megabytes => megabytes > 0),
			repeats: whole(values['memory-repeats'], 'memory-repeats', 1) ?? base.memory.repeats,
		},
		politeness: {
			latency: whole(values['polite-latency'], 'polite-latency', 0) ?? base.politeness.latency,
			mist: base.politeness.mist,
			opal: paged(values['polite-opal'], 'polite-opal', 1000) ?? base.politeness.opal,
			launchdarkly: paged(values['polite-launchdarkly'], 'polite-launchdarkly', 1000) ?? base.politeness.launchdarkly,
		},
	};
	return {help: values.help === true, json: values.json === true, progress: values.progress === true, save: values.save, config};
}

/** Each vendor's `--fleet-<vendor>` size where given, else the base run's. */
function fleetSizes(values: object, base: {readonly [V in VendorName]: AccountCount}): {[V in VendorName]: AccountCount} {
	const sizes = {...base};
	for (const vendor of vendorNames) {
		const value: unknown = Reflect.get(values, fleetFlag(vendor));
		sizes[vendor] = typeof value === 'string' ? accounts(value, fleetFlag(vendor)) ?? base[vendor] : base[vendor];
	}

	return sizes;
}

/** `--cpu-tokens`: N for every vendor, or VENDOR=N for those named, the others as in the base run. */
function cpuTokens(value: string | undefined, base: {readonly [V in VendorName]: number}): {[V in VendorName]: number} {
	const tokens = {...base};
	if (value === undefined) {
		return tokens;
	}

	for (const entry of list(value, 'cpu-tokens')) {
		const [name, count, ...rest] = entry.split('=');
		if (count === undefined) {
			const every = whole(name, 'cpu-tokens', 1) ?? 1;
			for (const vendor of vendorNames) {
				tokens[vendor] = every;
			}

			continue;
		}

		const vendor = vendorNames.find(candidate => candidate === name?.trim());
		if (vendor === undefined || rest.length > 0) {
			throw new Error(`--cpu-tokens: "${entry}" is neither N nor VENDOR=N with a vendor of ${vendorNames.join(', ')}`);
		}

		tokens[vendor] = whole(count, 'cpu-tokens', 1) ?? 1;
	}

	return tokens;
}

function count({accounts: number, tokens}: AccountCount): string {
	return `${number}x${tokens}`;
}

function list(value: string, flag: string): string[] {
	const entries = value.split(',').map(entry => entry.trim()).filter(entry => entry !== '');
	if (entries.length === 0) {
		throw new Error(`--${flag} needs at least one value`);
	}

	return entries;
}

function scenario(name: string): ScenarioName {
	const found = scenarioNames.find(candidate => candidate === name);
	if (found === undefined) {
		throw new Error(`--only: unknown scenario "${name}"; known: ${scenarioNames.join(', ')}`);
	}

	return found;
}

function outputKind(name: string): OutputKind {
	if (name !== 'pipe' && name !== 'file') {
		throw new Error(`--memory-output: "${name}" is neither pipe nor file`);
	}

	return name;
}

function whole(value: string | undefined, flag: string, minimum: number): number | undefined {
	if (value === undefined) {
		return undefined;
	}

	// Number('') is 0: an empty value (`--fleet-okta 1x`) must be refused, not read as none.
	const number = value.trim() === '' ? Number.NaN : Number(value.replaceAll('_', ''));
	if (!Number.isInteger(number) || number < minimum) {
		throw new Error(`--${flag} must be a whole number of at least ${minimum}; got "${value}"`);
	}

	return number;
}

function accounts(value: string | undefined, flag: string): AccountCount | undefined {
	if (value === undefined) {
		return undefined;
	}

	const [accountCount, tokens, ...rest] = value.split('x');
	if (rest.length > 0 || tokens === undefined) {
		throw new Error(`--${flag} must be ACCOUNTSxTOKENS, e.g. 4x25000; got "${value}"`);
	}

	return {accounts: whole(accountCount, flag, 1) ?? 1, tokens: whole(tokens, flag, 0) ?? 0};
}

function paged(value: string | undefined, flag: string, largest: number): {tokens: number; pageSize: number} | undefined {
	if (value === undefined) {
		return undefined;
	}

	const [tokens, pageSize, ...rest] = value.split('@');
	const size = whole(pageSize, flag, 2);
	if (rest.length > 0 || size === undefined || size > largest) {
		throw new Error(`--${flag} must be TOKENS@PAGESIZE with a page size from 2 to ${largest}, e.g. 30000@100; got "${value}"`);
	}

	return {tokens: whole(tokens, flag, 0) ?? 0, pageSize: size};
}
