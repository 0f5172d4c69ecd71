import {maxNesting, nestedTooDeep} from './nesting.js';

/**
A check-only form of a valibot schema: a function that says whether a value fits, without building the copy
that `v.parse` returns. A response that passes can then be used as it came from `JSON.parse`, which saves
allocating every record a second time (objects, arrays and all) only to throw the original away.

The contract: when the check says yes, `v.safeParse(schema, value)` succeeds and its output equals the value
(same keys, same values, at every depth; only the order of keys may differ). The check may say no where
valibot would say yes (it is stricter about arrays passed as objects, and about keys valibot leaves out of
its copy); the caller then falls back to valibot, which also words the issues. So the check never needs to
explain a failure, only to never accept what the schema refuses.

Only schemas whose output equals their input can be checked: objects that keep unknown keys (`looseObject`,
`record`), arrays, primitives, picklists, optional and nullable wrappers without defaults, and pipes of
validations whose rules are known here. `object` (which drops unknown keys), defaults, fallbacks,
transformations and anything not listed give no check at all.

One thing more than the schema: the check also refuses a value that nests deeper than `maxNesting`
(nesting.ts), which the schema alone would accept wherever it lets unknown content through (the unknown keys
of a loose object, `unknown`). The caller then refuses it too (validate.ts). Each compiled part knows at what
depth of the checked value it sits, so only the content the schema does not describe is walked, and only
where it is an object or an array.
*/
export type ShapeCheck = (value: unknown) => boolean;

/** Builds the check for a valibot schema, or undefined when the schema cannot be checked without copying. */
export function shapeCheck(schema: unknown): ShapeCheck | undefined {
	return compile(schema, 0);
}

/** `depth`: how many objects and arrays of the checked value hold the part this node checks. */
function compile(node: unknown, depth: number): ShapeCheck | undefined {
	if (!isObject(node) || field(node, 'async') === true || field(node, 'fallback') !== undefined) {
		return undefined;
	}

	const pipe = field(node, 'pipe');
	if (Array.isArray(pipe)) {
		return compilePipe(pipe, depth);
	}

	switch (field(node, 'type')) {
		case 'string': {
			return value => typeof value === 'string';
		}

		case 'number': {
			return value => typeof value === 'number' && !Number.isNaN(value);
		}

		case 'boolean': {
			return value => typeof value === 'boolean';
		}

		case 'unknown': {
			return value => nestedTooDeep(value, maxNesting - depth) === undefined;
		}

		case 'picklist': {
			const options = field(node, 'options');
			return Array.isArray(options) ? value => options.includes(value) : undefined;
		}

		case 'optional': {
			return wrapper(node, depth, value => value === undefined);
		}

		case 'nullable': {
			return wrapper(node, depth, value => value === null);
		}

		case 'nullish': {
			return wrapper(node, depth, value => value === undefined || value === null);
		}

		// A container at this depth nests the value one level deeper; a schema that deep is left to valibot.
		case 'array': {
			return depth < maxNesting ? compileArray(node, depth) : undefined;
		}

		case 'record': {
			return depth < maxNesting ? compileRecord(node, depth) : undefined;
		}

		case 'loose_object': {
			return depth < maxNesting ? compileLooseObject(node, depth) : undefined;
		}

		default: {
			return undefined;
		}
	}
}

/** `optional`, `nullable`, `nullish`: an empty value passes, anything else must fit the wrapped schema. A default would be filled in, so it is not check-only. */
function wrapper(node: object, depth: number, empty: (value: unknown) => boolean): ShapeCheck | undefined {
	if (field(node, 'default') !== undefined) {
		return undefined;
	}

	const wrapped = compile(field(node, 'wrapped'), depth);
	return wrapped === undefined ? undefined : value => empty(value) || wrapped(value);
}

function compileArray(node: object, depth: number): ShapeCheck | undefined {
	const item = compile(field(node, 'item'), depth + 1);
	if (item === undefined) {
		return undefined;
	}

	return value => {
		if (!Array.isArray(value)) {
			return false;
		}

		for (const element of value) {
			if (!item(element)) {
				return false;
			}
		}

		return true;
	};
}

