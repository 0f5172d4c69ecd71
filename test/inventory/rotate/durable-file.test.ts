import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {createDurableFile, openDurableFileForAppend} from '../../../src/inventory/rotate/durable-file.js';
import {fullDisk} from '../../support/full-disk.js';

async function newPath(): Promise<string> {
	return join(await mkdtemp(join(tmpdir(), 'tokenkit-durable-')), 'keys.jsonl');
}

describe('a durable file on a disk that fills up part-way through a line', () => {
	it('cuts the part written off again and says so, so the file ends with its last whole line', async () => {
		const path = await newPath();
		const disk = fullDisk();
		const file = await createDurableFile(path, {write: disk.write});
		await file.append('{"n":1}\n');
		disk.fill(5);
		await expect(file.append('{"n":2,"key":"abcdef"}\n')).rejects.toThrow('keys.jsonl could not be written (ENOSPC: no space left on device, after 5 of the line\'s 23 bytes, which were cut off again); nothing of the line is left in it');
		expect(await readFile(path, 'utf8')).toBe('{"n":1}\n');

		// Space again: the next line goes where the cut one would have gone, and the one after it after that.
		disk.free();
		await file.append('{"n":3}\n');
		await file.close();
		expect(await readFile(path, 'utf8')).toBe('{"n":1}\n{"n":3}\n');
	});

	it('says nothing of bytes when the disk took none', async () => {
		const path = await newPath();
		const file = await createDurableFile(path, {write: fullDisk(0).write});
		await expect(file.append('{"n":1}\n')).rejects.toThrow('keys.jsonl could not be written (ENOSPC: no space left on device); nothing of the line is left in it');
		await file.close();
		expect(await readFile(path, 'utf8')).toBe('');
	});

	it('never writes onto a line an earlier run left cut short: the next line starts on its own', async () => {
		const path = await newPath();
		const file = await createDurableFile(path);
		await file.append('{"n":1}\n');
		await file.close();
		await writeFile(path, '{"n":2,"ke', {flag: 'a'});

		const again = await openDurableFileForAppend(path);
		await again.append('{"n":3}\n');
		await again.append('{"n":4}\n');
		await again.close();
		expect((await readFile(path, 'utf8')).split('\n')).toEqual(['{"n":1}', '{"n":2,"ke', '{"n":3}', '{"n":4}', '']);
	});

	it('leaves a line cut short by an earlier run as it is when the next line fails too, and starts a new one after', async () => {
		const path = await newPath();
		await (await createDurableFile(path)).close();
		await writeFile(path, '{"n":1}\n{"n":2,"ke', {flag: 'a'});
		const disk = fullDisk(3);
		const file = await openDurableFileForAppend(path, {write: disk.write});
		await expect(file.append('{"n":3}\n')).rejects.toThrow(/after 3 of the line's 9 bytes, which were cut off again/);
		expect(await readFile(path, 'utf8')).toBe('{"n":1}\n{"n":2,"ke');
		disk.free();
		await file.append('{"n":3}\n');
		await file.close();
		expect(await readFile(path, 'utf8')).toBe('{"n":1}\n{"n":2,"ke\n{"n":3}\n');
	});
});

describe('a durable file whose failed line cannot be cut off', () => {
	it('says the last line is cut short, and starts the next line on its own', async () => {
		const path = await newPath();
		const disk = fullDisk();
		disk.failTruncate();
		const file = await createDurableFile(path, disk);
		await file.append('{"n":1}\n');
		disk.fill(4);
		await expect(file.append('{"n":2}\n')).rejects.toThrow('keys.jsonl could not be written (ENOSPC: no space left on device, after 4 of the line\'s 8 bytes), and the part written could not be cut off: its last line is cut short');
		disk.free();
		await file.append('{"n":3}\n');
		await file.close();
		expect(await readFile(path, 'utf8')).toBe('{"n":1}\n{"n"\n{"n":3}\n');
	});
});
