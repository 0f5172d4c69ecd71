import {describe, expect, it} from 'vitest';
import {launchDarklyCapabilities} from '../../providers/launchdarkly/index.js';
import {mistOrgCapabilities, mistSelfCapabilities} from '../../providers/mist/index.js';
import {opalCapabilities} from '../../providers/opal/index.js';
import {auditDefaults, type AuditSettings} from '../../src/config.js';
import {auditInventory, type AuditEvent} from '../../src/inventory/audit/audit-inventory.js';
import {auditToken} from '../../src/inventory/audit/audit-token.js';
import {owaspNhi2025} from '../../src/inventory/audit/owasp.js';
import {auditPolicies} from '../../src/inventory/audit/policies.js';
import {atLeast, raise, severities} from '../../src/inventory/audit/severity.js';
import type {Finding, PolicyId} from '../../src/inventory/audit/types.js';
import type {Capabilities, TokenProvider} from '../../src/provider.js';
import type {Token} from '../../src/token.js';

const now = new Date('2026-11-23T12:00:00Z');
const day = 86_400_000;
const settings: AuditSettings = auditDefaults;

/** A moment `days` whole days (plus a bit, so rounding down lands on `days`) before `now`. */
function daysAgo(days: number): Date {
	return new Date(now.getTime() - days * day - 3_600_000);
}

/** A Mist org token that no policy flags: young, used today, read-only, behind an allow-list, with an owner. */
function token(overrides: Partial<Token> = {}): Token {
	return {
		provider: 'mist',
		account: 'mist-hq',
		id: 't1',
		name: 'terraform-ci',
		description: null,
		kind: 'org',
		status: 'active',
		ownCredential: false,
		owner: {id: null, email: 'ada@example.com', status: 'present'},
		createdBy: {id: null, email: 'ada@example.com', status: 'present'},
		createdAt: daysAgo(10),
		lastUsedAt: daysAgo(0),
		expiresAt: null,
		privileges: [{role: 'read', scope: 'org', resource: 'o1'}],
		admin: false,
		allowedIps: ['192.0.2.10/32'],
		secretHint: '…QQCL',
		raw: {},
		...overrides,
	};
}

const admin = {admin: true, privileges: [{role: 'admin', scope: 'org', resource: 'o1'}]} as const satisfies Partial<Token>;

/** An Opal token that no policy flags (Opal has expiry dates, no allow-list and no description). */
function opalToken(overrides: Partial<Token> = {}): Token {
	return token({provider: 'opal', kind: 'unknown', owner: {id: 'u1', email: null, status: 'present'}, createdBy: {id: 'u1', email: null, status: 'present'}, allowedIps: null, expiresAt: new Date(now.getTime() + 30 * day), privileges: [{role: 'READ_ONLY', scope: 'org', resource: null}], ...overrides});
}

/** A LaunchDarkly token that no policy flags (no expiry dates, no allow-list). */
function ldToken(overrides: Partial<Token> = {}): Token {
	return token({provider: 'launchdarkly', kind: 'service', owner: {id: 'm1', email: 'ada@example.com', status: 'present'}, createdBy: {id: 'm1', email: 'ada@example.com', status: 'present'}, allowedIps: null, privileges: [{role: 'reader', scope: 'account', resource: null}], ...overrides});
}

function audit(subject: Token, capabilities: Capabilities = mistOrgCapabilities, thresholds: AuditSettings = settings): Finding[] {
	return auditToken(subject, capabilities, thresholds, now);
}

/** `policy:severity` of each finding, worst first: compact enough for a table of cases. */
function summary(findings: readonly Finding[]): string[] {
	return findings.map(finding => `${finding.policy}:${finding.severity}`);
}

