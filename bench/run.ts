/**
The benchmarks of tokenkit: inventory over a fleet against the round-trip lower bound and a sequential
script; `tokenkit inventory` over one LaunchDarkly account against bare fetch + JSON.parse and the official
client, each a process of its own; time to the first request; CPU per token, peak memory, and behaviour under
the vendors' rate limits. The simulators run in child processes, so every number is the client's alone.

  npm run bench                 tables (about seven minutes on two cores)
  npm run bench -- --json       the same numbers as one JSON document
  npm run bench -- --help       sizes and other flags
*/
import {open, type FileHandle} from 'node:fs/promises';
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
	// `wx`: a saved report is a record, never overwritten. The file is claimed before the run, so a name that
	// is taken is refused at once rather than after minutes of measuring.
	let saveTo: FileHandle | undefined;
	if (invocation.save !== undefined) {
		try {
			saveTo = await open(invocation.save, 'wx');
		} catch (error) {
			console.error(`bench: --save ${invocation.save}: ${error instanceof Error && 'code' in error && error.code === 'EEXIST' ? 'the file exists; choose a new name' : String(error)}`);
			process.exit(2);
		}
	}

	// Progress goes to stderr and only to a person watching, so stdout stays the report alone.
	const showProgress = invocation.progress || process.stderr.isTTY;
	const started = performance.now();
	const report = await runBenchmark(invocation.config, {
		log: showProgress ? message => {
			console.error(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);
		} : undefined,
	});
	const json = JSON.stringify(report, null, 2);
	console.log(invocation.json ? json : renderReport(report));
	if (saveTo !== undefined) {
		await saveTo.writeFile(`${json}\n`);
		await saveTo.close();
	}
}
