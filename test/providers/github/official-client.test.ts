/**
GitHub's own client, `@octokit/rest` with `@octokit/plugin-enterprise-cloud` and `@octokit/auth-app`, runs against the
simulator unchanged, as a user's script would: only `baseUrl` and the App's credentials are set. auth-app signs the
App's JWT (with `universal-github-app-jwt`), mints the installation token at `baseUrl`, and Octokit's paginate follows
the `Link` header's absolute URLs verbatim, so they must name the simulator.

What the client does on the wire (docs/vendors/github.md, official client [D]): `authorization: bearer <jwt>` for the
App's calls and `token <ghs_…>` afterwards, `accept: application/vnd.github.v3+json`, its own User-Agent, arrays in
the query joined with commas, and no `X-GitHub-Api-Version` unless asked for.
*/
import {createSign} from 'node:crypto';
import {createAppAuth} from '@octokit/auth-app';
import {enterpriseCloud} from '@octokit/plugin-enterprise-cloud';
import {Octokit} from '@octokit/rest';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {CredentialAuthorizationsSchema, GrantsSchema, InstallationTokenSchema, RepositoriesSchema} from '../../../providers/github/schema.js';
import {useGitHub, type RunningGitHub} from './support.js';

const startGitHub = useGitHub();
const GitHubOctokit = Octokit.plugin(enterpriseCloud);

function octokitFor(github: RunningGitHub, org = github.simulator.org('github-org-1')) {
	return new GitHubOctokit({
		baseUrl: github.server.baseUrl,
		authStrategy: createAppAuth,
		auth: {appId: github.simulator.app.id, privateKey: github.simulator.app.privateKey, installationId: org.installationId},
	});
}

const SamlMethodsSchema = v.looseObject({listSamlSsoAuthorizations: v.function(), removeSamlSsoAuthorization: v.function()});
const AnswerSchema = v.looseObject({status: v.number(), data: v.unknown()});

function samlMethods(octokit: object): v.InferOutput<typeof SamlMethodsSchema> {
	const orgs: unknown = Reflect.get(octokit, 'orgs');
	return v.parse(SamlMethodsSchema, orgs);
}

