import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {ConfigError, NotFoundError, UnsupportedOperationError} from '../../../src/errors/index.js';
import {tokenToJSON} from '../../../src/token.js';
import {collect, rejectionOf} from '../../support/collect.js';
import {instance1, useGitLab} from './support.js';

const startGitLab = useGitLab();

const RecordSchema = v.looseObject({id: v.number(), revoked: v.boolean(), user_id: v.number(), access_level: v.optional(v.number()), resource_type: v.optional(v.string()), resource_id: v.optional(v.number())});

describe('GitLab provider: list', () => {
	it('lists every token of the instance once, across pages of 7, personal, group and project tokens alike', async () => {
		const running = await startGitLab({tokens: 60});
		const {provider, events} = running.provider({groups: 'all', projects: 'all', pageSize: 7});
		const tokens = await collect(provider.list());
		const stored = v.parse(v.array(RecordSchema), running.simulator.tokens(instance1));
		expect(tokens).toHaveLength(stored.length);
		const expectedIds = stored.map(record => record.resource_type === undefined ? String(record.id) : `${record.resource_type}/${record.resource_id ?? 0}/${record.id}`);
		expect(tokens.map(token => token.id).sort()).toEqual(expectedIds.sort());
		expect(new Set(tokens.map(token => token.kind))).toEqual(new Set(['personal', 'org']));
		expect(tokens.some(token => token.id.startsWith('group/')) && tokens.some(token => token.id.startsWith('project/'))).toBe(true);
		// The administrator's personal listing took several pages of 7.
		const personalPages = events.filter(event => event.type === 'request' && event.path.startsWith('/api/v4/personal_access_tokens?'));
		expect(personalPages.length).toBeGreaterThan(3);
		// Revoked tokens are reported as such, never hidden.
		expect(tokens.filter(token => token.status === 'revoked')).toHaveLength(stored.filter(record => record.revoked).length);
		expect(tokens.filter(token => token.status === 'revoked').length).toBeGreaterThan(0);
	});

	it('marks the token it authenticates with, and only that one', async () => {
		const running = await startGitLab({tokens: 10});
		const {provider} = running.provider({groups: 'all', projects: 'all'});
		const own = (await collect(provider.list())).filter(token => token.ownCredential);
		expect(own.map(token => token.id)).toEqual([String(running.simulator.tokenIdFor(instance1))]);
		expect(own[0]).toMatchObject({name: 'tokenkit-sim-admin', kind: 'personal', admin: true});
	});

	it('reads fields in GitLab\'s units: a date expiry at 00:00 UTC, RFC 3339 times, owners with their email and standing', async () => {
		const running = await startGitLab({tokens: 40});
		const {provider} = running.provider({groups: 'all', projects: 'all'});
		const tokens = await collect(provider.list());
		const stored = v.parse(v.array(v.looseObject({id: v.number(), expires_at: v.nullable(v.string()), created_at: v.string(), last_used_at: v.nullable(v.string())})), running.simulator.tokens(instance1));
		for (const record of stored) {
			const token = tokens.find(candidate => candidate.id.split('/').at(-1) === String(record.id));
			expect(tokenToJSON(token ?? expect.fail(`token ${record.id} not listed`))).toMatchObject({
				expiresAt: record.expires_at === null ? null : `${record.expires_at}T00:00:00.000Z`,
				createdAt: record.created_at,
				lastUsedAt: record.last_used_at,
			});
		}

		const personal = tokens.filter(token => token.kind === 'personal');
		expect(personal.every(token => token.owner?.email?.includes('@') === true)).toBe(true);
		// The seed gives some tokens to people who have since been blocked or deactivated.
		expect(personal.some(token => token.owner?.status === 'gone')).toBe(true);
		expect(tokens.filter(token => token.kind === 'org').every(token => /^(group|project)\/\d+$/.test(token.owner?.id ?? ''))).toBe(true);
	});

	it('lists a non-administrator\'s own tokens and the tokens of the groups and projects named, by path or id', async () => {
		const running = await startGitLab({tokens: 30});
		const ids = running.simulator.resourceIds(instance1);
		const {provider, events} = running.provider({role: 'maintainer', groups: ['acme/platform', ids['acme'] ?? 0], projects: ['acme/data/warehouse']});
		const tokens = await collect(provider.list());
		const personal = tokens.filter(token => token.kind === 'personal');
		expect(new Set(personal.map(token => token.owner?.id))).toEqual(new Set([personal[0]?.owner?.id]));
		expect(personal.some(token => token.ownCredential)).toBe(true);
		const owners = new Set(tokens.filter(token => token.kind === 'org').map(token => token.owner?.id));
		expect([...owners].every(owner => [`group/${ids['acme/platform']}`, `group/${ids['acme']}`, `project/${ids['acme/data/warehouse']}`].includes(owner ?? ''))).toBe(true);
		// A non-administrator's owner is the credential's user, from /user: no user lookups.
		expect(events.some(event => event.type === 'request' && event.path.startsWith('/api/v4/users/'))).toBe(false);
	});

	it('fails the account, naming the field, when a non-administrator asks for every user\'s tokens', async () => {
		const running = await startGitLab({tokens: 5});
		const {provider} = running.provider({role: 'developer', personalTokens: 'all'});
		const error = await rejectionOf(collect(provider.list()));
		expect(error).toBeInstanceOf(ConfigError);
		expect(String(error)).toMatch(/^ConfigError: \[tokenkit:gitlab\] account "gl-developer": field "personalTokens": "all" needs an administrator's token/);
	});

	it('fails the account, naming the field and the group, for a group that does not exist or cannot be seen', async () => {
		const running = await startGitLab({tokens: 5});
		const byPath = await rejectionOf(collect(running.provider({groups: ['acme', 'acme/nope']}).provider.list()));
		expect(byPath).toBeInstanceOf(NotFoundError);
		expect(String(byPath)).toMatch(/\[tokenkit:gitlab\] account "gl-admin": GET \/api\/v4\/groups\/acme%2Fnope answered HTTP 404; field "groups\[1\]": group "acme\/nope" does not exist, or this token cannot see it/);
		const byId = await rejectionOf(collect(running.provider({role: 'developer', personalTokens: 'own', projects: [201]}).provider.list()));
		expect(String(byId)).toMatch(/field "projects\[0\]": project "201" does not exist, or this token cannot see it/);
	});

	it('gets one token of each kind by the id the list gave, and says "not found" for one that is not there', async () => {
		const running = await startGitLab({tokens: 20});
		const {provider} = running.provider({groups: 'all', projects: 'all'});
		const tokens = await collect(provider.list());
		for (const listed of [tokens.find(token => token.kind === 'personal'), tokens.find(token => token.id.startsWith('group/')), tokens.find(token => token.id.startsWith('project/'))]) {
			expect(await provider.get(listed?.id ?? expect.fail('a kind is missing'))).toEqual(listed);
		}

		expect(await rejectionOf(provider.get('999999'))).toBeInstanceOf(NotFoundError);
		expect(await rejectionOf(provider.get('group/101/999999'))).toBeInstanceOf(NotFoundError);
		expect(String(await rejectionOf(provider.get('abc')))).toMatch(/a GitLab token id is a number/);
	});

	it('revokes with delete, and the token stays listed as revoked', async () => {
		const running = await startGitLab({tokens: 10});
		const {provider} = running.provider({groups: 'all', projects: 'all'});
		const target = (await collect(provider.list())).find(token => token.id.startsWith('project/') && token.status === 'active');
		const id = target?.id ?? expect.fail('no active project token');
		await provider.delete(id);
		expect(await provider.get(id)).toMatchObject({id, status: 'revoked'});
	});

	it('refuses update, saying what GitLab offers instead', async () => {
		const running = await startGitLab({tokens: 1});
		const error = await rejectionOf(running.provider().provider.update('1', {name: 'x'}));
		expect(error).toBeInstanceOf(UnsupportedOperationError);
		expect(String(error)).toMatch(/update is not supported by this vendor's API\. GitLab has no way to change a token/);
	});
});
