import {once} from 'node:events';
import {createWriteStream} from 'node:fs';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Writable} from 'node:stream';
import {afterEach, describe, expect, it} from 'vitest';
import {maxBatchBytes, openOutput} from '../../src/cli/output.js';
import {createRedactor} from '../../src/redaction/redactor.js';

const directories: string[] = [];
afterEach(async () => {
	await Promise.all(directories.splice(0).map(async directory => rm(directory, {recursive: true, force: true})));
});

/** Resolves to 'settled' when the promise does within `ms`, else to 'still waiting'. */
async function settlesWithin(promise: Promise<void>, ms: number): Promise<'settled' | 'still waiting'> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<'still waiting'>(resolve => {
		timer = setTimeout(() => {
			resolve('still waiting');
		}, ms);
	});
	try {
		return await Promise.race([promise.then(() => 'settled' as const), late]);
	} finally {
		clearTimeout(timer);
	}
}

describe('openOutput', () => {
	it('does not wait for a drain the stream already gave before drained() was called', async () => {
		const directory = await mkdtemp(join(tmpdir(), 'tokenkit-output-'));
		directories.push(directory);
		const file = join(directory, 'report.ndjson');
		// A real file stream with a small buffer: one batch fills it, and it drains as soon as the disk takes it.
		const stream = createWriteStream(file, {highWaterMark: 1024});
		const output = await openOutput(undefined, directory, stream, createRedactor());
		const drainedByStream = once(stream, 'drain');
		output.write(`${'x'.repeat(4096)}\n`);
		await drainedByStream;
		// The reader is not waiting any more: asking now must not wait for a second drain that never comes.
		expect(await settlesWithin(output.drained(), 2000)).toBe('settled');
		stream.end();
		await once(stream, 'finish');
		expect((await readFile(file, 'utf8')).length).toBe(4097);
	});

	it('hands a stream with a large buffer batches of at most 48 KiB, the text unchanged', async () => {
		const chunks: Buffer[] = [];
		// Node 22's default high-water mark: batches that large cost a fresh block of memory from the system each.
		const stream = new Writable({
			highWaterMark: 65_536,
			write(chunk: Buffer, _encoding, done) {
				chunks.push(Buffer.from(chunk));
				done();
			},
		});
		const output = await openOutput(undefined, tmpdir(), stream, createRedactor());
		// Two- and four-byte characters: a batch boundary inside one would corrupt the text.
		const lines = Array.from({length: 2000}, (_, index) => `{"line": ${index}, "pad": "${'é'.repeat(180)}${'😀'.repeat(index % 7)}"}\n`);
		for (const line of lines) {
			output.write(line);
		}

		await output.close();
		expect(chunks.map(chunk => chunk.toString('utf8')).join('')).toBe(lines.join(''));
		expect(Math.max(...chunks.map(chunk => chunk.length))).toBeLessThanOrEqual(maxBatchBytes);
		// Still batched: far fewer writes than lines.
		expect(chunks.length).toBeLessThan(lines.length / 50);
	});

	it('does not fill a batch again before a slow stream has written it', async () => {
		// The stream reads each chunk only when it finishes writing it, as a pipe does: a block filled again before
		// then would change what the stream still has to write.
		const written: string[] = [];
		const stream = new Writable({
			highWaterMark: 4 * maxBatchBytes,
			write(chunk: Buffer, _encoding, done) {
				setTimeout(() => {
					written.push(chunk.toString('utf8'));
					done();
				}, 2);
			},
		});
		const output = await openOutput(undefined, tmpdir(), stream, createRedactor());
		const lines = Array.from({length: 3000}, (_, index) => `{"line": ${index}, "pad": "${String(index % 10).repeat(200)}"}\n`);
		for (const line of lines) {
			output.write(line);
			await output.drained();
		}

		await output.close();
		await new Promise<void>(resolve => {
			stream.end(resolve);
		});
		expect(written.length).toBeGreaterThan(3);
		expect(written.join('')).toBe(lines.join(''));
	});

	it('writes a text longer than a batch whole, in its place among the others', async () => {
		const chunks: Buffer[] = [];
		const stream = new Writable({
			write(chunk: Buffer, _encoding, done) {
				chunks.push(Buffer.from(chunk));
				done();
			},
		});
		const output = await openOutput(undefined, tmpdir(), stream, createRedactor());
		const texts = ['first\n', `${'x'.repeat(maxBatchBytes)}\n`, 'last\n'];
		for (const text of texts) {
			output.write(text);
		}

		await output.close();
		expect(Buffer.concat(chunks).toString('utf8')).toBe(texts.join(''));
	});

	it('still waits while the stream is full', async () => {
		const directory = await mkdtemp(join(tmpdir(), 'tokenkit-output-'));
		directories.push(directory);
		const stream = createWriteStream(join(directory, 'report.ndjson'), {highWaterMark: 1024});
		const output = await openOutput(undefined, directory, stream, createRedactor());
		output.write(`${'x'.repeat(4096)}\n`);
		expect(stream.writableNeedDrain).toBe(true);
		await output.drained();
		expect(stream.writableNeedDrain).toBe(false);
		stream.end();
		await once(stream, 'finish');
	});
});
