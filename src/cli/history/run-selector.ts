import {diffClasses, type DiffClass} from '../../history/diff-runs.js';
import {diffFormats, type DiffFormat} from '../../history/report/diff-report.js';
import type {ReportFormat} from '../report-format.js';
import type {RunSelector} from '../../history/select-runs.js';
import {didYouMean} from '../../did-you-mean.js';
import {UsageError} from '../usage-error.js';

const day = 86_400_000;

/**
A RUN as `--from` and `--to` take it: a run id; `latest`; `Nd` (the newest complete run at least N days old); or an
ISO 8601 date or time (the newest complete run saved by then; a date alone means the end of that day, UTC).
*/
export function parseRunSelector(flag: string, value: string, now: number = Date.now()): RunSelector {
	if (/^\d+$/.test(value)) {
		const id = Number(value);
		if (Number.isSafeInteger(id) && id > 0) {
			return id;
		}
	}

	if (value === 'latest') {
		return 'latest';
	}

	const ago = /^(\d{1,5})d$/.exec(value);
	if (ago !== null) {
		return new Date(now - Number(ago[1]) * day);
	}

	if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
		const end = Date.parse(`${value}T23:59:59.999Z`);
		if (!Number.isNaN(end)) {
			return new Date(end);
		}
	}

	if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) {
		return new Date(value);
	}

	throw new UsageError(`--${flag} takes a run id (tokenkit history lists them), "latest", a number of days ago such as 7d, or a date such as 2026-03-01; got "${value}"`);
}

/** `--fail-on` of `tokenkit diff`: comma-separated classes, each one tokenkit knows. */
export function parseFailOn(values: readonly string[] | undefined): DiffClass[] {
	const names = (values ?? []).flatMap(value => value.split(',')).map(name => name.trim()).filter(name => name !== '');
	return names.map(name => {
		const known = diffClasses.find(candidate => candidate === name);
		if (known === undefined) {
			throw new UsageError(`--fail-on: unknown class "${name}"${didYouMean(name, diffClasses)} (known: ${diffClasses.join(', ')})`);
		}

		return known;
	});
}

/** The formats `history` and `diff` write, out of those `--format` names for every command. */
export function historyFormat(format: ReportFormat): DiffFormat {
	const found = diffFormats.find(candidate => candidate === format);
	if (found === undefined) {
		throw new UsageError(`--format ${format} is not a format of the history; use one of ${diffFormats.join(', ')}`);
	}

	return found;
}
