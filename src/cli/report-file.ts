import {randomBytes} from 'node:crypto';
import {constants} from 'node:fs';
import {link, open, rename, unlink, type FileHandle} from 'node:fs/promises';
import {basename, dirname, join, resolve} from 'node:path';
import {checkReplaceable} from './replaceable-report.js';
import {UsageError} from './usage-error.js';

/** A report file made ready before a run: its place is checked and a temporary file beside it is open. */
export interface PendingReport {
	/** The file the report will be, absolute. */
	readonly path: string;
	/** Writes the whole report to the temporary file and only then puts it in place. */
	commit(text: string): Promise<void>;
	/** Removes the temporary file: nothing is left of a run that did not finish its report. */
	discard(): Promise<void>;
}

function codeOf(error: unknown): string {
	return error instanceof Error && 'code' in error ? String(error.code) : 'unwritable';
}

/**
Prepares a report written whole at the end of a run (the HTML report, which needs every token before its first
byte). Before any request is sent: the name must be new (or, with `force`, a report `checkReplaceable` allows), and
a temporary file is created beside it (0600), which proves the directory writable. At the end the text goes to the
temporary file, which is then linked into place (no report appears under the name until it is whole, and a file
that appeared there meanwhile is not overwritten) or, with `force`, renamed over the old report. A mistake found
before the run is a UsageError naming the flag and the file (exit 2); a write that fails at the end leaves no file
under the name and fails the run (exit 1).
*/
export async function prepareReport(flag: string, path: string, cwd: string, force: boolean): Promise<PendingReport> {
	if (path === '') {
		throw new UsageError(`${flag} needs a file name`);
	}

	const target = resolve(cwd, path);
	const replacing = await checkReplaceable(target).catch((error: unknown) => {
		throw error instanceof UsageError ? new UsageError(error.message.replace(/^--output /, `${flag} `)) : error;
	});
	if (replacing && !force) {
		throw new UsageError(`${flag} ${target}: the file exists; tokenkit replaces a report only with --force, or choose a new name`);
	}

	const temporary = join(dirname(target), `.${basename(target)}.tokenkit-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
	let handle: FileHandle;
	try {
		handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
	} catch (error) {
		throw new UsageError(`${flag} ${target}: cannot be created (${codeOf(error)})`);
	}

	const discard = async (): Promise<void> => {
		await handle.close().catch(() => undefined);
		await unlink(temporary).catch(() => undefined);
	};

	return {
		path: target,
		async commit(text) {
			try {
				await handle.writeFile(text, 'utf8');
				await handle.sync();
				await handle.close();
				if (replacing) {
					await rename(temporary, target);
				} else {
					await link(temporary, target);
					await unlink(temporary);
				}
			} catch (error) {
				await discard();
				const code = codeOf(error);
				// Not a usage mistake: the run went well and the disk (or a file made meanwhile) stopped the last step. Exit 1.
				throw new Error(code === 'EEXIST'
					? `${flag} ${target}: a file of that name appeared while the report was made; it was left as it is and no report was written`
					: `${flag} ${target}: the report could not be written (${code}); nothing was left under that name`, {cause: error});
			}
		},
		discard,
	};
}
