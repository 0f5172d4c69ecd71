import {describe, expect, it} from 'vitest';
import {planRotation} from '../../../src/inventory/rotate/plan.js';
import {ConfigError, NotFoundError, UnsupportedOperationError} from '../../../src/errors/index.js';
import type {MintedToken} from '../../../src/provider.js';
import {tokenToJSON, type Token} from '../../../src/token.js';
import {collect, rejectionOf} from '../../support/collect.js';
import {findLeaks} from '../../support/leak-scan.js';
import {org, useDatadog, type RunningDatadog} from './support.js';

const start = useDatadog();

const day = 86_400_000;

/** Nothing a token shows holds any key the simulator knows, the freshly minted one included. */
function expectNoSecret(datadog: RunningDatadog, tokens: readonly Token[]): void {
	expect(findLeaks(tokens.map(token => ({where: token.id, text: JSON.stringify(tokenToJSON(token))})), datadog.simulator.allSecrets())).toEqual([]);
}

const posts = (datadog: RunningDatadog) => datadog.seen.filter(request => request.method === 'POST');

describe('Datadog keys through the provider: create, update, delete', () => {
	it('mints every kind, each key handed over once and kept nowhere in its token', async () => {
		const datadog = await start();
		const provider = datadog.provider();
		const [serviceAccount] = datadog.simulator.serviceAccounts(org);
		const minted: MintedToken[] = [
			await provider.create({name: 'new-api-key', type: 'api-key'}),
			await provider.create({name: 'new-app-key', privileges: [{role: 'dashboards_read', scope: 'org', resource: null}]}),
			await provider.create({name: 'sa-app-key', kind: 'service', serviceAccount: serviceAccount?.id}),
			await provider.create({name: 'new-pat', type: 'access-token', privileges: [{role: 'metrics_read', scope: 'org', resource: null}], expiresAt: new Date(Date.now() + 10 * day)}),
			await provider.create({name: 'new-sat', type: 'access-token', serviceAccount: serviceAccount?.id, privileges: [{role: 'metrics_read', scope: 'org', resource: null}], expiresAt: null}),
		];
		expect(minted.map(({token}) => token.id.replace(/[\da-f-]{36}/g, 'ID'))).toEqual(['api_keys/ID', 'application_keys/ID', 'service_accounts/ID/application_keys/ID', 'personal_access_tokens/ID', 'service_accounts/ID/access_tokens/ID']);
		expect(minted.map(({token}) => token.kind)).toEqual(['org', 'personal', 'service', 'personal', 'service']);
		expect(minted[1]?.token.owner?.id).toBe(datadog.simulator.userIdFor(org));
		expect(minted[3]?.token.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 9 * day);
		expect(minted[4]?.token.expiresAt).toBeNull();
		for (const {token, secret} of minted) {
			expect(datadog.simulator.secretOf(token.id.split('/').at(-1) ?? '')).toBe(secret.reveal());
			expect(String(secret)).toBe('[redacted]');
		}

		expectNoSecret(datadog, minted.map(({token}) => token));
		// The new keys are listed, and each kind's list still adds up.
		const listed = (await collect(provider.list())).map(token => token.id);
		expect(listed).toEqual(expect.arrayContaining(minted.map(({token}) => token.id.replace(/^service_accounts\/[^/]+\/application_keys\//, 'application_keys/'))));
	});

	it('refuses what Datadog has no field for, before any request', async () => {
		const datadog = await start();
		const provider = datadog.provider();
		const refusals = [
			provider.create({name: 'x', description: 'why'}),
			provider.create({name: 'x', allowedIps: ['192.0.2.1']}),
			provider.create({name: 'x', type: 'api-key', privileges: [{role: 'dashboards_read', scope: 'org', resource: null}]}),
			provider.create({name: 'x', type: 'access-token'}),
			provider.create({name: 'x', type: 'access-token', privileges: [{role: 'dashboards_read', scope: 'org', resource: null}], expiresAt: null}),
			provider.create({name: 'x', type: 'access-token', privileges: [{role: 'dashboards_read', scope: 'org', resource: null}], expiresAt: new Date(Date.now() + 400 * day)}),
			provider.create({name: 'x', kind: 'service'}),
			provider.create({name: 'x', serviceAccount: 'not-a-uuid'}),
			provider.update('api_keys/x', {privileges: []}),
		];
		for (const refusal of refusals) {
			expect(await rejectionOf(refusal)).toBeInstanceOf(ConfigError);
		}

		expect(datadog.seen.filter(request => request.method !== 'GET')).toEqual([]);
	});

	it('renames a key (repeating an API key\'s name as Datadog requires), changes scopes, and deletes or revokes each kind', async () => {
		const datadog = await start();
		const provider = datadog.provider();
		const tokens = await collect(provider.list());
		const apiKey = tokens.find(token => token.id.startsWith('api_keys/') && !token.ownCredential);
		const renamed = await provider.update(apiKey?.id ?? '', {name: 'renamed'});
		expect(renamed.name).toBe('renamed');
		const patch = datadog.seen.find(request => request.method === 'PATCH');
		expect(patch?.body).toMatchObject({data: {id: apiKey?.id.split('/')[1], type: 'api_keys', attributes: {name: 'renamed'}}});

		const appKey = tokens.find(token => token.id.startsWith('application_keys/') && !token.ownCredential);
		const narrowed = await provider.update(appKey?.id ?? '', {privileges: [{role: 'dashboards_read', scope: 'org', resource: null}]});
		expect(narrowed.privileges.map(privilege => privilege.role)).toEqual(['dashboards_read']);
		expect(narrowed.name).toBe(appKey?.name);

		const pat = tokens.find(token => token.id.startsWith('personal_access_tokens/'));
		for (const token of [apiKey, appKey, pat]) {
			await provider.delete(token?.id ?? '');
		}

		const after = (await collect(provider.list())).map(token => token.id);
		expect(after).not.toContain(apiKey?.id);
		expect(after).not.toContain(appKey?.id);
		expect(after).not.toContain(pat?.id);
		// A second delete of a key is Datadog's 404; a second revoke of an access token is its 204.
		expect(await rejectionOf(provider.delete(apiKey?.id ?? ''))).toBeInstanceOf(NotFoundError);
		await provider.delete(pat?.id ?? '');
	});
});

describe('Datadog keys through the provider: rotation', () => {
	it('replaces an API key: a twin with the same name and settings, its key handed over before the old key is deleted', async () => {
		const datadog = await start();
		const provider = datadog.provider();
		const old = (await collect(provider.list())).find(token => token.id.startsWith('api_keys/') && !token.ownCredential);
		const order: string[] = [];
		const result = await provider.rotate(old?.id ?? '', {
			async onMinted(minted) {
				order.push(`minted ${minted.token.id}`);
				// The old key still works while the new one is being stored.
				expect(datadog.simulator.secretOf(old?.id.split('/')[1] ?? '')).toBeDefined();
				await Promise.resolve();
			},
		});
		expect(result).toMatchObject({style: 'replace', previousId: old?.id, previous: {state: 'revoked'}});
		expect(result.token.name).toBe(old?.name);
		expect(result.token.id).not.toBe(old?.id);
		expect(order).toEqual([`minted ${result.token.id}`]);
		expect(datadog.simulator.secretOf(old?.id.split('/')[1] ?? '')).toBeUndefined();
		expect(datadog.simulator.secretOf(result.token.id.split('/')[1] ?? '')).toBe(result.secret.reveal());
		expect(posts(datadog).at(-1)?.body).toMatchObject({data: {type: 'api_keys', attributes: {name: old?.name, category: 'default', remote_config_read_enabled: true}}});
		expectNoSecret(datadog, [result.token]);
	});

	it('with a grace period leaves the old key working, for the caller to delete', async () => {
		const datadog = await start();
		const provider = datadog.provider();
		const old = (await collect(provider.list())).find(token => token.id.startsWith('api_keys/') && !token.ownCredential);
		const result = await provider.rotate(old?.id ?? '', {gracePeriod: 3_600_000});
		expect(result.previous).toMatchObject({state: 'pending-revocation', tokenId: old?.id});
		expect(datadog.simulator.secretOf(old?.id.split('/')[1] ?? '')).toBeDefined();
		await provider.delete(old?.id ?? '');
		expect(datadog.simulator.secretOf(old?.id.split('/')[1] ?? '')).toBeUndefined();
	});

	it('replaces the caller\'s own application key through current_user, and a service account\'s key under that account, with the same scopes', async () => {
		const datadog = await start({tokens: 40});
		const provider = datadog.provider();
		const tokens = await collect(provider.list());
		const caller = datadog.simulator.userIdFor(org);
		const own = tokens.find(token => token.id.startsWith('application_keys/') && token.owner?.id === caller && !token.ownCredential);
		const rotatedOwn = await provider.rotate(own?.id ?? '');
		expect(posts(datadog).at(-1)?.path).toBe('/api/v2/current_user/application_keys');
		expect(rotatedOwn.token.privileges).toEqual(own?.privileges);
		expect(rotatedOwn.token.owner?.id).toBe(caller);

		const service = tokens.find(token => token.id.startsWith('application_keys/') && token.kind === 'service' && !token.ownCredential);
		const rotatedService = await provider.rotate(service?.id ?? '');
		expect(posts(datadog).at(-1)?.path).toBe(`/api/v2/service_accounts/${service?.owner?.id ?? ''}/application_keys`);
		expect(rotatedService.token.privileges.map(privilege => privilege.role)).toEqual(service?.privileges.map(privilege => privilege.role));
		expect(rotatedService.token.kind).toBe('service');
		expectNoSecret(datadog, [rotatedOwn.token, rotatedService.token]);
	});

	it('replaces a service access token with one that expires, keeping the old lifetime or giving it a year', async () => {
		const datadog = await start({tokens: 60});
		const provider = datadog.provider();
		const sats = (await collect(provider.list())).filter(token => /^service_accounts\/[^/]+\/access_tokens\//.test(token.id));
		const never = sats.find(token => token.expiresAt === null);
		const rotated = await provider.rotate(never?.id ?? '');
		expect(rotated.token.id.startsWith(`service_accounts/${never?.owner?.id ?? ''}/access_tokens/`)).toBe(true);
		expect((rotated.token.expiresAt?.getTime() ?? 0) - Date.now()).toBeGreaterThan(364 * day);
		expect(rotated.token.privileges).toEqual(never?.privileges);
	});

	it('refuses, before anything is minted, another user\'s application key and personal access token, saying what to do instead', async () => {
		const datadog = await start({tokens: 40});
		const provider = datadog.provider();
		const caller = datadog.simulator.userIdFor(org);
		const tokens = await collect(provider.list());
		const othersKey = tokens.find(token => token.id.startsWith('application_keys/') && token.kind === 'personal' && token.owner?.id !== caller);
		const othersPat = tokens.find(token => token.id.startsWith('personal_access_tokens/') && token.owner?.id !== caller);
		for (const token of [othersKey, othersPat]) {
			const error = await rejectionOf(provider.rotate(token?.id ?? ''));
			expect(error).toBeInstanceOf(UnsupportedOperationError);
			expect(String(error)).toMatch(/only for the calling user/);
		}

		expect(posts(datadog)).toEqual([]);
		// A plan says so per REF, and plans the rest.
		const api = tokens.find(token => token.id.startsWith('api_keys/') && !token.ownCredential);
		const plan = await planRotation([`datadog:${org}:${othersKey?.id ?? ''}`, `datadog:${org}:${othersPat?.id ?? ''}`, `datadog:${org}:${api?.id ?? ''}`], [datadog.provider()]);
		expect(plan.items.map(item => item.action)).toEqual(['unsupported', 'unsupported', 'rotate']);
		const [first] = plan.items;
		expect(first?.action === 'unsupported' ? first.error.alternative : '').toMatch(/ask them to create a new key/);
		expect(posts(datadog)).toEqual([]);
	});

	it('a credential whose caller Datadog will not name rotates no user\'s key: it cannot tell whose they are', async () => {
		const datadog = await start();
		const admin = datadog.provider();
		// An admin's key that reads every key and user but not its own keys (no `user_app_keys`): Datadog names no caller to it.
		const reader = await admin.create({name: 'reader', privileges: ['api_keys_read', 'org_app_keys_read', 'user_access_read'].map(role => ({role, scope: 'org', resource: null}))});
		const provider = datadog.provider({applicationKey: reader.secret.reveal()});
		const tokens = await collect(provider.list());
		const mine = tokens.find(token => token.id.startsWith('application_keys/') && token.owner?.id === datadog.simulator.userIdFor(org) && !token.ownCredential);
		const error = await rejectionOf(provider.rotate(mine?.id ?? ''));
		expect(error).toBeInstanceOf(UnsupportedOperationError);
		expect(String(error)).toMatch(/could not tell whether this application key belongs to the calling user/);
		// Its API keys and service accounts' keys still rotate.
		const service = tokens.find(token => token.kind === 'service' && token.id.startsWith('application_keys/'));
		expect(service === undefined ? undefined : provider.capabilities.forToken?.(service).operations.rotate).toBe(true);
	});
});
