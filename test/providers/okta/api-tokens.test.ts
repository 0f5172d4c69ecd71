import {describe, expect, it} from 'vitest';
import {oktaVendor} from '../../../providers/okta/vendor.js';
import type {AccountConfig} from '../../../src/config.js';
import {AuthenticationError, ConfigError, NotFoundError, PermissionDeniedError, UnsupportedOperationError} from '../../../src/errors/index.js';
import {collect, rejectionOf} from '../../support/collect.js';
import {org, useOkta} from './support.js';

const start = useOkta();

const includedZones = (record: Record<string, unknown>): string[] => {
	const network = record['network'];
	const include: unknown = typeof network === 'object' && network !== null ? Reflect.get(network, 'include') : undefined;
	return Array.isArray(include) ? include.filter((id: unknown): id is string => typeof id === 'string') : [];
};

describe('Okta API tokens through the provider', () => {
	it('lists every token in one request when Okta answers in one page, with owners, roles and zones', async () => {
		const okta = await start();
		const tokens = await collect(okta.provider().list());
		const expected = okta.simulator.apiTokens(org);
		expect(tokens.map(token => token.id).sort()).toEqual(expected.map(record => record['id']).sort());
		expect(okta.seen.filter(request => request.path === '/api/v1/api-tokens')).toHaveLength(1);
		// The list is sent bare: no page size Okta does not document.
		expect(okta.seen.find(request => request.path === '/api/v1/api-tokens')?.query.toString()).toBe('');

		const users = new Map(okta.simulator.users(org).map(user => [user.id, user]));
		// The credential's own record moves on with every request it makes, so it is compared apart.
		for (const token of tokens.filter(candidate => candidate.id !== okta.simulator.tokenIdFor(org))) {
			const record = expected.find(candidate => candidate['id'] === token.id) ?? {};
			const user = users.get(String(record['userId']));
			expect(token.owner?.id).toBe(record['userId']);
			// Gone: a user Okta no longer has, or one that is not ACTIVE; present otherwise.
			expect(token.owner?.status, token.name).toBe(user?.status === 'ACTIVE' ? 'present' : 'gone');
			expect(token.owner?.email ?? null).toBe(user?.email ?? null);
			expect(token.admin).toBe(user?.roles.includes('SUPER_ADMIN') ?? false);
			expect(token.expiresAt?.toISOString()).toBe(record['expiresAt']);
			expect(token.lastUsedAt?.toISOString()).toBe(record['lastUpdated']);
			expect(token.createdAt?.toISOString()).toBe(record['created']);
			expect(token.status).toBe('active');
			expect(JSON.stringify(token.raw)).toBe(JSON.stringify(record).replaceAll('http://127.0.0.1', okta.server.baseUrl));
		}

		// Each user and each zone was asked for once, however many tokens name them.
		const userReads = okta.seen.filter(request => /^\/api\/v1\/users\/[^/]+$/.test(request.path) && !request.path.endsWith('/me')).map(request => request.path);
		expect(new Set(userReads).size).toBe(userReads.length);
		const zoneReads = okta.seen.filter(request => request.path.startsWith('/api/v1/zones/')).map(request => request.path);
		expect(new Set(zoneReads).size).toBe(zoneReads.length);
		expect(new Set(zoneReads)).toEqual(new Set(expected.flatMap(record => includedZones(record)).map(id => `/api/v1/zones/${id}`)));

		// A second listing by the same provider asks for nobody again.
		const before = okta.seen.length;
		await collect(okta.provider().list());
		const provider = okta.provider();
		await collect(provider.list());
		const afterFirst = okta.seen.length;
		await collect(provider.list());
		expect(okta.seen.slice(afterFirst).filter(request => request.path.startsWith('/api/v1/users/') || request.path.startsWith('/api/v1/zones/'))).toEqual([]);
		expect(afterFirst).toBeGreaterThan(before);
	});

	it('states allow-lists from zones, [] for ANYWHERE, and none for exclude-only, dynamic or inactive zones', async () => {
		const okta = await start({tokens: 40});
		const tokens = await collect(okta.provider().list());
		const records = new Map(okta.simulator.apiTokens(org).map(record => [String(record['id']), record]));
		const conditionOf = (id: string): unknown => records.get(id)?.['network'];
		const anywhere = tokens.filter(token => {
			const network = conditionOf(token.id);
			return network === undefined || (typeof network === 'object' && network !== null && Reflect.get(network, 'connection') === 'ANYWHERE');
		});
		expect(anywhere.length).toBeGreaterThan(0);
		expect(anywhere.every(token => token.allowedIps?.length === 0)).toBe(true);
		const excludeOnly = tokens.filter(token => includedZones(records.get(token.id) ?? {}).length === 0 && !anywhere.includes(token));
		expect(excludeOnly.length).toBeGreaterThan(0);
		expect(excludeOnly.every(token => token.allowedIps === null)).toBe(true);
		const withList = tokens.filter(token => token.allowedIps !== null && token.allowedIps.length > 0);
		expect(withList.length).toBeGreaterThan(0);
		expect(withList.flatMap(token => token.allowedIps ?? []).every(address => /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(address))).toBe(true);
		// The condition that is no allow-list is still there for a person to read.
		expect(excludeOnly.every(token => JSON.stringify(token.raw).includes('"exclude"'))).toBe(true);
	});

	it('follows Link: rel="next" across pages when the org pages its list, and lists each token once', async () => {
		const okta = await start({tokens: 45, apiTokenPageSize: 10});
		const tokens = await collect(okta.provider().list());
		expect(tokens).toHaveLength(okta.simulator.apiTokens(org).length);
		expect(new Set(tokens.map(token => token.id)).size).toBe(tokens.length);
		const pages = okta.seen.filter(request => request.path === '/api/v1/api-tokens');
		expect(pages).toHaveLength(Math.ceil(tokens.length / 10));
	});

	it('marks the credential it lists with as its own, and no other token', async () => {
		const okta = await start();
		const tokens = await collect(okta.provider().list());
		expect(tokens.filter(token => token.ownCredential).map(token => token.id)).toEqual([okta.simulator.tokenIdFor(org)]);
		expect((await okta.provider().get(okta.simulator.tokenIdFor(org))).ownCredential).toBe(true);
		expect((await okta.provider().get(okta.simulator.tokenIdFor(org, 'read-only'))).ownCredential).toBe(false);
		// With another admin's key, that admin's token is the own one.
		const readOnly = await collect(okta.provider({apiKey: okta.simulator.keyFor(org, 'read-only')}).list());
		expect(readOnly.filter(token => token.ownCredential).map(token => token.id)).toEqual([okta.simulator.tokenIdFor(org, 'read-only')]);
	});

	it('authenticates with an OAuth 2.0 access token (Bearer), where no token is its own', async () => {
		const okta = await start();
		const tokens = await collect(okta.provider({apiKey: okta.simulator.accessTokenFor(org), auth: 'bearer'}).list());
		expect(tokens).toHaveLength(okta.simulator.apiTokens(org).length);
		expect(tokens.some(token => token.ownCredential)).toBe(false);
		expect(okta.seen.at(-1)?.headers.authorization).toBe(`Bearer ${okta.simulator.accessTokenFor(org)}`);
		expect(okta.seen.some(request => request.path === '/api/v1/users/me')).toBe(false);
	});

	it('sees an owner deprovisioned or deleted after the first listing as gone, from a new provider', async () => {
		const okta = await start();
		const [admin] = okta.simulator.users(org).filter(user => user.roles.includes('SUPER_ADMIN') && user.status === 'ACTIVE' && user.id !== okta.simulator.apiTokens(org).find(record => record['id'] === okta.simulator.tokenIdFor(org))?.['userId']);
		if (admin === undefined) {
			throw new Error('the seed has a second super admin');
		}

		okta.simulator.setUserStatus(org, admin.id, 'DEPROVISIONED');
		const tokens = await collect(okta.provider().list());
		const theirs = tokens.filter(token => token.owner?.id === admin.id);
		expect(theirs.every(token => token.owner?.status === 'gone')).toBe(true);
		okta.simulator.deleteUser(org, admin.id);
		const again = await collect(okta.provider().list());
		expect(again.filter(token => token.owner?.id === admin.id).every(token => token.owner?.status === 'gone' && token.admin === false)).toBe(true);
	});

	it('gets a token, and revokes it: a second revoke is a NotFoundError naming the vendor and account', async () => {
		const okta = await start();
		const provider = okta.provider();
		const id = okta.simulator.tokenIdFor(org, 'read-only');
		expect((await provider.get(id)).name).toBe('tokenkit-read-only');
		await provider.delete(id);
		expect(okta.simulator.apiTokens(org).some(record => record['id'] === id)).toBe(false);
		const error = await rejectionOf(provider.delete(id));
		expect(error).toBeInstanceOf(NotFoundError);
		expect(String(error)).toContain('[tokenkit:okta] account "okta-org-1"');
		expect(error).toMatchObject({status: 404, vendorCode: 'E0000007', provider: 'okta', account: 'okta-org-1'});
	});

	it('sets a network condition, checking every zone first', async () => {
		const okta = await start();
		const provider = okta.provider();
		const id = okta.simulator.tokenIdFor(org, 'app-admin');
		const zoneId = okta.simulator.apiTokens(org).flatMap(record => includedZones(record))[0] ?? '';
		const updated = await provider.update(id, {network: {connection: 'ZONE', include: [zoneId]}});
		expect(updated.allowedIps?.length).toBeGreaterThan(0);
		const put = okta.seen.find(request => request.method === 'PUT');
		expect(put?.body).toMatchObject({name: 'tokenkit-app-admin', network: {connection: 'ZONE', include: [zoneId]}});
		expect((await provider.update(id, {network: {connection: 'ANYWHERE'}})).allowedIps).toEqual([]);
	});

	it('refuses a change Okta cannot make, or a zone it cannot read, naming the field', async () => {
		const okta = await start();
		const provider = okta.provider();
		const id = okta.simulator.tokenIdFor(org, 'app-admin');
		const sent = okta.seen.length;
		for (const change of [{name: 'renamed'}, {}, {network: {connection: 'ZONE' as const}}, {network: {connection: 'ZONE' as const, include: ['']}}]) {
			const error = await rejectionOf(provider.update(id, change));
			expect(error).toBeInstanceOf(ConfigError);
			expect(String(error)).toMatch(/\[tokenkit:okta\] account "okta-org-1": field "(name|network|network\.include\[0\]|network\.include)"/);
		}

		expect(okta.seen.length).toBe(sent);
		const unreadable = await rejectionOf(provider.update(id, {network: {connection: 'ZONE', include: ['nzoDoesNotExist0000']}}));
		expect(unreadable).toBeInstanceOf(ConfigError);
		expect(String(unreadable)).toContain('field "network.include[0]": network zone "nzoDoesNotExist0000" cannot be read');
		expect(okta.seen.some(request => request.method === 'PUT')).toBe(false);
	});

	it('says what to do instead of create and rotate, without a request', async () => {
		const okta = await start();
		const provider = okta.provider();
		const sent = okta.seen.length;
		const rotate = await rejectionOf(provider.rotate('00Tabc'));
		expect(rotate).toBeInstanceOf(UnsupportedOperationError);
		expect(String(rotate)).toContain('Admin Console (Security › API › Tokens › Create token');
		expect(String(rotate)).toContain('tokenkit revoke okta:okta-org-1:00Tabc');
		expect(await rejectionOf(provider.create({name: 'x'}))).toBeInstanceOf(UnsupportedOperationError);
		expect(okta.seen.length).toBe(sent);
		expect(provider.capabilities.rotation).toBeNull();
	});

	it('reports a bad key and a key without the right as errors naming vendor, account, Okta\'s code and request id', async () => {
		const okta = await start();
		const bad = await rejectionOf(collect(okta.provider({apiKey: '00NotAKeyAtAllButLongEnough0000000000000'}).list()));
		expect(bad).toBeInstanceOf(AuthenticationError);
		expect(String(bad)).toMatch(/\[tokenkit:okta\] account "okta-org-1".*vendor says: Invalid token provided; request id [A-Za-z0-9]{25}$/);
		expect(bad).toMatchObject({vendorCode: 'E0000011'});
		const denied = await rejectionOf(okta.provider({apiKey: okta.simulator.keyFor(org, 'read-only')}).delete(okta.simulator.tokenIdFor(org, 'app-admin')));
		expect(denied).toBeInstanceOf(PermissionDeniedError);
		expect(denied).toMatchObject({vendorCode: 'E0000006'});
	});
});

