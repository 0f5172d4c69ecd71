import {extname} from 'node:path';
import type {CliIo} from './io.js';
import {UsageError} from './usage-error.js';

export const reportFormats = ['table', 'json', 'ndjson', 'csv', 'markdown'] as const;

export type ReportFormat = (typeof reportFormats)[number];

/** Formats only one command writes: `audit --format sarif`, `inventory --format openmetrics`. */
export const commandFormats = ['sarif', 'openmetrics'] as const;

export type CommandFormat = (typeof commandFormats)[number];

/** The format an `--output` file's extension names; `.txt` is the table a person reads. */
const formatsByExtension: Readonly<Record<string, ReportFormat | CommandFormat>> = {
	'.csv': 'csv',
	'.json': 'json',
	'.ndjson': 'ndjson',
	'.jsonl': 'ndjson',
	'.md': 'markdown',
	'.markdown': 'markdown',
	'.txt': 'table',
	'.sarif': 'sarif',
	'.prom': 'openmetrics',
};

/**
`--format`; else the extension of `--output` (`.csv`, `.json`, `.ndjson` or `.jsonl`, `.md`, `.txt`, and `.sarif` or
`.prom` where the command takes that format); else a table for a person at a terminal and JSON for a pipe or a file.
`Extra` comes from `extra` alone (NoInfer): a call passed straight to a narrower parameter must not widen it.
*/
export function chooseFormat<const Extra extends CommandFormat = never>(value: string | undefined, io: CliIo, output?: string, extra: readonly Extra[] = []): ReportFormat | NoInfer<Extra> {
	// `.sarif` and `.prom` name a format only for the command that writes it.
	const known: readonly (ReportFormat | Extra)[] = [...reportFormats, ...extra];
	const find = (name: string | undefined) => known.find(candidate => candidate === name);
	if (value === undefined) {
		const byExtension = output === undefined || output === '-' ? undefined : find(formatsByExtension[extname(output).toLowerCase()]);
		return byExtension ?? ('isTTY' in io.stdout && io.stdout.isTTY === true ? 'table' : 'json');
	}

	const format = find(value);
	if (format === undefined) {
		throw new UsageError(`--format must be one of ${known.join(', ')}; got "${value}"`);
	}

	return format;
}
