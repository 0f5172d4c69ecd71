import {mkdtemp, readdir, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {diffRuns} from '../../src/history/diff-runs.js';
import {driverOf, openHistory, type History, type HistoryOptions} from '../../src/history/open.js';
import {saveRun} from '../../src/history/save-run.js';
import {tokenTimeline} from '../../src/history/timeline.js';
import {formatRef} from '../../src/inventory/rotate/ref.js';
import {serverBinaries, startCluster, type PostgresCluster} from './postgres-cluster.js';
import {fleetWeek} from './synthetic.js';

export type StoreName = 'sqlite' | 'postgres';

export interface HistoryBenchConfig {
	readonly tokens: number;
	readonly accounts: number;
	/** Share of tokens changed, and as many removed and created, between the two runs. */
	readonly changedShare: number;
	readonly stores: readonly StoreName[];
	/** An existing PostgreSQL database and its password; else a throwaway cluster is started. */
	readonly postgres: {readonly url: string; readonly password: string | undefined} | undefined;
}

/** What one store took: every time in milliseconds, wall clock, from the library call to its answer. */
export interface StoreResult {
	readonly store: StoreName;
	readonly tokens: number;
	/** The first run: every token record new. */
	readonly saveFirstMs: number;
	/** The week after: most records unchanged and shared, a third of the last uses new. */
	readonly saveSecondMs: number;
	readonly diffMs: number;
	readonly timelineMs: number;
	readonly reported: {readonly created: number; readonly removed: number; readonly changed: number};
	readonly expected: {readonly created: number; readonly removed: number; readonly changed: number};
	/** The store's size after both runs: the SQLite files, or PostgreSQL's tables with their indexes. */
	readonly bytes: number;
}

export interface HistoryBenchReport {
	readonly config: HistoryBenchConfig;
	readonly results: readonly StoreResult[];
	/** Why a store was not measured. */
	readonly skipped: ReadonlyArray<{readonly store: StoreName; readonly reason: string}>;
}

/** Saves two runs of a synthetic fleet on each store, diffs them, reads one token's timeline, and checks the diff's answer. */
export async function runHistoryBench(config: HistoryBenchConfig, log: (message: string) => void = () => undefined): Promise<HistoryBenchReport> {
	const week = fleetWeek(config.tokens, config.accounts, config.changedShare);
	const results: StoreResult[] = [];
	const skipped: Array<{store: StoreName; reason: string}> = [];
	for (const store of config.stores) {
		const target = await targetOf(store, config);
		if ('skipped' in target) {
			skipped.push({store, reason: target.skipped});
			continue;
		}

		try {
			log(`${store}: saving ${config.tokens} tokens twice`);
			const history = await openHistory(target.options);
			let measured: Omit<StoreResult, 'bytes'>;
			let bytes = 0;
			try {
				const saveFirstMs = await timed(async () => saveRun(history, {startedAt: new Date(), command: 'bench', accounts: week.accounts, tokens: week.before}));
				const saveSecondMs = await timed(async () => saveRun(history, {startedAt: new Date(), command: 'bench', accounts: week.accounts, tokens: week.after}));
				log(`${store}: diffing`);
				let reported = {created: 0, removed: 0, changed: 0};
				const diffMs = await timed(async () => {
					const diff = await diffRuns(history);
					const count = (change: string): number => diff.tokens.filter(token => token.change === change).length;
					reported = {created: count('created'), removed: count('removed'), changed: count('changed')};
				});
				const sample = week.after[Math.floor(week.after.length / 2)];
				const timelineMs = sample === undefined ? 0 : await timed(async () => tokenTimeline(history, formatRef(sample)));
				measured = {store, tokens: config.tokens, saveFirstMs, saveSecondMs, diffMs, timelineMs, reported, expected: {created: week.created, removed: week.removed, changed: week.changed}};
				bytes = target.directory === null ? await postgresBytes(history) : 0;
			} finally {
				await history.close();
			}

			// An SQLite store is measured closed: its write-ahead log folded into the file, as it stays between runs.
			results.push({...measured, bytes: target.directory === null ? bytes : await directoryBytes(target.directory)});
		} finally {
			await target.dispose();
		}
	}

	return {config, results, skipped};
}

async function timed(work: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await work();
	return performance.now() - started;
}

type Target = {readonly options: HistoryOptions; readonly directory: string | null; dispose(): Promise<void>} | {readonly skipped: string};

async function targetOf(store: StoreName, config: HistoryBenchConfig): Promise<Target> {
	if (store === 'sqlite') {
		const directory = await mkdtemp(join(tmpdir(), 'tokenkit-bench-history-'));
		return {options: {path: join(directory, 'history.sqlite')}, directory, dispose: async () => rm(directory, {recursive: true, force: true})};
	}

	if (config.postgres !== undefined) {
		return {options: config.postgres, directory: null, dispose: async () => Promise.resolve()};
	}

	const bin = await serverBinaries();
	if (bin === null) {
		return {skipped: 'no PostgreSQL server binaries; pass --postgres-url or install the postgresql package'};
	}

	const cluster: PostgresCluster = await startCluster(bin, {durable: true});
	return {options: {url: await cluster.newDatabase(), password: cluster.password}, directory: null, dispose: async () => cluster.stop()};
}

async function directoryBytes(directory: string): Promise<number> {
	let bytes = 0;
	for (const name of await readdir(directory)) {
		bytes += (await stat(join(directory, name))).size;
	}

	return bytes;
}

async function postgresBytes(history: History): Promise<number> {
	const [row] = await driverOf(history).query(`SELECT SUM(pg_total_relation_size(c.oid)) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind = 'r'`);
	return Number(row?.['bytes'] ?? 0);
}
