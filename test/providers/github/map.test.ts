import {describe, expect, it} from 'vitest';
import {credentialAuthorizationToToken, grantToToken, unknownMember, type OrgMember} from '../../../providers/github/map.js';
import type {CredentialAuthorization, Grant} from '../../../providers/github/schema.js';

const grant = (change: Partial<Grant> = {}): Grant => ({
	id: 25_381,
	owner: {login: 'octocat', id: 1, email: null},
	repository_selection: 'subset',
	repositories_url: 'https://api.github.com/organizations/652551/personal-access-tokens/25381/repositories',
	permissions: {organization: {members: 'read'}, repository: {metadata: 'read'}},
	access_granted_at: '2023-05-16T08:47:09.000-07:00',
	token_id: 98_716,
	token_name: 'ci',
	token_expired: false,
	token_expires_at: null,
	token_last_used_at: null,
	...change,
});

const authorization = (change: Partial<CredentialAuthorization> = {}): CredentialAuthorization => ({
	login: 'octocat',
	credential_id: 161_195,
	credential_type: 'personal access token',
	token_last_eight: '71c3fc11',
	credential_authorized_at: '2011-01-26T19:06:43Z',
	credential_accessed_at: null,
	scopes: ['user', 'repo'],
	authorized_credential_id: 12_345_678,
	authorized_credential_note: 'my token',
	authorized_credential_expires_at: null,
	...change,
});

const owner: OrgMember = {status: 'present', role: 'admin'};
const member: OrgMember = {status: 'present', role: 'member'};
const gone: OrgMember = {status: 'gone', role: null};

describe('a fine-grained PAT grant as a Token', () => {
	it('takes the grant id as the id, the grant time with its offset, and null times as never', () => {
		const token = grantToToken(grant(), 'gh', member, ['acme/api']);
		expect(token).toMatchObject({id: '25381', name: 'ci', kind: 'personal', status: 'active', ownCredential: false, description: null, allowedIps: null, secretHint: null});
		expect(token.createdAt?.toISOString()).toBe('2023-05-16T15:47:09.000Z');
		expect(token.lastUsedAt).toBeNull();
		expect(token.expiresAt).toBeNull();
		expect(token.owner).toEqual({id: 'octocat', email: null, status: 'present'});
		expect(token.raw).toMatchObject({token_id: 98_716});
	});

	it.each([
		['org administration write, owner an org owner', {organization: {administration: 'write'}}, owner, true],
		['org administration write, owner a member', {organization: {administration: 'write'}}, member, false],
		['org administration write, owner left', {organization: {administration: 'write'}}, gone, false],
		['org administration write, owner not looked up', {organization: {administration: 'write'}}, unknownMember, null],
		['org administration read', {organization: {administration: 'read'}}, owner, false],
		['repository permissions only', {repository: {contents: 'write'}}, owner, false],
	] as const)('%s: admin %s', (_name, permissions, who, admin) => {
		expect(grantToToken(grant({permissions}), 'gh', who, undefined).admin).toBe(admin);
	});

	it.each([
		['subset, read', 'subset', ['acme/api', 'acme/web'], [{role: 'selected', scope: 'repositories', resource: 'acme/api'}, {role: 'selected', scope: 'repositories', resource: 'acme/web'}]],
		['subset, not read', 'subset', undefined, [{role: 'selected', scope: 'repositories', resource: null}]],
		['all', 'all', undefined, [{role: 'all', scope: 'repositories', resource: null}]],
		['none', 'none', undefined, [{role: 'none', scope: 'repositories', resource: null}]],
	] as const)('repositories %s', (_name, selection, repositories, expected) => {
		const privileges = grantToToken(grant({repository_selection: selection}), 'gh', unknownMember, repositories).privileges;
		expect(privileges.filter(privilege => privilege.scope === 'repositories')).toEqual(expected);
	});

	it('has one privilege per permission, and the owner\'s role as a cap', () => {
		expect(grantToToken(grant(), 'gh', owner, []).privileges).toEqual([
			{role: 'read', scope: 'organization', resource: 'members'},
			{role: 'read', scope: 'repository', resource: 'metadata'},
			{role: 'admin', scope: 'member-cap', resource: 'octocat'},
		]);
	});

	it('is expired as GitHub says, with the expiry and last use it gives', () => {
		const token = grantToToken(grant({token_expired: true, token_expires_at: '2024-01-01T00:00:00.000+02:00', token_last_used_at: '2023-12-30T10:00:00.000Z'}), 'gh', member, []);
		expect(token.status).toBe('expired');
		expect(token.expiresAt?.toISOString()).toBe('2023-12-31T22:00:00.000Z');
		expect(token.lastUsedAt?.toISOString()).toBe('2023-12-30T10:00:00.000Z');
	});
});

describe('an SSO credential authorization as a Token', () => {
	it('takes the credential id, the note, the authorization time and the masked tail', () => {
		const token = credentialAuthorizationToToken(authorization({credential_accessed_at: '2024-02-01T00:00:00Z'}), 'gh', member);
		expect(token).toMatchObject({id: '161195', name: 'my token', secretHint: '…71c3fc11', kind: 'personal', status: 'active', admin: false});
		expect(token.createdAt?.toISOString()).toBe('2011-01-26T19:06:43.000Z');
		expect(token.lastUsedAt?.toISOString()).toBe('2024-02-01T00:00:00.000Z');
		expect(token.privileges.filter(privilege => privilege.scope === 'oauth-scope').map(privilege => privilege.role)).toEqual(['user', 'repo']);
	});

	it.each([
		['admin:org of an org owner', ['admin:org'], owner, true],
		['admin:enterprise of an org owner', ['admin:enterprise'], owner, true],
		['admin:org of a member', ['admin:org'], member, false],
		['admin:org, owner unknown', ['admin:org'], unknownMember, null],
		['repo only', ['repo'], owner, false],
	] as const)('%s: admin %s', (_name, scopes, who, admin) => {
		expect(credentialAuthorizationToToken(authorization({scopes: [...scopes]}), 'gh', who).admin).toBe(admin);
	});

	it('names an SSH key by its title, gives git access and no hint; an OAuth token by its type', () => {
		const key = credentialAuthorizationToToken(authorization({credential_type: 'SSH key', token_last_eight: undefined, fingerprint: 'SHA256:abc', scopes: undefined, authorized_credential_note: null, authorized_credential_title: 'laptop'}), 'gh', gone);
		expect(key).toMatchObject({name: 'laptop', secretHint: null, owner: {id: 'octocat', email: null, status: 'gone'}});
		expect(key.privileges).toEqual([{role: 'git', scope: 'ssh-key', resource: null}]);
		const oauth = credentialAuthorizationToToken(authorization({credential_type: 'OAuth app token', authorized_credential_note: null}), 'gh', member);
		expect(oauth.name).toBe('OAuth app token');
		expect(credentialAuthorizationToToken(authorization({authorized_credential_expires_at: '2030-01-01T00:00:00Z'}), 'gh', member).expiresAt?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
	});
});
