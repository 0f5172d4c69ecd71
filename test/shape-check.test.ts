import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {TokenSchema, TokensSchema, TokenWithKeySchema} from '../providers/launchdarkly/schema.js';
import {
	MistOrgApiTokenListSchema,
	MistOrgApiTokenSchema,
	MistOrgApiTokenWithPrivilegesSchema,
	MistSelfSchema,
	MistUserApiTokenListSchema,
} from '../providers/mist/schema.js';
import {OpalTokenPageSchema} from '../providers/opal/schema.js';
import {maxNesting, nestedTooDeep} from '../src/nesting.js';
import {shapeCheck} from '../src/shape-check.js';

const member = {
	_links: {self: {href: '/api/v2/members/569f183514f4432160000007', type: 'application/json'}},
	_id: '569f183514f4432160000007',
	firstName: 'Ariel',
	role: 'admin',
	email: 'ariel@acme.example',
};

const launchDarklyToken = {
	_id: '61095542756dba551110ae21',
	ownerId: '569f514156e003339cfd3917',
	memberId: member._id,
	_member: member,
	name: 'ci-deploy',
	creationDate: 1_628_001_602_644,
	lastModified: 1_628_001_602_644,
	customRoleIds: ['r1'],
	inlineRole: [{effect: 'allow', actions: ['*'], resources: ['proj/*'], notResources: ['proj/x']}],
	token: 'a1b2',
	serviceToken: false,
	_links: {self: {href: '/api/v2/tokens/61095542756dba551110ae21', type: 'application/json'}, parent: {href: '/api/v2/tokens'}},
	lastUsed: 0,
	futureField: {nested: [1, 'two']},
};

const opalPage = {
	next: 'Y3Vyc29y',
	previous: null,
	results: [{
		token_id: '0b6c7c1e-5a1d-4c59-9f53-2f7a3c3f1a01',
		created_at: '2024-02-03T04:05:06Z',
		token_label: 'terraform-ci',
		creator_user_id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
		user_id: '9F8E7D6C-5B4A-4321-8FED-CBA987654321',
		access_level: 'READ_ONLY',
		last_used_at: '2026-11-01T10:00:00.123+01:00',
		expires_at: null,
		token_preview: 'ab123',
	}],
};

const mistOrgToken = {
	id: 'fc56d037-fb50-4f44-b851-b9ab1438e702',
	org_id: 'e0640d54-3396-49a5-b518-569b8ff64a86',
	name: 'tokenkit-admin',
	key: 'olwW...9dRE',
	created_by: null,
	created_time: 1_760_778_621.349,
	last_used: 1_795_423_464,
	privileges: [{role: 'admin', scope: 'site', site_id: 's1', views: ['reporting']}],
	src_ips: ['10.0.0.0/8'],
};

/** Every response schema the adapters validate, with a body that fits it. */
const cases: ReadonlyArray<readonly [string, v.GenericSchema, unknown]> = [
	['LaunchDarkly Tokens', TokensSchema, {items: [launchDarklyToken], _links: {self: {href: '/api/v2/tokens'}}, totalCount: 1}],
	['LaunchDarkly Token', TokenSchema, launchDarklyToken],
	['LaunchDarkly TokenWithKey', TokenWithKeySchema, {...launchDarklyToken, token: 'api-0000'}],
	['Opal token page', OpalTokenPageSchema, opalPage],
	['Mist org token list', MistOrgApiTokenListSchema, [mistOrgToken, {...mistOrgToken, id: 'b', created_by: 'a@b.example'}]],
	['Mist org token', MistOrgApiTokenSchema, mistOrgToken],
	['Mist org token with privileges', MistOrgApiTokenWithPrivilegesSchema, mistOrgToken],
	['Mist user token list', MistUserApiTokenListSchema, [{id: 'u1', name: 'mine', key: 'abcd...wxyz', created_time: 1_700_000_000, last_used: null}]],
	['Mist self', MistSelfSchema, {email: 'a@b.example', privileges: [{role: 'admin', scope: 'msp', msp_id: 'm1'}]}],
];

