import {spawn} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {builtBenchScript} from '../built-cli.js';
import type {BenchmarkConfig} from '../config.js';
import {spreadOf, type Spread} from '../spread.js';
import {startFirstRequestServer, type FirstRequestServer} from '../startup/first-request-server.js';
import type {ScenarioContext} from './context.js';

/** How soon one program's first request arrived, run after run. */
export interface StartupSeries {
	/** What was run, for a person. */
	readonly name: string;
	/** From just before the spawn to the first request's arrival at the server, run by run. */
	readonly samplesMs: readonly number[];
	readonly firstRequestMs: Spread;
	/** The first request of each run, as method and path (`GET /api/v2/tokens`), each named once. */
	readonly firstRequests: readonly string[];
}

export interface StartupResult {
	/** Timed runs of each program, taking turns, after one untimed run of each. */
	readonly runs: number;
	readonly tokenkit: StartupSeries;
	/** A Node process that does nothing but `await fetch(url)`: the soonest any Node program can ask. */
	readonly floor: StartupSeries;
}

/** The two programs timed, in the order they take turns. */
const programNames = ['tokenkit', 'floor'] as const;
type Program = (typeof programNames)[number];

/** A key of LaunchDarkly's form; the server turns every key away, so it is never checked against anything. */
const unknownKey = 'api-00000000-0000-4000-8000-000000000000';

/**
Time to the first request: how long `tokenkit inventory` takes from its process starting to its first HTTP
request, against a process that does nothing but fetch once. A loopback server in this process notes the arrival
by this process's clock, which also read the time just before the spawn; it turns every request away (401), so
tokenkit fails the account and exits, and only the first arrival counts. The two programs take turns.
*/
export async function runStartup(config: BenchmarkConfig, context: ScenarioContext): Promise<StartupResult> {
	const {runs} = config.startup;
	const server = await startFirstRequestServer();
	const directory = await mkdtemp(join(tmpdir(), 'tokenkit-bench-'));
	try {
		const configPath = join(directory, 'tokenkit.json');
		await writeFile(configPath, JSON.stringify({accounts: [{name: 'launchdarkly-startup', provider: 'launchdarkly', baseUrl: server.baseUrl, apiKey: unknownKey}]}), {mode: 0o600});
		const programs = {
			tokenkit: {name: 'tokenkit inventory --format ndjson --quiet', script: context.cliPath, args: ['inventory', '--config', configPath, '--format', 'ndjson', '--quiet']},
			floor: {name: 'node, await fetch(url) and nothing else', script: builtBenchScript(context.cliPath, 'startup/fetch-once-child.js'), args: [`${server.baseUrl}/first-request`]},
		};
		const samples: Record<Program, number[]> = {tokenkit: [], floor: []};
		const requests: Record<Program, Set<string>> = {tokenkit: new Set(), floor: new Set()};
		// The first of each is untimed: it fills the file cache with the program's modules.
		for (let run = 0; run <= runs; run++) {
			for (const program of programNames) {
				const {script, args} = programs[program];
				const first = await timeToFirstRequest(server, script, args, context.signal);
				if (run > 0) {
					samples[program].push(first.ms);
					requests[program].add(first.request);
				}
			}

			if (run > 0) {
				context.log(`startup: run ${run} of ${runs}: tokenkit ${Math.round(samples.tokenkit.at(-1) ?? 0)} ms, floor ${Math.round(samples.floor.at(-1) ?? 0)} ms`);
			}
		}

		const series = (program: Program): StartupSeries => ({
			name: programs[program].name,
			samplesMs: samples[program],
			firstRequestMs: spreadOf(samples[program]),
			firstRequests: [...requests[program]],
		});
		return {runs, tokenkit: series('tokenkit'), floor: series('floor')};
	} finally {
		await server.close();
		await rm(directory, {recursive: true, force: true});
	}
}

/** Starts `node script args`, waits for its first request to reach the server and for it to exit. */
async function timeToFirstRequest(server: FirstRequestServer, script: string, args: readonly string[], signal: AbortSignal): Promise<{ms: number; request: string}> {
	const arrival = server.nextRequest();
	const started = performance.now();
	const child = spawn(process.execPath, [script, ...args], {stdio: ['ignore', 'pipe', 'pipe'], signal});
	// Drained, as a reader of the pipe would; what the command prints after its request is not measured.
	child.stdout.resume();
	let stderr = '';
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (chunk: string) => {
		stderr = (stderr + chunk).slice(0, 4000);
	});
	const exited = new Promise<number | null>((resolve, reject) => {
		child.once('error', reject);
		child.once('close', resolve);
	});
	const first = await Promise.race([
		arrival,
		exited.then(code => {
			throw new Error(`${script} exited with ${code} before sending any request: ${stderr}`);
		}),
	]);
	// Every run ends before the next starts: a lingering request would be taken for the next run's first.
	await exited;
	return {ms: first.at - started, request: first.request};
}
