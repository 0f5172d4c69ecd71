import {describe, expect, it} from 'vitest';
import {mistUserTokenIdleDays} from '../../../providers/mist/index.js';
import {ConfigError, NotFoundError, PermissionDeniedError} from '../../../src/errors/index.js';
import {account, collect, expectNoSecrets, failure, orgProvider, selfProvider} from './provider-support.js';
import {fixedClock, useMist} from './support.js';

const start = useMist();
const day = 86_400_000;

describe('Mist provider, scope self: the admin\'s own user tokens', () => {
	it('lists exactly the admin\'s user tokens, owned by the admin and acting with the admin\'s privileges', async () => {
		// A fixed clock: the list and the admin lookup both use the key, and must not see two different seconds.
		const mist = await start({now: fixedClock().now});
		const listed = await collect(selfProvider(mist).list());
		const seeded = mist.simulator.userTokens(account, 'admin');
		expect(listed.map(token => token.id)).toEqual(seeded.map(token => token.id));
		expect(listed.map(token => token.raw)).toEqual(seeded);
		const orgId = mist.simulator.orgId(account);
		for (const token of listed) {
			expect(token).toMatchObject({
				provider: 'mist',
				account,
				kind: 'personal',
				owner: {id: null, email: mist.simulator.adminEmail(account), status: 'present'},
				createdBy: null,
				// Every privilege of the admin, each with what it names: the org, and the org group.
				privileges: [{role: 'admin', scope: 'org', resource: orgId}, {role: 'read', scope: 'orggroup', resource: mist.simulator.orggroup(account).id}],
				admin: true,
				allowedIps: null,
				description: null,
			});
			const idleSince = token.lastUsedAt ?? token.createdAt;
			expect(token.expiresAt?.getTime()).toBe((idleSince?.getTime() ?? 0) + mistUserTokenIdleDays * day);
		}

		// The token list and the admin lookup, side by side.
		expect(mist.server.stats.requests).toBe(2);
		expect(listed.some(token => token.name === '')).toBe(true);
	});

	it('shows a read-only admin\'s tokens as not admin', async () => {
		const mist = await start();
		const listed = await collect(selfProvider(mist, {apiKey: mist.simulator.keyFor(account, 'self-read')}).list());
		expect(listed.map(token => token.id)).toEqual(mist.simulator.userTokens(account, 'read').map(token => token.id));
		expect(listed.every(token => !token.admin && token.owner?.email === mist.simulator.adminEmail(account, 'read'))).toBe(true);
		// A privilege over two site groups is two privileges, one per group, never one with no resource.
		const [site] = mist.simulator.sites(account);
		const [retail, clinics] = mist.simulator.sitegroups(account);
		expect(listed[0]?.privileges).toEqual([
			{role: 'read', scope: 'org', resource: mist.simulator.orgId(account)},
			{role: 'installer', scope: 'site', resource: site?.id},
			{role: 'write', scope: 'sitegroup', resource: retail?.id},
			{role: 'write', scope: 'sitegroup', resource: clinics?.id},
		]);
	});

	it('gets, creates, renames and deletes a user token', async () => {
		const mist = await start();
		const provider = selfProvider(mist);
		const {token, secret} = await provider.create({name: 'notebook'});
		expect(token).toMatchObject({name: 'notebook', kind: 'personal', lastUsedAt: null, allowedIps: null, secretHint: `…${secret.reveal().slice(-4)}`});
		expect(token.expiresAt?.getTime()).toBe((token.createdAt?.getTime() ?? 0) + 90 * day);
		expect(JSON.stringify(token.raw)).not.toContain(secret.reveal());
		expect(mist.simulator.keyOfToken(token.id)).toBe(secret.reveal());
		expect((await mist.call('/api/v1/self', {key: secret.reveal()})).status).toBe(200);

		expect(await provider.get(token.id)).toMatchObject({id: token.id, name: 'notebook'});
		expect(await provider.update(token.id, {name: 'notebook-2'})).toMatchObject({id: token.id, name: 'notebook-2'});
		expect(await provider.update(token.id, {})).toMatchObject({id: token.id, name: 'notebook-2'});

		await provider.delete(token.id);
		expect((await mist.call('/api/v1/self', {key: secret.reveal()})).status).toBe(401);
		await expect(provider.get(token.id)).rejects.toBeInstanceOf(NotFoundError);
	});

	it('creates a nameless user token from an empty name', async () => {
		const mist = await start();
		const {token} = await selfProvider(mist).create({name: ''});
		expect(token.name).toBe('');
		expect(mist.simulator.userTokens(account).find(item => item.id === token.id)?.name).toBeUndefined();
	});

	it.each([
		['privileges', {name: 'x', privileges: [{role: 'read', scope: 'org', resource: null}]}, /no privileges of its own/],
		['an allow-list', {name: 'x', allowedIps: ['192.0.2.1']}, /no IP allow-list/],
		['a description', {name: 'x', description: 'for me'}, /no description/],
		['a service kind', {name: 'x', kind: 'service'}, /for a non-human token use a provider with scope 'org'/],
	] as const)('refuses %s on a user token before sending anything', async (_name, input, message) => {
		const mist = await start();
		const error = await failure(selfProvider(mist).create(input));
		expect(error).toBeInstanceOf(ConfigError);
		expect(String(error)).toMatch(message);
		await expect(selfProvider(mist).update('00000000-0000-4000-8000-000000000000', {privileges: []})).rejects.toThrow(/no privileges of its own/);
		expect(mist.server.stats.requests).toBe(0);
	});

	it('answers PermissionDeniedError when an org token is used for scope self', async () => {
		const mist = await start();
		const error = await failure(collect(selfProvider(mist, {apiKey: mist.simulator.keyFor(account)}).list()));
		expect(error).toBeInstanceOf(PermissionDeniedError);
		expect(String(error)).toContain('only an admin\'s own API token can manage user API tokens');
		expectNoSecrets(error, mist.simulator.allSecrets());
		// And a user token is no org token either: it may read the admin's org, as the admin may.
		expect((await collect(orgProvider(mist, {apiKey: mist.simulator.keyFor(account, 'self-admin')}).list())).length).toBe(mist.simulator.tokens(account).length);
	});
});
