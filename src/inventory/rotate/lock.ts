import {constants} from 'node:fs';
import {link, open, readFile, rename, unlink, type FileHandle} from 'node:fs/promises';
import {hostname} from 'node:os';
import * as v from 'valibot';

/*
One rotation at a time per journal. Two runs that both read the same journal would both decide to finish the
same REF, and a replace would get two twins. The lock is a file created with O_EXCL (so exactly one run
creates it), holding who took it:

  {"pid":4242,"host":"build-7","startedAt":"2025-…Z"}

A lock whose holder is on this host and no longer running (`kill(pid, 0)` answers ESRCH) was left by a crash
and is taken over. Anything else counts as held, since wrongly stepping over a live run costs more than asking
a person to delete a file: a lock from another host (a shared directory; its processes cannot be seen from
here), one naming this very process (a pid reused by a container that restarted), or one that cannot be read.
*/

const HolderSchema = v.object({
	pid: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
	host: v.string(),
	startedAt: v.string(),
});

/** Who holds a lock, as its file says. */
export type LockHolder = v.InferOutput<typeof HolderSchema>;

export interface RotationLock {
	readonly path: string;
	/** Deletes the lock file if it is still this holder's. Safe to call more than once. */
	release(): Promise<void>;
}

export type LockAttempt =
	/** `staleHolder`: the crashed run whose lock was taken over, if any. */
	| {readonly taken: true; readonly lock: RotationLock; readonly staleHolder: LockHolder | null}
	/** `holder` is null when the lock file names no one readable. */
	| {readonly taken: false; readonly holder: LockHolder | null};

export interface TakeLockOptions {
	/** @default process.pid */
	readonly pid?: number | undefined;
	/** @default os.hostname() */
	readonly host?: string | undefined;
	/** @default Date.now */
	readonly now?: (() => number) | undefined;
}

/**
Takes the lock at `path`, or says who holds it. Errors other than "exists" (a missing or read-only directory)
are thrown as they are, for the caller to word.

@example
const attempt = await takeLock(`${journalPath}.lock`);
if (!attempt.taken) throw new Error(`busy: pid ${attempt.holder?.pid}`);
try { … } finally { await attempt.lock.release(); }
*/
export async function takeLock(path: string, options: TakeLockOptions = {}): Promise<LockAttempt> {
	const mine: LockHolder = {pid: options.pid ?? process.pid, host: options.host ?? hostname(), startedAt: new Date((options.now ?? Date.now)()).toISOString()};
	const text = `${JSON.stringify(mine)}\n`;
	let staleHolder: LockHolder | null = null;
	// Each turn either takes the lock, finds it held, or removes one dead holder's lock; a few turns are plenty
	// unless other runs keep crashing in between.
	for (let turn = 0; turn < 5; turn++) {
		if (await create(path, text)) {
			return {taken: true, lock: lockAt(path, text), staleHolder};
		}

		const holder = await readHolder(path);
		if (holder === 'gone') {
			continue;
		}

		if (holder === null || !isDead(holder, mine)) {
			return {taken: false, holder};
		}

		if (await removeStale(path, holder, mine.pid)) {
			staleHolder = holder;
		}
	}

	return {taken: false, holder: null};
}

async function create(path: string, text: string): Promise<boolean> {
	let handle: FileHandle;
	try {
		handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
	} catch (error) {
		if (codeOf(error) === 'EEXIST') {
			return false;
		}

		throw error;
	}

	try {
		await handle.writeFile(text);
		await handle.sync();
	} finally {
		await handle.close();
	}

	return true;
}

/** The holder named in the file; null when it names none; 'gone' when the file vanished meanwhile. */
async function readHolder(path: string): Promise<LockHolder | null | 'gone'> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		if (codeOf(error) === 'ENOENT') {
			return 'gone';
		}

		throw error;
	}

	try {
		const parsed = v.safeParse(HolderSchema, JSON.parse(text));
		return parsed.success ? parsed.output : null;
	} catch {
		return null;
	}
}

function isDead(holder: LockHolder, mine: LockHolder): boolean {
	if (holder.host !== mine.host || holder.pid === mine.pid) {
		return false;
	}

	try {
		process.kill(holder.pid, 0);
		return false;
	} catch (error) {
		// EPERM: the process exists but belongs to someone else; only ESRCH says it is gone.
		return codeOf(error) === 'ESRCH';
	}
}

/**
Removes a dead holder's lock so that `create` can be tried again. Another run may be doing the same: the lock is
first renamed aside (only one rename succeeds), then checked to be the dead one's. If a live run had put its
own lock there in between, it is put back rather than deleted.
*/
async function removeStale(path: string, holder: LockHolder, pid: number): Promise<boolean> {
	const aside = `${path}.stale-${pid}`;
	try {
		await rename(path, aside);
	} catch (error) {
		if (codeOf(error) === 'ENOENT') {
			return false;
		}

		throw error;
	}

	const moved = await readHolder(aside);
	const same = moved !== null && moved !== 'gone' && moved.pid === holder.pid && moved.host === holder.host && moved.startedAt === holder.startedAt;
	if (!same) {
		// A link, not a rename, so a lock taken at the path meanwhile is not written over (EEXIST leaves it be).
		await link(aside, path).catch(() => undefined);
		await unlink(aside).catch(() => undefined);
		return false;
	}

	await unlink(aside).catch(() => undefined);
	return true;
}

function lockAt(path: string, text: string): RotationLock {
	let released = false;
	return {
		path,
		async release() {
			if (released) {
				return;
			}

			released = true;
			// Only this run's own lock is deleted: never one a later run took over.
			const current = await readFile(path, 'utf8').catch(() => null);
			if (current === text) {
				await unlink(path).catch(() => undefined);
			}
		},
	};
}

function codeOf(error: unknown): string | undefined {
	return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
