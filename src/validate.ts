import * as v from 'valibot';
import {ResponseShapeError, type ErrorContext, type ShapeIssue} from './errors/index.js';
import type {HttpResponse} from './http/client.js';
import {shapeCheck, type ShapeCheck} from './shape-check.js';

/**
Validates a vendor response body against the vendor's wire schema. A mismatch is a ResponseShapeError that
names each broken field by its path and what was expected, never a silent `undefined` further on.

A body that fits is returned as it is, not copied: where the schema can be checked without building its
output (see shape-check.ts), the parsed JSON itself is the result, so a record is not allocated twice. Only
a body the check refuses goes through valibot's parse, which either finds it fine after all (and its copy is
returned) or words the issues.
*/
export function parseResponse<const TSchema extends v.GenericSchema>(
	schema: TSchema,
	response: HttpResponse,
	context: ErrorContext,
): v.InferOutput<TSchema> {
	const {body} = response;
	const check = checkFor(schema);
	if (check !== undefined && fits(schema, check, body)) {
		return body;
	}

	const result = v.safeParse(schema, body);
	if (result.success) {
		return result.output;
	}

	const [first, ...rest] = result.issues.map(issue => toShapeIssue(issue));
	throw new ResponseShapeError({
		...context,
		method: response.method,
		path: response.path,
		status: response.status,
		requestId: response.requestId,
		issues: [first ?? {path: '(root)', problem: 'invalid'}, ...rest],
	});
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
