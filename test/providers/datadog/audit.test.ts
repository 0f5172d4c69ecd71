import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {datadogCapabilities, datadogTokenCapabilities} from '../../../providers/datadog/capabilities.js';
import {accessTokenAddress, accessTokenToToken, apiKeyToToken, applicationKeyToToken, type DatadogPerson} from '../../../providers/datadog/map.js';
import {DatadogAccessTokenSchema, DatadogApiKeySchema, DatadogApplicationKeySchema} from '../../../providers/datadog/schema.js';
import {auditDefaults} from '../../../src/config.js';
import {auditToken} from '../../../src/inventory/audit/audit-token.js';
import type {Token} from '../../../src/token.js';

const now = new Date('2026-05-01T12:00:00Z');
const day = 86_400_000;
const at = (daysAgo: number): string => new Date(now.getTime() - daysAgo * day).toISOString();
const caller = 'u-caller';

const person = (id: string, fields: Partial<DatadogPerson> & {readonly gone?: boolean} = {}): DatadogPerson => ({
	owner: {id, email: `${id}@example.com`, status: fields.gone === true ? 'gone' : 'present'},
	serviceAccount: fields.serviceAccount ?? false,
	roles: fields.roles ?? ['Datadog Standard Role'],
});

const apiKey = (createdDaysAgo: number, creator: DatadogPerson) => apiKeyToToken(v.parse(DatadogApiKeySchema, {
	id: 'k1',
	attributes: {name: 'ingest', created_at: at(createdDaysAgo), date_last_used: at(1), last4: 'abcd'},
	relationships: {created_by: {data: {id: creator.owner.id ?? '', type: 'users'}}},
}), creator, 'dd');

const applicationKey = (owner: DatadogPerson, scopes: readonly string[] | null, createdDaysAgo = 10) => applicationKeyToToken(v.parse(DatadogApplicationKeySchema, {
	id: 'a1',
	attributes: {name: 'grafana', created_at: at(createdDaysAgo), last_used_at: at(1), last4: 'a1b2', scopes},
	relationships: {owned_by: {data: {id: owner.owner.id ?? '', type: 'users'}}},
}), null, owner, 'dd');

const accessToken = (type: 'personal_access_tokens' | 'service_access_tokens', owner: DatadogPerson, expiresAt: string | null) => {
	const record = v.parse(DatadogAccessTokenSchema, {
		id: 't1',
		type,
		attributes: {name: 'deploy', created_at: at(10), expires_at: expiresAt, last_used_at: at(1), public_portion: 'ddsat_abcdefghijklmnopqrstuv', scopes: ['dashboards_read']},
		relationships: {owned_by: {data: {id: owner.owner.id ?? '', type: type === 'personal_access_tokens' ? 'users' : 'service_account'}}},
	});
	return accessTokenToToken(record, accessTokenAddress(record), owner, 'dd');
};

/** The audit as a provider that knows its caller runs it: with the capabilities of each token. */
const findings = (token: Token) => auditToken(token, {...datadogCapabilities, forToken: candidate => datadogTokenCapabilities(candidate, caller)}, auditDefaults, now)
	.map(({policy, severity, remedy, advice}) => ({policy, severity, remedy, advice}));
const policies = (token: Token): string[] => findings(token).map(finding => finding.policy);

describe('the audit on Datadog, with Datadog\'s meaning', () => {
	it('does not call an API or application key "never expires": Datadog has no expiry for them; age is what counts, and rotation the remedy', () => {
		expect(policies(apiKey(10, person('u1')))).not.toContain('no-expiry');
		expect(policies(applicationKey(person(caller), ['dashboards_read']))).not.toContain('no-expiry');
		expect(findings(apiKey(500, person('u1')))).toContainEqual({policy: 'too-old', severity: 'medium', remedy: 'rotate', advice: 'rotate it (tokenkit rotate)'});
	});

	it('a personal access token always expires; a service access token that never does is rotated into one that does', () => {
		expect(policies(accessToken('personal_access_tokens', person(caller), at(-20)))).not.toContain('no-expiry');
		expect(findings(accessToken('service_access_tokens', person('sa', {serviceAccount: true}), null))).toContainEqual({
			policy: 'no-expiry',
			severity: 'low',
			remedy: 'rotate',
			advice: 'rotate it (tokenkit rotate): Datadog cannot add an expiry to an existing access token, but the new one expires within a year',
		});
	});

	it('an API key whose creator is disabled keeps working: its creator may still hold it, so it is rotated, not revoked', () => {
		expect(findings(apiKey(10, person('u1', {gone: true})))).toContainEqual({policy: 'owner-gone', severity: 'medium', remedy: 'rotate', advice: 'rotate it (tokenkit rotate)'});
	});

	it('an application key of a disabled user no longer works and acts for nobody: revoke it', () => {
		const dead = applicationKey(person('u2', {gone: true, roles: ['Datadog Admin Role']}), null);
		expect(dead.status).toBe('disabled');
		expect(findings(dead)).toContainEqual({policy: 'owner-gone', severity: 'high', remedy: 'revoke', advice: 'revoke it (tokenkit revoke)'});
	});

	it('an old key of another user is not tokenkit\'s to rotate: the advice says to ask its owner', () => {
		const others = findings(applicationKey(person('u3'), ['dashboards_read'], 500));
		expect(others).toContainEqual(expect.objectContaining({policy: 'too-old', remedy: 'none', advice: expect.stringContaining('ask them to create a new key') as unknown}));
		expect(findings(applicationKey(person(caller), ['dashboards_read'], 500))).toContainEqual(expect.objectContaining({policy: 'too-old', remedy: 'rotate'}));
		expect(findings(applicationKey(person('sa', {serviceAccount: true}), ['dashboards_read'], 500))).toContainEqual(expect.objectContaining({policy: 'too-old', remedy: 'rotate'}));
	});

	it('full access: an unscoped key of an admin, or a key scoped to a management permission; unknown for a custom role', () => {
		expect(findings(applicationKey(person(caller, {roles: ['Datadog Admin Role']}), null))).toContainEqual({policy: 'admin', severity: 'medium', remedy: 'none', advice: 'narrow its scopes in place (Datadog edits an application key\'s or access token\'s scopes without a new key), or replace an unscoped key with a scoped one'});
		expect(policies(applicationKey(person(caller), ['api_keys_write']))).toContain('admin');
		expect(policies(applicationKey(person(caller, {roles: ['Incident Responders']}), null))).toContain('admin-unknown');
		expect(policies(applicationKey(person(caller), ['dashboards_read']))).not.toContain('admin');
	});
});
