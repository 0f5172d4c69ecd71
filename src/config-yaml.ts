import {isMap, isScalar, LineCounter, parseDocument, type Document} from 'yaml';
import type {ConfigPath, ConfigSource} from './config-source.js';
import {ConfigError} from './errors/index.js';
import {firstDuplicateKey} from './yaml-duplicate-key.js';

/** How many alias expansions yaml allows before it refuses a document (its default, stated): no "billion laughs". */
const maxAliasCount = 100;

/**
Parses the text as one YAML document into plain data, keeping where each node is written. Bounded: the file is
at most `maxConfigBytes`, aliases expand at most `maxAliasCount` times, duplicate keys are found in one pass, and
nesting too deep for the parser's recursion is a config error, not a crash. Loaded only for a file that is not
plain JSON (see config-source.ts).
*/
export function yamlSource(text: string, path: string): ConfigSource {
	const lines = new LineCounter();
	const at = (offset: number): string => {
		const {line, col} = lines.linePos(offset);
		return `${path}:${line}:${col}`;
	};

	let document: Document;
	try {
		document = parseDocument(text, {lineCounter: lines, prettyErrors: false, uniqueKeys: false});
	} catch (error) {
		throw new ConfigError(`${path}: not valid YAML: ${tooDeep(error) ? 'nested too deeply' : String(error)}`);
	}

	const [syntax] = document.errors;
	if (syntax !== undefined) {
		const message = syntax.message.includes('Maximum call stack size exceeded') ? 'nested too deeply' : syntax.message.split('\n')[0] ?? '';
		throw new ConfigError(`${at(syntax.pos[0])}: not valid YAML: ${message}`);
	}

	let data: unknown;
	try {
		const duplicate = firstDuplicateKey(document);
		if (duplicate !== undefined) {
			const key = /^[\w.-]{1,64}$/.test(duplicate.key) ? `the key "${duplicate.key}"` : 'a key';
			throw new ConfigError(`${at(duplicate.offset)}: not valid YAML: ${key} appears twice in one mapping`);
		}

		data = document.toJS({maxAliasCount});
	} catch (error) {
		if (error instanceof ConfigError) {
			throw error;
		}

		// yaml refuses to expand aliases past the limit (a "billion laughs" file) with a plain Error.
		throw new ConfigError(`${path}: cannot be read as a config: ${tooDeep(error) ? 'nested too deeply' : error instanceof Error ? error.message : String(error)}`);
	}

	return {
		data,
		lineOf(valuePath, part = 'value') {
			for (let length = valuePath.length; length >= 0; length--) {
				const offset = offsetOf(document, valuePath.slice(0, length), part === 'key' && length === valuePath.length);
				if (offset !== undefined) {
					return lines.linePos(offset).line;
				}
			}

			return 1;
		},
	};
}

/** Where the node at `path` starts, or its key with `key` (a value left empty has only its key to point at). */
function offsetOf(document: Document, path: ConfigPath, key: boolean): number | undefined {
	const last = path.at(-1);
	if (last !== undefined) {
		const parent = document.getIn(path.slice(0, -1), true);
		const pair = isMap(parent) ? parent.items.find(item => isScalar(item.key) && item.key.value === last) : undefined;
		const keyStart = pair !== undefined && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
		if (key && keyStart !== undefined) {
			return keyStart;
		}

		const node = document.getIn(path, true);
		return rangeStart(node) ?? keyStart;
	}

	return rangeStart(document.contents);
}

function rangeStart(node: unknown): number | undefined {
	if (typeof node === 'object' && node !== null && 'range' in node && Array.isArray(node.range)) {
		const start: unknown = node.range[0];
		return typeof start === 'number' ? start : undefined;
	}

	return undefined;
}

function tooDeep(error: unknown): boolean {
	return error instanceof RangeError && error.message.includes('call stack');
}
