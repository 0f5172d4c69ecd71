import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {isoDay} from '../../../providers/gitlab/lifetime.js';
import {BadRequestError, ConfigError, RotationIncompleteError, UnsupportedOperationError} from '../../../src/errors/index.js';
import type {MintedToken} from '../../../src/provider.js';
import {collect, rejectionOf} from '../../support/collect.js';
import {instance1, instance2, start, useGitLab, type Running} from './support.js';

const startGitLab = useGitLab();
const day = 86_400_000;

const StoredSchema = v.array(v.looseObject({id: v.number(), name: v.string(), revoked: v.boolean(), created_at: v.string(), expires_at: v.nullable(v.string()), resource_type: v.optional(v.string()), resource_id: v.optional(v.number())}));

function stored(running: Running, instance = instance1) {
	return v.parse(StoredSchema, running.simulator.tokens(instance));
}

/** A request to list one's own tokens with `key`: 200 while it works, 401 once revoked. */
async function statusWith(running: Running, key: string): Promise<number> {
	return (await running.request('GET', '/api/v4/personal_access_tokens/self', {key})).status;
}

describe('GitLab provider: rotate', () => {
	it('rotates a personal token into a new id, hands the key over first, and GitLab revokes the old key at once', async () => {
		const running = await startGitLab({tokens: 20});
		const {provider, events} = running.provider();
		const before = (await collect(provider.list())).find(token => token.kind === 'personal' && token.status === 'active' && !token.ownCredential) ?? expect.fail('no active token');
		const sent = events.length;
		const handed: MintedToken[] = [];
		const result = await provider.rotate(before.id, {onMinted: async minted => {
			handed.push(minted);
			await Promise.resolve();
		}});
		expect(result.style).toBe('rotate');
		expect(result.previousId).toBe(before.id);
		expect(result.previous).toEqual({state: 'revoked'});
		expect(Number(result.token.id)).toBeGreaterThan(Number(before.id));
		expect(result.token).toMatchObject({name: before.name, kind: 'personal', status: 'active', owner: before.owner});
		expect(JSON.stringify(result.token.raw)).not.toContain(result.secret.reveal());
		expect(handed.map(minted => minted.secret)).toEqual([result.secret]);
		expect(await statusWith(running, result.secret.reveal())).toBe(200);
		expect(await provider.get(before.id)).toMatchObject({status: 'revoked'});
		// Exactly one rotate was sent.
		expect(events.slice(sent).filter(event => event.type === 'request' && event.method === 'POST')).toHaveLength(1);
	});

	it('rotates a group token into a new id under the same group', async () => {
		const running = await startGitLab({tokens: 20});
		const {provider} = running.provider({groups: 'all'});
		const before = (await collect(provider.list())).find(token => token.id.startsWith('group/') && token.status === 'active') ?? expect.fail('no group token');
		const result = await provider.rotate(before.id);
		const [, group] = before.id.split('/');
		expect(result.token.id).toMatch(new RegExp(`^group/${group ?? ''}/\\d+$`));
		expect(result.token.id).not.toBe(before.id);
		expect(result.token.privileges).toEqual(before.privileges);
	});

	it('always sends an expiry: the old lifetime from today, the cap for one that never expired or lived longer', async () => {
		const running = await startGitLab({tokens: 40});
		const {provider: admin2} = running.provider({instance: instance2});
		const rows = stored(running, instance2).filter(record => !record.revoked && record.resource_type === undefined);
		const today = Math.floor(start / day) * day;
		const cap = isoDay(today + 365 * day);
		const never = rows.find(record => record.expires_at === null) ?? expect.fail('instance 2 has no token without expiry');
		expect((await admin2.rotate(String(never.id))).token.expiresAt?.toISOString().slice(0, 10)).toBe(cap);

		// A token made today to live 20 days gets 20 days again.
		const made = await running.request('POST', '/api/v4/users/3/personal_access_tokens', {key: running.simulator.keyFor(instance2), body: {name: 'short-lived', scopes: ['read_api'], expires_at: isoDay(today + 20 * day)}});
		const madeId = v.parse(v.looseObject({id: v.number()}), made.body).id;
		expect((await admin2.rotate(String(madeId))).token.expiresAt?.getTime()).toBe(today + 20 * day);

		const {provider: capped} = running.provider({instance: instance2, maxLifetimeDays: 30});
		const other = rows.find(record => record.id !== never.id && record.expires_at !== null && Date.parse(`${record.expires_at}T00:00:00Z`) > start) ?? expect.fail('no other token');
		expect((await capped.rotate(String(other.id))).token.expiresAt?.getTime()).toBeLessThanOrEqual(today + 30 * day);
	});

	it('refuses a grace period before sending anything, saying why', async () => {
		const running = await startGitLab({tokens: 5});
		const {provider, events} = running.provider();
		const error = await rejectionOf(provider.rotate('5', {gracePeriod: 3_600_000}));
		expect(error).toBeInstanceOf(ConfigError);
		expect(String(error)).toMatch(/GitLab's rotate revokes the old key at once and has no grace period/);
		expect(events).toEqual([]);
	});

	it('after rotating its own credential, refuses every further rotation before sending it (the old key would revoke the new one)', async () => {
		const running = await startGitLab({tokens: 5});
		const {provider, events} = running.provider({role: 'maintainer', groups: 'all'});
		const own = (await collect(provider.list())).find(token => token.ownCredential) ?? expect.fail('no own credential');
		const other = (await collect(provider.list())).find(token => !token.ownCredential && token.status === 'active') ?? expect.fail('no other token');
		const rotated = await provider.rotate(own.id);
		const posts = events.filter(event => event.type === 'request' && event.method === 'POST').length;
		const error = await rejectionOf(provider.rotate(other.id));
		expect(String(error)).toMatch(/has rotated the token it authenticates with/);
		expect(events.filter(event => event.type === 'request' && event.method === 'POST')).toHaveLength(posts);
		// The new credential still works: nothing sent with the old key on a rotate path.
		expect(await statusWith(running, rotated.secret.reveal())).toBe(200);
	});

	it('reports GitLab\'s refusal to rotate a revoked token', async () => {
		const running = await startGitLab({tokens: 30});
		const {provider} = running.provider();
		const revoked = stored(running).find(record => record.revoked && record.resource_type === undefined) ?? expect.fail('no revoked token');
		const error = await rejectionOf(provider.rotate(String(revoked.id)));
		expect(error).toBeInstanceOf(BadRequestError);
		expect(String(error)).toMatch(/vendor says: 400 Bad request - Token already revoked/);
	});

	it('keeps the new key in the error when storing it fails', async () => {
		const running = await startGitLab({tokens: 10});
		const {provider} = running.provider();
		const target = stored(running).find(record => !record.revoked && record.resource_type === undefined && record.id !== running.simulator.tokenIdFor(instance1)) ?? expect.fail('no token');
		const error = await rejectionOf(provider.rotate(String(target.id), {onMinted: async () => Promise.reject(new Error('vault down'))}));
		expect(error).toBeInstanceOf(RotationIncompleteError);
		const key = error instanceof RotationIncompleteError ? error.minted.secret.reveal() : '';
		expect(await statusWith(running, key)).toBe(200);
	});
});

describe('GitLab provider: create', () => {
	it('creates a group token with its scopes and level, always with an expiry', async () => {
		const running = await startGitLab({tokens: 2});
		const {provider} = running.provider({role: 'maintainer'});
		const group = String(running.simulator.resourceIds(instance1)['acme/platform']);
		const {token, secret} = await provider.create({name: 'deploy-bot', description: 'deploys', privileges: [{role: 'read_api', scope: 'group', resource: group}, {role: 'Developer', scope: 'group', resource: group}]});
		expect(token).toMatchObject({name: 'deploy-bot', description: 'deploys', kind: 'org', privileges: [{role: 'Developer', scope: 'group', resource: group}, {role: 'read_api', scope: 'group', resource: group}]});
		expect(token.id).toMatch(new RegExp(`^group/${group}/\\d+$`));
		expect(token.expiresAt?.toISOString().slice(0, 10)).toBe(isoDay(start + 365 * day));
		expect(secret.reveal()).toMatch(/^glpat-/);
	});

	it('creates a personal token for a user only with an administrator\'s credential', async () => {
		const running = await startGitLab({tokens: 2});
		const {provider} = running.provider();
		const {token} = await provider.create({name: 'for-ada', privileges: [{role: 'read_api', scope: 'user', resource: '3'}]});
		expect(token.id).toMatch(/^\d+$/);
		expect(token).toMatchObject({kind: 'personal', owner: {id: '3'}});
		const refused = await rejectionOf(running.provider({role: 'maintainer'}).provider.create({name: 'x', privileges: [{role: 'read_api', scope: 'user', resource: '3'}]}));
		expect(refused).toBeInstanceOf(UnsupportedOperationError);
		expect(String(refused)).toMatch(/only an administrator/);
	});

	it.each([
		['an allow-list', {allowedIps: ['192.0.2.1']}, /no IP allow-list/],
		['no privileges', {privileges: []}, /made for one user, group or project/],
		['two targets', {privileges: [{role: 'api', scope: 'group', resource: '101'}, {role: 'api', scope: 'project', resource: '201'}]}, /made for one user, group or project/],
		['a level and no scope', {privileges: [{role: 'Owner', scope: 'group', resource: '101'}]}, /needs at least one scope/],
		['a service personal token', {kind: 'service', privileges: [{role: 'api', scope: 'user', resource: '3'}]}, /acts as its user/],
	] as const)('refuses %s before sending anything', async (_name, input, message) => {
		const running = await startGitLab({tokens: 1});
		const {provider, events} = running.provider();
		const error = await rejectionOf(provider.create({name: 'x', ...input}));
		expect(error).toBeInstanceOf(ConfigError);
		expect(String(error)).toMatch(message);
		expect(events.filter(event => event.type === 'request' && event.method === 'POST')).toEqual([]);
	});
});
