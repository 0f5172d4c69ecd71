import {resolve} from 'node:path';
import {formatBytes, readRegularFile} from '../read-regular-file.js';
import type {CliIo} from './io.js';
import {UsageError} from './usage-error.js';

/** The most a REF list may hold: some 10,000 REFs, far more than one run should change. */
const maxListBytes = 1024 * 1024;

/** The REFs a command was given, and whether some were read from stdin (which then cannot answer a question). */
export interface GatheredRefs {
	readonly texts: readonly string[];
	readonly fromStdin: boolean;
}

/**
The REFs of `rotate` and `revoke`: those on the command line, where `-` stands for a list read from stdin, and
those of `--refs-from FILE` (`-` for stdin too). A list holds one REF a line; blank lines and lines starting
with `#` are skipped. A list repeats a REF freely (an audit names a token once per finding): each is kept once.
*/
export async function gatherRefs(positionals: readonly string[], refsFrom: string | undefined, io: CliIo): Promise<GatheredRefs> {
	const sources = [...positionals.filter(text => text === '-').map(() => '-'), ...(refsFrom === undefined ? [] : [refsFrom])];
	if (sources.filter(source => source === '-').length > 1) {
		throw new UsageError('stdin can be read once: give "-" (or --refs-from -) only once');
	}

	const listed: string[] = [];
	for (const source of sources) {
		listed.push(...refLines(source === '-' ? await readStdin(io) : await readListFile(source, io.cwd), source === '-' ? 'stdin' : source));
	}

	const typed = positionals.filter(text => text !== '-');
	const texts = [...typed, ...listed.filter((text, index) => !typed.includes(text) && listed.indexOf(text) === index)];
	return {texts, fromStdin: sources.includes('-')};
}

function refLines(text: string, where: string): string[] {
	if (text.includes('\0')) {
		throw new UsageError(`${where}: not a list of REFs (it holds a NUL byte)`);
	}

	return text.split('\n').map(line => line.trim()).filter(line => line !== '' && !line.startsWith('#'));
}

async function readListFile(path: string, cwd: string): Promise<string> {
	if (path === '') {
		throw new UsageError('--refs-from needs a file name, or - for stdin');
	}

	const read = await readRegularFile(resolve(cwd, path), maxListBytes);
	if (!read.ok) {
		throw new UsageError(`--refs-from ${path}: ${read.problem}`);
	}

	return read.text;
}

async function readStdin(io: CliIo): Promise<string> {
	const {stdin} = io;
	if (stdin === undefined) {
		throw new UsageError('REFs from stdin ("-"), but there is no stdin to read');
	}

	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stdin) {
		const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
		size += buffer.length;
		if (size > maxListBytes) {
			throw new UsageError(`the REFs on stdin are larger than ${formatBytes(maxListBytes)}, the most tokenkit reads`);
		}

		chunks.push(buffer);
		if (io.signal.aborted) {
			break;
		}
	}

	return Buffer.concat(chunks).toString('utf8');
}
