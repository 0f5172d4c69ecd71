import {spawn} from 'node:child_process';
import {Readable} from 'node:stream';

/** What a child process cost, by its own accounting and by the clock of the process that started it. */
export interface ChildCost {
	/** From just before the spawn to the child's exit with its output read: start-up included. */
	readonly wallMs: number;
	/** User plus system CPU time of the child, every thread included (`process.resourceUsage()` at exit). */
	readonly cpuMs: number;
	/** The kernel's high-water mark of the child's resident memory (`maxRSS`). */
	readonly peakRssMb: number;
}

export interface MeasuredChild extends ChildCost {
	readonly exitCode: number;
	/** The start of what the child wrote to stderr, for an error message. */
	readonly stderr: string;
}

export interface MeasuredChildOptions {
	/** Node flags before the script (`--max-old-space-size=96`, say). */
	readonly nodeFlags?: readonly string[] | undefined;
	/** A file descriptor to write to, or a pipe whose text goes to `onStdout` chunk by chunk. */
	readonly stdout: number | 'pipe';
	readonly onStdout?: ((chunk: string) => void) | undefined;
	/** The child's environment; the benchmark's own when left out. */
	readonly env?: NodeJS.ProcessEnv | undefined;
	/** Stops the child. */
	readonly signal: AbortSignal;
}

/**
Injected with `--import`: at exit the child writes its own resource usage to file descriptor 3, which the
benchmark reads. A data URL keeps it out of the measured program's code and needs no file on disk; the
kernel's counters see the whole process, module loading and garbage collection included.
*/
const reportUsage = `data:text/javascript,${encodeURIComponent(
	'import {writeSync} from "node:fs"; process.on("exit", () => { const usage = process.resourceUsage(); '
	+ 'writeSync(3, JSON.stringify({maxRssKb: usage.maxRSS, userMicros: usage.userCPUTime, systemMicros: usage.systemCPUTime})); });',
)}`;

/** Longest stderr kept: only the start of it helps when a child fails. */
const stderrLimit = 4000;

/**
Runs `node [flags] script [args]` with this process's Node (`process.execPath`) and measures it: wall time from
just before the spawn to the exit, CPU time and peak memory from the child's own accounting. Rejects when the
child reports no usage (it was killed, or crashed before its exit handlers ran).
*/
export async function runMeasuredChild(script: string, args: readonly string[], options: MeasuredChildOptions): Promise<MeasuredChild> {
	const started = performance.now();
	const child = spawn(process.execPath, [...options.nodeFlags ?? [], `--import=${reportUsage}`, script, ...args], {
		stdio: ['ignore', options.stdout, 'pipe', 'pipe'],
		env: options.env ?? process.env,
		signal: options.signal,
	});
	const [, stdout, stderr, reporter] = child.stdio;
	if (stdout instanceof Readable) {
		stdout.setEncoding('utf8');
		stdout.on('data', (chunk: string) => options.onStdout?.(chunk));
	}

	const errors = collect(stderr, stderrLimit);
	const report = collect(reporter, Number.POSITIVE_INFINITY);
	const exitCode = await new Promise<number | null>((resolve, reject) => {
		child.once('error', reject);
		child.once('close', resolve);
	});
	const wallMs = performance.now() - started;
	const usage: unknown = JSON.parse(report() || '{}');
	const number = (name: string): number | undefined => {
		const value: unknown = typeof usage === 'object' && usage !== null ? Reflect.get(usage, name) : undefined;
		return typeof value === 'number' ? value : undefined;
	};

	const maxRssKb = number('maxRssKb');
	const userMicros = number('userMicros');
	const systemMicros = number('systemMicros');
	if (exitCode === null || maxRssKb === undefined || userMicros === undefined || systemMicros === undefined) {
		throw new Error(`${script} ended without reporting its resource usage (exit code ${exitCode}): ${errors()}`);
	}

	return {exitCode, wallMs, cpuMs: (userMicros + systemMicros) / 1000, peakRssMb: maxRssKb / 1024, stderr: errors()};
}

function collect(stream: unknown, limit: number): () => string {
	let text = '';
	if (stream instanceof Readable) {
		stream.setEncoding('utf8');
		stream.on('data', (chunk: string) => {
			text = (text + chunk).slice(0, limit);
		});
	}

	return () => text;
}
