import {describe, expect, it} from 'vitest';
import {MistErrorSchema, MistOrgApiTokenListSchema, MistOrgApiTokenSchema, MistSelfSchema} from '../../../providers/mist/schema.js';
import type {SimRequest} from '../../../src/simulate/types.js';
import {fixedClock, useMist, valid} from './support.js';

const start = useMist();

describe('Mist simulator: the Authorization header', () => {
	it('accepts `Token <key>`, and the keyword in any case as DRF does', async () => {
		const {simulator, call} = await start();
		const key = simulator.keyFor('mist-org-1');
		expect((await call('/api/v1/self', {authorization: `Token ${key}`})).status).toBe(200);
		expect((await call('/api/v1/self', {authorization: `token ${key}`})).status).toBe(200);
	});

	it.each([
		['no header', undefined, 'Authentication credentials were not provided.'],
		['another scheme', 'Bearer KEY', 'Authentication credentials were not provided.'],
		['the bare key', 'KEY', 'Authentication credentials were not provided.'],
		['the keyword alone', 'Token', 'Invalid token header. No credentials provided.'],
		['a key with a space', 'Token KEY extra', 'Invalid token header. Token string should not contain spaces.'],
		['an unknown key', 'Token 0000000000000000000000000000000000000000000000000000000000000000000000ab', 'Invalid token.'],
	])('answers 401 {detail} with WWW-Authenticate for %s', async (_case, header, message) => {
		const {simulator, call} = await start();
		const key = simulator.keyFor('mist-org-1');
		const answer = await call(`/api/v1/orgs/${simulator.orgId('mist-org-1')}/apitokens`, header === undefined ? {} : {authorization: header.replace('KEY', key)});
		expect(answer.status).toBe(401);
		expect(answer.headers.get('www-authenticate')).toBe('Token');
		expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
		expect(valid(MistErrorSchema, answer.body)).toEqual({detail: message});
	});

	it('answers 404 with the spec\'s body (no detail) to an unknown path before asking for credentials, and 405 to a wrong method after', async () => {
		const {simulator, call} = await start();
		const unknown = await call('/api/v1/orgs/whatever/tokens');
		expect(unknown.status).toBe(404);
		expect(unknown.body).toEqual({});
		const brokenEscape = await call('/api/v1/orgs/%E0%A4%A/apitokens', {key: simulator.keyFor('mist-org-1')});
		expect(brokenEscape.status).toBe(404);
		expect(brokenEscape.body).toEqual({});

		const path = `/api/v1/orgs/${simulator.orgId('mist-org-1')}/apitokens`;
		expect((await call(path, {method: 'PATCH'})).status).toBe(401);
		const wrongMethod = await call(path, {method: 'PATCH', key: simulator.keyFor('mist-org-1')});
		expect(wrongMethod.status).toBe(405);
		expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
		expect(valid(MistErrorSchema, wrongMethod.body)).toEqual({detail: 'Method "PATCH" not allowed.'});
	});

	it('records each authenticated call as the key\'s last use, in whole epoch seconds', async () => {
		const clock = fixedClock();
		const {simulator, call} = await start({now: clock.now});
		const orgId = simulator.orgId('mist-org-1');
		const readToken = simulator.tokens('mist-org-1').find(token => token.name === 'tokenkit-readonly');
		expect(readToken?.last_used).toBeLessThan(clock.now() / 1000);
		clock.advance(1500);
		await call('/api/v1/self', {key: simulator.keyFor('mist-org-1', 'org-read')});
		const after = valid(MistOrgApiTokenSchema, (await call(`/api/v1/orgs/${orgId}/apitokens/${readToken?.id ?? ''}`, {key: simulator.keyFor('mist-org-1')})).body);
		expect(after.last_used).toBe(Math.floor(clock.now() / 1000));
	});
});

