import {describe, expect, it} from 'vitest';
import type {CustomRoleDirectory} from '../../../providers/launchdarkly/custom-roles.js';
import {grantsAdmin, launchDarklyTokenToToken} from '../../../providers/launchdarkly/map.js';
import type {CustomRole, Statement, Token as LaunchDarklyToken} from '../../../providers/launchdarkly/schema.js';
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
			status: 'active',
			ownCredential: false,
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
		['no role and no policy', {role: undefined, inlineRole: []}, false],
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

const roleLinks = {self: {href: '/api/v2/roles/x', type: 'application/json'}};
const allAccessRole: CustomRole = {_id: '5f00000000000000000000a1', _links: roleLinks, key: 'all-access', name: 'All access', policy: [allowAll]};
const flagRole: CustomRole = {_id: '5f00000000000000000000b2', _links: roleLinks, key: 'flag-editor', name: 'Flag editor', policy: [{effect: 'allow', actions: ['*'], resources: ['proj/*:env/*:flag/*']}]};
const projectsRole: CustomRole = {_id: '5f00000000000000000000c3', _links: roleLinks, key: 'projects', name: 'Every project', policy: [{effect: 'allow', actions: ['*'], resources: ['proj/*']}]};
const listed: CustomRoleDirectory = {
	readable: true,
	byId: new Map([allAccessRole, flagRole, projectsRole].map(role => [role._id, role])),
	byKey: new Map([allAccessRole, flagRole, projectsRole].map(role => [role.key, role])),
};
const unreadable: CustomRoleDirectory = {readable: false, reason: 'this key may not list custom roles (HTTP 403)'};
const memberAs = (role: string): LaunchDarklyToken['_member'] => ({...member, role});

describe('a personal token is capped by its member\'s role; a service token is not', () => {
	it.each<[string, Partial<LaunchDarklyToken>, boolean | null]>([
		['admin token, reader member', {role: 'admin', _member: memberAs('reader')}, false],
		['admin token, writer member', {role: 'admin', _member: memberAs('writer')}, false],
		['admin token, admin member', {role: 'admin', _member: memberAs('admin')}, true],
		['owner token, owner member', {role: 'owner', _member: memberAs('owner')}, true],
		['admin service token, reader member: stands on its own role', {role: 'admin', serviceToken: true, _member: memberAs('reader')}, true],
		['inline * on *, reader member', {role: undefined, inlineRole: [allowAll], _member: memberAs('reader')}, false],
		['admin token, no_access member: access from roles the record does not show', {role: 'admin', _member: memberAs('no_access')}, null],
		['admin token, a member role tokenkit does not know', {role: 'admin', _member: memberAs('release-manager')}, null],
		['reader token, a member role tokenkit does not know: a cap only lowers', {role: 'reader', _member: memberAs('release-manager')}, false],
		['admin token whose member left: nothing caps it', {role: 'admin', _member: undefined}, true],
	])('%s', (_name, change, admin) => {
		expect(launchDarklyTokenToToken({...base, ...change}, 'ld-prod', listed).admin).toBe(admin);
	});

	it('shows the member\'s role as a member-cap privilege when it is below admin, so the reason is in the record', () => {
		expect(launchDarklyTokenToToken({...base, role: 'admin', _member: memberAs('reader')}, 'ld-prod').privileges).toEqual([
			{role: 'admin', scope: 'account', resource: null},
			{role: 'reader', scope: 'member-cap', resource: member._id},
		]);
		expect(launchDarklyTokenToToken({...base, role: 'admin', _member: memberAs('owner')}, 'ld-prod').privileges).toEqual([{role: 'admin', scope: 'account', resource: null}]);
		expect(launchDarklyTokenToToken({...base, role: 'admin', serviceToken: true, _member: memberAs('reader')}, 'ld-prod').privileges).toEqual([{role: 'admin', scope: 'account', resource: null}]);
	});
});

describe('custom roles, read from the account\'s roles', () => {
	it.each<[string, string[], CustomRoleDirectory | undefined, boolean | null]>([
		['a role that allows * on *', [allAccessRole._id], listed, true],
		['a role about flags', [flagRole._id], listed, false],
		['a role with * on every project, which is not every resource', [projectsRole._id], listed, false],
		['a narrow role and a full one', [flagRole._id, allAccessRole._id], listed, true],
		['a role the key may not read', [flagRole._id], unreadable, null],
		['an id the listing does not hold', ['5f00000000000000000000ff'], listed, null],
		['an unknown id beside a full role: full either way', ['5f00000000000000000000ff', allAccessRole._id], listed, true],
		['no listing at all', [flagRole._id], undefined, null],
	])('%s', (_name, customRoleIds, roles, admin) => {
		expect(launchDarklyTokenToToken({...base, role: undefined, customRoleIds, serviceToken: true}, 'ld-prod', roles).admin).toBe(admin);
	});

	it('shows a role by key and name, and one it could not read by its bare id', () => {
		const token = launchDarklyTokenToToken({...base, role: undefined, serviceToken: true, customRoleIds: [allAccessRole._id, '5f00000000000000000000ff']}, 'ld-prod', listed);
		expect(token.privileges).toEqual([
			{role: 'all-access', scope: 'custom-role', resource: 'All access'},
			{role: '5f00000000000000000000ff', scope: 'custom-role', resource: null},
		]);
	});

	it('caps a full custom role by a reader member too', () => {
		const token = launchDarklyTokenToToken({...base, role: undefined, customRoleIds: [allAccessRole._id], _member: memberAs('reader')}, 'ld-prod', listed);
		expect(token.admin).toBe(false);
		expect(token.privileges).toContainEqual({role: 'reader', scope: 'member-cap', resource: member._id});
	});
});
