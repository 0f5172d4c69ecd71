import {createReadStream} from 'node:fs';
import {open, rm} from 'node:fs/promises';
import {runMeasuredChild, type ChildCost} from '../measured-child.js';
import {createLineCounter, type LineCount} from './line-counter.js';

/**
Where the command's stdout goes. A pipe is `tokenkit inventory | jq …`: Node writes to a pipe asynchronously,
so a writer that ignores back-pressure piles up what the reader has not taken yet. A file is `> out.ndjson`:
Node writes to a file synchronously, so nothing can pile up.
*/
export type OutputKind = 'pipe' | 'file';

export interface InventoryProcessResult extends LineCount, ChildCost {
	readonly exitCode: number;
}

/**
Runs `tokenkit inventory --config FILE --format ndjson --quiet` (and `commandFlags`) in its own process, node started with `nodeFlags`
(`--max-old-space-size`, say, as NODE_OPTIONS would set it), and measures it (wall time, CPU time and peak memory,
measured-child.ts). Its output is counted line by line as it comes, never held.
*/
export async function inventoryProcess(cliPath: string, configPath: string, output: OutputKind, outputFile: string, nodeFlags: readonly string[], signal: AbortSignal, commandFlags: readonly string[] = []): Promise<InventoryProcessResult> {
	const file = output === 'file' ? await open(outputFile, 'w', 0o600) : undefined;
	try {
		const counter = createLineCounter();
		const run = await runMeasuredChild(cliPath, ['inventory', '--config', configPath, '--format', 'ndjson', '--quiet', ...commandFlags], {
			nodeFlags,
			stdout: file?.fd ?? 'pipe',
			onStdout: counter.add,
			signal,
		});
		if (run.exitCode !== 0) {
			throw new Error(`tokenkit inventory exited with ${run.exitCode}: ${run.stderr}`);
		}

		const count = output === 'file' ? await countFile(outputFile) : counter.count;
		return {...count, exitCode: run.exitCode, wallMs: run.wallMs, cpuMs: run.cpuMs, peakRssMb: run.peakRssMb};
	} finally {
		await file?.close();
		await rm(outputFile, {force: true});
	}
}

async function countFile(path: string): Promise<LineCount> {
	const counter = createLineCounter();
	for await (const chunk of createReadStream(path, {encoding: 'utf8'})) {
		if (typeof chunk === 'string') {
			counter.add(chunk);
		}
	}

	return counter.count;
}