describe('Mist simulator: source address allow-lists', () => {
	it('refuses an org token used from outside its src_ips with 403, and accepts it from inside', async () => {
		const {simulator, call} = await start();
		const orgId = simulator.orgId('mist-org-1');
		const admin = simulator.keyFor('mist-org-1');
		const restricted = valid(MistOrgApiTokenSchema, (await call(`/api/v1/orgs/${orgId}/apitokens`, {method: 'POST', key: admin, json: {name: 'office-only', privileges: [{role: 'read', scope: 'org'}], src_ips: ['198.51.100.0/24']}})).body);
		const key = restricted.key ?? '';

		const fromLoopback = await call(`/api/v1/orgs/${orgId}/apitokens`, {key});
		expect(fromLoopback.status).toBe(403);
		expect(valid(MistErrorSchema, fromLoopback.body).detail).toMatch(/^You do not have permission to perform this action/);

		const fromOffice = await call(`/api/v1/orgs/${orgId}/apitokens`, {key, headers: {'x-forwarded-for': '198.51.100.77, 10.0.0.1'}});
		expect(fromOffice.status).toBe(200);
		valid(MistOrgApiTokenListSchema, fromOffice.body);

		const loopbackAllowed = valid(MistOrgApiTokenSchema, (await call(`/api/v1/orgs/${orgId}/apitokens`, {method: 'POST', key: admin, json: {name: 'local', privileges: [{role: 'read', scope: 'org'}], src_ips: ['127.0.0.1']}})).body);
		expect((await call('/api/v1/self', {key: loopbackAllowed.key ?? ''})).status).toBe(200);
	});
});

describe('Mist simulator: the source address without X-Forwarded-For', () => {
	// The request as the server hands it to the simulator, from a client at `remoteAddress`.
	const request = (key: string, remoteAddress: string, headers: Readonly<Record<string, string>> = {}): SimRequest => ({
		method: 'GET',
		path: '/api/v1/self',
		query: new URLSearchParams(),
		headers: {authorization: `Token ${key}`, ...headers},
		body: undefined,
		bodyInvalid: false,
		remoteAddress,
	});

	it('checks src_ips against the socket\'s client address, and still lets X-Forwarded-For speak first', async () => {
		const {simulator, call} = await start();
		const orgId = simulator.orgId('mist-org-1');
		const admin = simulator.keyFor('mist-org-1');
		const created = await call(`/api/v1/orgs/${orgId}/apitokens`, {method: 'POST', key: admin, json: {name: 'branch', privileges: [{role: 'read', scope: 'org'}], src_ips: ['198.51.100.0/24', '2001:db8::/32']}});
		const key = valid(MistOrgApiTokenSchema, created.body).key ?? '';

		expect(simulator.handle(request(key, '198.51.100.23')).status).toBe(200);
		expect(simulator.handle(request(key, '2001:db8::7')).status).toBe(200);
		expect(simulator.handle(request(key, '203.0.113.5')).status).toBe(403);
		expect(simulator.handle(request(key, '127.0.0.1')).status).toBe(403);
		expect(simulator.handle(request(key, '203.0.113.5', {'x-forwarded-for': '198.51.100.9'})).status).toBe(200);
		expect(simulator.handle(request(key, '198.51.100.23', {'x-forwarded-for': '203.0.113.5'})).status).toBe(403);
		// An unreadable forwarded entry is no address: the socket's counts.
		expect(simulator.handle(request(key, '198.51.100.23', {'x-forwarded-for': 'unknown'})).status).toBe(200);
	});

	it('sees a real loopback client as 127.0.0.1 over HTTP', async () => {
		const {simulator, call} = await start();
		const orgId = simulator.orgId('mist-org-1');
		const admin = simulator.keyFor('mist-org-1');
		const make = async (srcIps: string[]) => valid(MistOrgApiTokenSchema, (await call(`/api/v1/orgs/${orgId}/apitokens`, {method: 'POST', key: admin, json: {name: 'x', privileges: [{role: 'read', scope: 'org'}], src_ips: srcIps}})).body).key ?? '';
		expect((await call('/api/v1/self', {key: await make(['127.0.0.0/8'])})).status).toBe(200);
		expect((await call('/api/v1/self', {key: await make(['10.0.0.0/8'])})).status).toBe(403);
	});
});

