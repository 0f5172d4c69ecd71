/**
RFC 6902 JSON Patch over a plain JSON document, all or nothing: the operations run on a copy, and the first
one that fails leaves the original untouched.

Two kinds of failure, as LaunchDarkly tells them apart (docs/vendors/launchdarkly.md [S] error table):
- `invalid` (400 invalid_request): the document is not a JSON Patch (not an array, an unknown `op`, a missing
  `path`, `value` or `from`).
- `failed` (422 patch_failed): a well-formed operation that cannot be applied (a path that does not resolve,
  a read-only or unknown field, a `test` that does not hold).
*/

export type PatchFailure = {readonly kind: 'invalid' | 'failed'; readonly message: string};
export type PatchResult = {readonly ok: true; readonly document: Record<string, unknown>} | {readonly ok: false; readonly failure: PatchFailure};

/** Says whether an operation may change the member at `path` (split into reference tokens); a message when not. */
export type WritableCheck = (path: readonly string[]) => string | null;

type Operation =
	| {readonly op: 'add' | 'replace' | 'test'; readonly path: string; readonly value: unknown}
	| {readonly op: 'remove'; readonly path: string}
	| {readonly op: 'move' | 'copy'; readonly path: string; readonly from: string};

class Failure extends Error {
	constructor(readonly kind: PatchFailure['kind'], message: string) {
		super(message);
	}
}

export function applyJsonPatch(document: Readonly<Record<string, unknown>>, patch: unknown, writable: WritableCheck): PatchResult {
	try {
		const operations = parsePatch(patch);
		let root: unknown = structuredClone(document);
		for (const [index, operation] of operations.entries()) {
			root = applyOperation(root, operation, writable, index);
		}

		if (!isObject(root)) {
			throw new Failure('failed', 'the patch must leave an object');
		}

		return {ok: true, document: root};
	} catch (error) {
		if (error instanceof Failure) {
			return {ok: false, failure: {kind: error.kind, message: error.message}};
		}

		throw error;
	}
}

function parsePatch(patch: unknown): Operation[] {
	if (!Array.isArray(patch)) {
		throw new Failure('invalid', 'a JSON Patch document must be an array of operations');
	}

	return patch.map((item: unknown, index) => {
		if (!isObject(item) || typeof item['op'] !== 'string' || typeof item['path'] !== 'string') {
			throw new Failure('invalid', `operation ${index} needs a string "op" and a string "path"`);
		}

		const {op, path} = item;
		switch (op) {
			case 'add':
			case 'replace':
			case 'test': {
				if (!('value' in item)) {
					throw new Failure('invalid', `operation ${index} (${op}) needs a "value"`);
				}

				return {op, path, value: item['value']};
			}

			case 'remove': {
				return {op, path};
			}

			case 'move':
			case 'copy': {
				const from = item['from'];
				if (typeof from !== 'string') {
					throw new Failure('invalid', `operation ${index} (${op}) needs a string "from"`);
				}

				return {op, path, from};
			}

			default: {
				throw new Failure('invalid', `operation ${index} has an unknown op "${op}"`);
			}
		}
	});
}

function applyOperation(root: unknown, operation: Operation, writable: WritableCheck, index: number): unknown {
	const path = parsePointer(operation.path, index);
	const mustBeWritable = (tokens: readonly string[]): void => {
		const refusal = writable(tokens);
		if (refusal !== null) {
			throw new Failure('failed', `operation ${index} (${operation.op}): ${refusal}`);
		}
	};

	switch (operation.op) {
		case 'test': {
			const found = resolve(root, path);
			if (!found.exists || !deepEqual(found.value, operation.value)) {
				throw new Failure('failed', `operation ${index} (test) failed: ${operation.path} does not hold the given value`);
			}

			return root;
		}

		case 'add': {
			mustBeWritable(path);
			return add(root, path, structuredClone(operation.value), index);
		}

		case 'remove': {
			mustBeWritable(path);
			return remove(root, path, index);
		}

		case 'replace': {
			mustBeWritable(path);
			const [first, ...rest] = path;
			// A top-level field the token lacks (a `role` beside custom roles) is set rather than refused: the vendor's
			// Terraform provider sends `replace /role` to tokens in exactly that state.
			if (first !== undefined && rest.length === 0 && isObject(root) && !Object.hasOwn(root, first)) {
				return add(root, path, structuredClone(operation.value), index);
			}

			return add(remove(root, path, index), path, structuredClone(operation.value), index);
		}

		case 'move': {
			const from = parsePointer(operation.from, index);
			if (from.length < path.length && from.every((token, position) => path[position] === token)) {
				throw new Failure('failed', `operation ${index} (move) cannot move a value into itself`);
			}

			mustBeWritable(from);
			mustBeWritable(path);
			const found = resolve(root, from);
			if (!found.exists) {
				throw new Failure('failed', `operation ${index} (move): ${operation.from} does not exist`);
			}

			return add(remove(root, from, index), path, found.value, index);
		}

		case 'copy': {
			const found = resolve(root, parsePointer(operation.from, index));
			if (!found.exists) {
				throw new Failure('failed', `operation ${index} (copy): ${operation.from} does not exist`);
			}

			mustBeWritable(path);
			return add(root, path, structuredClone(found.value), index);
		}
	}
}

