import type {Stats} from 'node:fs';
import {lstat, open} from 'node:fs/promises';
import {journalPathOf} from '../inventory/rotate/journal.js';
import {UsageError} from './usage-error.js';

/** How much of an existing file is read to tell a report from a file of keys. */
const sniffBytes = 64 * 1024;

/**
Whether `--output FILE --force` may replace FILE: true when it exists and is a report, false when there is
nothing to replace. A file that is, or may be, where `tokenkit rotate` put new keys is refused: a secret file
(it has a journal beside it, or holds a line with a `key`), a journal or its lock. So is anything but a plain
file (a directory, a device, a symbolic link whose target would be left as it was), so `--force` cannot be
turned against something a report was never written to.
*/
export async function checkReplaceable(path: string): Promise<boolean> {
	let info: Stats;
	try {
		info = await lstat(path);
	} catch (error) {
		if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
			return false;
		}

		throw new UsageError(`--output ${path} cannot be checked (${error instanceof Error ? error.message : String(error)})`);
	}

	const refuse = (why: string): never => {
		throw new UsageError(`--output ${path}: ${why}; --force replaces only a report. Choose a new name`);
	};

	if (!info.isFile()) {
		refuse(info.isSymbolicLink() ? 'it is a symbolic link' : 'it is not a regular file');
	}

	if (/\.journal(\.lock)?$/.test(path)) {
		refuse('it is the journal of a rotation (or its lock)');
	}

	if (await exists(journalPathOf(path))) {
		refuse('it is the secret file of a rotation (its journal is beside it) and holds new keys');
	}

	if (holdsKeys(await head(path))) {
		refuse('it holds keys (a line with a "key" field, as a secret file of tokenkit rotate has)');
	}

	return true;
}

async function exists(path: string): Promise<boolean> {
	try {
		await lstat(path);
		return true;
	} catch {
		return false;
	}
}

async function head(path: string): Promise<string> {
	const handle = await open(path, 'r');
	try {
		const buffer = Buffer.alloc(sniffBytes);
		const {bytesRead} = await handle.read(buffer, 0, sniffBytes, 0);
		return buffer.subarray(0, bytesRead).toString('utf8');
	} finally {
		await handle.close();
	}
}

/** A line that is a JSON object with a `key` string: the shape of a secret record. */
function holdsKeys(text: string): boolean {
	return text.split('\n').some(line => {
		if (!line.includes('"key"')) {
			return false;
		}

		try {
			const parsed: unknown = JSON.parse(line);
			return typeof parsed === 'object' && parsed !== null && 'key' in parsed && typeof parsed.key === 'string';
		} catch {
			return false;
		}
	});
}