describe('Mist simulator: GET /api/v1/self', () => {
	it('tells an org token by its name and privileges, without an email', async () => {
		const {simulator, call} = await start();
		const orgId = simulator.orgId('mist-org-1');
		const answer = await call('/api/v1/self', {key: simulator.keyFor('mist-org-1')});
		expect(answer.status).toBe(200);
		const self = valid(MistSelfSchema, answer.body);
		expect(self.email).toBeUndefined();
		expect(self.name).toBe('tokenkit-admin');
		expect(self.privileges).toEqual([{scope: 'org', role: 'admin', org_id: orgId, name: self.privileges[0]?.name}]);
		expect(self.privileges[0]?.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ 1$/);
	});

	it('tells a user token by the admin\'s email and names, and lists the admin\'s privileges of every scope', async () => {
		const {simulator, call} = await start();
		const self = valid(MistSelfSchema, (await call('/api/v1/self', {key: simulator.keyFor('mist-org-2', 'self-read')})).body);
		expect(self.email).toBe(simulator.adminEmail('mist-org-2', 'read'));
		expect(self.first_name).toMatch(/^[A-Z][a-z]+$/);
		const orgId = simulator.orgId('mist-org-2');
		const [site] = simulator.sites('mist-org-2');
		expect(self.privileges).toEqual([
			{scope: 'org', role: 'read', org_id: orgId, name: self.privileges[0]?.name},
			{scope: 'site', role: 'installer', site_id: site?.id, org_id: orgId, name: site?.name, org_name: self.privileges[0]?.name},
			// The spec's admin_privilege names site groups as a list: one privilege, two groups.
			{scope: 'sitegroup', role: 'write', sitegroup_ids: simulator.sitegroups('mist-org-2').map(group => group.id), org_id: orgId, org_name: self.privileges[0]?.name},
		]);
		expect(self.privileges[0]?.name).toMatch(/ 2$/);
		expect(simulator.sitegroups('mist-org-2')).toHaveLength(2);

		const admin = valid(MistSelfSchema, (await call('/api/v1/self', {key: simulator.keyFor('mist-org-2', 'self-admin')})).body);
		expect(admin.privileges.map(privilege => [privilege.scope, privilege.role])).toEqual([['org', 'admin'], ['orggroup', 'read']]);
		expect(admin.privileges[1]?.orggroup_ids).toHaveLength(1);
	});

	it('names site groups as a list when an org token with a site-group privilege asks who it is', async () => {
		const {simulator, call} = await start();
		const orgId = simulator.orgId('mist-org-1');
		const group = simulator.sitegroups('mist-org-1')[0];
		const created = valid(MistOrgApiTokenSchema, (await call(`/api/v1/orgs/${orgId}/apitokens`, {method: 'POST', key: simulator.keyFor('mist-org-1'), json: {name: 'group', privileges: [{role: 'write', scope: 'sitegroup', sitegroup_id: group?.id}]}})).body);
		const self = valid(MistSelfSchema, (await call('/api/v1/self', {key: created.key ?? ''})).body);
		expect(self.privileges).toEqual([{scope: 'sitegroup', role: 'write', sitegroup_ids: [group?.id], org_id: orgId, name: group?.name, org_name: self.privileges[0]?.org_name}]);
	});

	it('names the site behind a site-scoped privilege', async () => {
		const {simulator, call} = await start();
		const orgId = simulator.orgId('mist-org-1');
		const site = simulator.sites('mist-org-1')[1];
		const created = valid(MistOrgApiTokenSchema, (await call(`/api/v1/orgs/${orgId}/apitokens`, {method: 'POST', key: simulator.keyFor('mist-org-1'), json: {name: 'site', privileges: [{role: 'installer', scope: 'site', site_id: site?.id}]}})).body);
		const self = valid(MistSelfSchema, (await call('/api/v1/self', {key: created.key ?? ''})).body);
		expect(self.privileges).toEqual([{scope: 'site', role: 'installer', site_id: site?.id, org_id: orgId, name: site?.name, org_name: self.privileges[0]?.org_name}]);
		expect(self.privileges[0]?.org_name).toMatch(/ 1$/);
	});
});
