import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {createOpenAIProvider} from '../../../providers/openai/index.js';
import {AuthenticationError, BadRequestError, ConfigError, NotFoundError, UnsupportedOperationError} from '../../../src/errors/index.js';
import type {MintedToken} from '../../../src/provider.js';
import type {Token} from '../../../src/token.js';
import {collect, rejectionOf} from '../../support/collect.js';
import {org, useOpenAI, type RunningOpenAI} from './support.js';

const start = useOpenAI();

const IdSchema = v.looseObject({id: v.string()});

/** Every key the simulator holds, as tokenkit names them: admin keys by id, project keys as `<project>/<key>`. */
function expectedIds(running: RunningOpenAI): string[] {
	const {simulator} = running;
	const admin = simulator.adminKeys(org).map(key => v.parse(IdSchema, key).id);
	const projects = simulator.projects(org).map(project => v.parse(IdSchema, project).id);
	return [...admin, ...projects.flatMap(project => simulator.projectKeys(org, project).map(key => `${project}/${v.parse(IdSchema, key).id}`))];
}

const tokenNamed = (tokens: readonly Token[], predicate: (token: Token) => boolean): Token => {
	const found = tokens.find(predicate);
	if (found === undefined) {
		throw new Error('no such token in the listing');
	}

	return found;
};

describe('OpenAI provider: listing', () => {
	it('lists the admin keys, then every project\'s keys (archived projects too), across pages, each once', async () => {
		const running = await start({tokens: 40});
		const tokens = await collect(running.provider({pageSize: 3}).list());
		expect(tokens.map(token => token.id).sort()).toEqual(expectedIds(running).sort());
		// Admin keys first.
		const firstProjectKey = tokens.findIndex(token => token.id.includes('/'));
		expect(tokens.slice(0, firstProjectKey).every(token => token.kind === 'org')).toBe(true);
		expect(tokens.slice(firstProjectKey).every(token => token.kind !== 'org')).toBe(true);

		const lists = running.seen.filter(request => request.method === 'GET' && /\/(admin_api_keys|projects|api_keys)$/.test(request.path));
		expect(lists.every(request => request.query.get('limit') === '3')).toBe(true);
		expect(lists.filter(request => request.path.endsWith('/organization/projects')).every(request => request.query.get('include_archived') === 'true')).toBe(true);
		expect(lists.filter(request => request.path.endsWith('/api_keys')).every(request => request.query.get('owner_project_access') === 'any')).toBe(true);
		// Pages follow `after`, each the last id of the page before.
		expect(lists.filter(request => request.query.has('after')).length).toBeGreaterThan(5);
	});

	it('says what each key is: kinds, owners, admin, the credential, and archived projects\' keys disabled', async () => {
		const running = await start({tokens: 40});
		const tokens = await collect(running.provider().list());
		const kinds = new Set(tokens.map(token => token.kind));
		expect(kinds).toEqual(new Set(['org', 'personal', 'service']));

		const own = tokens.filter(token => token.ownCredential);
		expect(own.map(token => token.id)).toEqual([running.simulator.credentialIdFor(org)]);
		expect(own[0]).toMatchObject({name: 'tokenkit-admin', kind: 'org', admin: true, owner: {status: 'present'}});
		expect(own[0]?.owner?.email).toMatch(/@org1\.example\.com$/);

		// An admin key of an owner removed from the organization, and one of a service account (no way to look it up).
		expect(tokens.some(token => token.kind === 'org' && token.owner?.status === 'gone')).toBe(true);
		expect(tokens.some(token => token.kind === 'org' && token.owner?.id?.startsWith('svc_acct_') === true && token.owner.status === 'unknown')).toBe(true);
		// Project keys of owners who lost access, and project owners' keys, admin of their project.
		expect(tokens.some(token => token.kind === 'personal' && token.owner?.status === 'gone')).toBe(true);
		const ownerKey = tokenNamed(tokens, token => token.kind !== 'org' && token.admin === true);
		expect(ownerKey.privileges).toEqual([{role: 'owner', scope: 'project', resource: ownerKey.id.split('/')[0]}]);

		const archived = running.simulator.projects(org).map(project => v.parse(v.looseObject({id: v.string(), status: v.string()}), project)).filter(project => project.status === 'archived');
		expect(archived).toHaveLength(1);
		const archivedKeys = tokens.filter(token => token.id.startsWith(`${archived[0]?.id ?? ''}/`));
		expect(archivedKeys.length).toBeGreaterThan(0);
		expect(archivedKeys.every(token => token.status === 'disabled')).toBe(true);
		expect(tokens.filter(token => !archivedKeys.includes(token)).every(token => token.status === 'active')).toBe(true);

		// The hint is the mask's tail, never more of the key.
		for (const token of tokens) {
			expect(token.secretHint).toMatch(/^….{4}$/);
		}
	});

	it('looks up each admin key owner once, and not at all with resolveOwners: false', async () => {
		const running = await start({tokens: 30});
		const provider = running.provider();
		await collect(provider.list());
		await collect(provider.list());
		const lookups = running.seen.filter(request => request.path.includes('/organization/users/'));
		expect(lookups.length).toBeGreaterThan(0);
		expect(new Set(lookups.map(request => request.path)).size).toBe(lookups.length);

		const before = running.seen.length;
		const tokens = await collect(running.provider({resolveOwners: false}).list());
		expect(running.seen.slice(before).some(request => request.path.includes('/organization/users/'))).toBe(false);
		expect(tokens.filter(token => token.kind === 'org').every(token => token.owner?.status === 'unknown')).toBe(true);
	});

	it('lists only the projects the config names, and names the field when one does not exist', async () => {
		const running = await start({tokens: 30});
		const [first, second] = running.simulator.projects(org).map(project => v.parse(IdSchema, project).id);
		const tokens = await collect(running.provider({projects: [second ?? '']}).list());
		const projectKeys = tokens.filter(token => token.id.includes('/'));
		expect(projectKeys.length).toBeGreaterThan(0);
		expect(projectKeys.every(token => token.id.startsWith(`${second ?? ''}/`))).toBe(true);
		expect(running.seen.some(request => request.path.endsWith('/organization/projects'))).toBe(false);

		const missing = await rejectionOf(collect(running.provider({projects: [first ?? '', 'proj_doesNotExist1']}).list()));
		expect(missing).toBeInstanceOf(NotFoundError);
		expect(String(missing)).toMatch(/\[tokenkit:openai\] account "openai-org-1": .*field "projects": project proj_doesNotExist1 does not exist/);

		const outside = await rejectionOf(running.provider({projects: [second ?? '']}).get(`${first ?? ''}/key_x`));
		expect(String(outside)).toContain('not among this account\'s projects (field "projects")');
	});
});

