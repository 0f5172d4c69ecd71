import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {twinLifetime} from '../../../providers/openai/lifetime.js';
import {hintOf, maskEnds, openAIAdminKeyToToken, openAIProjectKeyToToken} from '../../../providers/openai/map.js';
import {OpenAIAdminKeyListSchema, OpenAIProjectKeySchema, type OpenAIAdminKey, type OpenAIProject, type OpenAIProjectKey} from '../../../providers/openai/schema.js';

/** The spec's own list example for admin keys, as OpenAI documents it ([S]: a service account owns it). */
const specAdminKey: OpenAIAdminKey = {
	object: 'organization.admin_api_key',
	id: 'key_abc',
	name: 'Main Admin Key',
	redacted_value: 'sk-admin...def',
	created_at: 1_711_471_533,
	expires_at: 1_714_063_533,
	last_used_at: 1_711_471_534,
	owner: {type: 'service_account', object: 'organization.service_account', id: 'sa_456', name: 'My Service Account', created_at: 1_711_471_533, role: 'member'},
};

/** The spec's project-key example. */
const specProjectKey: OpenAIProjectKey = {
	object: 'organization.project.api_key',
	redacted_value: 'sk-abc...def',
	name: 'My API Key',
	created_at: 1_711_471_533,
	last_used_at: 1_711_471_534,
	id: 'key_abc',
	owner_project_access: 'active',
	owner: {type: 'user', user: {id: 'user_abc', name: 'First Last', email: 'user@example.com', role: 'owner', created_at: 1_711_471_533}},
};

const project: OpenAIProject = {id: 'proj_abc', object: 'organization.project', name: 'Project example', created_at: 1_711_471_533, archived_at: null, status: 'active'};

describe('OpenAI admin key mapping', () => {
	it('maps the spec\'s example: times from epoch seconds, an organization-wide admin, the mask\'s tail as the hint', () => {
		expect(openAIAdminKeyToToken(specAdminKey, 'openai-prod')).toEqual({
			provider: 'openai',
			account: 'openai-prod',
			id: 'key_abc',
			name: 'Main Admin Key',
			description: null,
			kind: 'org',
			status: 'active',
			ownCredential: false,
			// A service account: OpenAI has no route to look one up.
			owner: {id: 'sa_456', email: null, status: 'unknown'},
			createdBy: null,
			createdAt: new Date('2024-03-26T16:45:33.000Z'),
			lastUsedAt: new Date('2024-03-26T16:45:34.000Z'),
			expiresAt: new Date('2024-04-25T16:45:33.000Z'),
			privileges: [{role: 'admin', scope: 'organization', resource: null}],
			admin: true,
			allowedIps: null,
			secretHint: '…def',
			raw: specAdminKey,
		});
	});

	it.each([
		['a user looked up and present', {owner: {id: 'user_1', email: 'ada@example.com', status: 'present' as const}}, {id: 'user_1', email: 'ada@example.com', status: 'present'}],
		['a user removed from the organization', {owner: {id: 'user_1', email: null, status: 'gone' as const}}, {id: 'user_1', email: null, status: 'gone'}],
		['a user not looked up', undefined, {id: 'user_1', email: null, status: 'unknown'}],
	])('owner: %s', (_case, person, owner) => {
		const record: OpenAIAdminKey = {...specAdminKey, owner: {type: 'user', object: 'organization.user', id: 'user_1', name: 'Ada', role: 'owner'}};
		expect(openAIAdminKeyToToken(record, 'a', {person}).owner).toEqual(owner);
	});

	it.each([
		['null times: never used, never expires', {last_used_at: null, expires_at: null}, {lastUsedAt: null, expiresAt: null}],
		['times left out (the retrieve example has no expires_at)', {last_used_at: undefined, expires_at: undefined}, {lastUsedAt: null, expiresAt: null}],
		['no name', {name: null}, {name: ''}],
		['no owner at all', {owner: null}, {owner: null}],
		['an owner without an id', {owner: {type: 'user'}}, {owner: null}],
	])('%s', (_case, change, expected) => {
		expect(openAIAdminKeyToToken({...specAdminKey, ...change}, 'a')).toMatchObject(expected);
	});

	it('reads a whole list page, and refuses a time in milliseconds as out of range', () => {
		const page = {object: 'list', data: [specAdminKey], first_id: 'key_abc', last_id: 'key_abc', has_more: false};
		expect(v.parse(OpenAIAdminKeyListSchema, page).data).toHaveLength(1);
		expect(v.safeParse(OpenAIAdminKeyListSchema, {...page, data: [{...specAdminKey, created_at: 1_711_471_533_000}]}).success).toBe(false);
	});
});

