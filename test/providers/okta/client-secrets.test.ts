import {describe, expect, it} from 'vitest';
import {ConfigError, RotationIncompleteError, UnsupportedOperationError} from '../../../src/errors/index.js';
import type {MintedToken} from '../../../src/provider.js';
import {collect, rejectionOf} from '../../support/collect.js';
import {findLeaks} from '../../support/leak-scan.js';
import {org, useOkta, type RunningOkta} from './support.js';

const start = useOkta();

const secretsProvider = (okta: RunningOkta) => okta.provider({credentials: 'client-secrets', account: 'okta-org-1-apps'});

/** The id of an active secret whose client holds no other secret, and of a client at its limit of two. */
function seeded(okta: RunningOkta): {single: string; full: string} {
	const secrets = okta.simulator.clientSecrets(org);
	const countOf = (appId: string): number => secrets.filter(entry => entry.appId === appId).length;
	const single = secrets.find(entry => countOf(entry.appId) === 1 && entry.secret['status'] === 'ACTIVE');
	const full = secrets.find(entry => countOf(entry.appId) === 2 && entry.secret['status'] === 'ACTIVE');
	if (single === undefined || full === undefined) {
		throw new Error('the seed has a client with one secret and one with two');
	}

	return {single: `${single.appId}/${String(single.secret['id'])}`, full: `${full.appId}/${String(full.secret['id'])}`};
}

describe('Okta client secrets through the provider', () => {
	it('lists every secret of every OpenID Connect app, never keeping a secret value', async () => {
		const okta = await start();
		const tokens = await collect(secretsProvider(okta).list());
		const expected = okta.simulator.clientSecrets(org);
		expect(tokens.map(token => token.id).sort()).toEqual(expected.map(entry => `${entry.appId}/${String(entry.secret['id'])}`).sort());
		expect(tokens.every(token => token.kind === 'service' && token.owner === null && token.admin === null)).toBe(true);
		expect(tokens.filter(token => token.status === 'disabled').length).toBe(expected.filter(entry => entry.secret['status'] === 'INACTIVE').length);
		expect(tokens.every(token => !Object.hasOwn(token.raw ?? {}, 'client_secret'))).toBe(true);
		expect(findLeaks([{where: 'tokens', text: JSON.stringify(tokens)}], okta.simulator.allSecrets())).toEqual([]);
		// Apps come 200 to a page; the SAML app has no secrets to ask for.
		expect(okta.seen.find(request => request.path === '/api/v1/apps')?.query.get('limit')).toBe('200');
		expect(okta.seen.filter(request => request.path.endsWith('/credentials/secrets'))).toHaveLength(5 + 3);
	});

	it('rotates: a second secret handed over first, then the old one deactivated and deleted', async () => {
		const okta = await start();
		const {single} = seeded(okta);
		const appId = single.split('/')[0] ?? '';
		const provider = secretsProvider(okta);
		const handed: MintedToken[] = [];
		const result = await provider.rotate(single, {
			async onMinted(minted) {
				// When the new secret is handed over, the old one still works beside it.
				expect(okta.simulator.clientSecrets(org).filter(entry => entry.appId === appId).map(entry => entry.secret['status'])).toEqual(['ACTIVE', 'ACTIVE']);
				handed.push(minted);
				await Promise.resolve();
			},
		});
		expect(handed).toHaveLength(1);
		expect(result).toMatchObject({style: 'rotate', previousId: single, previous: {state: 'revoked'}});
		expect(result.token.id).toMatch(new RegExp(`^${appId}/ocs`));
		expect(okta.simulator.allSecrets()).toContain(result.secret.reveal());
		expect(String(result.secret)).toBe('[redacted]');
		expect(okta.simulator.clientSecrets(org).filter(entry => entry.appId === appId).map(entry => `${appId}/${String(entry.secret['id'])}`)).toEqual([result.token.id]);
		const writes = okta.seen.filter(request => request.method !== 'GET').map(request => `${request.method} ${request.path.replace(`/api/v1/apps/${appId}/credentials/secrets`, '…')}`);
		expect(writes).toEqual(['POST …', `POST …/${single.split('/')[1] ?? ''}/lifecycle/deactivate`, `DELETE …/${single.split('/')[1] ?? ''}`]);
	});

	it('leaves the old secret working for the caller to revoke after a grace period', async () => {
		const okta = await start();
		const {single} = seeded(okta);
		const provider = secretsProvider(okta);
		const result = await provider.rotate(single, {gracePeriod: 3_600_000});
		expect(result.previous).toMatchObject({state: 'pending-revocation', tokenId: single});
		expect((await provider.get(single)).status).toBe('active');
		await provider.delete(single);
		expect(okta.simulator.clientSecrets(org).some(entry => `${entry.appId}/${String(entry.secret['id'])}` === single)).toBe(false);
	});

	it('refuses a rotation that would make a third secret, before anything is created, saying why', async () => {
		const okta = await start();
		const {full} = seeded(okta);
		const error = await rejectionOf(secretsProvider(okta).rotate(full));
		expect(error).toBeInstanceOf(ConfigError);
		expect(String(error)).toMatch(/\[tokenkit:okta\] account "okta-org-1-apps": field "id": client \S+ already has 2 client secrets, Okta's limit per client/);
		expect(String(error)).toContain('tokenkit revoke okta:okta-org-1-apps:');
		expect(okta.seen.filter(request => request.method !== 'GET')).toEqual([]);
	});

	it('keeps the old secret when the new one cannot be stored, and hands the new one over in the error', async () => {
		const okta = await start();
		const {single} = seeded(okta);
		const error = await rejectionOf(secretsProvider(okta).rotate(single, {onMinted: async () => Promise.reject(new Error('vault down'))}));
		expect(error).toBeInstanceOf(RotationIncompleteError);
		const minted = error instanceof RotationIncompleteError ? error.minted : undefined;
		expect(okta.simulator.allSecrets()).toContain(minted?.secret.reveal());
		expect(okta.simulator.clientSecrets(org).filter(entry => `${entry.appId}/${String(entry.secret['id'])}` === single).map(entry => entry.secret['status'])).toEqual(['ACTIVE']);
	});

	it('will not revoke the only active secret of a client, and refuses ids of the wrong form before any request', async () => {
		const okta = await start();
		const {single} = seeded(okta);
		const provider = secretsProvider(okta);
		const only = await rejectionOf(provider.delete(single));
		expect(only).toBeInstanceOf(ConfigError);
		expect(String(only)).toContain('is the only active secret of its client');
		expect(okta.seen.filter(request => request.method !== 'GET')).toEqual([]);
		const sent = okta.seen.length;
		for (const id of ['ocs123', '0oa1/ocs2/x', '/ocs2']) {
			expect(await rejectionOf(provider.get(id))).toBeInstanceOf(ConfigError);
		}

		expect(await rejectionOf(provider.create({name: 'x'}))).toBeInstanceOf(UnsupportedOperationError);
		expect(okta.seen.length).toBe(sent);
	});
});
