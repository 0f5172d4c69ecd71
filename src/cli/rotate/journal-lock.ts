import {journalLockPathOf} from '../../inventory/rotate/journal.js';
import {takeLock, type LockHolder, type RotationLock} from '../../inventory/rotate/lock.js';
import type {CliIo} from '../io.js';
import {UsageError} from '../usage-error.js';

/**
Takes the lock of the journal of `path`: two runs reading one journal would both finish the same REF (two twins
for one token). A run that holds it makes this one refuse before any request; a crashed run's lock is taken over.
*/
export async function lockJournal(path: string, io: CliIo): Promise<RotationLock> {
	const lockPath = journalLockPathOf(path);
	let attempt: Awaited<ReturnType<typeof takeLock>>;
	try {
		attempt = await takeLock(lockPath);
	} catch (error) {
		const code = error instanceof Error && 'code' in error ? String(error.code) : 'failed';
		throw new UsageError(`--secret-out ${path}: its directory does not exist or cannot be written to (${lockPath}: ${code})`);
	}

	if (!attempt.taken) {
		const holder = attempt.holder === null ? 'a lock file that names no process' : `held by ${describeHolder(attempt.holder)}`;
		throw new UsageError(`--secret-out ${path}: another tokenkit rotate is working on it: ${lockPath} is ${holder}. Wait for that run to end; if no such process is running, delete ${lockPath} and run this again`);
	}

	if (attempt.staleHolder !== null) {
		io.stderr.write(`tokenkit: warning: took over ${lockPath}, left by ${describeHolder(attempt.staleHolder)}, which is no longer running; the journal says what that run left to do\n`);
	}

	return attempt.lock;
}

function describeHolder(holder: LockHolder): string {
	return `pid ${holder.pid} on ${holder.host} (started ${holder.startedAt})`;
}
