import {inspect} from 'node:util';
import {describe, expect, it} from 'vitest';
import {AuthenticationError, NotFoundError, RotationIncompleteError} from '../../../src/errors/index.js';
import type {MintedToken} from '../../../src/provider.js';
import {account, collect, expectNoSecrets, failure, orgProvider, selfProvider} from './provider-support.js';
import {useMist} from './support.js';

const start = useMist();

describe('Mist provider: rotation by replacement (org tokens)', () => {
	it('replaces a restricted token with a faithful twin, hands its key over first, then revokes the old one', async () => {
		const mist = await start({tokens: 30});
		const provider = orgProvider(mist);
		const original = mist.simulator.tokens(account).find(token => token.src_ips !== undefined && token.name !== 'tokenkit-admin');
		const id = original?.id ?? '';
		const oldKey = mist.simulator.keyOfToken(id) ?? '';
		// The allow-list names documentation ranges; calls with this key must appear to come from there.
		const from = {'x-forwarded-for': (original?.src_ips?.[0] ?? '').split('/')[0] ?? ''};
		const before = await provider.get(id);
		const handed: MintedToken[] = [];

		const result = await provider.rotate(id, {
			async onMinted(minted) {
				// At hand-over, both keys work.
				expect((await mist.call('/api/v1/self', {key: oldKey, headers: from})).status).toBe(200);
				handed.push(minted);
			},
		});
		const newKey = result.secret.reveal();

		expect(result).toMatchObject({style: 'replace', previousId: id, previous: {state: 'revoked'}});
		expect(handed.map(minted => minted.token.id)).toEqual([result.token.id]);
		expect(handed[0]?.secret.equals(newKey)).toBe(true);
		expect(result.token.id).not.toBe(id);
		expect(result.token).toMatchObject({name: before.name, privileges: before.privileges, admin: before.admin, allowedIps: before.allowedIps, kind: 'org'});

		// On the wire too: privileges with their views and org ids, and the exact src_ips.
		const twin = mist.simulator.tokens(account).find(token => token.id === result.token.id);
		expect(twin?.privileges).toEqual(original?.privileges);
		expect(twin?.src_ips).toEqual(original?.src_ips);

		expect((await mist.call('/api/v1/self', {key: newKey, headers: from})).status).toBe(200);
		expect((await mist.call('/api/v1/self', {key: oldKey, headers: from})).status).toBe(401);
		const listed = await collect(provider.list());
		expect(listed.map(token => token.id)).not.toContain(id);
		expect(listed.filter(token => token.id === result.token.id)).toHaveLength(1);
		expect(listed).toHaveLength(32);

		// The result prints and serializes without the key.
		expect(`${JSON.stringify(result)} ${inspect(result, {depth: 10})}`).not.toContain(newKey);
	});

	it('copies what the normalized record cannot hold: views, and site and site-group privileges', async () => {
		const mist = await start();
		const orgId = mist.simulator.orgId(account);
		const [site] = mist.simulator.sites(account);
		const [group] = mist.simulator.sitegroups(account);
		const privileges = [
			{role: 'read', scope: 'org', views: ['reporting', 'security']},
			{role: 'installer', scope: 'site', site_id: site?.id},
			{role: 'write', scope: 'sitegroup', sitegroup_id: group?.id, views: ['switch_admin']},
		];
		const created = await mist.call(`/api/v1/orgs/${orgId}/apitokens`, {method: 'POST', key: mist.simulator.keyFor(account), json: {name: 'views', privileges, src_ips: ['203.0.113.0/24', '2001:db8::/48']}});
		expect(created.status).toBe(200);
		const original = mist.simulator.tokens(account).find(token => token.name === 'views');
		const result = await orgProvider(mist).rotate(original?.id ?? '');
		const twin = mist.simulator.tokens(account).find(token => token.id === result.token.id);
		expect(twin?.privileges).toEqual(original?.privileges);
		expect(twin?.privileges?.[0]).toEqual({role: 'read', scope: 'org', org_id: orgId, views: ['reporting', 'security']});
		expect(twin?.src_ips).toEqual(['203.0.113.0/24', '2001:db8::/48']);
	});

	it('leaves the old token working when a grace period is asked, and says which one to delete when', async () => {
		const mist = await start();
		const provider = orgProvider(mist);
		const {token, secret: oldSecret} = await provider.create({name: 'grace', privileges: [{role: 'read', scope: 'org', resource: null}], allowedIps: ['127.0.0.1']});
		const gracePeriod = 60_000;
		const before = Date.now();
		const result = await provider.rotate(token.id, {gracePeriod});
		expect(result.previous.state).toBe('pending-revocation');
		expect(result.previous).toMatchObject({tokenId: token.id});
		const revokeAfter = result.previous.state === 'pending-revocation' ? result.previous.revokeAfter.getTime() : 0;
		expect(revokeAfter).toBeGreaterThanOrEqual(before + gracePeriod);
		expect(revokeAfter).toBeLessThanOrEqual(Date.now() + gracePeriod);

		// Both keys work from loopback, which the allow-list names (the simulator reads the socket's address).
		const oldKeyProvider = orgProvider(mist, {apiKey: oldSecret.reveal()});
		const newKeyProvider = orgProvider(mist, {apiKey: result.secret.reveal()});
		expect((await collect(oldKeyProvider.list())).map(item => item.id)).toContain(result.token.id);
		expect((await collect(newKeyProvider.list())).map(item => item.id)).toContain(token.id);
		expect(result.token.allowedIps).toEqual(['127.0.0.1']);

		// The caller finishes the rotation.
		await provider.delete(token.id);
		await expect(collect(oldKeyProvider.list())).rejects.toBeInstanceOf(AuthenticationError);
		expect((await collect(newKeyProvider.list())).length).toBe(mist.simulator.tokens(account).length);
	});

	it('keeps the old key alive when onMinted fails, and rejects with that failure', async () => {
		const mist = await start();
		const provider = orgProvider(mist);
		const {token, secret: oldSecret} = await provider.create({name: 'vaulted', privileges: [{role: 'read', scope: 'org', resource: null}]});
		const vaultDown = new Error('vault unreachable');
		const error = await failure(provider.rotate(token.id, {
			onMinted: async () => Promise.reject(vaultDown),
		}));
		expect(error).toBeInstanceOf(RotationIncompleteError);
		expect(error).toMatchObject({previousId: token.id, cause: vaultDown});
		// The new key is not lost: the error still holds it, and it works.
		const minted = error instanceof RotationIncompleteError ? error.minted : undefined;
		expect(minted?.token.id).not.toBe(token.id);
		expect((await mist.call('/api/v1/self', {key: minted?.secret.reveal() ?? ''})).status).toBe(200);
		expect(String(error)).toContain(`delete token ${token.id}, or delete the twin ${minted?.token.id ?? ''}`);
		expectNoSecrets(error, [oldSecret.reveal(), minted?.secret.reveal() ?? '']);
		expect((await mist.call('/api/v1/self', {key: oldSecret.reveal()})).status).toBe(200);
		expect((await provider.get(token.id)).id).toBe(token.id);
	});

	it('rotates the very key it runs with: the old token is deleted with the old key, the new key takes over', async () => {
		const mist = await start();
		const oldKey = mist.simulator.keyFor(account);
		const provider = orgProvider(mist);
		const own = (await collect(provider.list())).find(token => token.name === 'tokenkit-admin');
		const result = await provider.rotate(own?.id ?? '');
		expect(result.previous).toEqual({state: 'revoked'});
		expect(result.token).toMatchObject({name: 'tokenkit-admin', admin: true});

		const error = await failure(collect(provider.list()));
		expect(error).toBeInstanceOf(AuthenticationError);
		expectNoSecrets(error, [oldKey, result.secret.reveal()]);
		const successor = orgProvider(mist, {apiKey: result.secret.reveal()});
		const listed = await collect(successor.list());
		expect(listed.filter(token => token.name === 'tokenkit-admin').map(token => token.id)).toEqual([result.token.id]);
	});

	it('rotates its own key with a grace period, and the old key can still finish the job', async () => {
		const mist = await start();
		const provider = orgProvider(mist);
		const own = (await collect(provider.list())).find(token => token.name === 'tokenkit-admin');
		const result = await provider.rotate(own?.id ?? '', {gracePeriod: 1000});
		expect(result.previous).toMatchObject({state: 'pending-revocation', tokenId: own?.id});
		await provider.delete(own?.id ?? '');
		await expect(collect(provider.list())).rejects.toBeInstanceOf(AuthenticationError);
		expect((await collect(orgProvider(mist, {apiKey: result.secret.reveal()}).list())).length).toBe(mist.simulator.tokens(account).length);
	});

	it('says NotFoundError for a token that is not there, and mints nothing', async () => {
		const mist = await start();
		const count = mist.simulator.tokens(account).length;
		let minted = 0;
		const error = await failure(orgProvider(mist).rotate('00000000-0000-4000-8000-000000000000', {
			onMinted() {
				minted++;
				return Promise.resolve();
			},
		}));
		expect(error).toBeInstanceOf(NotFoundError);
		expect(minted).toBe(0);
		expect(mist.simulator.tokens(account)).toHaveLength(count);
	});
});

