import {ConfigError} from './errors/index.js';
import {jsonPositions} from './json-positions.js';

/** Where a value sits in the config: keys of mappings and indexes of lists, from the top, e.g. `['accounts', 2, 'orgId']`. */
export type ConfigPath = readonly (string | number)[];

/** A config file read into plain data, and where each part of it is written, for messages that name the line. */
export interface ConfigSource {
	readonly data: unknown;
	/**
	The line that holds the value at `path`, or its key with `part: 'key'`. Where the path is not written (a missing
	field), the line of the nearest enclosing value that is; 1 for the file as a whole.
	*/
	lineOf(path: ConfigPath, part?: 'key' | 'value'): number;
}

/**
Reads a config file's text. A file that is JSON (which `tokenkit simulate --write-config` writes, and which is
YAML too) is read by the JSON parser, and the YAML parser is not loaded at all: it is the largest part of what a
run would otherwise load before its first request. Anything else, JSON with a mistake included, goes to the YAML
parser, which reads JSON as YAML and says where a mistake is.
*/
export async function parseConfigText(text: string, path: string): Promise<ConfigSource> {
	if (/^\s*\{/.test(text)) {
		const json = parseJson(text);
		if (json.ok) {
			return jsonSource(text, json.data, path);
		}
	}

	const {yamlSource} = await import('./config-yaml.js');
	return yamlSource(text, path);
}

function parseJson(text: string): {ok: true; data: unknown} | {ok: false} {
	try {
		return {ok: true, data: JSON.parse(text)};
	} catch {
		return {ok: false};
	}
}

function jsonSource(text: string, data: unknown, path: string): ConfigSource {
	const positions = jsonPositions(text);
	const line = lineCounter(text);
	if (positions.duplicate !== undefined) {
		const {key, offset} = positions.duplicate;
		const {line: at, column} = line(offset);
		const name = /^[\w.-]{1,64}$/.test(key) ? `the key "${key}"` : 'a key';
		throw new ConfigError(`${path}:${at}:${column}: not valid JSON for a config: ${name} appears twice in one object`);
	}

	return {
		data,
		lineOf(valuePath, part = 'value') {
			for (let length = valuePath.length; length >= 0; length--) {
				const found = positions.at(valuePath.slice(0, length));
				if (found !== undefined) {
					const offset = part === 'key' && length === valuePath.length && found.key !== null ? found.key : found.value;
					return line(offset).line;
				}
			}

			return 1;
		},
	};
}

/** Line and column (both from 1) of an offset in `text`, by a binary search over where the lines start. */
function lineCounter(text: string): (offset: number) => {line: number; column: number} {
	const starts = [0];
	for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
		starts.push(index + 1);
	}

	return offset => {
		let low = 0;
		let high = starts.length - 1;
		while (low < high) {
			const middle = Math.ceil((low + high) / 2);
			if ((starts[middle] ?? 0) <= offset) {
				low = middle;
			} else {
				high = middle - 1;
			}
		}

		return {line: low + 1, column: offset - (starts[low] ?? 0) + 1};
	};
}
