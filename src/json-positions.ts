import type {ConfigPath} from './config-source.js';

/** Where a value is written: its key (null for a list item or the top) and the value itself, as offsets. */
export interface JsonPosition {
	readonly key: number | null;
	readonly value: number;
}

export interface JsonPositions {
	/** The position of the value at `path`, if the text holds one there within `maxDepth`. */
	at(path: ConfigPath): JsonPosition | undefined;
	/** The first key written twice in one object (JSON.parse keeps the last one without a word), and where. */
	readonly duplicate: {readonly key: string; readonly offset: number} | undefined;
}

/** Config paths are a few levels deep (`accounts.2.orgId`); deeper values are not located, only checked for duplicates. */
const maxDepth = 8;

interface Frame {
	readonly kind: 'object' | 'array';
	readonly path: ConfigPath;
	readonly keys: Set<string>;
	index: number;
	expectKey: boolean;
	key: {name: string; offset: number} | undefined;
}

/**
Finds where each value of a JSON text is written, in one pass without recursion (a file nested a hundred
thousand levels deep is only a long loop). The text must already have passed JSON.parse: the scanner trusts
its syntax.
*/
export function jsonPositions(text: string): JsonPositions {
	const positions = new Map<string, JsonPosition>();
	const stack: Frame[] = [];
	let duplicate: JsonPositions['duplicate'];
	const record = (offset: number): ConfigPath | undefined => {
		const frame = stack.at(-1);
		const path = frame === undefined ? [] : frame.kind === 'array' ? [...frame.path, frame.index++] : frame.key === undefined ? undefined : [...frame.path, frame.key.name];
		if (path !== undefined && path.length <= maxDepth) {
			positions.set(JSON.stringify(path), {key: frame?.kind === 'object' ? frame.key?.offset ?? null : null, value: offset});
		}

		return path;
	};

	let index = 0;
	while (index < text.length) {
		const character = text[index];
		const frame = stack.at(-1);
		if (character === '"') {
			const end = stringEnd(text, index);
			if (frame?.kind === 'object' && frame.expectKey) {
				const name = String(JSON.parse(text.slice(index, end)));
				if (frame.keys.has(name)) {
					duplicate ??= {key: name, offset: index};
				}

				frame.keys.add(name);
				frame.key = {name, offset: index};
			} else {
				record(index);
			}

			index = end;
		} else if (character === '{' || character === '[') {
			const path = record(index) ?? [];
			stack.push({kind: character === '{' ? 'object' : 'array', path: path.length > maxDepth ? path.slice(0, maxDepth) : path, keys: new Set(), index: 0, expectKey: character === '{', key: undefined});
			index++;
		} else if (character === '}' || character === ']') {
			stack.pop();
			index++;
		} else if (character === ',') {
			if (frame?.kind === 'object') {
				frame.expectKey = true;
			}

			index++;
		} else if (character === ':') {
			if (frame !== undefined) {
				frame.expectKey = false;
			}

			index++;
		} else if (character === ' ' || character === '\t' || character === '\n' || character === '\r') {
			index++;
		} else {
			// A number, true, false or null: it runs to the next delimiter.
			record(index);
			while (index < text.length && !/[\s,\]}]/.test(text[index] ?? '')) {
				index++;
			}
		}
	}

	return {
		at: path => positions.get(JSON.stringify(path)),
		duplicate,
	};
}

/** The offset just past the string that starts at `start` (a `"`), escapes included. */
function stringEnd(text: string, start: number): number {
	let index = start + 1;
	while (index < text.length) {
		const character = text[index];
		if (character === '\\') {
			index += 2;
		} else if (character === '"') {
			return index + 1;
		} else {
			index++;
		}
	}

	return index;
}