describe('auditToken', () => {
	it('finds nothing on a token that breaks no policy, on every vendor', () => {
		expect(audit(token())).toEqual([]);
		expect(audit(opalToken(), opalCapabilities)).toEqual([]);
		expect(audit(ldToken(), launchDarklyCapabilities)).toEqual([]);
	});

	it.each<[string, Partial<Token>, string[]]>([
		// stale: strictly more than staleAfterDays whole days since the last use
		['used 90 days ago', {lastUsedAt: daysAgo(90)}, []],
		['used 91 days ago', {lastUsedAt: daysAgo(91)}, ['stale:medium']],
		['admin, used 214 days ago', {...admin, lastUsedAt: daysAgo(214)}, ['stale:high', 'admin:medium']],
		// never used: only after the grace period; as dormant as a stale token once older than staleAfterDays
		['never used, 7 days old', {lastUsedAt: null, createdAt: daysAgo(7)}, []],
		['never used, 8 days old', {lastUsedAt: null, createdAt: daysAgo(8)}, ['never-used:low']],
		['never used, 90 days old', {lastUsedAt: null, createdAt: daysAgo(90)}, ['never-used:low']],
		['never used, 91 days old', {lastUsedAt: null, createdAt: daysAgo(91)}, ['never-used:medium']],
		['admin, never used, 8 days old', {...admin, lastUsedAt: null, createdAt: daysAgo(8)}, ['admin:medium', 'never-used:medium']],
		['admin, never used, 200 days old', {...admin, lastUsedAt: null, createdAt: daysAgo(200)}, ['never-used:high', 'admin:medium']],
		['never used, creation unknown', {lastUsedAt: null, createdAt: null}, ['never-used:low']],
		['never used, issued 200 days ago to start working in 10 days', {lastUsedAt: null, createdAt: daysAgo(200), notBefore: new Date(now.getTime() + 10 * day)}, []],
		['never used, issued 200 days ago, working for 3 days', {lastUsedAt: null, createdAt: daysAgo(200), notBefore: daysAgo(3)}, []],
		['never used, issued 200 days ago, working for 20 days', {lastUsedAt: null, createdAt: daysAgo(200), notBefore: daysAgo(20)}, ['never-used:low']],
		['never used, working from its creation 200 days ago', {lastUsedAt: null, createdAt: daysAgo(200), notBefore: daysAgo(200)}, ['never-used:medium']],
		// too old: strictly more than maxAgeDays
		['365 days old', {createdAt: daysAgo(365)}, []],
		['366 days old', {createdAt: daysAgo(366)}, ['too-old:medium']],
		['admin, 800 days old', {...admin, createdAt: daysAgo(800)}, ['too-old:high', 'admin:medium']],
		// admin and allow-list: [] is unrestricted; full access from anywhere is the worst combination
		['admin behind an allow-list', admin, ['admin:medium']],
		['unrestricted', {allowedIps: []}, ['no-ip-allow-list:low']],
		['admin, unrestricted', {...admin, allowedIps: []}, ['no-ip-allow-list:high', 'admin:medium']],
		// owner gone: an org token's creator left; it may still serve something, so it gets a new key
		['owner gone', {owner: null}, ['owner-gone:medium']],
		['admin, owner gone', {...admin, owner: null}, ['owner-gone:high', 'admin:medium']],
		// expired: only that; the key no longer authenticates
		['expired yesterday', {expiresAt: daysAgo(1)}, ['expired:low']],
		['the vendor says expired, with no date', {status: 'expired'}, ['expired:low']],
		['revoked and still listed: nothing to fix', {...admin, allowedIps: [], status: 'revoked', expiresAt: null}, []],
		['disabled: the risk stays', {...admin, status: 'disabled'}, ['admin:medium']],
		['expired, and admin, unrestricted, stale, old, orphaned', {...admin, allowedIps: [], lastUsedAt: daysAgo(300), createdAt: daysAgo(900), owner: null, expiresAt: daysAgo(40)}, ['expired:low']],
		['expiring tomorrow', {expiresAt: new Date(now.getTime() + day)}, []],
	])('Mist org token %s: %j', (_name, overrides, expected) => {
		expect(summary(audit(token(overrides)))).toEqual(expected);
	});

	it('says what it found with the numbers that were tested', () => {
		const reasons = (overrides: Partial<Token>, capabilities: Capabilities = mistOrgCapabilities) => audit(token(overrides), capabilities).map(finding => finding.reason);
		expect(reasons({lastUsedAt: daysAgo(214)})).toEqual(['unused for 214 days (threshold 90)']);
		expect(reasons({lastUsedAt: null, createdAt: daysAgo(45)})).toEqual(['never used, created 45 days ago (grace 7)']);
		expect(reasons({lastUsedAt: null, createdAt: daysAgo(120)})).toEqual(['never used, created 120 days ago (grace 7, stale after 90)']);
		expect(reasons({createdAt: daysAgo(800)})).toEqual(['created 800 days ago (max age 365)']);
		expect(reasons({expiresAt: new Date('2026-11-11T08:00:00Z')})).toEqual(['expired 12 days ago (2026-11-11) and still present']);
		expect(reasons({expiresAt: new Date(now.getTime() - 1000)})).toEqual(['expired today (2026-11-23) and still present']);
		expect(reasons({...admin, allowedIps: []})).toEqual(['full access usable from any address (no IP allow-list)', 'full access (admin@org)']);
		expect(reasons({admin: true, privileges: [{role: 'allow:*', scope: 'policy', resource: '*'}, {role: 'a', scope: 'b', resource: null}, {role: 'c', scope: 'd', resource: null}]}))
			.toEqual(['full access (allow:*@policy; a@b and 1 more)']);
		expect(reasons({owner: null})).toEqual(['its creator left the account and may still hold the key']);
		expect(reasons({kind: 'personal', owner: null})).toEqual(['personal token of someone who left the account']);
		expect(reasons({}, mistOrgCapabilities)).toEqual([]);
	});

	it('takes its thresholds from the settings', () => {
		const strict: AuditSettings = {staleAfterDays: 30, maxAgeDays: 60, neverUsedGraceDays: 1};
		expect(summary(audit(token({lastUsedAt: daysAgo(31), createdAt: daysAgo(61)}), mistOrgCapabilities, strict))).toEqual(['stale:medium', 'too-old:medium']);
		expect(summary(audit(token({lastUsedAt: daysAgo(31), createdAt: daysAgo(61)})))).toEqual([]);
		expect(summary(audit(token({lastUsedAt: null, createdAt: daysAgo(2)}), mistOrgCapabilities, strict))).toEqual(['never-used:low']);
		expect(audit(token({lastUsedAt: daysAgo(31)}), mistOrgCapabilities, strict)[0]?.reason).toBe('unused for 31 days (threshold 30)');
	});

	describe('judges a field only where the vendor records it', () => {
		it('reports no missing expiry on vendors without expiry dates (LaunchDarkly, Mist org tokens), but does on Opal', () => {
			expect(audit(ldToken({expiresAt: null}), launchDarklyCapabilities)).toEqual([]);
			expect(audit(token({expiresAt: null}), mistOrgCapabilities)).toEqual([]);
			expect(summary(audit(opalToken({expiresAt: null}), opalCapabilities))).toEqual(['no-expiry:low']);
			expect(summary(audit(opalToken({expiresAt: null, admin: true}), opalCapabilities))).toEqual(['admin:medium', 'no-expiry:medium']);
			expect(audit(opalToken({expiresAt: null}), opalCapabilities)[0]?.reason).toBe('never expires (the vendor supports an expiry date)');
		});

		it('reports no allow-list finding where the vendor has none (null), even on an admin token', () => {
			expect(summary(audit(opalToken({admin: true}), opalCapabilities))).toEqual(['admin:medium']);
			expect(summary(audit(ldToken({...admin}), launchDarklyCapabilities))).toEqual(['admin:medium']);
			// Mist user tokens have no allow-list; their null is "not applicable", not "unrestricted".
			expect(summary(audit(token({...admin, kind: 'personal', allowedIps: null, expiresAt: new Date(now.getTime() + 60 * day)}), mistSelfCapabilities))).toEqual(['admin:medium']);
			// A vendor that declares no allow-list is not judged on one, whatever the record holds.
			expect(audit(token({allowedIps: []}), {...mistOrgCapabilities, fields: {...mistOrgCapabilities.fields, ipAllowList: false}})).toEqual([]);
		});

		it('reports no use findings where the vendor does not record use', () => {
			const blind = {...mistOrgCapabilities, fields: {...mistOrgCapabilities.fields, lastUsed: false}};
			expect(audit(token({lastUsedAt: null, createdAt: daysAgo(300)}), blind).map(finding => finding.policy)).toEqual([]);
			expect(summary(audit(token({lastUsedAt: null, createdAt: daysAgo(300)})))).toEqual(['never-used:medium']);
		});

		it('reports full access that cannot be ruled out (admin null) on its own, and does not raise the other findings with it', () => {
			const unreadable = {admin: null, privileges: [{role: '5f0000000000000000000abc', scope: 'custom-role', resource: null}]} as const satisfies Partial<Token>;
			const findings = audit(ldToken({...unreadable, lastUsedAt: daysAgo(120)}), launchDarklyCapabilities);
			expect(summary(findings)).toEqual(['admin-unknown:medium', 'stale:medium']);
			expect(findings[0]).toMatchObject({
				reason: 'full access cannot be ruled out (5f0000000000000000000abc@custom-role): a role it holds could not be read',
				remedy: 'none',
				advice: 'check its roles in the vendor UI, or audit with a key that may read them',
			});
			expect(summary(audit(ldToken({admin: false}), launchDarklyCapabilities))).toEqual([]);
		});

		it('reports an owner gone only where the vendor reports owners', () => {
			expect(audit(token({owner: null}), {...mistOrgCapabilities, fields: {...mistOrgCapabilities.fields, owner: false}})).toEqual([]);
			expect(summary(audit(ldToken({owner: null, kind: 'personal'}), launchDarklyCapabilities))).toEqual(['owner-gone:medium']);
		});

		it('reports an owner the vendor names but reports gone (an Opal user deprovisioned or deleted), and the reason says so', () => {
			const gone = {id: 'u9', email: 'left@example.com', status: 'gone'} as const;
			const findings = audit(opalToken({owner: gone, createdBy: gone}), opalCapabilities);
			expect(summary(findings)).toEqual(['owner-gone:medium']);
			expect(findings[0]).toMatchObject({reason: 'it acts as an identity that is no longer in the account', remedy: 'revoke'});
			expect(summary(audit(opalToken({...admin, owner: gone}), opalCapabilities))).toContain('owner-gone:high');
		});

		it('reports a creator gone while the identity the token acts as stays: a new key, made in the vendor UI on Opal', () => {
			const findings = audit(opalToken({createdBy: {id: 'u9', email: null, status: 'gone'}}), opalCapabilities);
			expect(findings.map(({policy, reason, remedy}) => ({policy, reason, remedy}))).toEqual([{policy: 'owner-gone', reason: 'its creator left the account and may still hold the key', remedy: 'none'}]);
		});

		it('does not report an owner or creator tokenkit could not look up', () => {
			const unknown = {id: 'u9', email: null, status: 'unknown'} as const;
			expect(audit(opalToken({owner: unknown, createdBy: unknown}), opalCapabilities)).toEqual([]);
		});
	});

	describe('remedies are what tokenkit can apply on that vendor', () => {
		const remedies = (subject: Token, capabilities: Capabilities) => audit(subject, capabilities).map(({policy, remedy, advice}) => ({policy, remedy, advice}));

		it('rotates where the vendor can, and says to rotate in the vendor UI where it cannot (Opal)', () => {
			expect(remedies(token({createdAt: daysAgo(400)}), mistOrgCapabilities)).toEqual([{policy: 'too-old', remedy: 'rotate', advice: 'rotate it (tokenkit rotate)'}]);
			expect(remedies(ldToken({createdAt: daysAgo(400)}), launchDarklyCapabilities)).toEqual([{policy: 'too-old', remedy: 'rotate', advice: 'rotate it (tokenkit rotate)'}]);
			expect(remedies(opalToken({createdAt: daysAgo(400)}), opalCapabilities)).toEqual([{policy: 'too-old', remedy: 'none', advice: 'rotate in the vendor UI, then revoke'}]);
		});

		it('revokes dormant, expired and orphaned personal tokens; replaces an orphaned service token\'s key', () => {
			expect(remedies(opalToken({lastUsedAt: daysAgo(100)}), opalCapabilities)).toEqual([{policy: 'stale', remedy: 'revoke', advice: 'revoke it (tokenkit revoke)'}]);
			expect(remedies(opalToken({expiresAt: daysAgo(3)}), opalCapabilities)).toEqual([{policy: 'expired', remedy: 'revoke', advice: 'revoke it (tokenkit revoke)'}]);
			expect(remedies(ldToken({kind: 'personal', owner: null}), launchDarklyCapabilities).map(finding => finding.remedy)).toEqual(['revoke']);
			expect(remedies(ldToken({kind: 'service', owner: null}), launchDarklyCapabilities).map(finding => finding.remedy)).toEqual(['rotate']);
			const noDelete = {...opalCapabilities, operations: {...opalCapabilities.operations, delete: false}};
			expect(remedies(opalToken({lastUsedAt: daysAgo(100)}), noDelete)).toEqual([{policy: 'stale', remedy: 'none', advice: 'delete it in the vendor UI'}]);
		});

		it('leaves privilege, allow-list and expiry fixes to a person: none, with advice', () => {
			expect(remedies(token({...admin, allowedIps: []}), mistOrgCapabilities)).toEqual([
				{policy: 'no-ip-allow-list', remedy: 'none', advice: 'replace with an IP-restricted token'},
				{policy: 'admin', remedy: 'none', advice: 'replace with a least-privilege token'},
			]);
			expect(remedies(opalToken({expiresAt: null}), opalCapabilities)).toEqual([{policy: 'no-expiry', remedy: 'none', advice: 'replace with an expiring token'}]);
		});
	});

	it('lists findings worst first, equal severities in policy order', () => {
		const findings = audit(token({...admin, allowedIps: [], lastUsedAt: null, createdAt: daysAgo(30), owner: null}));
		expect(summary(findings)).toEqual(['no-ip-allow-list:high', 'owner-gone:high', 'admin:medium', 'never-used:medium']);
	});
});

