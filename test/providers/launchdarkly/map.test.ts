import {describe, expect, it} from 'vitest';
import {grantsAdmin, launchDarklyTokenToToken} from '../../../providers/launchdarkly/map.js';
import type {Statement, Token as LaunchDarklyToken} from '../../../providers/launchdarkly/schema.js';
import type {Privilege} from '../../../src/token.js';

const member = {
	_links: {self: {href: '/api/v2/members/569f183514f4432160000007', type: 'application/json'}},
	_id: '569f183514f4432160000007',
	firstName: 'Ariel',
	lastName: 'Flores',
	role: 'admin',
	email: 'ariel@acme.example',
};

const base: LaunchDarklyToken = {
	_id: '61095542756dba551110ae21',
	ownerId: '569f514156e003339cfd3917',
	memberId: member._id,
	_member: member,
	name: 'ci-deploy',
	description: 'Deploys from CI',
	creationDate: 1_628_001_602_644,
	lastModified: 1_628_001_602_644,
	customRoleIds: [],
	inlineRole: [],
	role: 'writer',
	token: 'a1b2',
	serviceToken: false,
	_links: {self: {href: '/api/v2/tokens/61095542756dba551110ae21', type: 'application/json'}},
	defaultApiVersion: 20_240_415,
	lastUsed: 1_700_000_000_123,
};

const allowAll: Statement = {effect: 'allow', actions: ['*'], resources: ['*']};

describe('launchDarklyTokenToToken', () => {
	it.each([
		['epoch milliseconds become Dates', {}, {createdAt: new Date(1_628_001_602_644), lastUsedAt: new Date('2023-11-14T22:13:20.123Z')}],
		['lastUsed 0 means never used', {lastUsed: 0}, {lastUsedAt: null}],
		['no lastUsed means never used', {lastUsed: undefined}, {lastUsedAt: null}],
		['no expiry and no allow-list: LaunchDarkly has neither', {}, {expiresAt: null, allowedIps: null}],
		['a service token', {serviceToken: true}, {kind: 'service'}],
		['a personal token', {serviceToken: false}, {kind: 'personal'}],
		['no serviceToken field: personal, the create default', {serviceToken: undefined}, {kind: 'personal'}],
		['the owner is the member who made it, and its creator', {}, {owner: {id: member._id, email: 'ariel@acme.example', status: 'present'}, createdBy: {id: member._id, email: 'ariel@acme.example', status: 'present'}}],
		['a member who left: no _member, owner null, the creator gone by id', {_member: undefined, memberId: '5f0000000000000000000001'}, {owner: null, createdBy: {id: '5f0000000000000000000001', email: null, status: 'gone'}}],
		['the last four characters become the hint', {}, {secretHint: '…a1b2'}],
		['no token field, no hint', {token: undefined}, {secretHint: null}],
		['no name: the empty string', {name: undefined}, {name: ''}],
		['no description: null', {description: undefined}, {description: null}],
		['an empty description: null', {description: ''}, {description: null}],
	] as const)('%s', (_name, change, expected) => {
		expect(launchDarklyTokenToToken({...base, ...change}, 'ld-prod')).toMatchObject(expected);
	});

	it('maps every field of a base-role token', () => {
		expect(launchDarklyTokenToToken(base, 'ld-prod')).toEqual({
			provider: 'launchdarkly',
			account: 'ld-prod',
			id: base._id,
			name: 'ci-deploy',
			description: 'Deploys from CI',
			kind: 'personal',
			owner: {id: member._id, email: member.email, status: 'present'},
			createdBy: {id: member._id, email: member.email, status: 'present'},
			createdAt: new Date(base.creationDate),
			lastUsedAt: new Date(1_700_000_000_123),
			expiresAt: null,
			privileges: [{role: 'writer', scope: 'account', resource: null}],
			admin: false,
			allowedIps: null,
			secretHint: '…a1b2',
			raw: base,
		});
	});

	it.each<[string, Partial<LaunchDarklyToken>, Privilege[]]>([
		['a base role', {role: 'reader'}, [{role: 'reader', scope: 'account', resource: null}]],
		['custom roles, one privilege each', {role: undefined, customRoleIds: ['r1', 'r2']}, [{role: 'r1', scope: 'custom-role', resource: null}, {role: 'r2', scope: 'custom-role', resource: null}]],
		['an inline policy, one privilege per statement', {
			role: undefined,
			inlineRole: [
				{effect: 'allow', actions: ['updateOn', 'updateOff'], resources: ['proj/*:env/production:flag/*', 'proj/web:env/*:flag/*']},
				{effect: 'deny', notActions: ['viewProject'], notResources: ['proj/sandbox']},
			],
		}, [
			{role: 'allow:updateOn,updateOff', scope: 'policy', resource: 'proj/*:env/production:flag/* proj/web:env/*:flag/*'},
			{role: 'deny:!viewProject', scope: 'policy', resource: '!proj/sandbox'},
		]],
		['nothing at all', {role: undefined}, []],
	])('privileges from %s', (_name, change, privileges) => {
		expect(launchDarklyTokenToToken({...base, ...change}, 'ld-prod').privileges).toEqual(privileges);
	});

	it('uses the record as raw, without a copy, when its token is already the four-character tail a list sends', () => {
		expect(launchDarklyTokenToToken(base, 'ld-prod').raw).toBe(base);
		const noToken = {...base, token: undefined};
		expect(launchDarklyTokenToToken(noToken, 'ld-prod').raw).toBe(noToken);
	});

	it('keeps every field LaunchDarkly sent in raw, but never more than four characters of the key', () => {
		const withExtras = {...base, futureField: {nested: true}, token: 'api-00000000-1111-4222-8333-444444444444'};
		const token = launchDarklyTokenToToken(withExtras, 'ld-prod');
		expect(token.raw).toEqual({...withExtras, token: '4444'});
		expect(JSON.stringify(token.raw)).not.toContain('api-0000');
		expect(token.secretHint).toBe('…4444');
	});
});