function compileRecord(node: object, depth: number): ShapeCheck | undefined {
	const key = compile(field(node, 'key'), depth + 1);
	const entry = compile(field(node, 'value'), depth + 1);
	if (key === undefined || entry === undefined) {
		return undefined;
	}

	return value => {
		if (!isPlainRecord(value)) {
			return false;
		}

		for (const name in value) {
			if (Object.hasOwn(value, name) && (!key(name) || !entry(value[name]))) {
				return false;
			}
		}

		return true;
	};
}

interface EntryCheck {
	readonly key: string;
	readonly check: ShapeCheck;
	/** Whether the key may be absent: the schema is optional or nullish (without a default). */
	readonly optional: boolean;
}

function compileLooseObject(node: object, depth: number): ShapeCheck | undefined {
	const entries = field(node, 'entries');
	if (!isObject(entries)) {
		return undefined;
	}

	const checks: EntryCheck[] = [];
	const named = new Set(Object.keys(entries));
	// What an unknown key's value may nest: it sits one level below this object.
	const unknownLevels = maxNesting - depth - 1;
	for (const key of named) {
		const schema = field(entries, key);
		const check = compile(schema, depth + 1);
		if (check === undefined) {
			return undefined;
		}

		const type = isObject(schema) ? field(schema, 'type') : undefined;
		checks.push({key, check, optional: type === 'optional' || type === 'nullish'});
	}

	return value => {
		if (!isPlainRecord(value)) {
			return false;
		}

		for (const {key, check, optional} of checks) {
			// One read rather than valibot's `key in input` and then a read. It reads inherited keys as valibot
			// does; a key present with the value undefined (which JSON cannot send) counts as absent, which is
			// at most stricter.
			const field = value[key];
			if (field === undefined ? !optional : !check(field)) {
				return false;
			}
		}

		// The keys the schema does not name are kept as they came; only an object or array among them can nest.
		for (const key in value) {
			const field = value[key];
			if (typeof field === 'object' && field !== null && !named.has(key) && nestedTooDeep(field, unknownLevels) !== undefined) {
				return false;
			}
		}

		return true;
	};
}

/** A pipe: its schema, then every validation in order. A transformation changes the output, so the pipe is not check-only. */
function compilePipe(items: readonly unknown[], depth: number): ShapeCheck | undefined {
	const checks: ShapeCheck[] = [];
	for (const item of items) {
		const kind = isObject(item) ? field(item, 'kind') : undefined;
		if (kind === 'metadata') {
			continue;
		}

		const check = kind === 'schema' ? compile(item, depth) : kind === 'validation' && isObject(item) ? compileValidation(item) : undefined;
		if (check === undefined) {
			return undefined;
		}

		checks.push(check);
	}

	return value => {
		for (const check of checks) {
			if (!check(value)) {
				return false;
			}
		}

		return true;
	};
}

/** The validations whose rule is known here; any other makes the schema unchecked rather than checked wrongly. */
function compileValidation(action: object): ShapeCheck | undefined {
	const requirement = field(action, 'requirement');
	switch (field(action, 'type')) {
		case 'integer': {
			return value => Number.isInteger(value);
		}

		case 'finite': {
			return value => Number.isFinite(value);
		}

		case 'uuid':
		case 'iso_timestamp':
		case 'regex': {
			return requirement instanceof RegExp && !requirement.global && !requirement.sticky
				? value => typeof value === 'string' && requirement.test(value)
				: undefined;
		}

		case 'check': {
			// valibot's `check`: a predicate, run on a value of the pipe's type, that changes nothing.
			return typeof requirement === 'function' ? value => Reflect.apply(requirement, undefined, [value]) === true : undefined;
		}

		case 'non_empty': {
			return value => lengthOf(value) > 0;
		}

		case 'min_length': {
			return typeof requirement === 'number' ? value => lengthOf(value) >= requirement : undefined;
		}

		default: {
			return undefined;
		}
	}
}

function lengthOf(value: unknown): number {
	return typeof value === 'string' || Array.isArray(value) ? value.length : -1;
}

function isObject(value: unknown): value is object {
	return typeof value === 'object' && value !== null;
}

/** An object that is not an array and has none of the keys valibot would leave out of its copy. */
function isPlainRecord(value: unknown): value is Readonly<Record<string, unknown>> {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		&& !Object.hasOwn(value, '__proto__') && !Object.hasOwn(value, 'prototype') && !Object.hasOwn(value, 'constructor');
}

function field(target: object, key: string): unknown {
	return Reflect.get(target, key);
}