describe('OWASP Non-Human Identities Top 10 (2025)', () => {
	it('holds the ten categories with OWASP\'s ids and titles', () => {
		expect(Object.values(owaspNhi2025).map(category => `${category.id} ${category.title}`)).toEqual([
			'NHI1:2025 Improper Offboarding',
			'NHI2:2025 Secret Leakage',
			'NHI3:2025 Vulnerable Third-Party NHI',
			'NHI4:2025 Insecure Authentication',
			'NHI5:2025 Overprivileged NHI',
			'NHI6:2025 Insecure Cloud Deployment Configurations',
			'NHI7:2025 Long-Lived Secrets',
			'NHI8:2025 Environment Isolation',
			'NHI9:2025 NHI Reuse',
			'NHI10:2025 Human Use of NHI',
		]);
	});

	it('maps each policy to its category, and every finding carries it', () => {
		const expected: Readonly<Record<string, string>> = {
			'stale': 'NHI1:2025',
			'never-used': 'NHI1:2025',
			'expired': 'NHI1:2025',
			'owner-gone': 'NHI1:2025',
			'admin': 'NHI5:2025',
			'admin-unknown': 'NHI5:2025',
			'no-ip-allow-list': 'NHI5:2025',
			'too-old': 'NHI7:2025',
			'no-expiry': 'NHI7:2025',
		} satisfies Record<PolicyId, string>;
		expect(Object.fromEntries(auditPolicies.map(policy => [policy.id, policy.owasp.id]))).toEqual(expected);
		const findings = [
			...audit(token({...admin, allowedIps: [], lastUsedAt: null, createdAt: daysAgo(400), owner: null})),
			...audit(token({lastUsedAt: daysAgo(100)})),
			...audit(token({expiresAt: daysAgo(1)})),
			...audit(opalToken({expiresAt: null}), opalCapabilities),
			...audit(ldToken({admin: null}), launchDarklyCapabilities),
		];
		expect(new Set(findings.map(finding => finding.policy))).toEqual(new Set(Object.keys(expected)));
		for (const finding of findings) {
			expect(finding.owasp.id).toBe(expected[finding.policy]);
		}
	});
});