/** A JWT signed with Node's own RSA signing, for the cases the official library will not produce. */
function signJwt(privateKey: string, claims: Record<string, unknown>, alg = 'RS256'): string {
	const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
	const unsigned = `${encode({alg, typ: 'JWT'})}.${encode(claims)}`;
	return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey, 'base64url')}`;
}

describe('the official GitHub client against the simulator', () => {
	it('lists every grant through paginate, with installation tokens it minted itself', async () => {
		const github = await startGitHub({tokens: 57});
		const octokit = octokitFor(github);
		const grants = [];
		for await (const {data} of octokit.paginate.iterator(octokit.rest.orgs.listPatGrants, {org: 'sim-org-1', per_page: 20})) {
			expect(v.is(GrantsSchema, data)).toBe(true);
			grants.push(...data);
		}

		expect(grants.map(grant => grant.id).toSorted()).toEqual(github.simulator.org('github-org-1').grants.map(grant => grant.id).toSorted());
		expect(github.simulator.installationTokenCount()).toBe(1);
		const mint = github.seen.find(request => request.path.endsWith('/access_tokens'));
		expect(mint?.headers.authorization).toMatch(/^bearer /);
		expect(github.seen.filter(request => request.path === '/orgs/sim-org-1/personal-access-tokens').every(request => request.headers.authorization?.startsWith('token ghs_'))).toBe(true);
	});

	it('filters by token id as Octokit sends it (comma-joined), lists a grant\'s repositories, and revokes one and several', async () => {
		const github = await startGitHub({tokens: 10});
		const octokit = octokitFor(github);
		const org = github.simulator.org('github-org-1');
		const subset = org.grants.find(grant => grant.repositorySelection === 'subset');
		const [first, second, third] = org.grants;
		if (subset === undefined || first === undefined || second === undefined || third === undefined) {
			throw new Error('the simulator seeded too few grants');
		}

		const filtered = await octokit.rest.orgs.listPatGrants({org: org.login, token_id: [String(first.tokenId), String(second.tokenId)]});
		expect(filtered.data.map(grant => grant.token_id).toSorted()).toEqual([first.tokenId, second.tokenId].toSorted());

		const repositories = await octokit.rest.orgs.listPatGrantRepositories({org: org.login, pat_id: subset.id});
		expect(v.is(RepositoriesSchema, repositories.data)).toBe(true);
		expect(repositories.data.map(repository => repository.full_name).toSorted()).toEqual(subset.repositories.map(repository => `${org.login}/${repository.name}`).toSorted());

		expect((await octokit.rest.orgs.updatePatAccess({org: org.login, pat_id: first.id, action: 'revoke'})).status).toBe(204);
		expect((await octokit.rest.orgs.updatePatAccesses({org: org.login, action: 'revoke', pat_ids: [second.id, third.id]})).status).toBe(202);
		expect(org.grants.map(grant => grant.id)).not.toContain(third.id);
		const again = await octokit.rest.orgs.updatePatAccess({org: org.login, pat_id: first.id, action: 'revoke'}).catch((error: unknown) => error);
		expect(again).toMatchObject({status: 404, response: {data: {message: 'Not Found', status: '404'}}});
	});

	it('lists and removes SAML SSO authorizations with the enterprise-cloud plugin', async () => {
		const github = await startGitHub({tokens: 10});
		const octokit = octokitFor(github);
		const org = github.simulator.org('github-org-1');
		// The plugin replaces `octokit.orgs` at run time with methods its types do not declare; read them as what they are.
		const saml = samlMethods(octokit);
		const listed = v.parse(AnswerSchema, await saml.listSamlSsoAuthorizations({org: org.login, per_page: 100}));
		const data = v.parse(CredentialAuthorizationsSchema, listed.data);
		expect(data).toHaveLength(org.authorizations.length);
		const [first] = data;
		if (first === undefined) {
			throw new Error('no authorization seeded');
		}

		expect(v.parse(AnswerSchema, await saml.removeSamlSsoAuthorization({org: org.login, credential_id: first.credential_id})).status).toBe(204);
		expect(org.authorizations).toHaveLength(data.length - 1);
	});

	it('finds the org\'s installation and mints a token with the App\'s JWT, which the simulator checks', async () => {
		const github = await startGitHub({tokens: 1});
		const app = new Octokit({baseUrl: github.server.baseUrl, authStrategy: createAppAuth, auth: {appId: github.simulator.app.id, privateKey: github.simulator.app.privateKey}});
		const installation = await app.rest.apps.getOrgInstallation({org: 'SIM-ORG-1'});
		expect(installation.data.id).toBe(github.simulator.org('github-org-1').installationId);
		const token = await app.rest.apps.createInstallationAccessToken({installation_id: installation.data.id});
		expect(token.status).toBe(201);
		expect(v.is(InstallationTokenSchema, token.data)).toBe(true);
		expect(Date.parse(token.data.expires_at) - Date.now()).toBeGreaterThan(59 * 60_000);
	});

	it('refuses a JWT that is not the App\'s, expired, issued in the future, too long-lived or not RS256', async () => {
		const github = await startGitHub({tokens: 1});
		const {privateKey, id} = github.simulator.app;
		const now = Math.floor(Date.now() / 1000);
		const post = async (jwt: string) => fetch(`${github.server.baseUrl}/orgs/sim-org-1/installation`, {headers: {authorization: `Bearer ${jwt}`, 'user-agent': 'test'}});
		const good = signJwt(privateKey, {iat: now - 30, exp: now + 500, iss: id});
		expect((await post(good)).status).toBe(200);
		const otherKey = (await import('node:crypto')).generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey.export({type: 'pkcs8', format: 'pem'}).toString();
		const cases = [
			signJwt(otherKey, {iat: now - 30, exp: now + 500, iss: id}),
			signJwt(privateKey, {iat: now - 700, exp: now - 100, iss: id}),
			signJwt(privateKey, {iat: now + 600, exp: now + 900, iss: id}),
			signJwt(privateKey, {iat: now - 30, exp: now + 3600, iss: id}),
			signJwt(privateKey, {iat: now - 30, exp: now + 500, iss: 42}),
			signJwt(privateKey, {iat: now - 30, exp: now + 500, iss: id}, 'HS256'),
			'not-a-jwt',
		];
		for (const jwt of cases) {
			const answer = await post(jwt);
			expect(answer.status).toBe(401);
			expect(await answer.json()).toMatchObject({status: '401', documentation_url: expect.stringContaining('docs.github.com') as unknown});
		}
	});

	it('answers GitHub\'s errors: 404 with basic-error, 401 for an unknown token, 403 without a User-Agent', async () => {
		const github = await startGitHub({tokens: 1});
		const base = github.server.baseUrl;
		const unknown = await fetch(`${base}/orgs/sim-org-1/personal-access-tokens`, {headers: {authorization: 'token ghs_unknown', 'user-agent': 'test'}});
		expect(unknown.status).toBe(401);
		expect(await unknown.json()).toMatchObject({message: 'Bad credentials', status: '401'});
		expect(unknown.headers.get('x-github-request-id')).toMatch(/^[\dA-F]{4}:[\dA-F]{4}:/);
		const noAgent = await fetch(`${base}/orgs/sim-org-1/personal-access-tokens`, {headers: {authorization: 'token x', 'user-agent': ''}});
		expect(noAgent.status).toBe(403);
		const nowhere = await fetch(`${base}/no/such/path`, {headers: {'user-agent': 'test'}});
		expect(nowhere.status).toBe(404);
		const retired = await fetch(`${base}/orgs/sim-org-1/installation`, {headers: {'user-agent': 'test', 'x-github-api-version': '2021-01-01'}});
		expect(retired.status).toBe(410);
	});
});
