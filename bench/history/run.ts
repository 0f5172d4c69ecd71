/**
The history store's benchmark: saving a run of 100,000 tokens, saving the week after (most records shared), diffing
the two and reading one token's timeline, on an SQLite file and on PostgreSQL (a throwaway cluster with PostgreSQL's
default durability, or --postgres-url). Every diff's answer is checked against what the synthetic week changed.

  npm run bench:history                  tables
  npm run bench:history -- --json        the same numbers as one JSON document
  npm run bench:history -- --help        sizes and stores
*/
import {parseArgs} from 'node:util';
import {describeMachine} from '../machine.js';
import {fixed, textTable} from '../report/text-table.js';
import {runHistoryBench, type HistoryBenchConfig, type HistoryBenchReport, type StoreName} from './measure.js';

const usage = `Usage: npm run bench:history -- [options]

  --tokens N           tokens per run (default 100000)
  --accounts N         accounts they are spread over (default 70)
  --changed PERCENT    tokens changed between the runs, and as many removed and created (default 1)
  --stores LIST        sqlite, postgres or both (default sqlite,postgres)
  --postgres-url URL   an existing PostgreSQL database (password in PGPASSWORD) instead of a throwaway cluster
  --json               the results as one JSON document instead of tables
  -h, --help           this help
`;

function parseConfig(argv: readonly string[]): (HistoryBenchConfig & {json: boolean}) | null {
	const {values} = parseArgs({args: [...argv], strict: true, options: {
		tokens: {type: 'string'}, accounts: {type: 'string'}, changed: {type: 'string'}, stores: {type: 'string'},
		'postgres-url': {type: 'string'}, json: {type: 'boolean'}, help: {type: 'boolean', short: 'h'},
	}});
	if (values.help === true) {
		return null;
	}

	const number = (name: string, value: string | undefined, fallback: number): number => {
		const parsed = value === undefined ? fallback : Number(value);
		if (!Number.isFinite(parsed) || parsed <= 0) {
			throw new Error(`--${name} must be a positive number; got "${value ?? ''}"`);
		}

		return parsed;
	};

	const stores = (values.stores ?? 'sqlite,postgres').split(',').map(store => {
		if (store !== 'sqlite' && store !== 'postgres') {
			throw new Error(`--stores takes sqlite and postgres; got "${store}"`);
		}

		return store satisfies StoreName;
	});
	return {
		tokens: Math.round(number('tokens', values.tokens, 100_000)),
		accounts: Math.round(number('accounts', values.accounts, 70)),
		changedShare: number('changed', values.changed, 1) / 100,
		stores,
		postgres: values['postgres-url'] === undefined ? undefined : {url: values['postgres-url'], password: process.env.PGPASSWORD},
		json: values.json === true,
	};
}

function render(report: HistoryBenchReport): string {
	const rows = report.results.map(result => [
		result.store, fixed(result.tokens), fixed(result.saveFirstMs), fixed(result.saveSecondMs), fixed(result.diffMs), fixed(result.timelineMs, 1),
		`${fixed(result.reported.created)}/${fixed(result.reported.removed)}/${fixed(result.reported.changed)}`, fixed(result.bytes / 1024 / 1024, 1),
	]);
	const machine = describeMachine();
	return [
		textTable(['store', 'tokens', 'save (ms)', 'save again (ms)', 'diff (ms)', 'timeline (ms)', 'created/removed/changed', 'size (MiB)'], rows),
		...report.skipped.map(skip => `${skip.store}: not measured: ${skip.reason}`),
		`\n${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}, load ${machine.loadAverage.join(' ')}`,
	].join('\n');
}

let config;
try {
	config = parseConfig(process.argv.slice(2));
} catch (error) {
	console.error(`bench:history: ${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
	process.exit(2);
}

if (config === null) {
	console.log(usage);
} else {
	const {json, ...benchConfig} = config;
	const report = await runHistoryBench(benchConfig, process.stderr.isTTY ? message => {
		console.error(message);
	} : undefined);
	console.log(json ? JSON.stringify({...report, machine: describeMachine()}, null, 2) : render(report));
	const wrong = report.results.filter(result => JSON.stringify(result.reported) !== JSON.stringify(result.expected));
	if (wrong.length > 0) {
		console.error(`bench:history: the diff on ${wrong.map(result => result.store).join(' and ')} did not report what the week changed`);
		process.exitCode = 1;
	}
}