describe('severities', () => {
	it('order low < medium < high for --fail-on, and raise stops at high', () => {
		expect(severities).toEqual(['low', 'medium', 'high']);
		expect(atLeast('high', 'medium')).toBe(true);
		expect(atLeast('medium', 'medium')).toBe(true);
		expect(atLeast('low', 'medium')).toBe(false);
		expect(raise('low', 1)).toBe('medium');
		expect(raise('medium', 2)).toBe('high');
		expect(raise('low', 0)).toBe('low');
	});
});

describe('auditInventory', () => {
	/** A provider of fixed tokens: enough to show which capabilities judge which token. */
	function fixedProvider(provider: string, account: string, capabilities: Capabilities, tokens: readonly Token[]): TokenProvider {
		const refuse = async (): Promise<never> => Promise.reject(new Error('not in this test'));
		return {
			provider,
			account,
			capabilities,
			async* list() {
				for (const each of tokens) {
					await Promise.resolve();
					yield {...each, provider, account};
				}
			},
			get: refuse,
			create: refuse,
			update: refuse,
			delete: refuse,
			rotate: refuse,
		};
	}

	it('judges each token by the capabilities of the provider that listed it, at one moment for the whole run', async () => {
		// The same record: never expires. Only the vendor with expiry dates calls that a finding.
		const record = token({expiresAt: null});
		const events: AuditEvent[] = [];
		for await (const event of auditInventory([
			fixedProvider('opal', 'opal-prod', opalCapabilities, [record]),
			fixedProvider('launchdarkly', 'ld-prod', launchDarklyCapabilities, [record]),
		], {now, settings})) {
			events.push(event);
		}

		const findings = Object.fromEntries(events.flatMap(event => (event.type === 'token' ? [[event.token.provider, event.findings.map(finding => finding.policy)]] : [])));
		expect(findings).toEqual({'opal': ['no-expiry'], 'launchdarkly': []});
		expect(events.flatMap(event => (event.type === 'account-done' ? [event.account] : [])).sort()).toEqual(['ld-prod', 'opal-prod']);
	});

	it('uses the default thresholds when none are given', async () => {
		const events: AuditEvent[] = [];
		for await (const event of auditInventory([fixedProvider('mist', 'mist-hq', mistOrgCapabilities, [token({createdAt: new Date(Date.now() - 200 * day), lastUsedAt: new Date(Date.now() - 91 * day - 60_000)})])])) {
			events.push(event);
		}

		expect(events.flatMap(event => (event.type === 'token' ? event.findings.map(finding => finding.reason) : []))).toEqual(['unused for 91 days (threshold 90)']);
	});
});
