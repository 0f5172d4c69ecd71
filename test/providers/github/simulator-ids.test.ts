import {describe, expect, it} from 'vitest';
import {createGitHubSimulator, type GitHubSimulator} from '../../../providers/github/simulator.js';
import {createRandom} from '../../../src/simulate/random.js';
import type {SimRequest} from '../../../src/simulate/types.js';
import {appPrivateKey, listAll, useGitHub} from './support.js';

const startGitHub = useGitHub();

/** Twenty thousand tokens an org: where ids drawn at random from a few million numbers used to repeat. */
const large = 20_000;

function repeated<T>(ids: readonly T[]): T[] {
	const seen = new Set<T>();
	return ids.filter(id => seen.has(id) || !seen.add(id));
}

/** Each kind of id an org gives out, as its records carry them. */
function idsOf(simulator: GitHubSimulator, account: string): Record<string, number[]> {
	const org = simulator.org(account);
	return {
		grant: org.grants.map(grant => grant.id),
		token: org.grants.map(grant => grant.tokenId),
		credential: org.authorizations.map(authorization => authorization.credentialId),
		authorizedCredential: org.authorizations.map(authorization => authorization.authorizedCredentialId),
		user: org.users.map(user => user.id),
	};
}

describe('the GitHub simulator\'s ids', () => {
	it('are each listed once at 20,000 tokens, so tokenkit takes the list whole', async () => {
		const github = await startGitHub({accounts: 1, tokens: large, rateLimit: false});
		const org = github.simulator.org('github-org-1');
		const authorizations = await listAll(github.provider({scope: 'sso', resolveOwners: false}));
		expect(authorizations).toHaveLength(org.authorizations.length);
		expect(repeated(authorizations.map(token => Number(token.id)))).toEqual([]);
	});

	it('are of GitHub\'s sizes, unique by kind within an org, and the same for the same seed', () => {
		const [first, second] = [1, 2].map(() => createGitHubSimulator({accounts: 1, tokens: large, privateKey: appPrivateKey, now: () => Date.UTC(2026, 0, 5)}));
		const ids = first === undefined ? {} : idsOf(first, 'github-org-1');
		expect(ids['grant']).toHaveLength(large);
		for (const [kind, list] of Object.entries(ids)) {
			expect([kind, repeated(list)]).toEqual([kind, []]);
		}

		// Seven-digit grant ids, eight-digit token ids, credential ids of six or seven digits, as GitHub's are.
		expect(ids['grant']?.every(id => id >= 1_000_000 && id <= 9_999_999)).toBe(true);
		expect(ids['token']?.every(id => id >= 10_000_000 && id <= 99_999_999)).toBe(true);
		expect(ids['credential']?.every(id => id >= 100_000 && id <= 9_999_999)).toBe(true);
		expect(second === undefined ? {} : idsOf(second, 'github-org-1')).toEqual(ids);
		// A login names one user: a departed owner is never taken for a member who happens to share a seeded name.
		const users = first?.org('github-org-1').users ?? [];
		expect(users.filter(user => !user.member).length).toBeGreaterThan(1000);
		expect(repeated(users.map(user => user.login))).toEqual([]);
	});

	it('are never given to two orgs\' installations', () => {
		const simulator = createGitHubSimulator({accounts: 40, tokens: 0, privateKey: appPrivateKey});
		const accounts = simulator.accounts();
		expect(new Set(accounts.map(account => account.installationId)).size).toBe(40);
		expect(new Set(accounts.map(account => account.id)).size).toBe(40);
	});

	it('are never given to a grant or authorization made later if the org gave them out before, even to one since revoked', () => {
		const simulator = createGitHubSimulator({accounts: 1, tokens: large, privateKey: appPrivateKey});
		const seeded = idsOf(simulator, 'github-org-1');
		const request: SimRequest = {method: 'GET', path: '/orgs/sim-org-1/personal-access-tokens', query: new URLSearchParams(), headers: {}, body: undefined, bodyInvalid: false, remoteAddress: '127.0.0.1'};
		const random = createRandom(7);
		const rounds = 500;
		for (let round = 0; round < rounds; round++) {
			simulator.churn(request, random);
		}

		const reports = simulator.churnReports?.() ?? [];
		const made = (account: string): number[] => reports.filter(report => report.account === account).flatMap(report => report.created.map(Number));
		const grants = made('github-org-1');
		const authorizations = made('github-org-1-sso');
		expect([grants.length, authorizations.length]).toEqual([rounds, rounds]);
		const seededGrants = new Set(seeded['grant']);
		const seededCredentials = new Set(seeded['credential']);
		expect(grants.filter(id => seededGrants.has(id))).toEqual([]);
		expect(authorizations.filter(id => seededCredentials.has(id))).toEqual([]);
		expect([repeated(grants), repeated(authorizations)]).toEqual([[], []]);
		// Revoked along the way, yet still taken: the live lists hold each id once too.
		const now = idsOf(simulator, 'github-org-1');
		expect([repeated(now['grant'] ?? []), repeated(now['credential'] ?? [])]).toEqual([[], []]);
	});
});
