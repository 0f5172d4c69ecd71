import {constants} from 'node:fs';
import {open, rename, unlink, type FileHandle} from 'node:fs/promises';
import {basename, dirname, join, resolve} from 'node:path';
import {Writable} from 'node:stream';
import type {Redactor} from '../redaction/redactor.js';
import {UsageError} from './usage-error.js';

export interface Output {
	write(text: string): void;
	/**
	Resolves once the destination has taken what was written so far. Awaited between tokens, so a slow
	reader (a pipe into `less`, a busy disk) slows the listing down instead of piling output up in memory.
	*/
	drained(): Promise<void>;
	/** Whether the destination has more than it wants right now: `drained()` would wait. Cheaper to ask than to await. */
	readonly full: boolean;
	/** Writes out what is still gathered, and closes a file (stdout stays open). */
	close(): Promise<void>;
}

/**
Where a report goes: stdout, or a new file. An existing file is not overwritten (O_EXCL), so a report cannot
clobber something else by a typo; the file is 0600 because an inventory maps an organisation's keys. With
`force`, an existing report is replaced: the new one is written beside it and renamed over it once written,
and a file that holds keys (a secret file of `tokenkit rotate`, its journal or lock) is never replaced. Every
text written passes through `redactor` first.
*/
export async function openOutput(path: string | undefined, cwd: string, stdout: NodeJS.WritableStream, redactor: Redactor, force = false): Promise<Output> {
	if (path === undefined || path === '-') {
		return batchedOutput(stdout, redactor, async () => Promise.resolve());
	}

	if (path === '') {
		throw new UsageError('--output needs a file name, or - for stdout');
	}

	const target = resolve(cwd, path);
	// The check reads rotation journals: its code (and the journal's schemas) loads for --force only.
	const replacing = force && await (await import('./replaceable-report.js')).checkReplaceable(target);
	// A replacement is written beside the report, so the rename that puts it in place stays on one file system.
	const written = replacing ? join(dirname(target), `.${basename(target)}.tokenkit-${process.pid}.tmp`) : target;
	let handle: FileHandle;
	try {
		handle = await open(written, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
	} catch (error) {
		const code = error instanceof Error && 'code' in error ? String(error.code) : 'unwritable';
		throw new UsageError(`--output ${target}: ${code === 'EEXIST' && !replacing ? 'the file exists; tokenkit overwrites a report only with --force, or choose a new name' : `cannot be created (${code})`}`);
	}

	const stream = handle.createWriteStream();
	return batchedOutput(stream, redactor, async () => {
		try {
			await new Promise<void>((done, fail) => {
				stream.once('error', fail);
				stream.end(() => {
					done();
				});
			});
		} catch (error) {
			await (replacing ? unlink(written).catch(() => undefined) : undefined);
			throw error;
		}

		if (replacing) {
			await rename(written, target);
		}
	});
}

/**
The most bytes a batch gathers before it goes out. Each batch is encoded straight into a block of memory that is
used again once the stream has written it; blocks this size stay below the size (128 KiB) from which the C library
maps fresh pages from the system for each block, and a batch still takes only one write per dozen lines or so.
*/
export const maxBatchBytes = 49_152;

/** UTF-8 takes at most three bytes for a UTF-16 code unit (a surrogate pair, two units, takes four). */
const maxBytesPerChar = 3;

/**
Text is gathered and handed to the stream in batches. A report writes one line per token, and one write per
line costs a system call each (stdout to a file or a pipe), more than making the line did. Each text is encoded
into the batch as it is written, so the lines are never joined into a longer string first (joining copies every
line once more, and the copies are garbage the moment the batch is encoded). A batch goes out when the next text
might not fit (or at the stream's high-water mark, when that is smaller), or before the process next waits for
anything (the tokens of one page arrive together, and a reader such as `| jq` still sees each page as soon as
it is listed). Each text is scrubbed as it is written, whole: a secret split across two writes would escape a
scrub of each.
*/
function batchedOutput(stream: NodeJS.WritableStream, redactor: Redactor, end: () => Promise<void>): Output {
	const batchBytes = stream instanceof Writable ? Math.max(1024, Math.min(stream.writableHighWaterMark, maxBatchBytes)) : maxBatchBytes;
	// Blocks the stream has written, ready to be filled again; a block is lent to the stream until its write is done.
	const spare: Buffer[] = [];
	let batch: Buffer = Buffer.allocUnsafeSlow(batchBytes);
	let used = 0;
	// Set the moment a write finds the stream full, and listening from then on: a `drain` that comes before
	// anyone awaits `drained()` is not missed (waiting for it afterwards would wait for ever, the loop empty).
	let draining: Promise<void> | undefined;
	let scheduled: NodeJS.Immediate | undefined;
	const handOver = (chunk: Buffer | string, written?: () => void): void => {
		const accepted = stream.write(chunk, error => {
			if (error === null || error === undefined) {
				written?.();
			}
		});
		if (!accepted && draining === undefined) {
			draining = waitForDrain(stream).then(() => {
				draining = undefined;
			});
		}
	};

	const flush = (): void => {
		clearImmediate(scheduled);
		scheduled = undefined;
		if (used > 0) {
			const full = batch;
			handOver(full.subarray(0, used), () => spare.push(full));
			batch = spare.pop() ?? Buffer.allocUnsafeSlow(batchBytes);
			used = 0;
		}
	};

	return {
		write(text) {
			const scrubbed = redactor.scrub(text);
			// Counted exactly only near the end of a batch: most texts fit whatever their characters.
			const bytes = used + (scrubbed.length * maxBytesPerChar) <= batchBytes ? 0 : Buffer.byteLength(scrubbed);
			if (used + bytes > batchBytes) {
				flush();
			}

			if (bytes > batchBytes) {
				// Longer than any batch: goes out on its own, after what was gathered before it.
				handOver(scrubbed);
				return;
			}

			used += batch.write(scrubbed, used, 'utf8');
			scheduled ??= setImmediate(flush);
		},
		drained: async () => {
			await draining;
		},
		get full() {
			return draining !== undefined;
		},
		close: async () => {
			flush();
			await end();
		},
	};
}

/** Waits for `drain`, or gives up when the stream errors or closes (a reader that went away). */
async function waitForDrain(stream: NodeJS.WritableStream): Promise<void> {
	await new Promise<void>(resolve => {
		const done = (): void => {
			stream.off('drain', done);
			stream.off('error', done);
			stream.off('close', done);
			resolve();
		};

		stream.once('drain', done);
		stream.once('error', done);
		stream.once('close', done);
	});
}
