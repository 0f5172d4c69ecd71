/**
The community client most GitLab scripts use, `@gitbeaker/rest` (GitLab publishes no TypeScript client of its own;
docs/vendors/gitlab.md, official client), runs against the simulator unchanged: only its `host` and `token` are
configured. It sends `PRIVATE-TOKEN`, prefixes `/api/v4`, follows the absolute `Link: rel="next"` URLs to page, and
reads errors from the body's `message` or `error`.
*/
import {AccessLevel, Gitlab} from '@gitbeaker/rest';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {PersonalAccessTokenSchema, ResourceAccessTokenSchema} from '../../../providers/gitlab/schema.js';
import {isoDay} from '../../../providers/gitlab/lifetime.js';
import {instance1, start, useGitLab} from './support.js';

const startGitLab = useGitLab();
const day = 86_400_000;

const WithKey = v.looseObject({id: v.number(), token: v.pipe(v.string(), v.startsWith('glpat-'))});

describe('@gitbeaker/rest against the GitLab simulator', () => {
	it('lists every personal token through the Link pages, with GitLab\'s fields and paging headers', async () => {
		const running = await startGitLab({tokens: 45});
		const api = new Gitlab({host: running.url, token: running.simulator.keyFor(instance1)});
		const tokens = v.parse(v.array(PersonalAccessTokenSchema), await api.PersonalAccessTokens.all({perPage: 10}));
		expect(tokens.map(token => token.id)).toEqual(running.simulator.tokens(instance1).map(token => token['id']));
		const {paginationInfo} = await api.PersonalAccessTokens.all({perPage: 10, maxPages: 1, showExpanded: true});
		expect(paginationInfo).toMatchObject({total: tokens.length, current: 1, next: 2, previous: null, perPage: 10, totalPages: Math.ceil(tokens.length / 10)});
		const active = await api.PersonalAccessTokens.all({state: 'active', perPage: 100});
		expect(active.length).toBeLessThan(tokens.length);
	});

	it('shows a token and its own, rotates one into a new id whose key works while the old one is revoked, and revokes', async () => {
		const running = await startGitLab({tokens: 10});
		const api = new Gitlab({host: running.url, token: running.simulator.keyFor(instance1)});
		const self = v.parse(PersonalAccessTokenSchema, await api.PersonalAccessTokens.show());
		expect(self.id).toBe(running.simulator.tokenIdFor(instance1));
		const target = v.parse(v.array(PersonalAccessTokenSchema), await api.PersonalAccessTokens.all({state: 'active', perPage: 100})).find(token => token.id !== self.id) ?? expect.fail('no token');
		const expiresAt = isoDay(start + 30 * day);
		const rotated = v.parse(WithKey, await api.PersonalAccessTokens.rotate(target.id, {expiresAt}));
		expect(rotated.id).toBeGreaterThan(target.id);
		expect(v.parse(PersonalAccessTokenSchema, await api.PersonalAccessTokens.show({tokenId: target.id})).revoked).toBe(true);
		const withNewKey = new Gitlab({host: running.url, token: rotated.token});
		expect(v.parse(PersonalAccessTokenSchema, await withNewKey.PersonalAccessTokens.show())).toMatchObject({id: rotated.id, name: target.name, expires_at: expiresAt});
		await api.PersonalAccessTokens.remove({tokenId: rotated.id});
		expect(v.parse(PersonalAccessTokenSchema, await api.PersonalAccessTokens.show({tokenId: rotated.id})).revoked).toBe(true);
		await expect(withNewKey.PersonalAccessTokens.show()).rejects.toThrow('invalid_token');
	});

	it('creates, lists, shows, rotates and revokes group and project tokens, by id and by path', async () => {
		const running = await startGitLab({tokens: 10});
		const api = new Gitlab({host: running.url, token: running.simulator.keyFor(instance1, 'maintainer')});
		const group = running.simulator.resourceIds(instance1)['acme/platform'] ?? 0;
		const created = v.parse(WithKey, await api.GroupAccessTokens.create(group, 'ci-bot', ['read_api'], isoDay(start + 60 * day), {accessLevel: AccessLevel.DEVELOPER}));
		const listed = v.parse(v.array(ResourceAccessTokenSchema), await api.GroupAccessTokens.all(group));
		expect(listed.find(token => token.id === created.id)).toMatchObject({name: 'ci-bot', access_level: 30, resource_type: 'group', resource_id: group, scopes: ['read_api']});
		expect(v.parse(ResourceAccessTokenSchema, await api.GroupAccessTokens.show(group, created.id)).revoked).toBe(false);
		const rotated = v.parse(WithKey, await api.GroupAccessTokens.rotate(group, created.id, {expiresAt: isoDay(start + 60 * day)}));
		expect(rotated.id).toBeGreaterThan(created.id);
		await api.GroupAccessTokens.revoke(group, rotated.id);
		expect(v.parse(ResourceAccessTokenSchema, await api.GroupAccessTokens.show(group, rotated.id)).revoked).toBe(true);

		const project = v.parse(v.array(ResourceAccessTokenSchema), await api.ProjectAccessTokens.all('acme/platform/api'));
		expect(project.every(token => token.resource_type === 'project')).toBe(true);
	});

	it('gets GitLab\'s errors: 404 for an administrator, 401 for anyone else, 403 for a scope too small', async () => {
		const running = await startGitLab({tokens: 5});
		const admin = new Gitlab({host: running.url, token: running.simulator.keyFor(instance1)});
		await expect(admin.PersonalAccessTokens.show({tokenId: 999_999})).rejects.toThrow('404 Personal Access Token Not Found');
		const developer = new Gitlab({host: running.url, token: running.simulator.keyFor(instance1, 'developer')});
		await expect(developer.PersonalAccessTokens.show({tokenId: running.simulator.tokenIdFor(instance1)})).rejects.toThrow('401 Unauthorized');
		await expect(developer.PersonalAccessTokens.rotate(running.simulator.tokenIdFor(instance1, 'developer'))).rejects.toThrow('insufficient_scope');
		await expect(developer.GroupAccessTokens.all('acme/data')).rejects.toThrow('403 Forbidden');
		await expect(admin.GroupAccessTokens.all('acme/nope')).rejects.toThrow('404 Group Not Found');
	});
});
