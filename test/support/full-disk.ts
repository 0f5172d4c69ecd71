import type {TruncateFile, WriteBytes} from '../../src/inventory/rotate/durable-file.js';

/** A disk for the durable-file seam: real writes to real files, until the room the test gave it runs out. */
export interface FullDisk {
	readonly write: WriteBytes;
	/** Truncates for real, unless `failTruncate` was called. */
	readonly truncate: TruncateFile;
	/** From now on a truncate fails with EIO, so a line cut short stays as the failed write left it. */
	failTruncate(): void;
	/** From now on the disk takes `bytes` more bytes (a short write), then every write fails with ENOSPC. */
	fill(bytes: number): void;
	/** Room again, as after the user freed space. */
	free(): void;
}

export function fullDisk(room = Number.POSITIVE_INFINITY): FullDisk {
	let left = room;
	let truncateFails = false;
	return {
		async write(handle, bytes, offset, length) {
			if (left <= 0) {
				// What Node's fs gives for a write the kernel refused with ENOSPC.
				throw Object.assign(new Error('ENOSPC: no space left on device, write'), {code: 'ENOSPC', errno: -28, syscall: 'write'});
			}

			const {bytesWritten} = await handle.write(bytes, offset, Math.min(length, left));
			left -= bytesWritten;
			return bytesWritten;
		},
		async truncate(handle, size) {
			if (truncateFails) {
				throw Object.assign(new Error('EIO: i/o error, ftruncate'), {code: 'EIO', errno: -5, syscall: 'ftruncate'});
			}

			await handle.truncate(size);
		},
		failTruncate() {
			truncateFails = true;
		},
		fill(bytes) {
			left = bytes;
		},
		free() {
			left = Number.POSITIVE_INFINITY;
		},
	};
}