/** Arrays nested `levels` deep: `[[[…]]]`. */
function nested(levels: number): unknown {
	return JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`);
}

/** Values put in place of each field in turn: every JSON kind, and values that pass some checks but not others. */
const replacements: readonly unknown[] = [
	null, 0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '', 'x', 'allow', 'READ_ONLY', true, false, [], ['x'], [1], {}, {href: 1},
	'0b6c7c1e-5a1d-4c59-9f53-2f7a3c3f1a01', '2024-02-03T04:05:06Z', '2024-13-03T04:05:06Z', 1_628_001_602_644,
	JSON.parse('{"__proto__": {"admin": true}}'), JSON.parse('{"constructor": 1}'),
	1e300, '+275760-09-13T00:00:00.001Z', '2024-02-03T04:05:06+01', 0.5, {deep: nested(maxNesting)},
];

type Path = ReadonlyArray<string | number>;

/** Every path into a JSON value, the root included. */
function paths(value: unknown, prefix: Path = []): Path[] {
	const own: Path[] = [prefix];
	if (typeof value !== 'object' || value === null) {
		return own;
	}

	return [...own, ...Object.keys(value).flatMap(key => paths(Reflect.get(value, key), [...prefix, Array.isArray(value) ? Number(key) : key]))];
}

/** A deep copy with the value at `path` replaced, or removed when `replacement` is `remove`. */
function mutate(value: unknown, path: Path, replacement: unknown): unknown {
	const copy: unknown = JSON.parse(JSON.stringify(value));
	if (path.length === 0) {
		return replacement;
	}

	const parent = objectAt(copy, path.slice(0, -1));
	const key = path.at(-1) ?? '';
	if (replacement === remove) {
		Reflect.deleteProperty(parent, key);
	} else {
		// Defined rather than assigned, so a key named __proto__ becomes a field as JSON.parse would make it.
		Object.defineProperty(parent, key, {value: replacement, enumerable: true, writable: true, configurable: true});
	}

	return copy;
}

const remove = Symbol('remove');

function objectAt(value: unknown, path: Path): object {
	let target = value;
	for (const key of path) {
		target = typeof target === 'object' && target !== null ? Reflect.get(target, key) : undefined;
	}

	if (typeof target !== 'object' || target === null) {
		throw new TypeError(`no object at ${path.join('.')}`);
	}

	return target;
}

describe('shapeCheck', () => {
	it.each(cases)('checks %s without copying, and accepts a body that fits', (_name, schema, body) => {
		const check = shapeCheck(schema);
		expect(check).toBeDefined();
		expect(check?.(body)).toBe(true);
		expect(v.safeParse(schema, body).success).toBe(true);
	});

	it.each(cases)('never accepts a %s that valibot refuses or would copy differently', (_name, schema, body) => {
		const check = shapeCheck(schema);
		let accepted = 0;
		let refused = 0;
		for (const path of paths(body)) {
			for (const replacement of [remove, ...replacements]) {
				const candidate = mutate(body, path, replacement);
				const parsed = v.safeParse(schema, candidate);
				if (check?.(candidate) === true) {
					accepted++;
					expect({path, success: parsed.success}).toEqual({path, success: true});
					expect(parsed.output).toStrictEqual(candidate);
					expect(nestedTooDeep(candidate, maxNesting)).toBeUndefined();
				} else {
					refused++;
				}
			}
		}

		// Both sides were exercised: the mutations are not all harmless, nor all fatal.
		expect(accepted).toBeGreaterThan(0);
		expect(refused).toBeGreaterThan(0);
	});

	it('keeps an unknown field, and leaves an own __proto__, prototype or constructor key to valibot, which drops it', () => {
		const check = shapeCheck(TokenSchema);
		expect(check?.({...launchDarklyToken, later: {added: true}})).toBe(true);
		for (const key of ['__proto__', 'prototype', 'constructor']) {
			const body: unknown = JSON.parse(JSON.stringify(launchDarklyToken).replace('{', `{"${key}": {"admin": true},`));
			expect(check?.(body)).toBe(false);
			expect(v.safeParse(TokenSchema, body).success).toBe(true);
		}
	});

	it('refuses content the schema does not describe once the whole value nests deeper than maxNesting, and takes it up to there', () => {
		const check = shapeCheck(TokensSchema);
		// Body, items, token: the unknown field sits three levels down.
		const withField = (field: unknown): unknown => ({items: [{...launchDarklyToken, later: field}], totalCount: 1});
		expect(check?.(withField(nested(maxNesting - 3)))).toBe(true);
		expect(nestedTooDeep(withField(nested(maxNesting - 3)), maxNesting)).toBeUndefined();
		expect(check?.(withField(nested(maxNesting - 2)))).toBe(false);
		expect(v.safeParse(TokensSchema, withField(nested(maxNesting - 2))).success).toBe(true);
		// Under a record's entry (a link of `_links`), and at the depth a hostile vendor sends, without overflowing.
		expect(check?.({...launchDarklyToken, _links: {self: {href: '/x', more: nested(maxNesting)}}})).toBe(false);
		expect(check?.(withField(nested(200_000)))).toBe(false);
	});

	it('bounds an `unknown` schema by the depth it sits at', () => {
		const check = shapeCheck(v.looseObject({value: v.unknown()}));
		expect(check?.({value: nested(maxNesting - 1)})).toBe(true);
		expect(check?.({value: nested(maxNesting)})).toBe(false);
		expect(check?.({value: nested(200_000)})).toBe(false);
	});

	it('compiles valibot\'s check as the predicate it is', () => {
		const check = shapeCheck(v.pipe(v.number(), v.check(value => value > 2)));
		expect(check?.(3)).toBe(true);
		expect(check?.(2)).toBe(false);
		expect(check?.('3')).toBe(false);
	});

	it.each<[string, v.GenericSchema]>([
		['an object that drops unknown keys', v.object({a: v.string()})],
		['a default', v.looseObject({a: v.optional(v.string(), 'x')})],
		['a fallback', v.fallback(v.string(), 'x')],
		['a transformation', v.pipe(v.string(), v.trim())],
		['a validation whose rule is not known here', v.pipe(v.string(), v.email())],
		['a union', v.union([v.string(), v.number()])],
	])('gives no check for a schema with %s, whose output may differ from its input', (_name, schema) => {
		expect(shapeCheck(schema)).toBeUndefined();
	});
});
