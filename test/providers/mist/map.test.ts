import {describe, expect, it} from 'vitest';
import {mistOrgTokenToToken, mistUserTokenToToken, type MistTokenAdmin} from '../../../providers/mist/map.js';
import type {MistOrgApiToken, MistUserApiToken} from '../../../providers/mist/schema.js';
import type {Token} from '../../../src/token.js';

const orgId = '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const siteId = '0b6c7c1e-5a1d-4c59-9f53-2f7a3c3f1a01';
const sitegroupId = '9f8e7d6c-5b4a-4321-8fed-cba987654321';

const org: MistOrgApiToken = {
	id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
	org_id: orgId,
	name: 'terraform-ci',
	key: '1qkb...QQCL',
	created_by: 'ana@example.com',
	created_time: 1_626_875_902,
	last_used: 1_690_115_110,
	privileges: [{role: 'write', scope: 'org', org_id: orgId}],
};

const user: MistUserApiToken = {
	id: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a',
	name: 'laptop-scripts',
	key: 'olwW...9dRE',
	created_time: 1_700_000_000.25,
	last_used: 1_700_086_400,
};

const admin: MistTokenAdmin = {email: 'ana@example.com', privileges: [{role: 'admin', scope: 'org', org_id: orgId}]};

const day = 86_400_000;

/** The record without one field, as Mist sends it when the field is absent. */
function withoutField<T extends object>(record: T, field: string): T {
	const copy = {...record};
	Reflect.deleteProperty(copy, field);
	return copy;
}