describe('OpenAI project key mapping', () => {
	it('maps the spec\'s example: a project owner\'s personal key, admin of that project', () => {
		expect(openAIProjectKeyToToken(specProjectKey, project, 'openai-prod')).toEqual({
			provider: 'openai',
			account: 'openai-prod',
			id: 'proj_abc/key_abc',
			name: 'My API Key',
			description: null,
			kind: 'personal',
			status: 'active',
			ownCredential: false,
			owner: {id: 'user_abc', email: 'user@example.com', status: 'present'},
			createdBy: null,
			createdAt: new Date('2024-03-26T16:45:33.000Z'),
			lastUsedAt: new Date('2024-03-26T16:45:34.000Z'),
			expiresAt: null,
			privileges: [{role: 'owner', scope: 'project', resource: 'proj_abc'}],
			admin: true,
			allowedIps: null,
			secretHint: '…def',
			raw: specProjectKey,
		});
	});

	it('maps a service account\'s key whose account lost its role: kind service, owner gone, not admin', () => {
		const record: OpenAIProjectKey = {...specProjectKey, owner_project_access: 'inactive', owner: {type: 'service_account', service_account: {id: 'svc_acct_1', name: 'bot', created_at: 1_711_471_533, role: 'none'}}};
		expect(openAIProjectKeyToToken(record, project, 'a')).toMatchObject({
			kind: 'service',
			owner: {id: 'svc_acct_1', email: null, status: 'gone'},
			privileges: [{role: 'none', scope: 'project', resource: 'proj_abc'}],
			admin: false,
		});
	});

	it.each([
		['a member\'s key', {owner: {type: 'user', user: {id: 'u', email: '', name: 'n', role: 'member', created_at: 1_711_471_533}}}, {admin: false, owner: {id: 'u', email: null, status: 'present'}}],
		['an owner removed from the project or organization', {owner_project_access: 'inactive'}, {owner: {id: 'user_abc', email: 'user@example.com', status: 'gone'}}],
		['no access word at all', {owner_project_access: null}, {owner: {id: 'user_abc', email: 'user@example.com', status: 'unknown'}}],
		['an expiry (the official client\'s field)', {expires_at: 1_800_000_000}, {expiresAt: new Date('2027-01-15T08:00:00.000Z')}],
		['no owner', {owner: null}, {kind: 'unknown', owner: null, privileges: [], admin: false}],
		['an owner type with no details, the other kind\'s details present', {owner: {service_account: {id: 's', name: 'x', created_at: 1_711_471_533, role: 'member'}}}, {kind: 'service', owner: {id: 's', email: null, status: 'present'}}],
	])('%s', (_case, change, expected) => {
		expect(openAIProjectKeyToToken(v.parse(OpenAIProjectKeySchema, {...specProjectKey, ...change}), project, 'a')).toMatchObject(expected);
	});

	it.each([
		['status archived', {status: 'archived', archived_at: 1_750_000_000}],
		['archived_at alone, where the status is left out', {status: undefined, archived_at: 1_750_000_000}],
	])('a key of an archived project is disabled: %s', (_case, change) => {
		expect(openAIProjectKeyToToken(specProjectKey, {...project, ...change}, 'a').status).toBe('disabled');
	});
});

describe('OpenAI masks', () => {
	it.each([
		['sk-admin...def', '…def', {head: 'sk-admin', tail: 'def'}],
		['sk-admin****************s1MA', '…s1MA', {head: 'sk-admin', tail: 's1MA'}],
		['sk-svcac**…**380A', '…380A', {head: 'sk-svcac', tail: '380A'}],
		// No mask in it: it could be the key itself, so nothing is taken from it.
		['sk-proj-abcdefghijklmnop', null, null],
		['', null, null],
		[null, null, null],
		// Longer than a hint may be: more than a tail.
		['sk-admin***abcdefghijk', null, null],
	])('%j gives the hint %j', (redacted, hint, ends) => {
		expect(hintOf(redacted)).toBe(hint);
		expect(maskEnds(redacted)).toEqual(ends);
	});
});

describe('a rotation\'s twin lifetime', () => {
	it.each([
		['never expires', 1_700_000_000, null, null],
		['a 30-day key gets 30 days', 1_700_000_000, 1_700_000_000 + 2_592_000, 2_592_000],
		['capped at OpenAI\'s year', 1_600_000_000, 1_700_000_000, 31_536_000],
		['at least one second', 1_700_000_000, 1_700_000_000, 1],
	])('%s', (_case, createdAt, expiresAt, lifetime) => {
		expect(twinLifetime(createdAt, expiresAt)).toBe(lifetime);
	});
});
