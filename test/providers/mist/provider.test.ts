import {describe, expect, it} from 'vitest';
import {createMistProvider, mistClouds, mistOrgCapabilities, mistRateLimits, mistSelfCapabilities} from '../../../providers/mist/index.js';
import {MistOrgApiTokenSchema} from '../../../providers/mist/schema.js';
import {AuthenticationError, ConfigError, NotFoundError, RateLimitError} from '../../../src/errors/index.js';
import type {Privilege} from '../../../src/token.js';
import {account, collect, expectNoSecrets, failure, orgProvider} from './provider-support.js';
import {useMist, valid} from './support.js';

const start = useMist();
const someOrgId = '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('Mist provider: options', () => {
	it.each(Object.entries(mistClouds))('sends %s requests to %s, with `Token <key>`', async (cloud, origin) => {
		const seen: Array<{url: string; authorization: string | null}> = [];
		const mist = createMistProvider({
			apiKey: 'k'.repeat(40),
			orgId: someOrgId,
			cloud,
			fetch(input) {
				const request = input instanceof Request ? input : new Request(input);
				seen.push({url: request.url, authorization: request.headers.get('authorization')});
				return Promise.resolve(new Response('[]', {status: 200, headers: {'content-type': 'application/json'}}));
			},
		});
		expect(await collect(mist.list())).toEqual([]);
		expect(seen).toEqual([{url: `${origin}/api/v1/orgs/${someOrgId}/apitokens`, authorization: `Token ${'k'.repeat(40)}`}]);
	});

	it('knows every Mist cloud, and defaults to Global 01', async () => {
		expect(Object.keys(mistClouds)).toEqual(['global01', 'global02', 'global03', 'global04', 'global05', 'emea01', 'emea02', 'emea03', 'emea04', 'apac01', 'apac02', 'apac03']);
		const urls: string[] = [];
		const mist = createMistProvider({
			apiKey: 'k'.repeat(40),
			scope: 'self',
			fetch(input) {
				const url = input instanceof Request ? input.url : String(input);
				urls.push(url);
				return Promise.resolve(new Response(url.endsWith('/apitokens') ? '[]' : '{"privileges": []}', {status: 200, headers: {'content-type': 'application/json'}}));
			},
		});
		await collect(mist.list());
		expect(urls.sort()).toEqual(['https://api.mist.com/api/v1/self', 'https://api.mist.com/api/v1/self/apitokens']);
	});

	it.each([
		['cloud and baseUrl together', {orgId: someOrgId, cloud: 'emea01', baseUrl: 'https://api.eu.mist.com'}, /give cloud or baseUrl, not both/],
		['an unknown cloud', {orgId: someOrgId, cloud: 'mars01'}, /unknown Mist cloud "mars01"; known clouds: global01, global02/],
		['org scope without orgId', {}, /orgId is required for scope 'org'/],
		['an orgId that is not a UUID', {orgId: 'acme'}, /orgId must be a UUID/],
		['an orgId for scope self', {orgId: someOrgId, scope: 'self'}, /orgId is for scope 'org'/],
		['plain HTTP to another host', {orgId: someOrgId, baseUrl: 'http://mist.example.com'}, /plain HTTP/],
		['an empty key', {orgId: someOrgId, apiKey: ''}, /apiKey is missing or empty/],
	] as const)('refuses %s at construction', (_name, options, message) => {
		const error = failureOf(() => createMistProvider({apiKey: 'k'.repeat(40), ...options}));
		expect(error).toBeInstanceOf(ConfigError);
		expect(String(error)).toMatch(message);
		expect(String(error)).toMatch(/^ConfigError: \[tokenkit:mist\] account "mist":/);
	});

	it('declares capabilities per scope, truthfully', async () => {
		const mist = await start();
		const org = orgProvider(mist);
		expect(org.capabilities).toEqual(mistOrgCapabilities);
		expect(org).toMatchObject({provider: 'mist', account, scope: 'org', orgId: mist.simulator.orgId(account)});
		expect(mistOrgCapabilities.fields).toEqual({expiry: false, lastUsed: true, ipAllowList: true, description: false, owner: true});
		const self = createMistProvider({apiKey: 'k'.repeat(40), scope: 'self', baseUrl: mist.server.baseUrl});
		expect(self.capabilities).toEqual(mistSelfCapabilities);
		expect(self).toMatchObject({scope: 'self', orgId: null});
		expect(mistSelfCapabilities.fields).toEqual({expiry: true, lastUsed: true, ipAllowList: false, description: false, owner: true});
		for (const capabilities of [mistOrgCapabilities, mistSelfCapabilities]) {
			expect(capabilities).toMatchObject({pagination: 'none', rotation: {name: 'replace', renews: 'new-id', oldKey: 'caller-revokes'}, maxPageSize: null});
			expect(Object.values(capabilities.operations).every(Boolean)).toBe(true);
		}
	});

	it('paces itself by Mist\'s hourly budget, which the limiter option overrides', async () => {
		expect(mistRateLimits).toEqual({requestsPerHour: 5000});
		const mist = await start();
		const tight = orgProvider(mist, {limiter: {requestsPerHour: 2}, retry: {maxWait: 50}});
		// Not the credential, whose read also lists the org to tell it apart.
		const first = mist.simulator.tokens(account).find(token => !token.name.startsWith('tokenkit-'));
		await tight.get(first?.id ?? '');
		await tight.get(first?.id ?? '');
		const error = await failure(tight.get(first?.id ?? ''));
		expect(error).toBeInstanceOf(RateLimitError);
		expect(error).toMatchObject({status: null});
		expect(mist.server.stats.requests).toBe(2);
	});
});