describe('mistOrgTokenToToken', () => {
	it.each<[string, MistOrgApiToken, Partial<Token>]>([
		['epoch seconds become Dates', org, {createdAt: new Date('2021-07-21T13:58:22Z'), lastUsedAt: new Date('2023-07-23T12:25:10Z')}],
		['fractional seconds keep their milliseconds', {...org, created_time: 1_626_875_902.123, last_used: 1_690_115_110.5}, {createdAt: new Date(1_626_875_902_123), lastUsedAt: new Date(1_690_115_110_500)}],
		['null last use means never', {...org, last_used: null}, {lastUsedAt: null}],
		['absent last use means never', withoutField(org, 'last_used'), {lastUsedAt: null}],
		['last use 0 means never', {...org, last_used: 0}, {lastUsedAt: null}],
		['org tokens never expire', org, {expiresAt: null}],
		['absent src_ips means unrestricted', org, {allowedIps: []}],
		['src_ips become the allow-list', {...org, src_ips: ['63.3.56.0/24', '63.3.55.4']}, {allowedIps: ['63.3.56.0/24', '63.3.55.4']}],
		['the creator is the owner, and present', org, {owner: {id: null, email: 'ana@example.com', status: 'present'}}],
		['the creator is createdBy too', org, {createdBy: {id: null, email: 'ana@example.com', status: 'present'}}],
		['a deleted creator (null) means no owner and no creator', {...org, created_by: null}, {owner: null, createdBy: null}],
		['an absent creator means no owner', withoutField(org, 'created_by'), {owner: null, createdBy: null}],
		['admin at org scope is admin', {...org, privileges: [{role: 'admin', scope: 'org', org_id: orgId}]}, {admin: true, privileges: [{role: 'admin', scope: 'org', resource: orgId}]}],
		['admin at site scope is not', {...org, privileges: [{role: 'admin', scope: 'site', site_id: siteId}]}, {admin: false, privileges: [{role: 'admin', scope: 'site', resource: siteId}]}],
		['write at org scope is not', org, {admin: false}],
		[
			'any org admin among several privileges is admin',
			{...org, privileges: [{role: 'read', scope: 'sitegroup', sitegroup_id: sitegroupId}, {role: 'admin', scope: 'org', org_id: orgId}]},
			{admin: true, privileges: [{role: 'read', scope: 'sitegroup', resource: sitegroupId}, {role: 'admin', scope: 'org', resource: orgId}]},
		],
		['views stay in raw only', {...org, privileges: [{role: 'helpdesk', scope: 'org', org_id: orgId, views: ['switch_admin']}]}, {privileges: [{role: 'helpdesk', scope: 'org', resource: orgId}]}],
		['an org privilege without org_id has no resource', {...org, privileges: [{role: 'read', scope: 'org'}]}, {privileges: [{role: 'read', scope: 'org', resource: null}]}],
		['an unknown scope takes the id it carries', {...org, privileges: [{role: 'read', scope: 'floor', site_id: siteId}]}, {privileges: [{role: 'read', scope: 'floor', resource: siteId}]}],
		['absent privileges (a create response) map to none', withoutField(org, 'privileges'), {privileges: [], admin: false}],
		['the masked key gives its tail as the hint', org, {secretHint: '…QQCL'}],
		['a longer masked tail is cut to four', {...org, key: 'abcd...vwxyz0'}, {secretHint: '…xyz0'}],
		['a whole key is never a hint', {...org, key: 'abcdefghijklmnopqrstuvwxyz0123456789'}, {secretHint: null}],
		['a key with dots but long sides is no preview', {...org, key: 'abcdefghijklmnop...qrstuvwxyz0123'}, {secretHint: null}],
		['no key, no hint', withoutField(org, 'key'), {secretHint: null}],
		['no created_time (the spec requires only name): no creation date', withoutField(org, 'created_time'), {createdAt: null}],
	])('%s', (_name, record, expected) => {
		expect(mistOrgTokenToToken(record, 'mist-hq')).toMatchObject(expected);
	});

	it('leaves a key that is not the preview out of raw: a whole key sent where a mask belongs', () => {
		const key = 'abcdefghijklmnopqrstuvwxyz0123456789';
		const token = mistOrgTokenToToken({...org, key}, 'mist-hq');
		expect(token.raw).toEqual(withoutField(org, 'key'));
		expect(JSON.stringify(token)).not.toContain(key.slice(0, 12));
		// The preview itself stays, as Mist shows it.
		expect(mistOrgTokenToToken(org, 'mist-hq').raw).toBe(org);
	});

	it('maps identity fields, leaves what Mist lacks as null, and keeps unknown fields in raw', () => {
		const record: MistOrgApiToken = {...org, src_ips: ['192.0.2.1'], future_field: {nested: true}};
		expect(mistOrgTokenToToken(record, 'mist-hq')).toEqual({
			provider: 'mist',
			account: 'mist-hq',
			id: org.id,
			name: 'terraform-ci',
			description: null,
			kind: 'org',
			status: 'active',
			ownCredential: false,
			owner: {id: null, email: 'ana@example.com', status: 'present'},
			createdBy: {id: null, email: 'ana@example.com', status: 'present'},
			createdAt: new Date(1_626_875_902_000),
			lastUsedAt: new Date(1_690_115_110_000),
			expiresAt: null,
			privileges: [{role: 'write', scope: 'org', resource: orgId}],
			admin: false,
			allowedIps: ['192.0.2.1'],
			secretHint: '…QQCL',
			raw: record,
		});
	});
});