describe('grantsAdmin', () => {
	it.each<[string, Partial<LaunchDarklyToken>, boolean]>([
		['the admin role', {role: 'admin'}, true],
		['the owner role', {role: 'owner'}, true],
		['the writer role', {role: 'writer'}, false],
		['a custom role: its policy is not in the token', {role: undefined, inlineRole: []}, false],
		['allow * on *', {inlineRole: [allowAll]}, true],
		['allow * on * among several statements', {inlineRole: [{effect: 'allow', actions: ['updateOn'], resources: ['proj/*']}, {effect: 'allow', actions: ['viewProject', '*'], resources: ['proj/x', '*']}]}, true],
		['allow * on every project only', {inlineRole: [{effect: 'allow', actions: ['*'], resources: ['proj/*']}]}, false],
		['allow one action on *', {inlineRole: [{effect: 'allow', actions: ['updateOn'], resources: ['*']}]}, false],
		['deny * on *', {inlineRole: [{effect: 'deny', actions: ['*'], resources: ['*']}]}, false],
		['allow * on * taken back by deny * on *', {inlineRole: [allowAll, {effect: 'deny', actions: ['*'], resources: ['*']}]}, false],
		['allow * on * with a narrow deny: still nearly everything', {inlineRole: [allowAll, {effect: 'deny', actions: ['deleteFlag'], resources: ['proj/*:env/production:flag/*']}]}, true],
		['allow * on * except some resources', {inlineRole: [{effect: 'allow', actions: ['*'], resources: ['*'], notResources: ['proj/secret']}]}, false],
		['allow every action but one on *', {inlineRole: [{effect: 'allow', notActions: ['deleteProject'], resources: ['*']}]}, false],
		['allow * on every resource but one', {inlineRole: [{effect: 'allow', actions: ['*'], notResources: ['proj/secret']}]}, false],
	])('%s', (_name, record, expected) => {
		expect(grantsAdmin(record)).toBe(expected);
		expect(launchDarklyTokenToToken({...base, role: undefined, ...record}, 'ld-prod').admin).toBe(expected);
	});
});