describe('Mist provider: rotation by replacement (user tokens)', () => {
	it('replaces a user token with a twin of the same name, and revokes the old one', async () => {
		const mist = await start();
		const provider = selfProvider(mist);
		const original = mist.simulator.userTokens(account).find(token => token.name === 'laptop-scripts');
		const oldKey = mist.simulator.keyOfToken(original?.id ?? '') ?? '';
		const result = await provider.rotate(original?.id ?? '');
		expect(result).toMatchObject({style: 'replace', previousId: original?.id, previous: {state: 'revoked'}});
		expect(result.token).toMatchObject({name: 'laptop-scripts', kind: 'personal', admin: true});
		expect((await mist.call('/api/v1/self', {key: result.secret.reveal()})).status).toBe(200);
		expect((await mist.call('/api/v1/self', {key: oldKey})).status).toBe(401);
		expect(mist.simulator.userTokens(account).map(token => token.id)).not.toContain(original?.id);
	});

	it('rotates its own user key', async () => {
		const mist = await start();
		const provider = selfProvider(mist);
		const own = (await collect(provider.list())).find(token => token.name === 'tokenkit-self');
		const result = await provider.rotate(own?.id ?? '');
		await expect(collect(provider.list())).rejects.toBeInstanceOf(AuthenticationError);
		const listed = await collect(selfProvider(mist, {apiKey: result.secret.reveal()}).list());
		expect(listed.filter(token => token.name === 'tokenkit-self').map(token => token.id)).toEqual([result.token.id]);
	});
});
