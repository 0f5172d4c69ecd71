import {Writable} from 'node:stream';

/** A stdout that takes every write at once and keeps each as it came: how many writes a report took, and what. */
export function recordingStdout(): {readonly stdout: Writable; readonly writes: string[]} {
	const writes: string[] = [];
	const stdout = new Writable({
		write(chunk: Buffer | string, _encoding, callback) {
			writes.push(String(chunk));
			callback();
		},
	});
	return {stdout, writes};
}

/**
A stdout slower than the report (a millisecond a write, a 1 KiB high-water mark), which notes the most it ever held
unwritten: a command that ignores backpressure piles its report up here.
*/
export function slowStdout(): {readonly stdout: Writable; readonly chunks: string[]; readonly most: () => number} {
	let most = 0;
	const chunks: string[] = [];
	const stdout = new Writable({
		highWaterMark: 1024,
		write(chunk: Buffer | string, _encoding, callback) {
			chunks.push(String(chunk));
			setTimeout(callback, 1);
		},
	});
	const measure = stdout.write.bind(stdout);
	stdout.write = (chunk: string | Uint8Array): boolean => {
		const accepted = measure(chunk);
		most = Math.max(most, stdout.writableLength);
		return accepted;
	};

	return {stdout, chunks, most: () => most};
}

/** A stderr that throws everything away. */
export function discardingStderr(): Writable {
	return new Writable({write: (_chunk, _encoding, callback) => {
		callback();
	}});
}
