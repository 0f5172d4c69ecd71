import {describe, expect, it} from 'vitest';
import {oktaApiTokenCapabilities, oktaClientSecretCapabilities} from '../../../providers/okta/index.js';
import {oktaApiTokenToToken, oktaClientSecretToToken} from '../../../providers/okta/map.js';
import {auditDefaults} from '../../../src/config.js';
import {auditToken} from '../../../src/inventory/audit/audit-token.js';
import type {Capabilities} from '../../../src/provider.js';
import type {OktaPerson} from '../../../providers/okta/people.js';
import type {Token} from '../../../src/token.js';

const now = new Date('2026-05-01T12:00:00Z');
const day = 86_400_000;
const iso = (daysAgo: number): string => new Date(now.getTime() - daysAgo * day).toISOString();
const superAdmin: OktaPerson = {owner: {id: '00u1', email: 'ada@example.com', status: 'present'}, privileges: [{role: 'SUPER_ADMIN', scope: 'org', resource: null}], admin: true};

function apiToken(fields: {created?: number; usedDaysAgo?: number; allowedIps?: readonly string[] | null; person?: OktaPerson}): Token {
	const used = fields.usedDaysAgo ?? 1;
	return oktaApiTokenToToken(
		{id: '00T1', name: 'ci', userId: '00u1', tokenWindow: 'P30D', created: iso(fields.created ?? 10), expiresAt: iso(used - 30)},
		'okta-prod',
		{person: fields.person ?? superAdmin, allowedIps: fields.allowedIps === undefined ? [] : fields.allowedIps},
	);
}

const findings = (token: Token, capabilities: Capabilities) => auditToken(token, capabilities, auditDefaults, now).map(({policy, severity, remedy, advice}) => ({policy, severity, remedy, advice}));

describe('the audit on Okta, with Okta\'s meaning', () => {
	it('never asks an API token for an expiry: every one dies after 30 days unused', () => {
		expect(findings(apiToken({}), oktaApiTokenCapabilities).map(finding => finding.policy)).not.toContain('no-expiry');
	});

	it('says a super-admin token usable from anywhere can get a network condition in place, not a replacement', () => {
		expect(findings(apiToken({}), oktaApiTokenCapabilities)).toContainEqual({
			policy: 'no-ip-allow-list',
			severity: 'high',
			remedy: 'none',
			advice: 'set its network condition to the zones it is used from (Admin Console, or update with a network condition)',
		});
	});

	it('does not call a condition that is no allow-list unrestricted', () => {
		expect(findings(apiToken({allowedIps: null}), oktaApiTokenCapabilities).map(finding => finding.policy)).not.toContain('no-ip-allow-list');
		expect(findings(apiToken({allowedIps: ['192.0.2.0/28']}), oktaApiTokenCapabilities).map(finding => finding.policy)).not.toContain('no-ip-allow-list');
	});

	it('says where to make the replacement of an old token, since Okta\'s API cannot', () => {
		expect(findings(apiToken({created: 500}), oktaApiTokenCapabilities)).toContainEqual({
			policy: 'too-old',
			severity: 'high',
			remedy: 'none',
			advice: 'create a new token in the Admin Console (Security > API > Tokens), switch to it, then revoke this one',
		});
	});

	it('flags a token whose admin is gone (deactivated, suspended or deleted) for revocation', () => {
		const gone: OktaPerson = {...superAdmin, owner: {id: '00u1', email: 'ada@example.com', status: 'gone'}};
		expect(findings(apiToken({person: gone, allowedIps: ['192.0.2.0/28']}), oktaApiTokenCapabilities)).toContainEqual({policy: 'owner-gone', severity: 'high', remedy: 'revoke', advice: 'revoke it (tokenkit revoke)'});
	});

	it('rotates an old client secret with tokenkit, and sends a person to the app\'s scopes for what it may do', () => {
		const secret = oktaClientSecretToToken({id: 'ocs1', status: 'ACTIVE', created: iso(700)}, {id: '0oa1', label: 'Payroll Sync'}, 'okta-apps');
		const found = findings(secret, oktaClientSecretCapabilities);
		expect(found).toContainEqual({policy: 'too-old', severity: 'medium', remedy: 'rotate', advice: 'rotate it (tokenkit rotate)'});
		expect(found).toContainEqual({policy: 'admin-unknown', severity: 'medium', remedy: 'none', advice: 'check the app\'s granted Okta API scopes and admin roles in the Admin Console (Applications > the app > Okta API Scopes, Admin roles)'});
		expect(found.map(finding => finding.policy)).not.toContain('no-expiry');
		expect(found.map(finding => finding.policy)).not.toContain('never-used');
	});
});
