import * as v from 'valibot';
import {ResponseShapeError, type ErrorContext, type ShapeIssue} from './errors/index.js';
import type {HttpResponse} from './http/client.js';
import {maxNesting, nestedTooDeep} from './nesting.js';
import {shapeCheck, type ShapeCheck} from './shape-check.js';
import {quotableVendorText} from './vendor-text.js';

export interface ParseResponseOptions {
	/**
	The key that holds a record's id (a token's), e.g. `_id`. An issue inside a record then names the record by
	that id too, where it is a string: the record at `items.812` is easier to find as `61095542756d…`.
	*/
	readonly idKey?: string | undefined;
}

/**
Validates a vendor response body against the vendor's wire schema. A mismatch is a ResponseShapeError that
names each broken field by its path (and its record's id, see `idKey`) and what was expected, never a silent
`undefined` further on. A body nested deeper than `maxNesting` is refused the same way, whatever the schema
says of it, so nothing downstream that walks it recursively (JSON.stringify of `raw`) can overflow the stack.

A body that fits is returned as it is, not copied: where the schema can be checked without building its
output (see shape-check.ts), the parsed JSON itself is the result, so a record is not allocated twice. Only
a body the check refuses goes through valibot's parse, which either finds it fine after all (and its copy is
returned) or words the issues.
*/
export function parseResponse<const TSchema extends v.GenericSchema>(
	schema: TSchema,
	response: HttpResponse,
	context: ErrorContext,
	options: ParseResponseOptions = {},
): v.InferOutput<TSchema> {
	const {body} = response;
	const check = checkFor(schema);
	if (check !== undefined && fits(schema, check, body)) {
		// The check also bounds the nesting (shape-check.ts).
		return body;
	}

	const refuse = (issues: readonly ShapeIssue[]): never => {
		const [first, ...rest] = issues;
		throw new ResponseShapeError({
			...context,
			method: response.method,
			path: response.path,
			status: response.status,
			requestId: response.requestId,
			issues: [first ?? {path: '(root)', problem: 'invalid'}, ...rest],
		});
	};

	const result = v.safeParse(schema, body);
	if (!result.success) {
		return refuse(result.issues.map(issue => withRecord(toShapeIssue(issue), body, issue.path?.map(item => keyOf(item.key)) ?? [], options.idKey)));
	}

	// valibot walks only what the schema names; what it keeps beside that (unknown keys) may nest without end.
	const tooDeep = nestedTooDeep(result.output, maxNesting);
	if (tooDeep !== undefined) {
		return refuse([withRecord({path: describeDeepPath(tooDeep), problem: `nested more than ${maxNesting} levels deep`}, result.output, tooDeep, options.idKey)]);
	}

	return result.output;
}

/** A path key as valibot gives it (any value, for a Map's) as a string or an index. */
function keyOf(key: unknown): string | number {
	return typeof key === 'number' ? key : String(key);
}

/** The first levels of a path into a nesting too deep to write out whole. */
function describeDeepPath(keys: ReadonlyArray<string | number>): string {
	const shown = keys.slice(0, 12).map(key => quotableVendorText(String(key), 40)).join('.');
	return keys.length > 12 ? `${shown}.…` : shown || '(root)';
}

/**
The issue with the id of the record it lies in: the outermost object on the path (the body itself included,
the broken value itself not) that holds a string under `idKey`. A record whose id is the broken field, or
not a string, is named by its path alone.
*/
function withRecord(issue: ShapeIssue, body: unknown, keys: ReadonlyArray<string | number>, idKey: string | undefined): ShapeIssue {
	if (idKey === undefined) {
		return issue;
	}

	let value = body;
	for (const key of keys) {
		if (typeof value !== 'object' || value === null) {
			return issue;
		}

		const id: unknown = Array.isArray(value) ? undefined : Reflect.get(value, idKey);
		if (typeof id === 'string' && id !== '') {
			return {...issue, record: quotableVendorText(id)};
		}

		value = Reflect.get(value, key);
	}

	return issue;
}

/**
Each schema's check, compiled once: the schemas are module constants, and every page of every listing is
checked against one of them. Null marks a schema that has no check. Weak, so a schema made on the fly (a test's)
does not stay in memory.
*/
const checks = new WeakMap<object, ShapeCheck | null>();

function checkFor(schema: v.GenericSchema): ShapeCheck | undefined {
	let check = checks.get(schema);
	if (check === undefined) {
		check = shapeCheck(schema) ?? null;
		checks.set(schema, check);
	}

	return check ?? undefined;
}

/** The check as a type guard: a body it accepts is what the schema outputs (shape-check.ts states the contract). */
function fits<const TSchema extends v.GenericSchema>(_schema: TSchema, check: ShapeCheck, body: unknown): body is v.InferOutput<TSchema> {
	return check(body);
}

const objectSchemaTypes: ReadonlySet<string> = new Set(['object', 'loose_object', 'strict_object', 'object_with_rest']);

function toShapeIssue(issue: v.BaseIssue<unknown>): ShapeIssue {
	const path = v.getDotPath(issue) ?? '(root)';
	// valibot names a missing key as what it expected; say plainly that the field is absent.
	if (issue.kind === 'schema' && issue.input === undefined && objectSchemaTypes.has(issue.type)) {
		return {path, problem: 'required field is missing'};
	}

	// A failed check (uuid, ISO timestamp, …) has no `expected`; its type names what was wanted.
	const expected = issue.expected ?? issue.type;
	// The received value itself stays out: a wrongly typed field may hold a key.
	return {path, problem: `expected ${expected}, got ${describeType(issue.input)}`};
}

function describeType(value: unknown): string {
	if (value === undefined) {
		return 'nothing (missing)';
	}

	if (value === null) {
		return 'null';
	}

	if (Array.isArray(value)) {
		return 'an array';
	}

	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
