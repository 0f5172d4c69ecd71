/**
Lists every token of one simulated account per vendor over loopback with added latency, and reports wall
time against the round-trip lower bound, CPU per token and peak memory.

  npm run bench              a table
  npm run bench -- --json    the same numbers as JSON
  npm run bench -- --tokens 20000 --latency 30
*/
import {parseArgs} from 'node:util';
import {
	createLaunchDarklyProvider,
	createMistProvider,
	createOpalProvider,
	startSimulators,
	type RunningVendorSimulator,
	type TokenProvider,
} from '../src/index.js';

interface Result {
	readonly vendor: string;
	readonly tokens: number;
	readonly requests: number;
	readonly wallMs: number;
	/** The longest chain of requests that must happen one after another, times the latency. */
	readonly lowerBoundMs: number;
	readonly cpuMicrosPerToken: number;
	readonly peakRssMb: number;
}

const {values} = parseArgs({options: {json: {type: 'boolean'}, tokens: {type: 'string'}, latency: {type: 'string'}}});
const tokens = Number(values.tokens ?? 10_000);
const latency = Number(values.latency ?? 20);

function providerFor(vendor: RunningVendorSimulator, onRequest: () => void): TokenProvider {
	const [account] = vendor.accounts();
	if (account === undefined) {
		throw new Error(`no ${vendor.vendor} account`);
	}

	const common = {apiKey: account.apiKey, baseUrl: vendor.baseUrl, account: account.name, onEvent: (event: {type: string}) => {
		if (event.type === 'request') {
			onRequest();
		}
	}};
	switch (vendor.vendor) {
		case 'mist': {
			return createMistProvider({...common, orgId: account.id});
		}

		case 'opal': {
			return createOpalProvider(common);
		}

		default: {
			return createLaunchDarklyProvider(common);
		}
	}
}

/** Requests that cannot overlap: Mist one, Opal one per page, LaunchDarkly the first page then the rest in parallel waves. */
function lowerBound(vendor: string, count: number): number {
	const pages = Math.ceil(count / 1000);
	switch (vendor) {
		case 'mist': {
			return latency;
		}

		case 'opal': {
			return pages * latency;
		}

		default: {
			return (1 + Math.ceil((pages - 1) / 4)) * latency;
		}
	}
}

const simulators = await startSimulators({accounts: 1, tokens, rateLimits: false, latency: {fixed: latency}});
const results: Result[] = [];
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
	peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

try {
	for (const vendor of simulators.vendors) {
		let requests = 0;
		const provider = providerFor(vendor, () => {
			requests++;
		});
		peakRss = process.memoryUsage().rss;
		const cpu = process.cpuUsage();
		const started = performance.now();
		let count = 0;
		for await (const token of provider.list()) {
			if (token.id !== '') {
				count++;
			}
		}

		const wallMs = performance.now() - started;
		const used = process.cpuUsage(cpu);
		results.push({
			vendor: vendor.vendor,
			tokens: count,
			requests,
			wallMs: Math.round(wallMs),
			lowerBoundMs: lowerBound(vendor.vendor, count),
			cpuMicrosPerToken: Number(((used.user + used.system) / count).toFixed(2)),
			peakRssMb: Math.round(Math.max(peakRss, process.memoryUsage().rss) / 1_048_576),
		});
	}
} finally {
	clearInterval(sampler);
	await simulators.close();
}

if (values.json === true) {
	console.log(JSON.stringify({machine: {node: process.version, platform: process.platform, arch: process.arch}, latencyMs: latency, simulatorsInProcess: true, results}, null, 2));
} else {
	console.log(`latency ${latency} ms per request, ${tokens} tokens seeded per account (Node ${process.version})`);
	console.log('The simulators run in this process: CPU and memory include their work of serving the pages.');
	console.log('vendor        tokens  requests  wall ms  bound ms  ratio  CPU µs/token  peak RSS MB');
	for (const result of results) {
		console.log([
			result.vendor.padEnd(12),
			String(result.tokens).padStart(7),
			String(result.requests).padStart(9),
			String(result.wallMs).padStart(8),
			String(result.lowerBoundMs).padStart(9),
			(result.wallMs / result.lowerBoundMs).toFixed(2).padStart(6),
			String(result.cpuMicrosPerToken).padStart(13),
			String(result.peakRssMb).padStart(12),
		].join('  '));
	}
}