describe('OpenAI provider: bad input', () => {
	it.each([
		[{apiKey: 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789'}, /field "apiKey" is a project API key \(sk-proj-…\), not an organization admin key \(sk-admin-…\)/],
		[{apiKey: 'sk-svcacct-abcdefghijklmnopqrstuvwxyz0123456789'}, /field "apiKey" is a service account's key/],
		[{apiKey: 'sk-abcdefghijklmnopqrstuvwxyz0123456789'}, /field "apiKey" is a user or project API key/],
		[{projects: ['proj_ok1', 'acme']}, /field "projects\[1\]": "acme" is not an OpenAI project id/],
		[{projects: ['proj_ok1', 'proj_ok1']}, /field "projects\[1\]": project proj_ok1 is named twice/],
		[{projects: []}, /field "projects" must be a non-empty list/],
		[{pageSize: 101}, /field "pageSize" must be a whole number from 1 to 100; got 101/],
		[{baseUrl: 'https://api.openai.com'}, /field "baseUrl" must be OpenAI's API root https:\/\/api\.openai\.com\/v1/],
	])('%j is a ConfigError naming vendor, account and field, before any request', async (options, message) => {
		const running = await start({tokens: 2});
		const error = (() => {
			try {
				running.provider(options);
				return undefined;
			} catch (caught) {
				return caught;
			}
		})();
		expect(error).toBeInstanceOf(ConfigError);
		expect(String(error)).toMatch(/\[tokenkit:openai\] account "openai-org-1"/);
		expect(String(error)).toMatch(message);
		// The key is never repeated, not even its tail.
		expect(String(error)).not.toContain('abcdefghijkl');
		expect(running.seen).toEqual([]);
	});

	it('a listing\'s own page size is held to OpenAI\'s largest limit (100) too, before any request', async () => {
		const running = await start({tokens: 2});
		expect(() => running.provider().list({pageSize: 101})).toThrow(/\[tokenkit:openai\] account "openai-org-1": field "pageSize" must be a whole number from 1 to 100; got 101/);
		expect(running.seen).toEqual([]);
	});

	it('a key OpenAI refuses says an admin key is needed, naming vendor and account, without repeating the key', async () => {
		const running = await start({tokens: 2});
		const wrong = 'sk-admin-thisKeyIsNotKnownToTheOrganization0123456789';
		const error = await rejectionOf(collect(running.provider({apiKey: wrong}).list()));
		expect(error).toBeInstanceOf(AuthenticationError);
		expect(String(error)).toMatch(/\[tokenkit:openai\] account "openai-org-1": GET \/v1\/organization\/admin_api_keys\?.* answered HTTP 401/);
		expect(String(error)).toContain('takes only a live organization admin key (sk-admin-…)');
		expect(String(error)).not.toContain(wrong.slice(9, 21));
	});

	it('a project key sent as the credential is refused by OpenAI with 401 (the simulator, as a user would see it)', async () => {
		const running = await start({tokens: 30});
		for (const kind of ['project', 'service-account'] as const) {
			const response = await fetch(`${running.server.baseUrl}/organization/admin_api_keys`, {headers: {authorization: `Bearer ${running.simulator.keyFor(org, kind)}`}});
			expect(response.status).toBe(401);
			const body = v.parse(v.object({error: v.object({message: v.string(), type: v.string(), param: v.null(), code: v.nullable(v.string())})}), await response.json());
			expect(body.error.message).toContain('insufficient permissions');
		}
	});

	it.each([['key_a/b/c'], [''], ['/key_a'], ['proj_a/']])('the id %j is refused before any request', async id => {
		const running = await start({tokens: 2});
		expect(await rejectionOf(running.provider().get(id))).toBeInstanceOf(ConfigError);
		expect(running.seen).toEqual([]);
	});
});

describe('OpenAI provider: create, rotate, revoke', () => {
	it('creates an admin key: the key in a Secret, never in the record, and listed afterwards', async () => {
		const running = await start({tokens: 5});
		const provider = running.provider();
		const minted = await provider.create({name: 'ci-admin', privileges: [{role: 'admin', scope: 'organization', resource: null}]});
		expect(minted.secret.reveal()).toMatch(/^sk-admin-/);
		expect(running.simulator.allSecrets()).toContain(minted.secret.reveal());
		expect(JSON.stringify(minted.token)).not.toContain(minted.secret.reveal().slice(9, 21));
		expect(minted.token).toMatchObject({name: 'ci-admin', kind: 'org', admin: true, lastUsedAt: null});
		expect(String(minted.secret)).toBe('[redacted]');
		expect((await collect(provider.list())).map(token => token.id)).toContain(minted.token.id);
		// The new key is a working admin key.
		expect((await collect(running.provider({apiKey: minted.secret.reveal()}).list())).length).toBeGreaterThan(0);
	});

	it('creates a service account with its key in a project; refuses what OpenAI cannot make', async () => {
		const running = await start({tokens: 5});
		const provider = running.provider();
		const [, , project] = running.simulator.projects(org).map(entry => v.parse(IdSchema, entry).id);
		const minted = await provider.create({name: 'etl', kind: 'service', privileges: [{role: 'member', scope: 'project', resource: project ?? ''}]});
		expect(minted.secret.reveal()).toMatch(/^sk-svcacct-/);
		expect(minted.token).toMatchObject({kind: 'service', name: 'Secret Key', privileges: [{role: 'member', scope: 'project', resource: project}], status: 'active'});
		expect(minted.token.id.startsWith(`${project ?? ''}/key_`)).toBe(true);
		expect(JSON.stringify(minted.token)).not.toContain(minted.secret.reveal().slice(11, 23));

		const before = running.seen.length;
		for (const input of [
			{name: 'mine', kind: 'personal' as const, privileges: [{role: 'member', scope: 'project', resource: project ?? ''}]},
			{name: 'x', privileges: [{role: 'admin', scope: 'organization', resource: null}], allowedIps: ['192.0.2.1']},
			{name: 'x', kind: 'service' as const, privileges: [{role: 'owner', scope: 'project', resource: project ?? ''}]},
			{name: 'x', privileges: [{role: 'reader', scope: 'organization', resource: null}]},
		]) {
			expect(await rejectionOf(provider.create(input))).toBeInstanceOf(ConfigError);
		}

		expect(running.seen.slice(before)).toEqual([]);
	});

	it('rotates an admin key into a twin with the same name and lifetime, the key handed over before the old one is deleted', async () => {
		const running = await start({tokens: 5});
		const provider = running.provider();
		const created = await provider.create({name: 'deploy-admin', privileges: [{role: 'admin', scope: 'organization', resource: null}]});
		const stored: MintedToken[] = [];
		const result = await provider.rotate(created.token.id, {
			async onMinted(minted) {
				// The old key still exists when the new one is handed over.
				expect((await collect(provider.list())).map(token => token.id)).toContain(created.token.id);
				stored.push(minted);
			},
		});
		expect(result).toMatchObject({style: 'replace', previousId: created.token.id, previous: {state: 'revoked'}});
		expect(result.token.id).not.toBe(created.token.id);
		expect(result.token.name).toBe('deploy-admin');
		expect(stored.map(minted => minted.token.id)).toEqual([result.token.id]);
		const after = (await collect(provider.list())).map(token => token.id);
		expect(after).toContain(result.token.id);
		expect(after).not.toContain(created.token.id);
		const creates = running.seen.filter(request => request.method === 'POST' && request.path.endsWith('/admin_api_keys'));
		expect(creates.at(-1)?.body).toEqual({name: 'deploy-admin'});
	});

	it('rotates a service account\'s key into a second key of the same account; with a grace period the old one is left', async () => {
		const running = await start({tokens: 30});
		const provider = running.provider();
		const tokens = await collect(provider.list());
		const old = tokenNamed(tokens, token => token.kind === 'service' && token.status === 'active' && token.owner?.status === 'present');
		const result = await provider.rotate(old.id, {gracePeriod: 3_600_000});
		expect(result.previous).toMatchObject({state: 'pending-revocation', tokenId: old.id});
		expect(result.token).toMatchObject({kind: 'service', name: old.name, owner: {id: old.owner?.id, status: 'present'}});
		expect(result.token.id.split('/')[0]).toBe(old.id.split('/')[0]);
		expect(result.secret.reveal()).toMatch(/^sk-svcacct-/);
		const [projectId, keyId] = old.id.split('/');
		const mint = running.seen.find(request => request.method === 'POST' && request.path.endsWith('/api_keys'));
		expect(mint?.path).toBe(`/v1/organization/projects/${projectId ?? ''}/service_accounts/${old.owner?.id ?? ''}/api_keys`);
		expect(running.simulator.projectKeys(org, projectId ?? '').map(key => v.parse(IdSchema, key).id)).toContain(keyId);

		await provider.delete(old.id);
		expect(running.simulator.projectKeys(org, projectId ?? '').map(key => v.parse(IdSchema, key).id)).not.toContain(keyId);
	});

	it('refuses to rotate a user\'s project key before anything is minted, saying what to do instead', async () => {
		const running = await start({tokens: 20});
		const provider = running.provider();
		const user = tokenNamed(await collect(provider.list()), token => token.kind === 'personal');
		const error = await rejectionOf(provider.rotate(user.id));
		expect(error).toBeInstanceOf(UnsupportedOperationError);
		expect(String(error)).toContain('OpenAI\'s API cannot create a user\'s project key');
		expect(running.seen.filter(request => request.method !== 'GET')).toEqual([]);
		expect(provider.capabilities.forToken?.(user).operations.rotate).toBe(false);
	});

	it('under OpenAI\'s older rule a service account\'s key cannot be deleted alone: the error says what to do, and names the account', async () => {
		const running = await start({tokens: 30, serviceAccountKeyDelete: 'refused'});
		const provider = running.provider();
		const key = tokenNamed(await collect(provider.list()), token => token.kind === 'service' && token.status === 'active');
		const error = await rejectionOf(provider.delete(key.id));
		expect(error).toBeInstanceOf(BadRequestError);
		expect(String(error)).toContain(`OpenAI refused to delete a key of service account ${key.owner?.id ?? ''}`);
		expect(String(error)).toMatch(/vendor says: .*service accounts cannot be deleted through this endpoint/);

		// A rotation then mints and hands over the new key, and fails only at the delete, which it reports.
		const stored: string[] = [];
		const rotation = await rejectionOf(provider.rotate(key.id, {
			async onMinted(minted) {
				stored.push(minted.secret.reveal());
				await Promise.resolve();
			},
		}));
		expect(stored).toHaveLength(1);
		expect(String(rotation)).toContain('OpenAI refused to delete a key of service account');
	});

	it('revokes every kind, and a key already gone is a NotFoundError', async () => {
		const running = await start({tokens: 30});
		const provider = running.provider();
		const tokens = await collect(provider.list());
		const victims = [
			tokenNamed(tokens, token => token.kind === 'org' && !token.ownCredential),
			tokenNamed(tokens, token => token.kind === 'personal'),
			tokenNamed(tokens, token => token.kind === 'service'),
		];
		for (const victim of victims) {
			await provider.delete(victim.id);
		}

		const left = (await collect(provider.list())).map(token => token.id);
		expect(victims.filter(victim => left.includes(victim.id))).toEqual([]);
		expect(await rejectionOf(provider.delete(victims[0]?.id ?? ''))).toBeInstanceOf(NotFoundError);
		expect(await rejectionOf(provider.get(victims[1]?.id ?? ''))).toBeInstanceOf(NotFoundError);
	});

	it('gets one key of each kind as the listing shows it, and marks the credential', async () => {
		// A clock that stands still: every request marks the credential used at that second, and a listing and a
		// read on either side of a second's turn would otherwise disagree on it.
		const standingClock = Date.now();
		const running = await start({tokens: 20, now: () => standingClock});
		const provider = running.provider();
		const tokens = await collect(provider.list());
		for (const token of [tokenNamed(tokens, each => each.ownCredential), tokenNamed(tokens, each => each.kind === 'personal'), tokenNamed(tokens, each => each.kind === 'service')]) {
			expect(await provider.get(token.id)).toEqual(token);
		}
	});
});

describe('OpenAI provider: rate limits', () => {
	it('waits out OpenAI\'s 429s (Retry-After) and lists everything, saying which account was limited', async () => {
		const running = await start({tokens: 12, rateLimit: {perWindow: 4, windowMs: 1000}});
		const tokens = await collect(running.provider({pageSize: 5}).list());
		expect(tokens.map(token => token.id).sort()).toEqual(expectedIds(running).sort());
		const limited = running.events.filter(event => event.type === 'attempt' && event.status === 429);
		expect(limited.length).toBeGreaterThan(0);
		const refusal = await fetch(`${running.server.baseUrl}/organization/projects`, {headers: {authorization: `Bearer ${running.simulator.keyFor(org)}`}});
		if (refusal.status === 429) {
			expect(Number(refusal.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		}

		const short = createOpenAIProvider({apiKey: running.simulator.keyFor(org), baseUrl: running.server.baseUrl, account: 'limited', retry: {attempts: 1}});
		const error = await rejectionOf(collect(short.list()));
		// Whichever list meets the exhausted window first (the window may have room for one more request) is named.
		expect(String(error)).toMatch(/RateLimitError: \[tokenkit:openai\] account "limited": rate limited: GET \/v1\/organization\/(admin_api_keys|projects)\b/);
	});
});
