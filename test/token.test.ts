import {describe, expect, it} from 'vitest';
import {tokenToJSON, type Token} from '../src/token.js';

const token: Token = {
	provider: 'launchdarkly',
	account: 'prod',
	id: '5f0c',
	name: 'ci deploy',
	description: null,
	kind: 'service',
	status: 'active',
	ownCredential: false,
	owner: {id: 'm-1', email: 'ops@example.com', status: 'present'},
	createdBy: {id: 'm-2', email: null, status: 'gone'},
	createdAt: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)),
	lastUsedAt: null,
	expiresAt: new Date(Date.UTC(2025, 11, 31)),
	privileges: [{role: 'writer', scope: 'account', resource: null}],
	admin: false,
	allowedIps: null,
	secretHint: '…QQCL',
	raw: {_id: '5f0c'},
};

describe('tokenToJSON', () => {
	it('writes times as ISO 8601 strings and keeps null as null', () => {
		const json = tokenToJSON(token);

		expect(json.createdAt).toBe('2024-01-02T03:04:05.006Z');
		expect(json.lastUsedAt).toBeNull();
		expect(json.expiresAt).toBe('2025-12-31T00:00:00.000Z');
	});

	it('keeps every other field as it is, and survives a JSON round trip unchanged', () => {
		const json = tokenToJSON(token);

		expect(JSON.parse(JSON.stringify(json))).toEqual(json);
		expect(Object.keys(json).sort()).toEqual(Object.keys(token).sort());
		expect(json).toMatchObject({id: '5f0c', kind: 'service', owner: {id: 'm-1', email: 'ops@example.com'}, allowedIps: null, secretHint: '…QQCL', raw: {_id: '5f0c'}});
	});

	it('writes notBefore only for a vendor that has it, as an ISO 8601 string or null', () => {
		expect(tokenToJSON({...token, notBefore: new Date('2026-03-01T00:00:00Z')}).notBefore).toBe('2026-03-01T00:00:00.000Z');
		expect(tokenToJSON({...token, notBefore: null})).toHaveProperty('notBefore', null);
		expect(tokenToJSON(token)).not.toHaveProperty('notBefore');
	});
});
