import {closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats} from 'node:fs';
import {open, stat} from 'node:fs/promises';

/** What reading a small file gave: its text and mode, or why it was not read, as words for a message. */
export type RegularFileRead =
	| {readonly ok: true; readonly text: string; readonly mode: number}
	| {readonly ok: false; readonly problem: string};

/** `64 KiB`, `1 MiB`: a limit as a person writes it. */
export function formatBytes(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes / 1024} KiB`;
}

function kindOf(info: Stats): string {
	if (info.isDirectory()) {
		return 'a directory';
	}

	if (info.isFIFO()) {
		return 'a FIFO';
	}

	if (info.isSocket()) {
		return 'a socket';
	}

	return info.isCharacterDevice() || info.isBlockDevice() ? 'a device' : 'not a file';
}

const notRegular = (info: Stats): RegularFileRead => ({ok: false, problem: `${kindOf(info)}, not a regular file`});
const tooLarge = (maxBytes: number): RegularFileRead => ({ok: false, problem: `larger than ${formatBytes(maxBytes)}, the most tokenkit reads`});

function codeOf(error: unknown): string {
	const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
	return code === 'ENOENT' ? 'no such file' : code;
}

/**
Reads a regular file of at most `maxBytes` as UTF-8. A symbolic link is followed to the file it names (secret
stores mount keys that way); anything else, a FIFO, a socket, a device or `/dev/stdin`, is refused before it
is opened, because reading one can block forever or never end. The file is opened non-blocking and checked
again once open, so one swapped in between cannot block either, and at most `maxBytes + 1` bytes are read
whatever size it claims.
*/
export async function readRegularFile(path: string, maxBytes: number): Promise<RegularFileRead> {
	let info: Stats;
	try {
		info = await stat(path);
	} catch (error) {
		return {ok: false, problem: codeOf(error)};
	}

	if (!info.isFile()) {
		return notRegular(info);
	}

	if (info.size > maxBytes) {
		return tooLarge(maxBytes);
	}

	let handle;
	try {
		handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
	} catch (error) {
		return {ok: false, problem: codeOf(error)};
	}

	try {
		const opened = await handle.stat();
		if (!opened.isFile()) {
			return notRegular(opened);
		}

		const buffer = Buffer.alloc(maxBytes + 1);
		let length = 0;
		while (length < buffer.length) {
			const {bytesRead} = await handle.read(buffer, length, buffer.length - length, length);
			if (bytesRead === 0) {
				break;
			}

			length += bytesRead;
		}

		return length > maxBytes ? tooLarge(maxBytes) : {ok: true, text: buffer.toString('utf8', 0, length), mode: opened.mode};
	} catch (error) {
		return {ok: false, problem: codeOf(error)};
	} finally {
		await handle.close();
	}
}

/**
{@link readRegularFile}, done at once: for a file a provider factory reads while it is built (a vendor's second key,
named in its own config field), where nothing may wait. The same checks in the same order.
*/
export function readRegularFileSync(path: string, maxBytes: number): RegularFileRead {
	let info: Stats;
	try {
		info = statSync(path);
	} catch (error) {
		return {ok: false, problem: codeOf(error)};
	}

	if (!info.isFile()) {
		return notRegular(info);
	}

	if (info.size > maxBytes) {
		return tooLarge(maxBytes);
	}

	let descriptor: number;
	try {
		descriptor = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
	} catch (error) {
		return {ok: false, problem: codeOf(error)};
	}

	try {
		const opened = fstatSync(descriptor);
		if (!opened.isFile()) {
			return notRegular(opened);
		}

		const buffer = Buffer.alloc(maxBytes + 1);
		let length = 0;
		while (length < buffer.length) {
			const bytesRead = readSync(descriptor, buffer, length, buffer.length - length, length);
			if (bytesRead === 0) {
				break;
			}

			length += bytesRead;
		}

		return length > maxBytes ? tooLarge(maxBytes) : {ok: true, text: buffer.toString('utf8', 0, length), mode: opened.mode};
	} catch (error) {
		return {ok: false, problem: codeOf(error)};
	} finally {
		closeSync(descriptor);
	}
}