describe('Okta accounts in a config file', () => {
	const account = (fields: {apiKey?: string; baseUrl?: string | undefined; options?: Record<string, unknown>}): AccountConfig => ({
		name: 'okta-prod',
		provider: 'okta',
		apiKey: fields.apiKey ?? '00abcdefghijklmnopqrstuvwxyz',
		baseUrl: 'baseUrl' in fields ? fields.baseUrl : 'https://acme.okta.com',
		options: fields.options ?? {},
		where: 'tokenkit.yaml:3',
	});

	it.each<[string, Parameters<typeof account>[0], string]>([
		['no org URL', {baseUrl: undefined}, 'tokenkit.yaml:3: account "okta-prod": field "baseUrl" is required for provider okta'],
		['the Admin Console host', {baseUrl: 'https://acme-admin.okta.com'}, 'field "baseUrl" names the Admin Console host acme-admin.okta.com; the API is at https://acme.okta.com'],
		['a path', {baseUrl: 'https://acme.okta.com/api/v1'}, 'field "baseUrl" must be the org\'s root URL'],
		['credentials in the URL', {baseUrl: 'https://user:pass@acme.okta.com'}, 'must not carry credentials'],
		['plain HTTP to a remote host', {baseUrl: 'http://acme.okta.com'}, 'plain HTTP'],
		['the scheme in the key', {apiKey: 'SSWS 00abc'}, 'field "apiKey" starts with its scheme'],
		['an unknown kind of credential', {options: {credentials: 'tokens'}}, 'field "credentials"'],
		['an unknown auth scheme', {options: {auth: 'basic'}}, 'field "auth"'],
		['a misspelt field', {options: {credential: 'client-secrets'}}, 'credential'],
	])('refuses %s before any request, naming account and field', (_name, fields, message) => {
		const make = () => oktaVendor.createProvider(account(fields), {});
		expect(make).toThrow(ConfigError);
		expect(make).toThrow(message);
		expect(make).toThrow(/okta/);
	});

	it('makes a client-secrets provider from `credentials: client-secrets`', () => {
		const provider = oktaVendor.createProvider(account({options: {credentials: 'client-secrets'}}), {});
		expect(provider.capabilities.rotation?.name).toBe('rotate');
		expect(provider.capabilities.operations.rotate).toBe(true);
	});
});
