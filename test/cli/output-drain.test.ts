import {Writable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {openOutput} from '../../src/cli/output.js';
import {createRedactor} from '../../src/redaction/redactor.js';

/** Settles with 'drained', or 'stuck' when the wait outlives `ms`. */
async function within(wait: Promise<void>, ms: number): Promise<'drained' | 'stuck'> {
	let timer: NodeJS.Timeout | undefined;
	const stuck = new Promise<'stuck'>(resolve => {
		timer = setTimeout(() => {
			resolve('stuck');
		}, ms);
	});
	const result = await Promise.race([wait.then(() => 'drained' as const), stuck]);
	clearTimeout(timer);
	return result;
}

describe('a report written to a stream that fills and drains quickly', () => {
	it('is not kept waiting for a drain that came before anyone asked', async () => {
		// A stream that finishes each write a moment later, as a file does: over its mark after a large write, then drained.
		const stream = new Writable({highWaterMark: 64, write: (_chunk, _encoding, callback) => {
			setImmediate(callback);
		}});
		let drains = 0;
		stream.on('drain', () => drains++);
		const output = await openOutput(undefined, process.cwd(), stream, createRedactor());
		output.write('x'.repeat(1000));
		// The drain has come and gone by the time the writer asks whether it may go on.
		await new Promise(resolve => setTimeout(resolve, 20));
		expect(drains).toBe(1);
		expect(await within(output.drained(), 1000)).toBe('drained');
		await output.close();
	});

	it('still waits while the stream is full', async () => {
		let release: (() => void) | undefined;
		const stream = new Writable({highWaterMark: 64, write: (_chunk, _encoding, callback) => {
			release = () => {
				callback();
			};
		}});
		const output = await openOutput(undefined, process.cwd(), stream, createRedactor());
		output.write('x'.repeat(1000));
		const waiting = output.drained();
		expect(await within(waiting, 100)).toBe('stuck');
		release?.();
		expect(await within(waiting, 1000)).toBe('drained');
	});
});
