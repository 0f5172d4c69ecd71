import {spawn} from 'node:child_process';
import {createReadStream} from 'node:fs';
import {open, rm} from 'node:fs/promises';
import {Readable} from 'node:stream';
import {createLineCounter, type LineCount} from './line-counter.js';

/**
Where the command's stdout goes. A pipe is `tokenkit inventory | jq …`: Node writes to a pipe asynchronously,
so a writer that ignores back-pressure piles up what the reader has not taken yet. A file is `> out.ndjson`:
Node writes to a file synchronously, so nothing can pile up.
*/
export type OutputKind = 'pipe' | 'file';

export interface InventoryProcessResult extends LineCount {
	readonly exitCode: number | null;
	readonly wallMs: number;
	/** The kernel's high-water mark of the command's resident memory (`process.resourceUsage().maxRSS`). */
	readonly peakRssMb: number;
}

/**
Injected with `--import`: at exit the command writes its own peak RSS to file descriptor 3, which the
benchmark reads. A data URL keeps it out of the command's code and needs no file on disk.
*/
const reportPeakRss = `data:text/javascript,${encodeURIComponent(
	'import {writeSync} from "node:fs"; process.on("exit", () => { writeSync(3, JSON.stringify({maxRssKb: process.resourceUsage().maxRSS})); });',
)}`;

/**
Runs `tokenkit inventory --format ndjson` in its own process, node started with `nodeFlags` (`--max-old-space-size`,
say, as NODE_OPTIONS would set it), and measures its peak memory.
*/
export async function inventoryProcess(cliPath: string, configPath: string, output: OutputKind, outputFile: string, nodeFlags: readonly string[], signal: AbortSignal): Promise<InventoryProcessResult> {
	const file = output === 'file' ? await open(outputFile, 'w', 0o600) : undefined;
	try {
		const started = performance.now();
		const child = spawn(process.execPath, [...nodeFlags, `--import=${reportPeakRss}`, cliPath, 'inventory', '--config', configPath, '--format', 'ndjson', '--quiet'], {
			stdio: ['ignore', file?.fd ?? 'pipe', 'pipe', 'pipe'],
			signal,
		});
		const counter = createLineCounter();
		const [, stdout, stderr, reporter] = child.stdio;
		if (stdout instanceof Readable) {
			stdout.setEncoding('utf8');
			stdout.on('data', counter.add);
		}

		const errors = collect(stderr);
		const report = collect(reporter);
		const exitCode = await new Promise<number | null>((resolve, reject) => {
			child.once('error', reject);
			child.once('close', resolve);
		});
		const wallMs = performance.now() - started;
		if (exitCode !== 0) {
			throw new Error(`tokenkit inventory exited with ${exitCode}: ${errors().slice(0, 4000)}`);
		}

		const maxRssKb: unknown = Reflect.get(Object(JSON.parse(report() || '{}')), 'maxRssKb');
		if (typeof maxRssKb !== 'number') {
			throw new TypeError('tokenkit inventory did not report its peak memory');
		}

		const count = output === 'file' ? await countFile(outputFile) : counter.count;
		return {...count, exitCode, wallMs, peakRssMb: maxRssKb / 1024};
	} finally {
		await file?.close();
		await rm(outputFile, {force: true});
	}
}

function collect(stream: unknown): () => string {
	let text = '';
	if (stream instanceof Readable) {
		stream.setEncoding('utf8');
		stream.on('data', (chunk: string) => {
			text += chunk;
		});
	}

	return () => text;
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
