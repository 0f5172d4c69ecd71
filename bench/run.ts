/**
The benchmarks of tokenkit: inventory over a fleet against the round-trip lower bound and a sequential
script, LaunchDarkly against its official client, CPU per token, peak memory, and behaviour under the
vendors' rate limits. The simulators run in child processes, so every number is the client's alone.

  npm run bench                 tables (five to six minutes on two busy cores)
  npm run bench -- --json       the same numbers as one JSON document
  npm run bench -- --help       sizes and other flags
*/
import {writeFile} from 'node:fs/promises';
import {runBenchmark} from './benchmark.js';
import {parseFlags, usage} from './flags.js';
import {renderReport} from './report/render.js';

let invocation;
try {
	invocation = parseFlags(process.argv.slice(2));
} catch (error) {
	console.error(`bench: ${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
	process.exit(2);
}

if (invocation.help) {
	console.log(usage);
} else {
	// Progress goes to stderr and only to a person watching, so stdout stays the report alone.
	const showProgress = invocation.progress || process.stderr.isTTY;
	const started = performance.now();
	const report = await runBenchmark(invocation.config, {
		log: showProgress ? message => {
			console.error(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);
		} : undefined,
	});
	const json = JSON.stringify(report, null, 2);
	if (invocation.save !== undefined) {
		// `wx`: a saved report is a record; never overwrite one.
		await writeFile(invocation.save, `${json}\n`, {flag: 'wx'});
	}

	console.log(invocation.json ? json : renderReport(report));
}
