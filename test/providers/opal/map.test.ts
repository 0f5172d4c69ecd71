import {describe, expect, it} from 'vitest';
import {opalTokenToToken} from '../../../providers/opal/map.js';
import type {PersonOf} from '../../../providers/opal/people.js';
import type {OpalToken} from '../../../providers/opal/schema.js';

const base: OpalToken = {
	token_id: '0b6c7c1e-5a1d-4c59-9f53-2f7a3c3f1a01',
	created_at: '2024-02-03T04:05:06Z',
	token_label: 'terraform-ci',
	creator_user_id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
	user_id: '9f8e7d6c-5b4a-4321-8fed-cba987654321',
	access_level: 'READ_ONLY',
};

describe('opalTokenToToken', () => {
	it.each([
		['absent last use and expiry mean never', {}, {lastUsedAt: null, expiresAt: null}],
		['null last use and expiry mean never', {last_used_at: null, expires_at: null}, {lastUsedAt: null, expiresAt: null}],
		[
			'RFC 3339 times become Dates',
			{last_used_at: '2026-11-01T10:00:00Z', expires_at: '2027-01-01T00:00:00.500+01:00'},
			{lastUsedAt: new Date('2026-11-01T10:00:00Z'), expiresAt: new Date('2026-12-31T23:00:00.500Z')},
		],
		['FULL_ACCESS is admin', {access_level: 'FULL_ACCESS'}, {admin: true, privileges: [{role: 'FULL_ACCESS', scope: 'org', resource: null}]}],
		['READ_ONLY is not admin', {}, {admin: false, privileges: [{role: 'READ_ONLY', scope: 'org', resource: null}]}],
		['a level Opal adds later shows as it is, not as full access', {access_level: 'ADMIN_LITE'}, {admin: false, privileges: [{role: 'ADMIN_LITE', scope: 'org', resource: null}]}],
		['the preview becomes a masked hint', {token_preview: 'ab123'}, {secretHint: 'ab123…'}],
		['no preview, no hint', {}, {secretHint: null}],
		['a preview as long as a key is no preview: no hint', {token_preview: 'a3f9c2e17b4d58e6a0c9f1d2b3e4a5c6'}, {secretHint: null, raw: base}],
	] as const)('%s', (_name, change, expected) => {
		expect(opalTokenToToken({...base, ...change}, 'opal-prod')).toMatchObject(expected);
	});

	it('keeps a short preview in raw, as Opal sends it', () => {
		const record = {...base, token_preview: 'ab123'};
		expect(opalTokenToToken(record, 'opal-prod').raw).toBe(record);
	});

	it('maps identity fields and leaves what Opal lacks as null', () => {
		expect(opalTokenToToken(base, 'opal-prod')).toEqual({
			provider: 'opal',
			account: 'opal-prod',
			id: base.token_id,
			name: 'terraform-ci',
			description: null,
			kind: 'unknown',
			status: 'active',
			ownCredential: false,
			owner: {id: base.user_id, email: null, status: 'unknown'},
			createdBy: {id: base.creator_user_id, email: null, status: 'unknown'},
			createdAt: new Date('2024-02-03T04:05:06Z'),
			lastUsedAt: null,
			expiresAt: null,
			privileges: [{role: 'READ_ONLY', scope: 'org', resource: null}],
			admin: false,
			allowedIps: null,
			secretHint: null,
			raw: base,
		});
	});
});

describe('opalTokenToToken with the people a listing looked up', () => {
	const people = new Map([
		[base.user_id, {id: base.user_id, email: 'ana@example.com', status: 'present'}],
		[base.creator_user_id, {id: base.creator_user_id, email: 'bo@example.com', status: 'gone'}],
	] as const);
	const personOf: PersonOf = id => people.get(id) ?? {id, email: null, status: 'unknown'};

	it.each([
		['the owner is user_id, as looked up', {}, {owner: {id: base.user_id, email: 'ana@example.com', status: 'present'}}],
		['createdBy is creator_user_id, as looked up', {}, {createdBy: {id: base.creator_user_id, email: 'bo@example.com', status: 'gone'}}],
		['someone nobody could look up is unknown, never present', {user_id: '00000000-0000-4000-8000-000000000000'}, {owner: {id: '00000000-0000-4000-8000-000000000000', email: null, status: 'unknown'}}],
	] as const)('%s', (_name, change, expected) => {
		expect(opalTokenToToken({...base, ...change}, 'opal-prod', personOf)).toMatchObject(expected);
	});

	it('gives a token its creator made for themselves one person for both', () => {
		const token = opalTokenToToken({...base, creator_user_id: base.user_id}, 'opal-prod', personOf);
		expect(token.createdBy).toBe(token.owner);
	});
});
