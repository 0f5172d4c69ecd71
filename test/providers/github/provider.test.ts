import {describe, expect, it} from 'vitest';
import {AuthenticationError, NotFoundError, PaginationError, PermissionDeniedError, RateLimitError, UnsupportedOperationError} from '../../../src/errors/index.js';
import {listAll, useGitHub} from './support.js';

const startGitHub = useGitHub();

describe('the GitHub provider against the simulator', () => {
	it('lists every grant across Link pages, with repositories, permissions, owners and times as GitHub gives them', async () => {
		const github = await startGitHub({tokens: 23});
		const provider = github.provider({pageSize: 5});
		const tokens = await listAll(provider);
		const org = github.simulator.org('github-org-1');
		expect(tokens.map(token => token.id).toSorted()).toEqual(org.grants.map(grant => String(grant.id)).toSorted());
		// Five grants a page: five pages, each after the first reached through the `rel="next"` link.
		const pages = github.seen.filter(request => request.path === `/orgs/${org.login}/personal-access-tokens`);
		expect(pages).toHaveLength(5);
		expect(pages.slice(1).every(request => request.query.get('page') !== null && request.query.get('per_page') === '5')).toBe(true);

		for (const token of tokens) {
			const grant = org.grants.find(candidate => String(candidate.id) === token.id);
			expect(grant).toBeDefined();
			if (grant === undefined) {
				continue;
			}

			expect(token).toMatchObject({provider: 'github', account: 'gh-test', name: grant.tokenName, kind: 'personal', description: null, allowedIps: null, secretHint: null, ownCredential: false});
			expect(token.createdAt?.getTime()).toBe(grant.accessGrantedAt);
			expect(token.lastUsedAt?.getTime() ?? null).toBe(grant.tokenLastUsedAt);
			expect(token.expiresAt?.getTime() ?? null).toBe(grant.tokenExpiresAt);
			expect(token.status).toBe(grant.tokenExpiresAt !== null && grant.tokenExpiresAt <= github.clock.now() ? 'expired' : 'active');
			expect(token.owner).toEqual({id: grant.owner.login, email: grant.owner.email, status: grant.owner.member ? 'present' : 'gone'});
			const repositories = token.privileges.filter(privilege => privilege.scope === 'repositories');
			if (grant.repositorySelection === 'subset') {
				expect(repositories.map(privilege => privilege.resource).toSorted()).toEqual(grant.repositories.map(repository => `${org.login}/${repository.name}`).toSorted());
			} else {
				expect(repositories).toEqual([{role: grant.repositorySelection, scope: 'repositories', resource: null}]);
			}

			const orgAdministration = grant.permissions.organization?.['administration'] === 'write';
			expect(token.admin).toBe(orgAdministration && grant.owner.member && grant.owner.role === 'admin');
		}

		// Each owner's membership asked for once, however many grants they hold.
		const lookups = github.seen.filter(request => request.path.startsWith(`/orgs/${org.login}/memberships/`)).map(request => request.path);
		expect(new Set(lookups).size).toBe(lookups.length);
		// Departed owners and never-expiring, unused, admin tokens are all there for the audit.
		expect(tokens.some(token => token.owner?.status === 'gone')).toBe(true);
		expect(tokens.some(token => token.expiresAt === null)).toBe(true);
		expect(tokens.some(token => token.admin === true)).toBe(true);
		expect(tokens.some(token => token.lastUsedAt === null)).toBe(true);
	});

	it('lists SSO credential authorizations: classic PATs with scopes and a masked tail, SSH keys, OAuth tokens', async () => {
		const github = await startGitHub({tokens: 20});
		const tokens = await listAll(github.provider({scope: 'sso', pageSize: 4}));
		const org = github.simulator.org('github-org-1');
		expect(tokens).toHaveLength(org.authorizations.length);
		for (const token of tokens) {
			const authorization = org.authorizations.find(candidate => String(candidate.credentialId) === token.id);
			expect(authorization).toBeDefined();
			if (authorization === undefined) {
				continue;
			}

			expect(token.createdAt?.getTime()).toBe(Math.floor(authorization.authorizedAt / 1000) * 1000);
			expect(token.secretHint).toBe(authorization.tokenLastEight === null ? null : `…${authorization.tokenLastEight}`);
			if (authorization.type === 'SSH key') {
				expect(token.privileges[0]).toEqual({role: 'git', scope: 'ssh-key', resource: null});
			} else {
				expect(token.privileges.filter(privilege => privilege.scope === 'oauth-scope').map(privilege => privilege.role)).toEqual(authorization.scopes);
			}
		}

		expect(new Set(tokens.map(token => token.name))).toContain('OAuth app token');
	});

	it('gets one grant from the list, and revokes one (204) and several with the bulk endpoint (202)', async () => {
		const github = await startGitHub({tokens: 12});
		const provider = github.provider();
		const org = github.simulator.org('github-org-1');
		const [first, second, third] = org.grants.map(grant => String(grant.id));
		if (first === undefined || second === undefined || third === undefined) {
			throw new Error('the simulator seeded too few grants');
		}

		expect((await provider.get(first)).id).toBe(first);
		await provider.delete(first);
		await expect(provider.get(first)).rejects.toThrow(NotFoundError);
		await expect(provider.delete(first)).rejects.toThrow(/\[tokenkit:github\] account "gh-test": POST \/orgs\/sim-org-1\/personal-access-tokens\/\d+ answered HTTP 404/);
		await provider.revokeMany([second, third]);
		expect(org.grants.map(grant => String(grant.id))).not.toContain(second);
		expect(org.grants.map(grant => String(grant.id))).not.toContain(third);
		const bulk = github.seen.filter(request => request.method === 'POST' && request.path === `/orgs/${org.login}/personal-access-tokens`);
		expect(bulk).toHaveLength(1);
		expect(bulk[0]?.body).toEqual({action: 'revoke', pat_ids: [Number(second), Number(third)]});
	});

	it('cannot create, update or rotate, and says what to do instead without sending anything', async () => {
		const github = await startGitHub({tokens: 2});
		const provider = github.provider();
		const error = await provider.rotate('123').catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(UnsupportedOperationError);
		expect(String(error)).toMatch(/only its owner can.*revoke this one with tokenkit revoke/);
		await expect(provider.create({name: 'x'})).rejects.toThrow(UnsupportedOperationError);
		expect(github.seen).toHaveLength(0);
		expect(provider.capabilities.rotation).toBeNull();
	});

	it('signs in as the App, sends the API version and a User-Agent on every request, and never mints a token per request', async () => {
		const github = await startGitHub({tokens: 30});
		const provider = github.provider({pageSize: 10});
		await listAll(provider);
		expect(provider.installationTokensMinted()).toBe(1);
		const [lookup, mint, ...rest] = github.seen;
		expect(lookup?.path).toBe('/orgs/sim-org-1/installation');
		expect(mint?.path).toMatch(/^\/app\/installations\/\d+\/access_tokens$/);
		expect(lookup?.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
		expect(rest.every(request => /^Bearer ghs_\w{36}$/.test(request.headers.authorization ?? ''))).toBe(true);
		expect(github.seen.every(request => request.headers['x-github-api-version'] === '2022-11-28' && typeof request.headers['user-agent'] === 'string')).toBe(true);
	});

	it('renews the installation token five minutes before it ends, and once after a 401', async () => {
		const github = await startGitHub({tokens: 3});
		const provider = github.provider();
		await listAll(provider);
		expect(provider.installationTokensMinted()).toBe(1);
		github.clock.advance(56 * 60_000);
		await listAll(provider);
		expect(provider.installationTokensMinted()).toBe(2);

		// GitHub ends the token early: the request is answered 401, a new token is minted, and the request goes again.
		github.simulator.expireInstallationTokens();
		const before = github.seen.length;
		expect(await listAll(provider)).toHaveLength(3);
		expect(provider.installationTokensMinted()).toBe(3);
		expect(github.seen.slice(before).map(request => request.path)[0]).toBe('/orgs/sim-org-1/personal-access-tokens');
	});

	it('gives up after one renewal when GitHub keeps refusing the token', async () => {
		const github = await startGitHub({tokens: 3, installationTokenTtlMs: 1});
		const provider = github.provider();
		await expect(listAll(provider)).rejects.toThrow(AuthenticationError);
		expect(provider.installationTokensMinted()).toBe(2);
	});

	it('waits out a secondary rate limit (403 with retry-after) and a primary one (403, no requests left, reset in epoch seconds)', async () => {
		const github = await startGitHub({tokens: 3, rateLimit: {pointsPerMinute: 2}});
		const provider = github.provider({retry: {baseDelay: 1, maxWait: 100}});
		// Two points a minute: the third request to the endpoint is refused with retry-after well past the 100 ms cap.
		const error = await listAll(provider).then(async () => listAll(provider)).then(async () => listAll(provider)).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(RateLimitError);
		expect(String(error)).toMatch(/\[tokenkit:github\] account "gh-test": .*more than the 1 s cap|try again/);

		const primary = await startGitHub({tokens: 3, rateLimit: {perHour: 2}});
		const limited = primary.provider({retry: {baseDelay: 1, maxWait: 100}});
		await expect(listAll(limited).then(async () => listAll(limited))).rejects.toThrow(RateLimitError);
	});

	it('retries a 429 with retry-after as GitHub asks, and reads x-ratelimit headers', async () => {
		const github = await startGitHub({tokens: 3, server: {faults: {'429': 0.3}, retryAfterSeconds: 0, seed: 3}});
		const provider = github.provider({resolveOwners: false});
		expect(await listAll(provider)).toHaveLength(3);
		expect(github.server.stats.faults['429']).toBeGreaterThan(0);
	});

	it('waits the retry-after of a 403 secondary-limit answer and tries again, then goes on', async () => {
		const github = await startGitHub({tokens: 3});
		let refused = 0;
		const events: string[] = [];
		const provider = github.provider({
			resolveOwners: false,
			onEvent: event => events.push(event.type),
			fetch: async (input, init) => {
				const response = await fetch(input, init);
				if (refused > 0 || !new URL(input instanceof Request ? input.url : input).pathname.endsWith('/personal-access-tokens')) {
					return response;
				}

				refused++;
				return new Response(JSON.stringify({message: 'You have exceeded a secondary rate limit.'}), {status: 403, headers: {'content-type': 'application/json', 'retry-after': '1'}});
			},
		});
		const started = Date.now();
		expect(await listAll(provider)).toHaveLength(3);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(events.filter(type => type === 'retry')).toHaveLength(1);
	});

	it('reports an unknown org or installation, and a permission the installation lacks, naming vendor, account and field', async () => {
		const github = await startGitHub({tokens: 3});
		await expect(listAll(github.provider({org: 'no-such-org'}))).rejects.toThrow(/\[tokenkit:github\] account "gh-test": GET \/orgs\/no-such-org\/installation answered HTTP 404; field "org": the App \(id \d+\) is not installed/);
		await expect(listAll(github.provider({org: undefined, installationId: 1234}))).rejects.toThrow(/field "installationId": the App \(id \d+\) has no installation 1234/);
		const wrongApp = github.provider({appId: 999_999_999});
		await expect(listAll(wrongApp)).rejects.toThrow(/HTTP 401.*check "appId" and that the private key is that App's/);
		const otherOrg = github.provider({org: 'sim-org-1', installationId: github.simulator.org('github-org-2').installationId});
		await expect(listAll(otherOrg)).rejects.toThrow(PermissionDeniedError);
	});

	it('never follows a next link to another server', async () => {
		const github = await startGitHub({tokens: 8});
		const provider = github.provider({
			pageSize: 2,
			fetch: async (input, init) => {
				const response = await fetch(input, init);
				const link = response.headers.get('link');
				if (link === null) {
					return response;
				}

				const headers = new Headers(response.headers);
				headers.set('link', link.replace(/http:\/\/127\.0\.0\.1:\d+/g, 'https://evil.example'));
				return new Response(response.body, {status: response.status, headers});
			},
		});
		await expect(listAll(provider)).rejects.toThrow(PaginationError);
		await expect(listAll(provider)).rejects.toThrow(/points outside the API \(https:\/\/evil\.example/);
	});
});
