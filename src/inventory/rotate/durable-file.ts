import {constants} from 'node:fs';
import {open, type FileHandle} from 'node:fs/promises';
import {basename, dirname} from 'node:path';
import {ConfigError} from '../../errors/index.js';

/**
Writes `length` bytes of `bytes`, from `offset`, at the end of an open file and resolves with how many it took,
as `FileHandle.write` does. A seam: tests pass one that lets the disk fill up part-way through a line.
*/
export type WriteBytes = (handle: FileHandle, bytes: Uint8Array, offset: number, length: number) => Promise<number>;

/** Cuts an open file back to `size` bytes, as `FileHandle.truncate` does. A seam as `WriteBytes` is. */
export type TruncateFile = (handle: FileHandle, size: number) => Promise<void>;

export interface DurableFileOptions {
	/**
	How bytes reach the file.
	@default the file handle's own `write`
	*/
	readonly write?: WriteBytes | undefined;
	/**
	How a line that failed part-way is cut off again.
	@default the file handle's own `truncate`
	*/
	readonly truncate?: TruncateFile | undefined;
}

/** A file of lines that only grows, each line whole on disk before `append` returns. */
export interface DurableFile {
	readonly path: string;
	/**
	Writes `line` (one line, ending in a newline) at the end and flushes it to the disk (fsync) before resolving.
	A file that ends part-way through a line (cut short by a crash or a full disk) is never written onto: the
	new line starts on a line of its own. When the write or the flush fails, what it added is cut off again, so
	the file still ends with its last whole line, and the error says so (or says which line is left cut short).
	*/
	append(line: string): Promise<void>;
	close(): Promise<void>;
}

/**
Creates a new file with mode 0600 and fails if anything exists at `path` (O_EXCL): a file of keys is never
written over, and never readable by others, not even for a moment. The directory entry is flushed as well, so
after a crash the file is still there to hold the keys written to it.
*/
export async function createDurableFile(path: string, options: DurableFileOptions = {}): Promise<DurableFile> {
	let handle: FileHandle;
	try {
		handle = await open(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL, 0o600);
	} catch (error) {
		const code = errorCode(error);
		throw new ConfigError(code === 'EEXIST' ? `${path} exists; tokenkit never overwrites it, choose a new name` : `${path} cannot be created (${code})`);
	}

	await syncDirectory(dirname(path));
	return durable(path, handle, options);
}

/**
Opens a file this program created earlier, to add to it. It must be a regular file that no one else may read
or write (no group or other permission bits): keys are not added to a file that has been opened up.
*/
export async function openDurableFileForAppend(path: string, options: DurableFileOptions = {}): Promise<DurableFile> {
	let handle: FileHandle;
	try {
		handle = await open(path, constants.O_RDWR | constants.O_APPEND | constants.O_NOFOLLOW);
	} catch (error) {
		throw new ConfigError(`${path} cannot be opened to add to it (${errorCode(error)})`);
	}

	const info = await handle.stat();
	if (!info.isFile() || (info.mode & 0o077) !== 0) {
		await handle.close();
		throw new ConfigError(`${path} is not a private regular file (mode ${(info.mode & 0o777).toString(8)}); tokenkit adds to it only while it is 0600`);
	}

	return durable(path, handle, options);
}

async function durable(path: string, handle: FileHandle, options: DurableFileOptions): Promise<DurableFile> {
	const write: WriteBytes = options.write ?? (async (file, bytes, offset, length) => (await file.write(bytes, offset, length)).bytesWritten);
	const truncate: TruncateFile = options.truncate ?? (async (file, size) => file.truncate(size));
	let closed = false;
	let end = await endOf(handle);
	return {
		path,
		async append(line) {
			const bytes = Buffer.from(end.midLine ? `\n${line}` : line, 'utf8');
			let written = 0;
			try {
				// A write may take fewer bytes than offered; the rest follows, so no line is ever cut short by that.
				while (written < bytes.length) {
					written += await write(handle, bytes, written, bytes.length - written);
				}

				await handle.sync();
			} catch (error) {
				// The bytes past `end.size` are this line's alone (the file is opened by one run, under its lock),
				// and the caller counts the line as not written: cutting them off destroys no whole line.
				const cause = describeError(error);
				const cutBack = written === 0 || await cutBackTo(handle, end.size, truncate);
				end = await endOf(handle);
				throw new Error(cutBack
					? `${basename(path)} could not be written (${cause}${written > 0 ? `, after ${written} of the line's ${bytes.length} bytes, which were cut off again` : ''}); nothing of the line is left in it`
					: `${basename(path)} could not be written (${cause}, after ${written} of the line's ${bytes.length} bytes), and the part written could not be cut off: its last line is cut short`, {cause: error});
			}

			end = {size: end.size + bytes.length, midLine: false};
		},
		async close() {
			if (!closed) {
				closed = true;
				await handle.close();
			}
		},
	};
}

/** Where the file ends, and whether its last line is cut short (no newline after it). */
async function endOf(handle: FileHandle): Promise<{size: number; midLine: boolean}> {
	const {size} = await handle.stat();
	if (size === 0) {
		return {size, midLine: false};
	}

	const last = Buffer.alloc(1);
	await handle.read(last, 0, 1, size - 1);
	return {size, midLine: last[0] !== 0x0A};
}

/** Cuts the file back to `size` and flushes that; false when it could not. */
async function cutBackTo(handle: FileHandle, size: number, truncate: TruncateFile): Promise<boolean> {
	try {
		await truncate(handle, size);
		await handle.sync();
		return true;
	} catch {
		return false;
	}
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

/** A file system error as a person reads it: "ENOSPC: no space left on device" (without the system call's name). */
function describeError(error: unknown): string {
	if (!(error instanceof Error)) {
		return String(error);
	}

	const code = errorCode(error);
	return error.message.startsWith(code) ? error.message.replace(/, \w+$/, '') : `${code}: ${error.message}`;
}