describe('Mist provider: list and get', () => {
	it('lists exactly the seeded org tokens, in one request', async () => {
		const mist = await start({tokens: 12});
		const listed = await collect(orgProvider(mist).list());
		const seeded = mist.simulator.tokens(account);
		expect(listed.map(token => token.id)).toEqual(seeded.map(token => token.id));
		expect(listed.map(token => token.raw)).toEqual(seeded);
		expect(listed.every(token => token.provider === 'mist' && token.account === account && token.kind === 'org')).toBe(true);
		expect(listed.some(token => (token.allowedIps?.length ?? 0) > 0)).toBe(true);
		expect(listed.every(token => token.secretHint?.startsWith('…') === true && token.secretHint.length === 5)).toBe(true);
		expect(mist.server.stats.requests).toBe(1);
	});

	it('lists the other org with its own key, and only that org', async () => {
		const mist = await start();
		const other = orgProvider(mist, {apiKey: mist.simulator.keyFor('mist-org-2'), orgId: mist.simulator.orgId('mist-org-2'), account: 'mist-org-2'});
		const listed = await collect(other.list());
		expect(listed.map(token => token.id)).toEqual(mist.simulator.tokens('mist-org-2').map(token => token.id));
		expect(listed.every(token => token.account === 'mist-org-2')).toBe(true);
	});

	it('sends no second request when the caller leaves the loop early', async () => {
		const mist = await start();
		for await (const token of orgProvider(mist).list()) {
			expect(token.id).toBeTruthy();
			break;
		}

		expect(mist.server.stats.requests).toBe(1);
	});

	it('gets one token by id, the same as the list shows it', async () => {
		const mist = await start();
		const provider = orgProvider(mist);
		const listed = await collect(provider.list());
		const sample = listed[3];
		expect(await provider.get(sample?.id ?? '')).toEqual(sample);
	});

	it('says NotFoundError for an id that is not there', async () => {
		const mist = await start();
		const error = await failure(orgProvider(mist).get('00000000-0000-4000-8000-000000000000'));
		expect(error).toBeInstanceOf(NotFoundError);
		expect(error).toMatchObject({status: 404, provider: 'mist', account});
		expectNoSecrets(error, mist.simulator.allSecrets());
	});
});

