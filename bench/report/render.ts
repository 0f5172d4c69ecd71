import type {BenchmarkReport} from '../benchmark.js';
import {fleetVendors, vendorTitle} from '../fleet-vendors.js';
import {vendorNames} from '../simulator-process.js';
import type {Spread} from '../spread.js';
import {checkTargets, type TargetCheck} from '../targets.js';
import {fixed, textTable} from './text-table.js';

/** The readable report: one section per scenario, then the targets. */
export function renderReport(report: BenchmarkReport): string {
	const {machine} = report;
	const sections: string[] = [
		`tokenkit benchmarks, ${report.startedAt}\n`
		+ `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node} (${machine.platform}); `
		+ `load average ${machine.loadAverage.join(' ')} at start, ${report.loadAverageAtEnd.join(' ')} at end; ${fixed(report.totalMs / 1000)} s in all\n`
		+ 'Simulators run in child processes (tokenkit simulate); every CPU and memory number is the client\'s alone.',
	];
	const {fleet, launchdarkly, startup, cpu, memory, politeness} = report;

	if (fleet !== undefined) {
		const runs = [{...fleet.tokenkit, slowerThanTokenkit: 1}, ...fleet.peers, {...fleet.bare, slowerThanTokenkit: 1 / fleet.bare.tokenkitOverThis}];
		const rows = runs.map(run => [
			run.name,
			fixed(run.tokens),
			fixed(run.requests),
			fixed(run.cost.wallMs),
			fixed(run.tokensPerSecond),
			fixed(run.cpuMicrosPerToken, 1),
			fixed(run.cost.peakRssMb),
			`${fixed(run.slowerThanTokenkit, 2)} ×`,
		]);
		const {config} = report;
		const sizes = vendorNames.map(vendor => {
			const {accounts, tokens} = config.fleet[vendor];
			const words = fleetVendors[vendor];
			return `${vendorTitle(vendor)} ${accounts} ${words.accounts} × ${fixed(tokens)} ${words.tokens}${words.alongside === undefined ? '' : ` (${words.alongside})`}`;
		});
		const ownCredential = fleet.ownCredentialRequests.reduce((total, row) => total + row.requests, 0);
		sections.push(
			`## fleet: ${fleet.accounts} accounts (${sizes.join(', ')}), ${fixed(fleet.announced)} tokens, ${fleet.latencyMs} ms per request, rate limits off\n\n`
			+ textTable(['run', 'tokens', 'requests', 'wall ms', 'tokens/s', 'CPU µs/token', 'peak RSS MB', 'vs tokenkit'], rows)
			+ `\n\nlower bound: ${fixed(fleet.bound.ms)} ms = ${fleet.bound.how}\n`
			+ `longest chain of each vendor, in requests one after another: ${fleet.vendorChains.map(chain => `${vendorTitle(chain.vendor)} ${fixed(chain.requests)}`).join(', ')}\n`
			+ `requests by vendor, tokenkit / bare fetch / sequential script with the largest pages: ${fleet.requestsByVendor.map(row => `${vendorTitle(row.vendor)} ${fixed(row.tokenkit)} / ${fixed(row.bare)} / ${fixed(row.script)}`).join(', ')}\n`
			+ `tokenkit's requests beyond the bare client's: ${fixed(ownCredential)}, to tell each account's own credential (${fleet.ownCredentialRequests.map(row => `${vendorTitle(row.vendor)} ${fixed(row.requests)} × ${row.request}`).join(', ')})\n`
			+ `tokenkit / bound: ${fixed(fleet.tokenkitOverBound, 2)} ×; retries ${fleet.tokenkit.retries}, 429s ${fleet.tokenkit.rateLimited}, failed accounts ${fleet.tokenkit.failedAccounts}; `
			+ `tokenkit's CPU time ${fixed(fleet.tokenkit.cost.cpuMs)} ms on one event loop\n`
			+ `bare fetch + JSON.parse in tokenkit's request plan / bound: ${fixed(fleet.bare.overBound, 2)} × (no client that parses JSON gets closer on this machine); tokenkit / that: ${fixed(fleet.bare.tokenkitOverThis, 2)} ×\n`
			+ (fleet.measuredChainMs === null || fleet.tokenkitOverMeasuredChain === null
				? ''
				: `the same chain walked alone with bare fetch + JSON.parse: ${fixed(fleet.measuredChainMs)} ms (${fixed(fleet.measuredChainMs / fleet.bound.chain.requests, 1)} ms per round trip, `
					+ `the simulator's serving included); tokenkit / that: ${fixed(fleet.tokenkitOverMeasuredChain, 2)} ×\n`
					+ `that account listed by tokenkit: ${fixed(fleet.tokenkitChainInFleetMs)} ms within the fleet, ${fixed(fleet.tokenkitChainAloneMs)} ms alone`),
		);
	}

	if (launchdarkly !== undefined) {
		const rows = launchdarkly.clients.map(client => [
			client.name,
			fixed(client.runs[0]?.tokens ?? 0),
			fixed(client.requests),
			spread(client.wallMs),
			spread(client.cpuMs),
			fixed(client.cpuMs.median * 1000 / launchdarkly.announced, 1),
			spread(client.peakRssMb),
			spread(client.tokensPerSecond),
		]);
		sections.push(
			`## launchdarkly: one account, ${fixed(launchdarkly.announced)} tokens, ${launchdarkly.latencyMs} ms per request, each client a process of its own\n\n`
			+ textTable(['client', 'tokens', 'requests', 'wall ms', 'CPU ms', 'CPU µs/token', 'peak RSS MB', 'tokens/s'], rows)
			+ `\n\nmedian (min–max) of ${launchdarkly.rounds} ${launchdarkly.rounds === 1 ? 'round' : 'rounds'} after an untimed one, the clients taking turns; wall: spawn to exit, start-up included; CPU (user + system) and peak RSS: the child's own\n`
			+ `tokenkit / bare fetch + JSON.parse, wall time round by round: ${ratio(launchdarkly.tokenkitOverBare)} (with --no-raw: ${ratio(launchdarkly.trimmedOverBare)})\n`
			+ `official client / tokenkit, wall time round by round: ${ratio(launchdarkly.officialOverTokenkit)}\n`
			+ `lower bound ${fixed(launchdarkly.boundMs)} ms (first page, then all others at once); tokenkit's and the bare client's plan (first page, then waves of ${launchdarkly.defaultConcurrency}) ${fixed(launchdarkly.tokenkitPlanMs)} ms of latency\n`
			+ `one sequential round trip of a 1000-token page here: ${fixed(launchdarkly.roundTripMs, 1)} ms (the official client's listing time per request, its start-up left out; ${launchdarkly.latencyMs} ms of it is added latency)`,
		);
	}

	if (startup !== undefined) {
		const rows = [startup.tokenkit, startup.floor].map(series => [series.name, spread(series.firstRequestMs, 1)]);
		sections.push(
			`## startup: time from process start to the first HTTP request (median (min–max) of ${startup.runs} ${startup.runs === 1 ? 'run' : 'runs'} each, taking turns, after an untimed one each)\n\n`
			+ textTable(['program', 'first request ms'], rows)
			+ `\n\nmeasured from just before the spawn to the request's arrival at a loopback server in the benchmark's process, which turns it away (401)\n`
			+ `tokenkit's first requests: ${startup.tokenkit.firstRequests.join(', ')}; tokenkit − floor: ${fixed(startup.tokenkit.firstRequestMs.median - startup.floor.firstRequestMs.median, 1)} ms (medians)`,
		);
	}

	if (cpu !== undefined) {
		const rows = cpu.rows.map(row => [
			vendorTitle(row.vendor),
			row.accounts.join(', '),
			fixed(row.tokens),
			fixed(row.tokenkitMicros, 2),
			fixed(row.bareMicros, 2),
			`${fixed(row.tokenkitOverBare, 2)} ×`,
			fixed(row.ndjsonBytesPerToken),
		]);
		const split = cpu.rows.flatMap(row => row.stages === null ? [] : [[
			vendorTitle(row.vendor),
			fixed(row.bareMicros, 2),
			fixed(row.stages.jsonParse, 2),
			fixed(row.stages.validate, 2),
			fixed(row.stages.normalize, 2),
			fixed(row.stages.serialize, 2),
			fixed(row.stages.restMicros, 2),
		]]);
		sections.push(
			`## CPU µs per token, no latency, one simulated account per vendor (median of ${cpu.repeats} after a warm-up)\n\n`
			+ textTable(['vendor', 'accounts of tokenkit', 'tokens', 'tokenkit µs/token', 'bare µs/token', 'tokenkit / bare', 'ndjson bytes/token'], rows)
			+ '\n\ntokenkit: `tokenkit inventory --account … --format ndjson --quiet` run in this process through the command line\'s entry, with the report '
			+ 'writer (batching, secret scrubbing, the stream writes) to a stdout that discards; process start-up left out. '
			+ 'bare: fetch + JSON.parse of the same requests in tokenkit\'s plan, without the requests that tell an account\'s own credential. '
			+ 'Opal is listed without owner lookups, as in the fleet; Okta\'s API tokens come in one answer, as `tokenkit simulate` serves them.'
			+ (split.length === 0
				? ''
				: '\n\n' + textTable(['vendor', 'bare', 'JSON.parse', 'validate', 'normalize', 'serialize', 'rest'], split)
					+ '\n\nJSON.parse … serialize: tokenkit\'s steps timed apart on the same pages in memory; rest: tokenkit − bare − validate − normalize − serialize '
					+ '(the HTTP client around fetch, paging, scrubbing, batching and writing the lines).'),
		);
	}

	if (memory !== undefined) {
		const rows = memory.rows.map(row => [
			fixed(row.announced),
			row.output,
			row.heapCapMb === null ? 'default' : `${row.heapCapMb} MB`,
			row.variant === 'default' ? 'default' : `without (${row.nodeFlags.filter(flag => !flag.startsWith('--max-old-space-size')).join(' ')})`,
			fixed(row.tokens),
			String(row.completeAccounts),
			fixed(row.wallMs),
			fixed(row.peakRssMb),
		]);
		const comparisons = memory.comparisons.map(comparison => [
			fixed(comparison.announced),
			comparison.output,
			comparison.heapCapMb === null ? 'default' : `${comparison.heapCapMb} MB`,
			fixed(comparison.defaultWallMs),
			fixed(comparison.withoutWallMs),
			`${fixed(comparison.wallRatio, 2)} ×`,
			fixed(comparison.defaultPeakRssMb),
			fixed(comparison.withoutPeakRssMb),
		]);
		sections.push(
			`## memory: tokenkit inventory --format ndjson in its own process, ten LaunchDarkly accounts, no latency (${memory.repeats} ${memory.repeats === 1 ? 'run' : 'runs'} each way, taking turns)\n\n`
			+ textTable(['tokens', 'stdout', 'heap cap', 'memory measures', 'lines', 'complete accounts', 'wall ms', 'peak RSS MB'], rows)
			+ '\n\n' + textTable(['tokens', 'stdout', 'heap cap', 'wall ms default', 'wall ms without', 'default / without', 'peak RSS MB default', 'peak RSS MB without'], comparisons)
			+ '\n\npipe: stdout read by another process, as `| jq`; file: stdout is a file, as `> out.ndjson`\n'
			+ 'memory measures: default, the command as installed (it sizes V8\'s heap itself); without, node started with V8\'s usual growth of the young and old generations, which the command then keeps\n'
			+ 'wall ms: the median of the runs; peak RSS: the highest\n'
			+ 'heap cap: `node --max-old-space-size`, as NODE_OPTIONS=--max-old-space-size=96 sets it; default: Node\'s own heap sizing',
		);
	}

	if (politeness !== undefined) {
		const rows = politeness.rows.map(row => [
			row.vendor,
			`${row.accounts} × ${fixed(row.tokens / Math.max(1, row.accounts))}`,
			row.pageSize === null ? '-' : String(row.pageSize),
			fixed(row.requests),
			String(row.rateLimited),
			String(row.retries),
			fixed(row.retryWaitMs),
			fixed(row.paceWaitMs),
			fixed(row.accountMs),
			fixed(row.unlimitedAccountMs),
			fixed(row.lostMs),
		]);
		sections.push(
			`## politeness: rate limits on at vendor values, ${politeness.latencyMs} ms per request, every account at once\n\n`
			+ textTable(['vendor', 'accounts × tokens', 'page', 'requests', '429s', 'retries', 'retry wait ms', 'pacing wait ms', 'account ms', 'without limits ms', 'lost ms'], rows)
			+ `\n\n${fixed(politeness.tokens)} of ${fixed(politeness.announced)} tokens in ${fixed(politeness.wallMs)} ms; failed accounts ${politeness.failedAccounts}\n`
			+ 'waits are summed over requests in flight; account ms is the slowest account of the vendor; lost ms = account ms − the same without limits\n'
			+ politeness.rows.map(row => `${row.vendor}: ${row.limit}`).join('\n'),
		);
	}

	const targets = checkTargets(report);
	if (targets.length > 0) {
		sections.push('## targets\n\n' + textTable(['target', 'measured', 'met'], targets.map(check => [check.target, check.measured, metCell(check)])));
	}

	return `${sections.join('\n\n')}\n`;
}

/** A median and, in brackets, the lowest and highest: `1,234 (1,180–1,302)`; a single measurement alone. */
function spread(value: Spread, digits = 0): string {
	return `${fixed(value.median, digits)}${range(value, digits)}`;
}

/** A ratio's median and its range: `1.08 × (1.02–1.13)`. */
function ratio(value: Spread): string {
	return `${fixed(value.median, 2)} ×${range(value, 2)}`;
}

function range(value: Spread, digits: number): string {
	return value.min === value.max ? '' : ` (${fixed(value.min, digits)}–${fixed(value.max, digits)})`;
}

function metCell(check: TargetCheck): string {
	if (check.informational === true) {
		return 'reported';
	}

	return check.met === null ? 'not at that size' : check.met ? 'yes' : 'no';
}
