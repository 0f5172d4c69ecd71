import {inspect} from 'node:util';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {ResponseShapeError} from '../src/errors/index.js';
import type {HttpResponse} from '../src/http/client.js';
import {maxNesting} from '../src/nesting.js';
import {parseResponse} from '../src/validate.js';
import {rejection, testClient} from './support/client.js';
import {sendJson, useLoopbackServers} from './support/loopback-server.js';

const start = useLoopbackServers();
const context = {provider: 'launchdarkly', account: 'prod'};
const leaked = 'api-SEEDED-4c1e-secret-value';

const listSchema = v.object({
	items: v.array(v.object({_id: v.string(), name: v.string(), creationDate: v.number()})),
});

/** Like `listSchema`, but loose, as the vendors' response schemas are: these are checked without copying. */
const looseListSchema = v.looseObject({
	items: v.array(v.looseObject({_id: v.string(), name: v.string(), creationDate: v.number()})),
});

function response(body: unknown): HttpResponse {
	return {status: 200, headers: new Headers(), body, requestId: 'req-9', method: 'GET', path: '/api/v2/tokens'};
}

function shapeError(body: unknown): ResponseShapeError {
	try {
		parseResponse(listSchema, response(body), context);
	} catch (error) {
		if (error instanceof ResponseShapeError) {
			return error;
		}

		throw error;
	}

	throw new Error('parseResponse accepted a body it should have refused');
}