describe('Mist provider: create', () => {
	it('mints an org token with privileges and an allow-list, reads it back complete, and keeps the key out of raw', async () => {
		const mist = await start();
		const orgId = mist.simulator.orgId(account);
		const [site] = mist.simulator.sites(account);
		const [group] = mist.simulator.sitegroups(account);
		const privileges: Privilege[] = [
			{role: 'write', scope: 'org', resource: null},
			{role: 'helpdesk', scope: 'site', resource: site?.id ?? ''},
			{role: 'read', scope: 'sitegroup', resource: group?.id ?? ''},
		];
		const {token, secret} = await orgProvider(mist).create({name: 'ci-deployer', privileges, allowedIps: ['127.0.0.1', '203.0.113.0/24']});
		const key = secret.reveal();

		expect(token).toMatchObject({
			provider: 'mist',
			account,
			name: 'ci-deployer',
			kind: 'org',
			description: null,
			owner: {id: null, email: mist.simulator.adminEmail(account)},
			lastUsedAt: null,
			expiresAt: null,
			// The create response leaves privileges out (the simulator does, as Mist may); the read-back has them.
			privileges: [{role: 'write', scope: 'org', resource: orgId}, privileges[1], privileges[2]],
			admin: false,
			allowedIps: ['127.0.0.1', '203.0.113.0/24'],
			secretHint: `…${key.slice(-4)}`,
		});
		expect(mist.server.stats.requests).toBe(2);
		expect(JSON.stringify(token)).not.toContain(key);
		expect(valid(MistOrgApiTokenSchema, token.raw).key).toMatch(/^\w{4}\.\.\.\w{4}$/);
		expect(mist.simulator.keyOfToken(token.id)).toBe(key);
		expect(String(secret)).toBe('[redacted]');

		// The new key works, from loopback, which its allow-list names.
		const listed = await collect(orgProvider(mist, {apiKey: key}).list());
		expect(listed.map(item => item.id)).toContain(token.id);
	});

	it('mints an unrestricted admin token when no allow-list is given', async () => {
		const mist = await start();
		const {token} = await orgProvider(mist).create({name: 'break-glass', privileges: [{role: 'admin', scope: 'org', resource: mist.simulator.orgId(account)}]});
		expect(token).toMatchObject({admin: true, allowedIps: []});
		expect(mist.simulator.tokens(account).find(item => item.id === token.id)?.src_ips).toBeUndefined();
	});

	it.each<[string, Parameters<ReturnType<typeof orgProvider>['create']>[0], RegExp]>([
		['no privileges', {name: 'x'}, /privileges are required for a Mist org token/],
		['an empty privilege list', {name: 'x', privileges: []}, /needs 1 to 10 privileges; got 0/],
		['eleven privileges', {name: 'x', privileges: Array.from({length: 11}, () => ({role: 'read', scope: 'org', resource: null}))}, /needs 1 to 10 privileges; got 11/],
		['an unknown role', {name: 'x', privileges: [{role: 'owner', scope: 'org', resource: null}]}, /privileges\[0\]\.role "owner" is not a Mist role; use one of admin, helpdesk, installer, read, write/],
		['an unknown scope', {name: 'x', privileges: [{role: 'read', scope: 'msp', resource: null}]}, /privileges\[0\]\.scope "msp" is not a Mist token scope; use one of org, site, sitegroup/],
		['another org\'s id', {name: 'x', privileges: [{role: 'read', scope: 'org', resource: someOrgId}]}, /an org-scope privilege applies to this provider's org/],
		['a site privilege without a site', {name: 'x', privileges: [{role: 'read', scope: 'site', resource: null}]}, /a site-scope privilege needs the site's id/],
		['a site group privilege without a UUID', {name: 'x', privileges: [{role: 'read', scope: 'sitegroup', resource: 'retail'}]}, /a sitegroup-scope privilege needs the site group's id/],
		['a repeated privilege', {name: 'x', privileges: [{role: 'read', scope: 'org', resource: null}, {role: 'read', scope: 'org', resource: null}]}, /privileges\[1\] repeats an earlier privilege/],
		['an allow-list entry that is no address', {name: 'x', privileges: [{role: 'read', scope: 'org', resource: null}], allowedIps: ['10.0.0.0/33']}, /allowedIps\[0\] is not an IP address or CIDR block/],
		['eleven allow-list entries', {name: 'x', privileges: [{role: 'read', scope: 'org', resource: null}], allowedIps: Array.from({length: 11}, (_, index) => `192.0.2.${index}`)}, /at most 10 entries/],
		['a description', {name: 'x', description: 'for CI', privileges: [{role: 'read', scope: 'org', resource: null}]}, /Mist tokens have no description/],
		['a personal kind', {name: 'x', kind: 'personal', privileges: [{role: 'read', scope: 'org', resource: null}]}, /for a personal token use a provider with scope 'self'/],
		['an empty name', {name: ' ', privileges: [{role: 'read', scope: 'org', resource: null}]}, /name is required/],
	])('refuses %s before sending anything', async (_name, input, message) => {
		const mist = await start();
		const error = await failure(orgProvider(mist).create(input));
		expect(error).toBeInstanceOf(ConfigError);
		expect(String(error)).toMatch(message);
		expect(mist.server.stats.requests).toBe(0);
	});
});

describe('Mist provider: update', () => {
	it('renames and re-privileges with one PUT, then reads the token back', async () => {
		const mist = await start();
		const provider = orgProvider(mist);
		const target = mist.simulator.tokens(account).find(token => token.name !== 'tokenkit-admin' && token.name !== 'tokenkit-readonly');
		const [site] = mist.simulator.sites(account);
		const updated = await provider.update(target?.id ?? '', {name: 'renamed', privileges: [{role: 'installer', scope: 'site', resource: site?.id ?? ''}]});
		expect(updated).toMatchObject({id: target?.id, name: 'renamed', privileges: [{role: 'installer', scope: 'site', resource: site?.id}], admin: false});
		expect(mist.server.stats.requests).toBe(2);
		expect(await provider.get(target?.id ?? '')).toEqual(updated);
	});

	it('renames alone and keeps every privilege as it was, views included', async () => {
		const mist = await start();
		const provider = orgProvider(mist);
		const orgId = mist.simulator.orgId(account);
		const created = await mist.call(`/api/v1/orgs/${orgId}/apitokens`, {method: 'POST', key: mist.simulator.keyFor(account), json: {name: 'switch-desk', privileges: [{role: 'helpdesk', scope: 'org', views: ['switch_admin']}]}});
		const id = valid(MistOrgApiTokenSchema, created.body).id;
		const updated = await provider.update(id, {name: 'switch-helpdesk'});
		expect(updated.name).toBe('switch-helpdesk');
		expect(mist.simulator.tokens(account).find(token => token.id === id)?.privileges).toEqual([{role: 'helpdesk', scope: 'org', org_id: orgId, views: ['switch_admin']}]);
	});

	it('accepts the allow-list the token already has, and refuses another, pointing at replacement', async () => {
		const mist = await start();
		const provider = orgProvider(mist);
		const {token} = await provider.create({name: 'fixed', privileges: [{role: 'read', scope: 'org', resource: null}], allowedIps: ['192.0.2.1', '192.0.2.2']});
		expect(await provider.update(token.id, {name: 'fixed-2', allowedIps: ['192.0.2.2', '192.0.2.1']})).toMatchObject({name: 'fixed-2', allowedIps: ['192.0.2.1', '192.0.2.2']});

		const error = await failure(provider.update(token.id, {name: 'fixed-3', allowedIps: ['192.0.2.3']}));
		expect(error).toBeInstanceOf(ConfigError);
		expect(String(error)).toMatch(/fixes an org token's IP allow-list \(src_ips\) when the token is created/);
		expect(String(error)).toMatch(/a rotation by replacement/);
		expect((await provider.get(token.id)).name).toBe('fixed-2');
	});

	it('refuses a description and an empty name without sending anything', async () => {
		const mist = await start();
		const [first] = mist.simulator.tokens(account);
		await expect(orgProvider(mist).update(first?.id ?? '', {description: 'x'})).rejects.toThrow(/no description/);
		await expect(orgProvider(mist).update(first?.id ?? '', {name: ''})).rejects.toThrow(/name must not be empty/);
		expect(mist.server.stats.requests).toBe(0);
	});

	it('says NotFoundError for a token that is not there', async () => {
		const mist = await start();
		await expect(orgProvider(mist).update('00000000-0000-4000-8000-000000000000', {name: 'x'})).rejects.toBeInstanceOf(NotFoundError);
	});
});

describe('Mist provider: delete', () => {
	it('deletes a token, whose key then stops working; deleting again is NotFoundError', async () => {
		const mist = await start();
		const provider = orgProvider(mist);
		const target = mist.simulator.tokens(account).find(token => token.name === 'tokenkit-readonly');
		const id = target?.id ?? '';
		const key = mist.simulator.keyFor(account, 'org-read');
		await provider.delete(id);
		expect((await collect(provider.list())).map(token => token.id)).not.toContain(id);
		const error = await failure(collect(orgProvider(mist, {apiKey: key}).list()));
		expect(error).toBeInstanceOf(AuthenticationError);
		expectNoSecrets(error, mist.simulator.allSecrets());
		await expect(provider.delete(id)).rejects.toBeInstanceOf(NotFoundError);
	});
});

function failureOf(run: () => unknown): unknown {
	try {
		run();
	} catch (error) {
		return error;
	}

	return expect.fail('expected a throw');
}