describe('mistUserTokenToToken', () => {
	it.each<[string, MistUserApiToken, MistTokenAdmin, Partial<Token>]>([
		['kind is personal and there is no allow-list', user, admin, {kind: 'personal', allowedIps: null, description: null}],
		['fractional creation seconds keep their milliseconds', user, admin, {createdAt: new Date(1_700_000_000_250)}],
		['expiry is 90 days after the last use', user, admin, {lastUsedAt: new Date(1_700_086_400_000), expiresAt: new Date(1_700_086_400_000 + 90 * day)}],
		['never used: 90 days after creation', {...user, last_used: null}, admin, {lastUsedAt: null, expiresAt: new Date(1_700_000_000_250 + 90 * day)}],
		['last use 0 counts as never', {...user, last_used: 0}, admin, {lastUsedAt: null, expiresAt: new Date(1_700_000_000_250 + 90 * day)}],
		['the admin is the owner; Mist records no creator', user, admin, {owner: {id: null, email: 'ana@example.com', status: 'present'}, createdBy: null}],
		['no email, no owner', user, {email: null, privileges: []}, {owner: null, privileges: [], admin: false}],
		['the admin\'s privileges are the token\'s', user, admin, {admin: true, privileges: [{role: 'admin', scope: 'org', resource: orgId}]}],
		['an MSP admin is admin', user, {email: 'msp@example.com', privileges: [{role: 'admin', scope: 'msp', msp_id: sitegroupId}]}, {admin: true, privileges: [{role: 'admin', scope: 'msp', resource: sitegroupId}]}],
		['an org-group admin is admin, one privilege per org group', user, {email: 'og@example.com', privileges: [{role: 'admin', scope: 'orggroup', orggroup_ids: [orgId, siteId]}]}, {
			admin: true,
			privileges: [{role: 'admin', scope: 'orggroup', resource: orgId}, {role: 'admin', scope: 'orggroup', resource: siteId}],
		}],
		['a site-group admin keeps each group as its resource, and is not admin', user, {email: 'sg@example.com', privileges: [{role: 'admin', scope: 'sitegroup', sitegroup_ids: [sitegroupId, siteId]}]}, {
			admin: false,
			privileges: [{role: 'admin', scope: 'sitegroup', resource: sitegroupId}, {role: 'admin', scope: 'sitegroup', resource: siteId}],
		}],
		['a site admin is not admin', user, {email: 'site@example.com', privileges: [{role: 'admin', scope: 'site', site_id: siteId}]}, {admin: false, privileges: [{role: 'admin', scope: 'site', resource: siteId}]}],
		[
			'privileges of several scopes all show, with their resources',
			user,
			{email: 'mix@example.com', privileges: [{role: 'read', scope: 'org', org_id: orgId}, {role: 'installer', scope: 'site', site_id: siteId}, {role: 'write', scope: 'sitegroup', sitegroup_ids: [sitegroupId]}, {role: 'read', scope: 'msp', msp_id: sitegroupId}]},
			{
				admin: false,
				privileges: [
					{role: 'read', scope: 'org', resource: orgId},
					{role: 'installer', scope: 'site', resource: siteId},
					{role: 'write', scope: 'sitegroup', resource: sitegroupId},
					{role: 'read', scope: 'msp', resource: sitegroupId},
				],
			},
		],
		['a site-group privilege naming no group keeps its role, with no resource', user, {email: 'x@example.com', privileges: [{role: 'write', scope: 'sitegroup', sitegroup_ids: []}]}, {privileges: [{role: 'write', scope: 'sitegroup', resource: null}]}],
		['a read-only admin is not', user, {email: 'ro@example.com', privileges: [{role: 'read', scope: 'org', org_id: orgId}]}, {admin: false}],
		['a nameless token has the empty name', withoutField(user, 'name'), admin, {name: ''}],
		['no times at all (the spec requires none): creation and expiry unknown', withoutField(withoutField(user, 'created_time'), 'last_used'), admin, {createdAt: null, expiresAt: null}],
		['the masked key gives the hint', user, admin, {secretHint: '…9dRE'}],
	])('%s', (_name, record, who, expected) => {
		expect(mistUserTokenToToken(record, 'mist-me', who)).toMatchObject(expected);
	});

	it('keeps the record as raw', () => {
		expect(mistUserTokenToToken(user, 'mist-me', admin).raw).toBe(user);
	});

	it('leaves a key that is not the preview out of raw, and gives no hint from it', () => {
		const leaked = {...user, key: 'Q2hEi4bYkQ0xW7nLpR5sT8uV1aZ3cF6g'};
		const token = mistUserTokenToToken(leaked, 'mist-me', admin);
		expect(token.secretHint).toBeNull();
		expect(token.raw).toEqual(withoutField(user, 'key'));
	});
});
