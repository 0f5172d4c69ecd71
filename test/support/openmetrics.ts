/*
A strict reader of the OpenMetrics 1.0 text format, written from the specification's ABNF and its "Text format"
rules (OpenObservability/OpenMetrics, specification/OpenMetrics.md), for tests only. No parser on npm is kept up
for OpenMetrics: the one for Prometheus' text format (parse-prometheus-text-format) has had no release in years
and accepts what OpenMetrics forbids (no `# EOF`, interleaved families, a UNIT that is no suffix). This one refuses
everything the grammar or those rules refuse, and says where.

Covered: the ABNF of `exposition`, `metric-descriptor`, `sample`, `labels`, `escaped-string`, `number` and
`metricname`; UTF-8 without a BOM; LF line endings only; `# EOF` last; at most one TYPE, UNIT and HELP per
family, before its samples; a UNIT that is the name's suffix; families not interleaved and named once; unique
label names in a sample and unique label sets in a family. A sample named with a suffix its family's type does not have starts a new family of
type unknown, as the specification says. Exemplars are parsed by the grammar but not needed here.
*/

export interface Sample {
	readonly name: string;
	readonly labels: Readonly<Record<string, string>>;
	readonly value: number;
}

export interface MetricFamily {
	readonly name: string;
	type: string;
	unit: string | undefined;
	help: string | undefined;
	readonly samples: Sample[];
}

export class OpenMetricsSyntaxError extends Error {
	override name = 'OpenMetricsSyntaxError' as const;
}

const metricTypes = ['counter', 'gauge', 'histogram', 'gaugehistogram', 'stateset', 'info', 'summary', 'unknown'];
const metricName = /^[A-Za-z_:][A-Za-z0-9_:]*/;
const labelName = /^[A-Za-z_][A-Za-z0-9_]*/;
// realnumber, then the case-insensitive inf, infinity and nan.
const realNumber = /^[+-]?(?:\d+(?:\.\d*)?(?:e[+-]?\d+)?|\d*\.\d+(?:e[+-]?\d+)?)$/;
const specialNumber = /^(?:[+-]?(?:inf|infinity)|nan)$/i;

/** Reads one escaped-string up to `end` (a double quote, or the end of the line); returns the text and where it stopped. */
function escapedString(line: string, start: number, end: '"' | 'line', fail: (message: string) => never): {text: string; next: number} {
	let text = '';
	let index = start;
	for (;;) {
		const character = line[index];
		if (character === undefined) {
			if (end === 'line') {
				return {text, next: index};
			}

			return fail('a label value is not closed by a double quote');
		}

		if (end === '"' && character === '"') {
			return {text, next: index + 1};
		}

		if (character === '"') {
			return fail('a double quote in HELP text must be escaped');
		}

		// A pair of surrogates is one character; one alone is no Unicode character and cannot be UTF-8.
		const code = line.codePointAt(index) ?? 0;
		if (code >= 0xD8_00 && code <= 0xDF_FF) {
			return fail('a lone surrogate is not a Unicode character');
		}

		if (character === '\\') {
			const next = line[index + 1];
			if (next === undefined) {
				return fail('a backslash ends the text');
			}

			text += next === 'n' ? '\n' : next === '"' || next === '\\' ? next : `\\${next}`;
			index += 2;
			continue;
		}

		const whole = String.fromCodePoint(code);
		text += whole;
		index += whole.length;
	}
}

function parseNumber(text: string, fail: (message: string) => never): number {
	if (realNumber.test(text)) {
		return Number(text);
	}

	if (specialNumber.test(text)) {
		return /nan/i.test(text) ? Number.NaN : text.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
	}

	return fail(`"${text}" is not a number`);
}

