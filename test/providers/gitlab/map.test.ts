import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {accessLevelName, personalTokenToToken, resourceTokenToToken, statusOf, type PersonalTokenOwner} from '../../../providers/gitlab/map.js';
import {PersonalAccessTokenSchema, ResourceAccessTokenSchema, type PersonalAccessToken, type ResourceAccessToken} from '../../../providers/gitlab/schema.js';

const now = Date.UTC(2026, 5, 15, 12);
const context = {account: 'gl-prod', selfId: 7, now};

const base: PersonalAccessToken = {
	id: 42,
	name: 'terraform-ci',
	description: 'Runs plans',
	revoked: false,
	active: true,
	scopes: ['read_api'],
	user_id: 3,
	created_at: '2026-01-10T08:30:00.123Z',
	last_used_at: null,
	expires_at: '2026-12-31',
};

const person: PersonalTokenOwner = {owner: {id: '3', email: 'ada@example.com', status: 'present'}, isAdmin: false, bot: false};

const resourceBase: ResourceAccessToken = {...base, id: 43, user_id: 90, access_level: 40, resource_type: 'group', resource_id: 45, scopes: ['api']};

describe('personalTokenToToken', () => {
	it.each([
		['a date expires at 00:00 UTC on that day', {expires_at: '2026-12-31'}, {expiresAt: new Date('2026-12-31T00:00:00Z'), status: 'active'}],
		['no expiry is never', {expires_at: null}, {expiresAt: null}],
		['an absent expiry is never', {expires_at: undefined}, {expiresAt: null}],
		['a date-time (as the spec types it) is read as that instant', {expires_at: '2026-12-31T10:00:00Z'}, {expiresAt: new Date('2026-12-31T10:00:00Z')}],
		['last use is RFC 3339 with milliseconds', {last_used_at: '2026-06-01T09:10:11.456Z'}, {lastUsedAt: new Date('2026-06-01T09:10:11.456Z')}],
		['null last use is never used', {last_used_at: null}, {lastUsedAt: null}],
		['revoked is reported, not hidden', {revoked: true, active: false}, {status: 'revoked'}],
		['GitLab saying expired', {active: false, expired: true}, {status: 'expired'}],
		['an expiry date already reached, though GitLab says active', {expires_at: '2026-06-15'}, {status: 'expired'}],
		['inactive for another reason (a fine-grained token whose feature is off)', {active: false, expired: false}, {status: 'disabled'}],
		['an empty description is none', {description: ''}, {description: null}],
		['a null description is none', {description: null}, {description: null}],
		['the credential itself', {id: 7}, {ownCredential: true}],
		['scopes are privileges over the user', {granular: false}, {privileges: [{role: 'read_api', scope: 'user', resource: '3'}, {role: 'read_repository', scope: 'user', resource: '3'}], admin: false}],
	] as const)('%s', (_name, change, expected) => {
		expect(personalTokenToToken({...base, scopes: ['read_api', 'read_repository'], ...change}, person, context)).toMatchObject(expected);
	});

	it.each([
		['api of an administrator is full access', ['api'], true, true],
		['sudo of an administrator is full access', ['sudo', 'read_user'], true, true],
		['read_api of an administrator is not', ['read_api'], true, false],
		['api of someone else is not', ['api'], false, false],
		['api of someone tokenkit could not look up cannot be told', ['api'], null, null],
		['read_api of someone tokenkit could not look up is not', ['read_api'], null, false],
	] as const)('%s', (_name, scopes, isAdmin, admin) => {
		expect(personalTokenToToken({...base, scopes: [...scopes]}, {...person, isAdmin}, context).admin).toBe(admin);
	});

	it('maps a bot or service account\'s personal token as a service token', () => {
		expect(personalTokenToToken(base, {...person, bot: true}, context).kind).toBe('service');
	});

	it('maps every field, leaving what GitLab lacks null, with the record as raw', () => {
		expect(personalTokenToToken(base, person, context)).toEqual({
			provider: 'gitlab',
			account: 'gl-prod',
			id: '42',
			name: 'terraform-ci',
			description: 'Runs plans',
			kind: 'personal',
			status: 'active',
			ownCredential: false,
			owner: {id: '3', email: 'ada@example.com', status: 'present'},
			createdBy: null,
			createdAt: new Date('2026-01-10T08:30:00.123Z'),
			lastUsedAt: null,
			expiresAt: new Date('2026-12-31T00:00:00Z'),
			privileges: [{role: 'read_api', scope: 'user', resource: '3'}],
			admin: false,
			allowedIps: null,
			secretHint: null,
			raw: base,
		});
	});

	it('maps a fine-grained token\'s permissions over the group or project they name', () => {
		const granular = {...base, granular: true, scopes: ['granular'], granular_scopes: [{access: 'selected_memberships', permissions: ['read_job'], project_id: 9}, {access: 'personal_projects', permissions: ['read_issue']}]};
		expect(personalTokenToToken(granular, person, context).privileges).toEqual([
			{role: 'granular', scope: 'user', resource: '3'},
			{role: 'selected_memberships:read_job', scope: 'project', resource: '9'},
			{role: 'personal_projects:read_issue', scope: 'user', resource: '3'},
		]);
	});
});

describe('resourceTokenToToken', () => {
	it('is an org token owned by its group, with the access level by GitLab\'s name', () => {
		expect(resourceTokenToToken(resourceBase, {kind: 'group', id: 45}, context)).toMatchObject({
			id: 'group/45/43',
			kind: 'org',
			owner: {id: 'group/45', email: null, status: 'present'},
			privileges: [{role: 'Maintainer', scope: 'group', resource: '45'}, {role: 'api', scope: 'group', resource: '45'}],
			admin: false,
		});
	});

	it.each([
		['api with Owner is full access over its resource', 50, ['api'], true],
		['read_api with Owner is not', 50, ['read_api'], false],
		['api with Maintainer is not', 40, ['api'], false],
	] as const)('%s', (_name, level, scopes, admin) => {
		expect(resourceTokenToToken({...resourceBase, access_level: level, scopes: [...scopes]}, {kind: 'project', id: 45}, context).admin).toBe(admin);
	});

	it('names every level, and one GitLab has not named by its number', () => {
		expect([10, 15, 20, 25, 30, 40, 50].map(level => accessLevelName(level))).toEqual(['Guest', 'Planner', 'Reporter', 'access level 25', 'Developer', 'Maintainer', 'Owner']);
	});
});

describe('statusOf', () => {
	it('puts revoked before expired', () => {
		expect(statusOf({revoked: true, active: false, expired: true}, now - 1, now)).toBe('revoked');
	});
});

describe('the wire schemas', () => {
	it.each([
		['a date', '2026-12-31', true],
		['a date-time', '2026-12-31T00:00:00Z', true],
		['an impossible date', '2026-02-31', false],
		['a date before 2000', '1999-12-31', false],
		['no date at all', 'soon', false],
	] as const)('reads %s in expires_at: %s', (_name, expires, ok) => {
		expect(v.safeParse(PersonalAccessTokenSchema, {...base, expires_at: expires}).success).toBe(ok);
	});

	it('keeps a field GitLab adds later, and reads an access level it has not named', () => {
		const parsed = v.parse(ResourceAccessTokenSchema, {...resourceBase, access_level: 25, new_field: 'x'});
		expect(parsed).toMatchObject({access_level: 25, new_field: 'x'});
	});
});
