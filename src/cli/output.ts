import {constants} from 'node:fs';
import {open, type FileHandle} from 'node:fs/promises';
import {resolve} from 'node:path';
import {UsageError} from './usage-error.js';

export interface Output {
	write(text: string): void;
	/**
	Resolves once the destination has taken what was written so far. Awaited between tokens, so a slow
	reader (a pipe into `less`, a busy disk) slows the listing down instead of piling output up in memory.
	*/
	drained(): Promise<void>;
	/** Flushes and closes a file; a no-op for stdout. */
	close(): Promise<void>;
}

/**
Where a report goes: stdout, or a new file. An existing file is never overwritten (O_EXCL), so a report
cannot clobber something else by a typo; the file is 0600 because an inventory maps an organisation's keys.
*/
export async function openOutput(path: string | undefined, cwd: string, stdout: NodeJS.WritableStream): Promise<Output> {
	if (path === undefined || path === '-') {
		let full = false;
		return {
			write(text) {
				full = !stdout.write(text) || full;
			},
			drained: async () => {
				if (full) {
					await waitForDrain(stdout);
					full = false;
				}
			},
			close: async () => Promise.resolve(),
		};
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
	let full = false;
	return {
		write(text) {
			full = !stream.write(text) || full;
		},
		drained: async () => {
			if (full) {
				await waitForDrain(stream);
				full = false;
			}
		},
		close: async () => new Promise<void>((done, fail) => {
			stream.once('error', fail);
			stream.end(() => {
				done();
			});
		}),
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
