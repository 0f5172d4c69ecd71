import {describe, expect, it} from 'vitest';
import {createMistSimulator, mistKeyRoles} from '../../../providers/mist/simulator.js';
import {MistErrorSchema, MistOrgApiTokenListSchema, MistOrgApiTokenSchema} from '../../../providers/mist/schema.js';
import {fixedClock, fullKey, useMist, uuid, valid} from './support.js';

const start = useMist();

describe('Mist simulator: seeded accounts and keys', () => {
	it('reports each org with its label, id, admin key and token count', () => {
		const simulator = createMistSimulator({accounts: 3, tokens: 7, now: fixedClock().now});
		const accounts = simulator.accounts();
		expect(accounts.map(account => account.name)).toEqual(['mist-org-1', 'mist-org-2', 'mist-org-3']);
		for (const account of accounts) {
			expect(account.id).toMatch(uuid);
			expect(account.apiKey).toMatch(fullKey);
			expect(account.apiKey).toBe(simulator.keyFor(account.name, 'org-admin'));
			expect(account.tokens).toBe(9);
		}

		expect(new Set(accounts.map(account => account.id)).size).toBe(3);
	});

	it('is deterministic for a seed and different for another', () => {
		const clock = fixedClock();
		const first = createMistSimulator({seed: 7, now: clock.now});
		const again = createMistSimulator({seed: 7, now: clock.now});
		const other = createMistSimulator({seed: 8, now: clock.now});
		expect(again.accounts()).toEqual(first.accounts());
		expect(again.tokens('mist-org-2')).toEqual(first.tokens('mist-org-2'));
		expect(again.allSecrets()).toEqual(first.allSecrets());
		expect(other.accounts()[0]?.apiKey).not.toBe(first.accounts()[0]?.apiKey);
		expect(other.accounts()[0]?.id).not.toBe(first.accounts()[0]?.id);
	});

	it('seeds 25 tokens per org and two orgs by default, with Mist-like variety', () => {
		const simulator = createMistSimulator({now: fixedClock().now});
		expect(simulator.accounts().map(account => account.tokens)).toEqual([27, 27]);
		const tokens = simulator.accounts().flatMap(account => simulator.tokens(account.name));
		const roles = new Set(tokens.flatMap(token => token.privileges?.map(privilege => privilege.role) ?? []));
		expect(roles).toEqual(new Set(['admin', 'read', 'write', 'helpdesk', 'installer']));
		expect(tokens.filter(token => token.last_used === null).length).toBeGreaterThan(0);
		expect(tokens.filter(token => token.created_by === null).length).toBeGreaterThan(0);
		expect(tokens.filter(token => token.src_ips !== undefined).length).toBeGreaterThan(0);
		for (const token of tokens) {
			expect(token.src_ips?.every(entry => /^(192\.0\.2|198\.51\.100|203\.0\.113)\./.test(entry)) ?? true).toBe(true);
		}
	});

	it('lists every key it holds in allSecrets, minted ones included', async () => {
		const {simulator, call} = await start();
		const seeded = simulator.accounts().flatMap(account => mistKeyRoles.map(role => simulator.keyFor(account.name, role)));
		for (const key of seeded) {
			expect(simulator.allSecrets()).toContain(key);
		}

		for (const token of simulator.tokens('mist-org-2')) {
			expect(simulator.allSecrets()).toContain(simulator.keyOfToken(token.id));
		}

		const answer = await call(`/api/v1/orgs/${simulator.orgId('mist-org-1')}/apitokens`, {method: 'POST', key: simulator.keyFor('mist-org-1'), json: {name: 'new', privileges: [{role: 'read', scope: 'org'}]}});
		expect(simulator.allSecrets()).toContain(valid(MistOrgApiTokenSchema, answer.body).key);
		expect(new Set(simulator.allSecrets()).size).toBe(simulator.allSecrets().length);
	});

	it('throws a clear error for an unknown account label in its helpers', () => {
		const simulator = createMistSimulator({accounts: 1, tokens: 0});
		expect(() => simulator.keyFor('mist-org-9')).toThrow('no Mist account "mist-org-9"; accounts are mist-org-1');
	});
});

describe('Mist simulator: faults and churn through the shared server', () => {
	it('shapes injected 429, 500 and 503 the Mist way', async () => {
		for (const [fault, status, message] of [
			['429', 429, /^Too Many Request\. .*5000 API Calls per hour threshold$/],
			['500', 500, /^A server error occurred\.$/],
			['503', 503, /^Service temporarily unavailable/],
		] as const) {
			const {simulator, call} = await start({}, {faults: {[fault]: 1}, retryAfterSeconds: 7});
			const answer = await call(`/api/v1/orgs/${simulator.orgId('mist-org-1')}/apitokens`, {key: simulator.keyFor('mist-org-1')});
			expect(answer.status).toBe(status);
			expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
			expect(valid(MistErrorSchema, answer.body).detail).toMatch(message);
			// Mist documents no Retry-After on 429, so an injected one has none unless the simulator is told to send it.
			expect(answer.headers.get('retry-after')).toBe(status === 503 ? '7' : null);
		}

		const told = await start({rateLimit: {retryAfter: true}}, {faults: {'429': 1}, retryAfterSeconds: 7});
		const answer = await told.call(`/api/v1/orgs/${told.simulator.orgId('mist-org-1')}/apitokens`, {key: told.simulator.keyFor('mist-org-1')});
		expect(answer.headers.get('retry-after')).toBe('7');
	});

	it('churns the org the caller belongs to: one token added, one removed, the simulator\'s own keys kept', async () => {
		const {simulator, call} = await start({tokens: 10}, {churn: {everyRequests: 1}});
		const orgId = simulator.orgId('mist-org-2');
		const key = simulator.keyFor('mist-org-2');
		const before = simulator.tokens('mist-org-2');
		const otherOrgBefore = simulator.tokens('mist-org-1');
		const secretsBefore = simulator.allSecrets().length;
		const first = valid(MistOrgApiTokenListSchema, (await call(`/api/v1/orgs/${orgId}/apitokens`, {key})).body);
		expect(first.map(token => token.id)).toEqual(before.map(token => token.id));

		const after = simulator.tokens('mist-org-2');
		expect(after).toHaveLength(before.length);
		const added = after.filter(token => !before.some(old => old.id === token.id));
		const removed = before.filter(token => !after.some(now => now.id === token.id));
		expect(added).toHaveLength(1);
		expect(removed).toHaveLength(1);
		expect(removed[0]?.name).not.toMatch(/^tokenkit-/);
		expect(added[0]?.last_used).toBeNull();
		expect(simulator.allSecrets()).toHaveLength(secretsBefore + 1);
		expect(after.map(token => token.name)).toEqual(expect.arrayContaining(['tokenkit-admin', 'tokenkit-readonly']));
		expect(simulator.tokens('mist-org-1')).toEqual(otherOrgBefore);

		const second = valid(MistOrgApiTokenListSchema, (await call(`/api/v1/orgs/${orgId}/apitokens`, {key})).body);
		expect(second.map(token => token.id)).toEqual(after.map(token => token.id));
	});
});
