import {constants} from 'node:fs';
import {open, type FileHandle} from 'node:fs/promises';
import {resolve} from 'node:path';
import {UsageError} from './usage-error.js';

export interface Output {
	write(text: string): void;
	/** Flushes and closes a file; a no-op for stdout. */
	close(): Promise<void>;
}

/**
Where a report goes: stdout, or a new file. An existing file is never overwritten (O_EXCL), so a report
cannot clobber something else by a typo; the file is 0600 because an inventory maps an organisation's keys.
*/
export async function openOutput(path: string | undefined, cwd: string, stdout: NodeJS.WritableStream): Promise<Output> {
	if (path === undefined || path === '-') {
		return {write: text => stdout.write(text), close: async () => Promise.resolve()};
	}

	const target = resolve(cwd, path);
	let handle: FileHandle;
	try {
		handle = await open(target, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
	} catch (error) {
		const code = error instanceof Error && 'code' in error ? String(error.code) : 'unwritable';
		throw new UsageError(`--output ${target}: ${code === 'EEXIST' ? 'the file exists; tokenkit never overwrites, choose a new name' : `cannot be created (${code})`}`);
	}

	const stream = handle.createWriteStream();
	return {
		write: text => stream.write(text),
		close: async () => new Promise<void>((done, fail) => {
			stream.once('error', fail);
			stream.end(() => {
				done();
			});
		}),
	};
}
