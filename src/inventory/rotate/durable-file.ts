import {constants} from 'node:fs';
import {open, type FileHandle} from 'node:fs/promises';
import {dirname} from 'node:path';
import {ConfigError} from '../../errors/index.js';

/** A file that only grows, each piece on disk before `append` returns. */
export interface DurableFile {
	readonly path: string;
	/** Writes `text` at the end and flushes it to the disk (fsync) before resolving. */
	append(text: string): Promise<void>;
	close(): Promise<void>;
}

/**
Creates a new file with mode 0600 and fails if anything exists at `path` (O_EXCL): a file of keys is never
written over, and never readable by others, not even for a moment. The directory entry is flushed as well, so
after a crash the file is still there to hold the keys written to it.
*/
export async function createDurableFile(path: string): Promise<DurableFile> {
	let handle: FileHandle;
	try {
		handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
	} catch (error) {
		const code = errorCode(error);
		throw new ConfigError(code === 'EEXIST' ? `${path} exists; tokenkit never overwrites it, choose a new name` : `${path} cannot be created (${code})`);
	}

	await syncDirectory(dirname(path));
	return durable(path, handle);
}

/**
Opens a file this program created earlier, to add to it. It must be a regular file that no one else may read
or write (no group or other permission bits): keys are not added to a file that has been opened up.
*/
export async function openDurableFileForAppend(path: string): Promise<DurableFile> {
	let handle: FileHandle;
	try {
		handle = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW);
	} catch (error) {
		throw new ConfigError(`${path} cannot be opened to add to it (${errorCode(error)})`);
	}

	const info = await handle.stat();
	if (!info.isFile() || (info.mode & 0o077) !== 0) {
		await handle.close();
		throw new ConfigError(`${path} is not a private regular file (mode ${(info.mode & 0o777).toString(8)}); tokenkit adds to it only while it is 0600`);
	}

	return durable(path, handle);
}

function durable(path: string, handle: FileHandle): DurableFile {
	let closed = false;
	return {
		path,
		async append(text) {
			const bytes = Buffer.from(text, 'utf8');
			let written = 0;
			// A write may take fewer bytes than offered; the rest follows, so no record is ever cut short.
			while (written < bytes.length) {
				const {bytesWritten} = await handle.write(bytes, written, bytes.length - written);
				written += bytesWritten;
			}

			await handle.sync();
		},
		async close() {
			if (!closed) {
				closed = true;
				await handle.close();
			}
		},
	};
}

/** Flushes a directory's entries (where the platform allows it; Windows cannot open a directory). */
async function syncDirectory(path: string): Promise<void> {
	let directory: FileHandle | undefined;
	try {
		directory = await open(path, constants.O_RDONLY);
		await directory.sync();
	} catch {
		// Best effort: the file's own data is still flushed on every append.
	} finally {
		await directory?.close();
	}
}

function errorCode(error: unknown): string {
	return error instanceof Error && 'code' in error ? String(error.code) : 'failed';
}
