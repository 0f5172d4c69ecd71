import {spawn, type ChildProcess} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {diffRuns} from '../../src/history/diff-runs.js';
import {listRuns} from '../../src/history/list-runs.js';
import {driverOf, openHistory, type History, type HistoryOptions} from '../../src/history/open.js';
import {saveRun} from '../../src/history/save-run.js';
import {historyStores} from '../support/history-stores.js';
import {accountsOf, token} from './tokens.js';

/*
Saving a run in a process that dies half-way (SIGKILL inside the transaction) and two processes saving at once,
on both stores, through the built library in child processes (test/fixtures/history/save-child.ts).
*/

const child = fileURLToPath(new URL('../../dist/test/fixtures/history/save-child.js', import.meta.url));
const stores = await historyStores();
const opened: History[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
	for (const saver of children.splice(0)) {
		saver.kill('SIGKILL');
	}

	await Promise.all(opened.splice(0).map(async history => history.close()));
});

interface Saver {
	/** Resolves once the child is inside its transaction. */
	entered(): Promise<void>;
	/** How it ended: its exit code or signal, and what it printed. */
	readonly ended: Promise<{code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string}>;
	readonly process: ChildProcess;
}

function startSaver(options: HistoryOptions, label: string, tokens: number, pauseAfter: number | null, hold: number | 'forever'): Saver {
	const saver = spawn(process.execPath, ['--no-warnings', child, JSON.stringify({options, tokens, label, pauseAfter, hold})], {stdio: ['ignore', 'pipe', 'pipe']});
	children.push(saver);
	let stdout = '';
	let stderr = '';
	let signalInside: () => void = () => undefined;
	const inside = new Promise<void>(resolve => {
		signalInside = resolve;
	});
	saver.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString('utf8');
		if (stdout.includes('inside\n')) {
			signalInside();
		}
	});
	saver.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString('utf8');
	});
	const ended = new Promise<{code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string}>(resolve => {
		saver.once('close', (code, signal) => {
			resolve({code, signal, stdout, stderr});
		});
	});
	// Asked for only of a saver that pauses; the others end without ever being inside.
	const entered = async (): Promise<void> => Promise.race([inside, ended.then(result => {
		throw new Error(`the saver ended before its transaction: ${JSON.stringify(result)}`);
	})]);
	return {entered, ended, process: saver};
}

async function count(history: History, table: string): Promise<number> {
	const [row] = await driverOf(history).query(`SELECT COUNT(*) AS count FROM ${table}`);
	return Number(row?.['count']);
}

for (const store of stores) {
	describe.skipIf(store.skipped !== null)(`saving on ${store.name} when a process dies or two save at once${store.skipped === null ? '' : ` (skipped: ${store.skipped})`}`, () => {
		it('leaves the store readable and the earlier runs whole when a save is killed mid-transaction', async () => {
			const target = await store.fresh();
			const history = await openHistory(target.options);
			opened.push(history);
			const earlier = [token({id: 'a'}), token({id: 'b', name: 'ci'})];
			await saveRun(history, {startedAt: new Date(), accounts: accountsOf(earlier), tokens: earlier});
			await saveRun(history, {startedAt: new Date(), accounts: accountsOf(earlier), tokens: [earlier[0] ?? token({id: 'a'}), token({id: 'b', name: 'ci-2'})]});
			const before = {runs: await listRuns(history), tokens: await count(history, 'run_tokens'), records: await count(history, 'token_records')};
			await history.close();
			opened.splice(0);

			const saver = startSaver(target.options, 'killed', 12_000, 4000, 'forever');
			await saver.entered();
			saver.process.kill('SIGKILL');
			expect((await saver.ended).signal).toBe('SIGKILL');

			const after = await openHistory(target.options);
			opened.push(after);
			expect(await listRuns(after)).toEqual(before.runs);
			expect(await count(after, 'run_tokens')).toBe(before.tokens);
			expect(await count(after, 'token_records')).toBe(before.records);
			expect((await diffRuns(after)).tokens.map(entry => entry.changes.map(change => change.kind))).toEqual([['renamed']]);
			// And it takes the next save at once: nothing the dead process held is left locked.
			const next = await saveRun(after, {startedAt: new Date(), accounts: accountsOf(earlier), tokens: earlier});
			expect(next.id).toBeGreaterThan(before.runs.at(-1)?.id ?? 0);
		});

		it('saves both runs when two processes save at the same time', async () => {
			const target = await store.fresh();
			// The first holds its transaction open for a while; the second starts meanwhile and must wait or go alongside, not fail.
			const first = startSaver(target.options, 'first', 6000, 2000, 1500);
			await first.entered();
			const second = startSaver(target.options, 'second', 6000, null, 0);
			const [one, two] = await Promise.all([first.ended, second.ended]);
			expect([one.code, one.stderr, two.code, two.stderr]).toEqual([0, '', 0, '']);
			const history = await openHistory(target.options);
			opened.push(history);
			const runs = await listRuns(history);
			expect(runs.map(run => [run.command, run.tokens, run.complete]).sort()).toEqual([['first', 6000, true], ['second', 6000, true]]);
			expect(await count(history, 'run_tokens')).toBe(12_000);
		});
	});
}
