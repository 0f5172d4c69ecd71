import {extname} from 'node:path';
import type {CliIo} from './io.js';
import {UsageError} from './usage-error.js';

export const reportFormats = ['table', 'json', 'ndjson', 'csv', 'markdown'] as const;

export type ReportFormat = (typeof reportFormats)[number];

/** The format an `--output` file's extension names; `.txt` is the table a person reads. */
const formatsByExtension: Readonly<Record<string, ReportFormat>> = {
	'.csv': 'csv',
	'.json': 'json',
	'.ndjson': 'ndjson',
	'.jsonl': 'ndjson',
	'.md': 'markdown',
	'.markdown': 'markdown',
	'.txt': 'table',
};

/**
`--format`; else the extension of `--output` (`.csv`, `.json`, `.ndjson` or `.jsonl`, `.md`, `.txt`); else a table for a
person at a terminal and JSON for a pipe or a file.
*/
export function chooseFormat(value: string | undefined, io: CliIo, output?: string): ReportFormat {
	if (value === undefined) {
		const byExtension = output === undefined || output === '-' ? undefined : formatsByExtension[extname(output).toLowerCase()];
		return byExtension ?? ('isTTY' in io.stdout && io.stdout.isTTY === true ? 'table' : 'json');
	}

	const format = reportFormats.find(candidate => candidate === value);
	if (format === undefined) {
		throw new UsageError(`--format must be one of ${reportFormats.join(', ')}; got "${value}"`);
	}

	return format;
}
