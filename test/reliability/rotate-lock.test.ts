import {spawn} from 'node:child_process';
import {mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises';
import {hostname, tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {takeLock} from '../../src/inventory/rotate/lock.js';
import {eventually} from '../support/loopback-server.js';
import {mistAccount, useRig, type Rig} from './rig.js';

/*
One run at a time per secret file: two `tokenkit rotate` processes on the same journal would both finish the same
REF. The first holds FILE.journal.lock; the second refuses before any request; a crashed run's lock is taken over.
*/

const startRig = useRig();

async function mistRotation(rig: Rig) {
	const old = await rig.mint(mistAccount, {name: 'locked', privileges: [{role: 'read', scope: 'org', resource: null}]});
	const isPlanRead = (request: {method: string; url: string}): boolean => request.method === 'GET' && request.url.endsWith(`/apitokens/${old.token.id}`);
	return {old, isPlanRead, argv: ['rotate', `mist:${mistAccount}:${old.token.id}`, '--secret-out', 'keys.jsonl', '--yes']};
}

const creates = (rig: Rig): number => rig.requests('mist').filter(request => request.method === 'POST').length;

describe('tokenkit rotate holds a lock on its journal', () => {
	it('refuses a second run on the same --secret-out while the first runs, before any request, exit 2', async () => {
		const rig = await startRig();
		const {isPlanRead, argv} = await mistRotation(rig);
		rig.setRule(request => (isPlanRead(request) ? 'hold' : 'forward'));
		const first = rig.start(argv);
		await eventually(() => rig.heldCount() === 1, 10_000);
		const sent = rig.requests('mist').length;

		const second = await rig.run(argv);
		expect(second.code).toBe(2);
		expect(second.stderr).toMatch(new RegExp(`--secret-out .*keys\\.jsonl: another tokenkit rotate is working on it: .*keys\\.jsonl\\.journal\\.lock is held by pid ${first.child.pid ?? 0} on \\S+ \\(started \\S+Z\\)\\. Wait for that run to end; if no such process is running, delete .*keys\\.jsonl\\.journal\\.lock and run this again`));
		expect(second.stdout).toBe('');
		expect(rig.requests('mist')).toHaveLength(sent);

		rig.setRule(() => 'forward');
		rig.release();
		const done = await first.done;
		expect(done.code, done.stderr).toBe(0);
		expect(creates(rig)).toBe(1);
		// The lock goes with the run that held it.
		expect((await readdir(rig.directory)).sort()).toEqual(['keys.jsonl', 'keys.jsonl.journal', 'tokenkit.yaml']);
	});

	it('lets exactly one of two runs started together proceed', async () => {
		const rig = await startRig();
		const {isPlanRead, argv} = await mistRotation(rig);
		rig.setRule(request => (isPlanRead(request) ? 'hold' : 'forward'));
		const runs = [rig.start(argv), rig.start(argv)];
		// The loser ends by itself; the winner waits at the proxy until the loser is done.
		const loser = await Promise.race(runs.map(async (run, index) => ({index, result: await run.done})));
		expect(loser.result.code).toBe(2);
		expect(loser.result.stderr).toContain('another tokenkit rotate is working on it');
		expect(rig.heldCount()).toBeLessThanOrEqual(1);

		await eventually(() => rig.heldCount() === 1, 10_000);
		rig.setRule(() => 'forward');
		rig.release();
		const winner = await runs[1 - loser.index]?.done;
		expect(winner?.code, winner?.stderr).toBe(0);
		expect(creates(rig)).toBe(1);
		// The winner reads the token twice (the plan, then the rotation's fresh read); the loser sent nothing.
		expect(rig.requests('mist').filter(request => isPlanRead(request))).toHaveLength(2);
	});

	it('takes over, with a warning, the lock of a run that was SIGKILLed', async () => {
		const rig = await startRig();
		const {old, isPlanRead, argv} = await mistRotation(rig);
		rig.setRule(request => (isPlanRead(request) ? 'hold' : 'forward'));
		const first = rig.start(argv);
		await eventually(() => rig.heldCount() === 1, 10_000);
		first.child.kill('SIGKILL');
		expect((await first.done).code).toBeNull();
		const lockPath = join(rig.directory, 'keys.jsonl.journal.lock');
		expect(await readFile(lockPath, 'utf8')).toContain(`"pid":${first.child.pid ?? 0}`);

		rig.setRule(() => 'forward');
		rig.release();
		const second = await rig.run(argv);
		expect(second.code, second.stderr).toBe(0);
		expect(second.stderr).toContain(`tokenkit: warning: took over ${lockPath}, left by pid ${first.child.pid ?? 0} on ${hostname()}`);
		expect(second.stdout).toMatch(new RegExp(`rotated mist:${mistAccount}:${old.token.id}: new token \\S+ holds the new key`));
		expect(await readdir(rig.directory)).not.toContain('keys.jsonl.journal.lock');
	});

	it('releases the lock when interrupted with SIGINT, and leaves no files when nothing was changed', async () => {
		const rig = await startRig();
		const {isPlanRead, argv} = await mistRotation(rig);
		rig.setRule(request => (isPlanRead(request) ? 'hold' : 'forward'));
		const first = rig.start(argv);
		await eventually(() => rig.heldCount() === 1, 10_000);
		first.child.kill('SIGINT');
		const interrupted = await first.done;
		expect(interrupted.code).toBe(130);
		expect(interrupted.stdout).toBe('Interrupted before any change: no token was changed and no file was written.\n');
		expect(await readdir(rig.directory)).toEqual(['tokenkit.yaml']);
		expect(creates(rig)).toBe(0);
		rig.release();
	});
});

describe('takeLock', () => {
	async function lockPath(): Promise<string> {
		return join(await mkdtemp(join(tmpdir(), 'tokenkit-lock-')), 'keys.jsonl.journal.lock');
	}

	/** The pid of a process that has run and exited. */
	async function deadPid(): Promise<number> {
		const child = spawn(process.execPath, ['-e', ''], {stdio: 'ignore'});
		await new Promise(resolve => child.once('close', resolve));
		return child.pid ?? 0;
	}

	it('is exclusive: a second taker is told who holds it, and gets it once it is released', async () => {
		const path = await lockPath();
		const first = await takeLock(path);
		expect(first.taken).toBe(true);
		expect(await takeLock(path)).toMatchObject({taken: false, holder: {pid: process.pid, host: hostname()}});

		await (first.taken ? first.lock.release() : undefined);
		const again = await takeLock(path);
		expect(again).toMatchObject({taken: true, staleHolder: null});
		await (again.taken ? again.lock.release() : undefined);
		expect(await readdir(join(path, '..'))).toEqual([]);
	});

	it('takes over the lock of a process that is gone, and names it', async () => {
		const path = await lockPath();
		const pid = await deadPid();
		await writeFile(path, `${JSON.stringify({pid, host: hostname(), startedAt: '2025-06-01T00:00:00.000Z'})}\n`);
		const attempt = await takeLock(path);
		expect(attempt).toMatchObject({taken: true, staleHolder: {pid, startedAt: '2025-06-01T00:00:00.000Z'}});
		expect(await readFile(path, 'utf8')).toContain(`"pid":${process.pid}`);
		expect(await readdir(join(path, '..'))).toEqual(['keys.jsonl.journal.lock']);
	});

	it.each([
		['another host (its processes cannot be seen from here)', (pid: number) => JSON.stringify({pid, host: `not-${hostname()}`, startedAt: 'x'})],
		['no readable holder', () => ''],
	])('counts a lock from %s as held', async (_label, content) => {
		const path = await lockPath();
		await writeFile(path, content(await deadPid()));
		expect(await takeLock(path)).toMatchObject({taken: false});
	});

	it('releases only its own lock, never one that replaced it', async () => {
		const path = await lockPath();
		const attempt = await takeLock(path);
		const other = `${JSON.stringify({pid: 1, host: hostname(), startedAt: 'later'})}\n`;
		await writeFile(path, other);
		await (attempt.taken ? attempt.lock.release() : undefined);
		expect(await readFile(path, 'utf8')).toBe(other);
	});
});
