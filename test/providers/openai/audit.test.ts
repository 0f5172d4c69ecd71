import {describe, expect, it} from 'vitest';
import {openAICapabilities} from '../../../providers/openai/index.js';
import {openAIAdminKeyToToken, openAIProjectKeyToToken} from '../../../providers/openai/map.js';
import type {OpenAIProject, OpenAIProjectKey} from '../../../providers/openai/schema.js';
import {auditDefaults} from '../../../src/config.js';
import {auditToken} from '../../../src/inventory/audit/audit-token.js';
import {planRotation} from '../../../src/inventory/rotate/plan.js';
import type {Token} from '../../../src/token.js';
import {collect} from '../../support/collect.js';
import {useOpenAI} from './support.js';

const now = new Date('2026-05-01T12:00:00Z');
const day = 86_400;
const secondsAgo = (days: number): number => Math.floor(now.getTime() / 1000) - days * day;
const project: OpenAIProject = {id: 'proj_abc', name: 'Production', created_at: secondsAgo(900), archived_at: null, status: 'active'};

function adminKey(fields: {created?: number; used?: number | null; expires?: number | null}): Token {
	return openAIAdminKeyToToken({
		id: 'key_admin',
		name: 'ci-admin',
		redacted_value: 'sk-admin****abcd',
		created_at: secondsAgo(fields.created ?? 10),
		last_used_at: fields.used === null ? null : secondsAgo(fields.used ?? 1),
		expires_at: fields.expires === undefined || fields.expires === null ? null : secondsAgo(-fields.expires),
		owner: {type: 'user', id: 'user-1', role: 'owner'},
	}, 'openai-prod', {person: {owner: {id: 'user-1', email: 'ada@example.com', status: 'present'}}});
}

function projectKey(owner: 'user' | 'service_account', fields: {created?: number; access?: 'active' | 'inactive'; role?: string} = {}): Token {
	const record: OpenAIProjectKey = {
		id: 'key_p',
		name: 'app',
		redacted_value: 'sk-proj-****wxyz',
		created_at: secondsAgo(fields.created ?? 10),
		last_used_at: secondsAgo(1),
		owner_project_access: fields.access ?? 'active',
		owner: owner === 'user'
			? {type: 'user', user: {id: 'user-2', email: 'grace@example.com', name: 'Grace', role: fields.role ?? 'member', created_at: secondsAgo(900)}}
			: {type: 'service_account', service_account: {id: 'svc_acct_1', name: 'bot', role: fields.role ?? 'member', created_at: secondsAgo(900)}},
	};
	return openAIProjectKeyToToken(record, project, 'openai-prod');
}

const findings = (token: Token) => auditToken(token, openAICapabilities, auditDefaults, now).map(({policy, severity, remedy, advice}) => ({policy, severity, remedy, advice}));

describe('the audit on OpenAI, with OpenAI\'s meaning', () => {
	it('an admin key is full access: it is reported, raises its other findings, and rotates with tokenkit', () => {
		const found = findings(adminKey({created: 500, used: 200}));
		expect(found).toContainEqual({policy: 'admin', severity: 'medium', remedy: 'none', advice: expect.stringContaining('a project key instead of an admin key') as unknown});
		expect(found).toContainEqual({policy: 'stale', severity: 'high', remedy: 'revoke', advice: 'revoke it (tokenkit revoke)'});
		expect(found).toContainEqual({policy: 'too-old', severity: 'high', remedy: 'rotate', advice: 'rotate it (tokenkit rotate)'});
	});

	it('a key that never expires is told what OpenAI allows: an expiry only when a key is made', () => {
		const found = findings(adminKey({}));
		expect(found).toContainEqual({policy: 'no-expiry', severity: 'medium', remedy: 'none', advice: expect.stringContaining('OpenAI sets an expiry only when a key is made') as unknown});
		expect(findings(adminKey({expires: 30})).map(finding => finding.policy)).not.toContain('no-expiry');
	});

	it('a user\'s project key cannot be rotated by tokenkit: its owner is asked for a new one', () => {
		const found = findings(projectKey('user', {created: 500}));
		expect(found).toContainEqual({policy: 'too-old', severity: 'medium', remedy: 'none', advice: 'OpenAI\'s API cannot create a user\'s project key: ask its owner to create a new key in the dashboard (the project\'s API keys page), switch what uses this key to the new one, then revoke this one (tokenkit revoke)'});
		expect(found).toContainEqual({policy: 'no-expiry', severity: 'low', remedy: 'none', advice: 'ask its owner for an expiring key in the dashboard, then revoke this one'});
		// A service account's key of the same age rotates.
		expect(findings(projectKey('service_account', {created: 500}))).toContainEqual({policy: 'too-old', severity: 'medium', remedy: 'rotate', advice: 'rotate it (tokenkit rotate)'});
	});

	it('a key whose owner lost access to the project goes', () => {
		expect(findings(projectKey('user', {access: 'inactive'}))).toContainEqual({policy: 'owner-gone', severity: 'medium', remedy: 'revoke', advice: 'revoke it (tokenkit revoke)'});
		expect(findings(projectKey('service_account', {access: 'inactive', role: 'none'}))).toContainEqual({policy: 'owner-gone', severity: 'medium', remedy: 'revoke', advice: 'revoke it (tokenkit revoke)'});
	});

	it('a project owner\'s key is full access to its project', () => {
		expect(findings(projectKey('user', {role: 'owner'})).map(finding => finding.policy)).toContain('admin');
		expect(findings(projectKey('user')).map(finding => finding.policy)).not.toContain('admin');
	});
});

const start = useOpenAI();

describe('a rotation plan over an OpenAI organization', () => {
	it('rotates admin and service-account keys, refuses a user\'s project key with what to do instead, and only reads', async () => {
		const running = await start({tokens: 30});
		const provider = running.provider();
		const tokens = await collect(provider.list());
		const pick = (predicate: (token: Token) => boolean): string => `openai:openai-org-1:${tokens.find(predicate)?.id ?? ''}`;
		const refs = [
			pick(token => token.kind === 'org' && !token.ownCredential),
			pick(token => token.kind === 'service' && token.status === 'active'),
			pick(token => token.kind === 'personal'),
			pick(token => token.ownCredential),
		];
		const plan = await planRotation(refs, [provider]);
		expect(plan.items.map(item => item.action)).toEqual(['rotate', 'rotate', 'unsupported', 'refused']);
		const refused = plan.items[2];
		expect(refused?.action === 'unsupported' ? refused.error.alternative : '').toContain('ask its owner to create a new key in the dashboard');
		expect(running.seen.filter(request => request.method !== 'GET')).toEqual([]);
	});
});
