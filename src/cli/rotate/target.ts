import {constants} from 'node:fs';
import {access, readFile, stat} from 'node:fs/promises';
import {dirname} from 'node:path';
import {formatDuration} from '../../inventory/rotate/duration.js';
import {journalPathOf, parseJournal, type Journal} from '../../inventory/rotate/journal.js';
import {formatRef, type TokenRef} from '../../inventory/rotate/ref.js';
import {readSecretFile, type SecretFileContents} from '../../inventory/rotate/secret-file.js';
import {UsageError} from '../usage-error.js';

/** Where the keys go, and the journal of an earlier run when this one finishes it. */
export interface Target {
	readonly path: string;
	readonly journalPath: string;
	/** Set when the secret file and its journal exist: this run resumes that rotation. */
	readonly journal: Journal | null;
	/** What the secret file holds, when this run resumes (never a key: REFs and line numbers). */
	readonly secrets: SecretFileContents | null;
}

/**
A new secret file is never written over. The one exception is finishing the run that made it: when the file
and its journal both exist, and every REF is one that journal set out to rotate, this run resumes it.
Everything is checked before any request.
*/
export async function checkTarget(path: string, refs: readonly TokenRef[], grace: number | undefined): Promise<Target> {
	const journalPath = journalPathOf(path);
	const [secretExists, journalExists] = await Promise.all([exists(path), exists(journalPath)]);
	if (!secretExists && journalExists) {
		throw new UsageError(`--secret-out ${path}: its journal ${journalPath} exists without it; choose a new name (or move that journal away)`);
	}

	if (!secretExists) {
		try {
			await access(dirname(path), constants.W_OK);
		} catch {
			throw new UsageError(`--secret-out ${path}: its directory does not exist or cannot be written to`);
		}

		return {path, journalPath, journal: null, secrets: null};
	}

	if (!journalExists) {
		throw new UsageError(`--secret-out ${path}: the file exists; tokenkit never overwrites, choose a new name`);
	}

	const journal = parseJournal(await readFile(journalPath, 'utf8'), journalPath);
	const strangers = refs.map(ref => formatRef(ref)).filter(ref => !journal.header.refs.includes(ref));
	if (strangers.length > 0) {
		throw new UsageError(`--secret-out ${path} belongs to an earlier rotation (see ${journalPath}) that did not include ${strangers.join(', ')}; to finish that one, name only its REFs; to rotate others, choose a new file`);
	}

	if (grace !== undefined && grace !== journal.header.gracePeriodMs) {
		throw new UsageError(`--grace ${formatDuration(grace)} differs from the --grace ${formatDuration(journal.header.gracePeriodMs)} of the rotation recorded in ${journalPath}; leave it out to finish that rotation`);
	}

	// Read now, before any request: a key counts as stored only where a whole record of it can be read back.
	return {path, journalPath, journal, secrets: readSecretFile(await readFile(path, 'utf8'))};
}

async function exists(path: string): Promise<boolean> {
	try {
		await stat(path);
		return true;
	} catch (error) {
		if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
			return false;
		}

		throw new UsageError(`${path} cannot be checked (${error instanceof Error ? error.message : String(error)})`);
	}
}
