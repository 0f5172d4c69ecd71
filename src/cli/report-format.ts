import type {CliIo} from './io.js';
import {UsageError} from './usage-error.js';

export const reportFormats = ['table', 'json', 'ndjson', 'csv', 'markdown'] as const;

export type ReportFormat = (typeof reportFormats)[number];

/** `--format`, or by default a table for a person at a terminal and JSON for a pipe or a file. */
export function chooseFormat(value: string | undefined, io: CliIo): ReportFormat {
	if (value === undefined) {
		return 'isTTY' in io.stdout && io.stdout.isTTY === true ? 'table' : 'json';
	}

	const format = reportFormats.find(candidate => candidate === value);
	if (format === undefined) {
		throw new UsageError(`--format must be one of ${reportFormats.join(', ')}; got "${value}"`);
	}

	return format;
}
