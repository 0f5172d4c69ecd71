import {constants} from 'node:fs';
import {open, type FileHandle} from 'node:fs/promises';
import {resolve} from 'node:path';
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
	/** Writes out what is still gathered, and closes a file (stdout stays open). */
	close(): Promise<void>;
}

/**
Where a report goes: stdout, or a new file. An existing file is never overwritten (O_EXCL), so a report
cannot clobber something else by a typo; the file is 0600 because an inventory maps an organisation's keys.
Every text written passes through `redactor` first.
*/
export async function openOutput(path: string | undefined, cwd: string, stdout: NodeJS.WritableStream, redactor: Redactor): Promise<Output> {
	if (path === undefined || path === '-') {
		return batchedOutput(stdout, redactor, async () => Promise.resolve());
	}

	if (path === '') {
		throw new UsageError('--output needs a file name, or - for stdout');
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
	return batchedOutput(stream, redactor, async () => new Promise<void>((done, fail) => {
		stream.once('error', fail);
		stream.end(() => {
			done();
		});
	}));
}

/**
Text is gathered and handed to the stream in batches. A report writes one line per token, and one write per
line costs a system call each (stdout to a file or a pipe), more than making the line did. A batch goes out
when it reaches the stream's high-water mark, or before the process next waits for anything (the tokens of
one page arrive together, and a reader such as `| jq` still sees each page as soon as it is listed). Each text is
scrubbed as it is written, whole: a secret split across two batches would escape a scrub of each batch.
*/
function batchedOutput(stream: NodeJS.WritableStream, redactor: Redactor, end: () => Promise<void>): Output {
	const batchChars = stream instanceof Writable ? stream.writableHighWaterMark : 16_384;
	let pending = '';
	// Set when a write fills the stream, and settled by its `drain`: listened for at once, since the stream may
	// drain before anyone asks (a fast file), and a `drain` nobody was listening for would never come again.
	let draining: Promise<void> | undefined;
	let scheduled: NodeJS.Immediate | undefined;
	const flush = (): void => {
		clearImmediate(scheduled);
		scheduled = undefined;
		if (pending !== '') {
			const accepted = stream.write(pending);
			pending = '';
			if (!accepted && draining === undefined) {
				draining = waitForDrain(stream).finally(() => {
					draining = undefined;
				});
			}
		}
	};

	return {
		write(text) {
			pending += redactor.scrub(text);
			if (pending.length >= batchChars) {
				flush();
			} else {
				scheduled ??= setImmediate(flush);
			}
		},
		drained: async () => {
			await draining;
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
