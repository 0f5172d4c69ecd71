import {describe, expect, it} from 'vitest';
import {gitLabCapabilities} from '../../../providers/gitlab/index.js';
import {personalTokenToToken} from '../../../providers/gitlab/map.js';
import {auditToken} from '../../../src/inventory/audit/audit-token.js';
import {launchDarklyCapabilities} from '../../../providers/launchdarkly/index.js';

const now = new Date(Date.UTC(2026, 5, 15, 12));
const settings = {staleAfterDays: 90, maxAgeDays: 365, neverUsedGraceDays: 7};
const owner = {owner: {id: '3', email: 'ada@example.com', status: 'present' as const}, isAdmin: true, bot: false};
const record = {id: 9, name: 'forever', revoked: false, active: true, scopes: ['api'], user_id: 3, created_at: '2026-05-01T00:00:00.000Z', last_used_at: '2026-06-14T00:00:00.000Z', expires_at: null};

describe('the audit of GitLab tokens', () => {
	it('offers a rotation for a token that never expires, since tokenkit\'s rotation gives it an expiry', () => {
		const token = personalTokenToToken(record, owner, {account: 'gl', selfId: null, now: now.getTime()});
		const findings = auditToken(token, gitLabCapabilities, settings, now);
		expect(findings.find(finding => finding.policy === 'no-expiry')).toMatchObject({severity: 'medium', remedy: 'rotate', advice: expect.stringContaining('the new token expires') as unknown});
		expect(findings.find(finding => finding.policy === 'admin')).toMatchObject({remedy: 'none', advice: expect.stringContaining('GitLab cannot change a token') as unknown});
	});

	it('keeps the defaults for vendors that declare nothing', () => {
		const token = {...personalTokenToToken(record, owner, {account: 'gl', selfId: null, now: now.getTime()}), provider: 'launchdarkly'};
		expect(auditToken(token, {...launchDarklyCapabilities, fields: {...launchDarklyCapabilities.fields, expiry: true}}, settings, now).find(finding => finding.policy === 'no-expiry')).toMatchObject({remedy: 'none', advice: 'replace with an expiring token'});
	});

	it('reports nothing for a revoked token, which GitLab keeps listed', () => {
		const token = personalTokenToToken({...record, revoked: true, active: false}, owner, {account: 'gl', selfId: null, now: now.getTime()});
		expect(auditToken(token, gitLabCapabilities, settings, now)).toEqual([]);
	});
});