describe('parseResponse', () => {
	it('returns the typed output when the body fits', () => {
		const output = parseResponse(listSchema, response({items: [{_id: 'a', name: 'ci', creationDate: 1}]}), context);

		expect(output.items[0]?.creationDate).toBe(1);
	});

	it('names the broken field by its dot path and never repeats its value', () => {
		const error = shapeError({items: [{_id: 'a', name: 'ci', creationDate: 1}, {_id: 'b', name: 'cd', creationDate: leaked}]});

		expect(error.issues).toEqual([{path: 'items.1.creationDate', problem: 'expected number, got a string'}]);
		expect(error).toMatchObject({provider: 'launchdarkly', account: 'prod', status: 200, requestId: 'req-9', method: 'GET', path: '/api/v2/tokens'});
		expect(error.message).toBe(
			'[tokenkit:launchdarkly] account "prod": GET /api/v2/tokens returned a response that does not match the expected shape: items.1.creationDate: expected number, got a string',
		);
		for (const text of [error.message, error.stack ?? '', inspect(error, {depth: null, showHidden: true}), JSON.stringify(error)]) {
			expect(text).not.toContain(leaked);
		}
	});

	it('says what kind of value came instead, and lists several issues', () => {
		const error = shapeError({items: [{_id: 7, creationDate: null}]});

		expect(error.issues.map(issue => `${issue.path}: ${issue.problem}`)).toEqual([
			'items.0._id: expected string, got a number',
			'items.0.name: required field is missing',
			'items.0.creationDate: expected number, got null',
		]);
	});

	it('reports a body of the wrong kind at the root', () => {
		const error = shapeError('<html>');

		expect(error.issues).toEqual([{path: '(root)', problem: 'expected Object, got a string'}]);
	});

	it('summarises past five issues', () => {
		const error = shapeError({items: Array.from({length: 7}, () => ({_id: 'x', name: 'y', creationDate: 'z'}))});

		expect(error.issues).toHaveLength(7);
		expect(error.message).toContain('(+2 more)');
	});

	it('returns the body itself, not a copy, when it fits a schema that keeps unknown fields', () => {
		const body = {items: [{_id: 'a', name: 'ci', creationDate: 1, later: {added: true}}]};
		const output = parseResponse(looseListSchema, response(body), context);

		expect(output).toBe(body);
	});

	it('falls back to valibot\'s copy for a body the check leaves to it', () => {
		const body: unknown = JSON.parse('{"items": [], "__proto__": {"admin": true}}');
		const output = parseResponse(looseListSchema, response(body), context);

		expect(output).not.toBe(body);
		expect(output).toEqual({items: []});
		expect(Object.hasOwn(output, '__proto__')).toBe(false);
	});

	it('names the broken field by its path when the body breaks a schema checked without copying', () => {
		let caught: unknown;
		try {
			parseResponse(looseListSchema, response({items: [{_id: 'a', name: 'ci', creationDate: 1}, {_id: 'b', creationDate: leaked}]}), context);
		} catch (error) {
			caught = error;
		}

		expect(caught).toBeInstanceOf(ResponseShapeError);
		expect(caught).toMatchObject({issues: [{path: 'items.1.name', problem: 'required field is missing'}, {path: 'items.1.creationDate', problem: 'expected number, got a string'}]});
		expect(String(caught)).not.toContain(leaked);
	});

	it('names the record an issue lies in by its id, quoted inertly, where the id is a string', () => {
		const refusal = (body: unknown): ResponseShapeError => {
			try {
				parseResponse(looseListSchema, response(body), context, {idKey: '_id'});
			} catch (error) {
				if (error instanceof ResponseShapeError) {
					return error;
				}
			}

			throw new Error('accepted');
		};

		const named = refusal({items: [{_id: 'a', name: 'ci', creationDate: 1}, {_id: 'b\u001b]8;;x\u202e', name: 'cd', creationDate: 'soon'}]});
		expect(named.issues).toEqual([{path: 'items.1.creationDate', problem: 'expected number, got a string', record: String.raw`b\u001b]8;;x\u202e`}]);
		expect(named.message).toContain(String.raw`shape: token id "b\u001b]8;;x\u202e": items.1.creationDate: expected number, got a string`);
		// An id that is itself the broken field, or not a string, names nothing.
		expect(refusal({items: [{_id: 7, name: 'ci', creationDate: 1}]}).issues).toEqual([{path: 'items.0._id', problem: 'expected string, got a number'}]);
		// Several issues of one record name it once.
		expect(refusal({items: [{_id: 'c', name: 1, creationDate: 'x'}]}).message).toContain('shape: token id "c": items.0.name: expected string, got a number; items.0.creationDate: expected number, got a string');
	});

	it('refuses a body nested deeper than maxNesting, naming the first levels of the path and the record, without overflowing', () => {
		const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
		for (const schema of [looseListSchema, v.looseObject({items: v.array(v.looseObject({_id: v.string(), later: v.optional(v.unknown())}))}), v.union([looseListSchema, v.string()])]) {
			const body: unknown = JSON.parse(`{"items": [{"_id": "a", "name": "ci", "creationDate": 1}, {"_id": "b", "name": "cd", "creationDate": 2, "later": ${deep}}]}`);
			let caught: unknown;
			try {
				parseResponse(schema, response(body), context, {idKey: '_id'});
			} catch (error) {
				caught = error;
			}

			expect(caught).toBeInstanceOf(ResponseShapeError);
			expect(caught).toMatchObject({issues: [{path: 'items.1.later.0.0.0.0.0.0.0.0.0.…', problem: `nested more than ${maxNesting} levels deep`, record: 'b'}]});
		}

		// Up to the limit is fine: body, items, record, then the field.
		const fits = {items: [{_id: 'a', name: 'ci', creationDate: 1, later: JSON.parse(`${'['.repeat(maxNesting - 3)}${']'.repeat(maxNesting - 3)}`) as unknown}]};
		expect(parseResponse(looseListSchema, response(fits), context)).toBe(fits);
	});

	it('validates a real response from the client', async () => {
		const server = await start((_request, response_) => {
			sendJson(response_, 200, {items: [{_id: 'a', name: 'ci', creationDate: '2024-01-01'}]}, {'x-request-id': 'ld-1'});
		});
		const {client} = testClient(server.url);

		const error = await rejection(
			client.send({method: 'GET', path: 'tokens'}).then(ok => parseResponse(listSchema, ok, context)),
			ResponseShapeError,
		);

		expect(error.issues[0].path).toBe('items.0.creationDate');
		expect(error.requestId).toBe('ld-1');
	});
});