/** RFC 6901: `''` is the whole document; otherwise `/`-separated tokens with `~1` for `/` and `~0` for `~`. */
function parsePointer(pointer: string, index: number): string[] {
	if (pointer === '') {
		return [];
	}

	if (!pointer.startsWith('/')) {
		throw new Failure('invalid', `operation ${index} has a path that is not a JSON Pointer: it must start with "/"`);
	}

	const tokens = pointer.slice(1).split('/').map(token => token.replaceAll('~1', '/').replaceAll('~0', '~'));
	if (tokens.includes('__proto__')) {
		throw new Failure('failed', `operation ${index}: "__proto__" names no member of a token`);
	}

	return tokens;
}

function resolve(root: unknown, path: readonly string[]): {readonly exists: boolean; readonly value: unknown} {
	let current = root;
	for (const token of path) {
		if (Array.isArray(current)) {
			const position = arrayIndex(token);
			if (position === null || position >= current.length) {
				return {exists: false, value: undefined};
			}

			current = current[position];
		} else if (isObject(current) && Object.hasOwn(current, token)) {
			current = current[token];
		} else {
			return {exists: false, value: undefined};
		}
	}

	return {exists: true, value: current};
}

function parentOf(root: unknown, path: readonly string[], index: number): {readonly container: unknown; readonly key: string} {
	const key = path.at(-1);
	if (key === undefined) {
		throw new Failure('failed', `operation ${index} cannot change the whole document`);
	}

	const parent = resolve(root, path.slice(0, -1));
	if (!parent.exists) {
		throw new Failure('failed', `operation ${index}: /${path.slice(0, -1).join('/')} does not exist`);
	}

	return {container: parent.value, key};
}

function add(root: unknown, path: readonly string[], value: unknown, index: number): unknown {
	const {container, key} = parentOf(root, path, index);
	if (Array.isArray(container)) {
		const position = key === '-' ? container.length : arrayIndex(key);
		if (position === null || position > container.length) {
			throw new Failure('failed', `operation ${index}: array index "${key}" is out of range`);
		}

		container.splice(position, 0, value);
	} else if (isObject(container)) {
		container[key] = value;
	} else {
		throw new Failure('failed', `operation ${index}: cannot add a member to a ${typeof container}`);
	}

	return root;
}

function remove(root: unknown, path: readonly string[], index: number): unknown {
	const {container, key} = parentOf(root, path, index);
	if (Array.isArray(container)) {
		const position = arrayIndex(key);
		if (position === null || position >= container.length) {
			throw new Failure('failed', `operation ${index}: array index "${key}" does not exist`);
		}

		container.splice(position, 1);
	} else if (isObject(container) && Object.hasOwn(container, key)) {
		// The key is the document's own, never `__proto__` from a prototype: Object.hasOwn was checked.
		// eslint-disable-next-line @typescript-eslint/no-dynamic-delete
		delete container[key];
	} else {
		throw new Failure('failed', `operation ${index}: /${path.join('/')} does not exist`);
	}

	return root;
}

function arrayIndex(token: string): number | null {
	return /^(?:0|[1-9]\d*)$/.test(token) ? Number(token) : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 6902 §4.6 equality: same type, same value; objects regardless of key order. */
export function deepEqual(a: unknown, b: unknown): boolean {
	if (Array.isArray(a) || Array.isArray(b)) {
		return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, position) => deepEqual(item, b[position]));
	}

	if (isObject(a) && isObject(b)) {
		const keys = Object.keys(a);
		return keys.length === Object.keys(b).length && keys.every(key => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
	}

	return a === b;
}