/** Parses an exposition, or throws an OpenMetricsSyntaxError naming the line and what is wrong. */
export function parseOpenMetrics(text: string): Map<string, MetricFamily> {
	if (text.startsWith('\uFEFF')) {
		throw new OpenMetricsSyntaxError('a byte order mark must not be used');
	}

	if (text.includes('\r')) {
		throw new OpenMetricsSyntaxError('line endings must be LF; the text holds a carriage return');
	}

	const lines = text.split('\n');
	if (lines.at(-1) === '') {
		lines.pop();
	}

	if (lines.at(-1) !== '# EOF') {
		throw new OpenMetricsSyntaxError('the exposition must end with "# EOF"');
	}

	lines.pop();
	const families = new Map<string, MetricFamily>();
	const finished = new Set<string>();
	let current: MetricFamily | undefined;
	let sawSample = false;
	const seenMetadata = new Set<string>();
	const seenLabelSets = new Set<string>();
	const open = (name: string, lineNumber: number): MetricFamily => {
		if (current?.name === name) {
			return current;
		}

		if (current !== undefined) {
			finished.add(current.name);
		}

		if (families.has(name) || finished.has(name)) {
			throw new OpenMetricsSyntaxError(`line ${lineNumber}: the family ${name} appears again after another family (families must not be interleaved)`);
		}

		current = {name, type: 'unknown', unit: undefined, help: undefined, samples: []};
		families.set(name, current);
		sawSample = false;
		seenMetadata.clear();
		seenLabelSets.clear();
		return current;
	};

	for (const [index, line] of lines.entries()) {
		const lineNumber = index + 1;
		const fail = (message: string): never => {
			throw new OpenMetricsSyntaxError(`line ${lineNumber}: ${message}: ${JSON.stringify(line.slice(0, 200))}`);
		};

		if (line.startsWith('#')) {
			const descriptor = /^# (TYPE|HELP|UNIT) /.exec(line);
			if (descriptor === null) {
				fail('a line that starts with # must be TYPE, HELP, UNIT or the final EOF');
			}

			const kind = descriptor?.[1] ?? '';
			const rest = line.slice(descriptor?.[0].length);
			const name = metricName.exec(rest)?.[0];
			if (name === undefined || rest[name.length] !== ' ') {
				fail('a metric name and a space must follow the keyword');
			}

			const family = open(name ?? '', lineNumber);
			if (sawSample) {
				fail(`${kind} comes after a sample of its family`);
			}

			if (seenMetadata.has(kind)) {
				fail(`a second ${kind} line for the family`);
			}

			seenMetadata.add(kind);
			const value = rest.slice((name ?? '').length + 1);
			if (kind === 'TYPE') {
				if (!metricTypes.includes(value)) {
					fail(`"${value}" is not a metric type`);
				}

				family.type = value;
			} else if (kind === 'UNIT') {
				if (!/^[A-Za-z0-9_:]*$/.test(value)) {
					fail('a unit is made of metric name characters');
				}

				if (value !== '' && !family.name.endsWith(`_${value}`)) {
					fail(`the unit "${value}" is not the suffix of the family's name`);
				}

				family.unit = value === '' ? undefined : value;
			} else {
				const help = escapedString(value, 0, 'line', fail).text;
				family.help = help === '' ? undefined : help;
			}

			continue;
		}

		const name = metricName.exec(line)?.[0];
		if (name === undefined) {
			fail('a sample must start with a metric name');
		}

		let position = (name ?? '').length;
		const labels: Record<string, string> = {};
		if (line[position] === '{') {
			position++;
			while (line[position] !== '}') {
				const label = labelName.exec(line.slice(position))?.[0];
				if (label === undefined) {
					fail('a label name is expected');
				}

				if (Object.hasOwn(labels, label ?? '')) {
					fail(`the label ${label ?? ''} appears twice`);
				}

				position += (label ?? '').length;
				if (line[position] !== '=' || line[position + 1] !== '"') {
					fail('a label name must be followed by ="');
				}

				const value = escapedString(line, position + 2, '"', fail);
				labels[label ?? ''] = value.text;
				position = value.next;
				if (line[position] === ',') {
					position++;
					if (line[position] === '}') {
						fail('a comma must be followed by a label');
					}
				} else if (line[position] !== '}') {
					fail('labels must be separated by commas and closed by }');
				}
			}

			position++;
		}

		if (line[position] !== ' ') {
			fail('a space must come before the value');
		}

		const [valueText = '', timestamp, ...exemplar] = line.slice(position + 1).split(' ');
		const value = parseNumber(valueText, fail);
		if (timestamp !== undefined && timestamp !== '#') {
			parseNumber(timestamp, fail);
		}

		if (exemplar.length > 0 && !(timestamp === '#' || exemplar[0] === '#')) {
			fail('after the value and timestamp only an exemplar (" # {…} value") may follow');
		}

		const family = current !== undefined && sampleBelongs(current, name ?? '') ? current : open(name ?? '', lineNumber);
		if (family.type === 'gauge' && name !== family.name) {
			fail('a gauge sample must be named as its family, without a suffix');
		}

		const labelSet = JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
		if (seenLabelSets.has(`${name ?? ''} ${labelSet}`)) {
			fail('a second sample with the same labels in the family');
		}

		seenLabelSets.add(`${name ?? ''} ${labelSet}`);
		sawSample = true;
		family.samples.push({name: name ?? '', labels, value});
	}

	return families;
}

/** Whether a sample name belongs to the family: its name, or its name with a suffix its type has. */
function sampleBelongs(family: MetricFamily, name: string): boolean {
	if (name === family.name) {
		return true;
	}

	const suffixes: Readonly<Record<string, readonly string[]>> = {
		counter: ['_total', '_created'],
		summary: ['_count', '_sum', '_created'],
		histogram: ['_count', '_sum', '_bucket', '_created'],
		gaugehistogram: ['_gcount', '_gsum', '_bucket'],
		info: ['_info'],
	};
	return (suffixes[family.type] ?? []).some(suffix => name === `${family.name}${suffix}`);
}
