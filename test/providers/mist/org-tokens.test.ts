import {describe, expect, it} from 'vitest';
import {MistErrorSchema, MistNotFoundSchema, MistOrgApiTokenListSchema, MistOrgApiTokenSchema} from '../../../providers/mist/schema.js';
import {fixedClock, fullKey, maskedKey, useMist, uuid, valid} from './support.js';

const start = useMist();
const tokensPath = (orgId: string): string => `/api/v1/orgs/${orgId}/apitokens`;

describe('Mist simulator: listing org tokens', () => {
	it('answers a bare JSON array of every token in the org, ignoring page parameters', async () => {
		const {simulator, call} = await start({tokens: 12});
		const orgId = simulator.orgId('mist-org-1');
		const answer = await call(`${tokensPath(orgId)}?limit=2&page=2`, {key: simulator.keyFor('mist-org-1')});
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
		expect(answer.headers.get('x-page-total')).toBeNull();
		const list = valid(MistOrgApiTokenListSchema, answer.body);
		// 12 seeded plus the simulator's own admin and read-only tokens.
		expect(list).toHaveLength(14);
		expect(list.every(token => token.org_id === orgId)).toBe(true);
		expect(list.map(token => token.id)).toEqual(simulator.tokens('mist-org-1').map(token => token.id));
	});

	it('lists the admin key itself, with its privileges, as an ordinary org token', async () => {
		const {simulator, call} = await start();
		const orgId = simulator.orgId('mist-org-1');
		const list = valid(MistOrgApiTokenListSchema, (await call(tokensPath(orgId), {key: simulator.keyFor('mist-org-1')})).body);
		const admin = list.find(token => token.name === 'tokenkit-admin');
		expect(admin?.privileges).toEqual([{role: 'admin', scope: 'org', org_id: orgId}]);
		expect(admin?.created_by).toBe(simulator.adminEmail('mist-org-1'));
		const readOnly = list.find(token => token.name === 'tokenkit-readonly');
		expect(readOnly?.privileges).toEqual([{role: 'read', scope: 'org', org_id: orgId}]);
	});

	it('masks every key as first four ... last four and never shows a whole one', async () => {
		const {simulator, call} = await start({tokens: 20});
		const answer = await call(tokensPath(simulator.orgId('mist-org-1')), {key: simulator.keyFor('mist-org-1')});
		const list = valid(MistOrgApiTokenListSchema, answer.body);
		for (const token of list) {
			const key = simulator.keyOfToken(token.id) ?? '';
			expect(key).toMatch(fullKey);
			expect(token.key).toMatch(maskedKey);
			expect(token.key).toBe(`${key.slice(0, 4)}...${key.slice(-4)}`);
		}

		for (const secret of simulator.allSecrets()) {
			expect(answer.text).not.toContain(secret);
		}
	});

	it('gives times in epoch seconds, last_used null when never used and created_by null when the creator is gone', async () => {
		const clock = fixedClock();
		const {simulator, call} = await start({tokens: 40, now: clock.now});
		const list = valid(MistOrgApiTokenListSchema, (await call(tokensPath(simulator.orgId('mist-org-1')), {key: simulator.keyFor('mist-org-1')})).body);
		const nowSeconds = clock.now() / 1000;
		for (const token of list) {
			// Seconds, not milliseconds: within the last five years and not in the future.
			expect(token.created_time).toBeGreaterThan(nowSeconds - 5 * 365 * 86_400);
			expect(token.created_time).toBeLessThanOrEqual(nowSeconds);
			if (token.last_used !== null && token.last_used !== undefined) {
				expect(Number.isInteger(token.last_used)).toBe(true);
				expect(token.last_used).toBeGreaterThanOrEqual(Math.floor(token.created_time ?? 0));
				expect(token.last_used).toBeLessThanOrEqual(nowSeconds);
			}

			expect(Object.keys(token)).toContain('last_used');
			expect(Object.keys(token)).toContain('created_by');
		}

		expect(list.some(token => token.last_used === null)).toBe(true);
		expect(list.some(token => token.created_by === null)).toBe(true);
		expect(list.some(token => !Number.isInteger(token.created_time))).toBe(true);
		expect(list.some(token => (token.src_ips?.length ?? 0) > 0)).toBe(true);
		// Unrestricted tokens carry no src_ips at all rather than an empty list.
		expect(list.some(token => token.src_ips === undefined)).toBe(true);
		expect(list.every(token => token.src_ips === undefined || token.src_ips.length > 0)).toBe(true);
		expect(list.some(token => token.privileges?.some(privilege => privilege.scope === 'site'))).toBe(true);
	});
});

describe('Mist simulator: creating org tokens', () => {
	it('answers 200 with the whole key once, and leaves privileges for the next GET', async () => {
		const clock = fixedClock();
		const {simulator, call} = await start({now: clock.now});
		const orgId = simulator.orgId('mist-org-1');
		const key = simulator.keyFor('mist-org-1');
		const answer = await call(tokensPath(orgId), {
			method: 'POST',
			key,
			json: {name: 'ci-deployer', privileges: [{role: 'write', scope: 'org'}], src_ips: ['203.0.113.0/24', '198.51.100.9']},
		});
		expect(answer.status).toBe(200);
		const created = valid(MistOrgApiTokenSchema, answer.body);
		expect(created.id).toMatch(uuid);
		expect(created.org_id).toBe(orgId);
		expect(created.name).toBe('ci-deployer');
		expect(created.key).toMatch(fullKey);
		expect(created.key).toBe(simulator.keyOfToken(created.id));
		expect(created.privileges).toBeUndefined();
		expect(created.src_ips).toEqual(['203.0.113.0/24', '198.51.100.9']);
		expect(created.created_time).toBe(clock.now() / 1000);
		expect(created.last_used).toBeNull();
		// Created with the admin org token: the person behind that token is recorded.
		expect(created.created_by).toBe(simulator.adminEmail('mist-org-1'));
		expect(simulator.allSecrets()).toContain(created.key);

		const fetched = valid(MistOrgApiTokenSchema, (await call(`${tokensPath(orgId)}/${created.id}`, {key})).body);
		expect(fetched.privileges).toEqual([{role: 'write', scope: 'org', org_id: orgId}]);
		expect(fetched.src_ips).toEqual(['203.0.113.0/24', '198.51.100.9']);
		expect(fetched.key).toBe(`${created.key?.slice(0, 4) ?? ''}...${created.key?.slice(-4) ?? ''}`);
	});

	it('returns privileges in the create response when told to', async () => {
		const {simulator, call} = await start({omitPrivilegesOnCreate: false});
		const orgId = simulator.orgId('mist-org-1');
		const site = simulator.sites('mist-org-1')[0];
		const answer = await call(tokensPath(orgId), {
			method: 'POST',
			key: simulator.keyFor('mist-org-1'),
			json: {name: 'helpdesk', privileges: [{role: 'helpdesk', scope: 'site', site_id: site?.id, views: ['switch_admin']}]},
		});
		const created = valid(MistOrgApiTokenSchema, answer.body);
		expect(created.privileges).toEqual([{role: 'helpdesk', scope: 'site', site_id: site?.id, views: ['switch_admin']}]);
		expect(created.src_ips).toBeUndefined();
	});

	it('records the admin as creator when a user token creates the org token', async () => {
		const {simulator, call} = await start();
		const answer = await call(tokensPath(simulator.orgId('mist-org-1')), {
			method: 'POST',
			key: simulator.keyFor('mist-org-1', 'self-admin'),
			json: {name: 'from-user', privileges: [{role: 'read', scope: 'org'}]},
		});
		expect(answer.status).toBe(200);
		expect(valid(MistOrgApiTokenSchema, answer.body).created_by).toBe(simulator.adminEmail('mist-org-1'));
	});

	it.each([
		['no name', {privileges: [{role: 'admin', scope: 'org'}]}, 'name is required'],
		['an empty name', {name: ' ', privileges: [{role: 'admin', scope: 'org'}]}, 'name must be a non-empty string'],
		['no privileges', {name: 'x'}, 'privileges is required'],
		['empty privileges', {name: 'x', privileges: []}, 'privileges must be a list of 1 to 10 entries'],
		['eleven privileges', {name: 'x', privileges: Array.from({length: 11}, () => ({role: 'read', scope: 'org'}))}, 'privileges must be a list of 1 to 10 entries'],
		['an unknown role', {name: 'x', privileges: [{role: 'owner', scope: 'org'}]}, 'privileges[0].role must be one of admin, helpdesk, installer, read, write'],
		['an unknown scope', {name: 'x', privileges: [{role: 'read', scope: 'msp'}]}, 'privileges[0].scope must be one of org, site, sitegroup'],
		['a site scope without site_id', {name: 'x', privileges: [{role: 'read', scope: 'site'}]}, 'privileges[0].site_id must name a site of this org'],
		['another org', {name: 'x', privileges: [{role: 'read', scope: 'org', org_id: '00000000-0000-4000-8000-000000000000'}]}, 'privileges[0].org_id must be this org\'s id'],
		['a repeated privilege', {name: 'x', privileges: [{role: 'read', scope: 'org'}, {role: 'read', scope: 'org'}]}, 'privileges[1] repeats an earlier entry; privileges must be unique'],
		['an unknown view', {name: 'x', privileges: [{role: 'read', scope: 'org', views: ['everything']}]}, 'privileges[0].views may hold only lobby_admin, location, marketing, mxedge_admin, reporting, security, super_observer, switch_admin'],
		['eleven source IPs', {name: 'x', privileges: [{role: 'read', scope: 'org'}], src_ips: Array.from({length: 11}, (_, index) => `192.0.2.${index}`)}, 'src_ips may hold at most 10 entries'],
		['a source that is no address', {name: 'x', privileges: [{role: 'read', scope: 'org'}], src_ips: ['10.0.0.0/33']}, 'src_ips[0] is not an IP address or CIDR block'],
		['a list body', [{name: 'x'}], 'Invalid data. Expected a dictionary, but got list.'],
	])('refuses a body with %s: 400 {detail}', async (_case, json, message) => {
		const {simulator, call} = await start();
		const orgId = simulator.orgId('mist-org-1');
		const before = simulator.tokens('mist-org-1').length;
		const answer = await call(tokensPath(orgId), {method: 'POST', key: simulator.keyFor('mist-org-1'), json});
		expect(answer.status).toBe(400);
		expect(valid(MistErrorSchema, answer.body)).toEqual({detail: message});
		expect(simulator.tokens('mist-org-1')).toHaveLength(before);
	});

	it('refuses a body that is not JSON with a parse error', async () => {
		const {simulator, call} = await start();
		const answer = await call(tokensPath(simulator.orgId('mist-org-1')), {method: 'POST', key: simulator.keyFor('mist-org-1'), text: '{"name": '});
		expect(answer.status).toBe(400);
		expect(valid(MistErrorSchema, answer.body).detail).toMatch(/^JSON parse error - /);
	});

	it('allows two tokens with the same name, as a rotation needs', async () => {
		const {simulator, call} = await start();
		const orgId = simulator.orgId('mist-org-1');
		const json = {name: 'twin', privileges: [{role: 'read', scope: 'org'}]};
		const first = await call(tokensPath(orgId), {method: 'POST', key: simulator.keyFor('mist-org-1'), json});
		const second = await call(tokensPath(orgId), {method: 'POST', key: simulator.keyFor('mist-org-1'), json});
		expect([first.status, second.status]).toEqual([200, 200]);
		expect(simulator.tokens('mist-org-1').filter(token => token.name === 'twin')).toHaveLength(2);
	});
});

describe('Mist simulator: reading, updating and deleting one org token', () => {
	it('gets a token by id, and answers 404 with the spec\'s body ({id?}) for an unknown id, a malformed id or another org\'s token', async () => {
		const {simulator, call} = await start();
		const orgId = simulator.orgId('mist-org-1');
		const key = simulator.keyFor('mist-org-1');
		// A seeded token nobody uses during the test, so its last_used stays put.
		const first = simulator.tokens('mist-org-1')[5];
		const found = await call(`${tokensPath(orgId)}/${first?.id ?? ''}`, {key});
		expect(found.status).toBe(200);
		expect(valid(MistOrgApiTokenSchema, found.body)).toEqual(first);

		const otherOrgToken = simulator.tokens('mist-org-2')[0]?.id ?? '';
		for (const id of ['5f0c6f0e-7c1a-4d8e-9b1e-2a9d6c3b4e5f', otherOrgToken]) {
			const missing = await call(`${tokensPath(orgId)}/${id}`, {key});
			expect(missing.status).toBe(404);
			// The spec's `response_http404`: only an optional `id`, no `detail`.
			expect(valid(MistNotFoundSchema, missing.body)).toEqual({id});
		}

		// A malformed id matches no route: the same 404, with no id to name.
		const malformed = await call(`${tokensPath(orgId)}/not-a-uuid`, {key});
		expect(malformed.status).toBe(404);
		expect(malformed.body).toEqual({});
	});

	it('updates name and privileges with PUT: 200 with no body, the change visible on the next GET', async () => {
		const {simulator, call} = await start();
		const orgId = simulator.orgId('mist-org-1');
		const key = simulator.keyFor('mist-org-1');
		const target = simulator.tokens('mist-org-1').find(token => token.name !== 'tokenkit-admin' && token.name !== 'tokenkit-readonly');
		const path = `${tokensPath(orgId)}/${target?.id ?? ''}`;
		const answer = await call(path, {method: 'PUT', key, json: {name: 'renamed', privileges: [{role: 'read', scope: 'org', org_id: orgId}]}});
		expect(answer.status).toBe(200);
		expect(answer.text).toBe('');
		expect(answer.headers.get('content-type')).toBeNull();
		const after = valid(MistOrgApiTokenSchema, (await call(path, {key})).body);
		expect(after.name).toBe('renamed');
		expect(after.privileges).toEqual([{role: 'read', scope: 'org', org_id: orgId}]);
		expect(after.created_time).toBe(target?.created_time);
	});

	it('refuses to change src_ips after creation, but accepts the same list sent back', async () => {
		const {simulator, call} = await start();
		const orgId = simulator.orgId('mist-org-1');
		const key = simulator.keyFor('mist-org-1');
		const created = valid(MistOrgApiTokenSchema, (await call(tokensPath(orgId), {method: 'POST', key, json: {name: 'fixed-ips', privileges: [{role: 'read', scope: 'org'}], src_ips: ['192.0.2.1', '192.0.2.2']}})).body);
		const path = `${tokensPath(orgId)}/${created.id}`;

		const change = await call(path, {method: 'PUT', key, json: {name: 'fixed-ips', src_ips: ['192.0.2.3']}});
		expect(change.status).toBe(400);
		expect(valid(MistErrorSchema, change.body).detail).toBe('src_ips cannot be changed once the API token is created; create a new token instead');

		const echo = await call(path, {method: 'PUT', key, json: {name: 'echoed', src_ips: ['192.0.2.2', '192.0.2.1']}});
		expect(echo.status).toBe(200);
		const after = valid(MistOrgApiTokenSchema, (await call(path, {key})).body);
		expect(after).toMatchObject({name: 'echoed', src_ips: ['192.0.2.1', '192.0.2.2']});
	});

	it('validates an update as it validates a create', async () => {
		const {simulator, call} = await start();
		const orgId = simulator.orgId('mist-org-1');
		const target = simulator.tokens('mist-org-1')[3];
		const answer = await call(`${tokensPath(orgId)}/${target?.id ?? ''}`, {method: 'PUT', key: simulator.keyFor('mist-org-1'), json: {privileges: []}});
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({detail: 'privileges must be a list of 1 to 10 entries'});
		expect(simulator.tokens('mist-org-1')[3]).toEqual(target);
	});

	it('deletes with 200 and no body; the token is gone and its key stops authenticating', async () => {
		const {simulator, call} = await start();
		const orgId = simulator.orgId('mist-org-1');
		const key = simulator.keyFor('mist-org-1');
		const target = simulator.tokens('mist-org-1').find(token => token.name !== 'tokenkit-admin' && token.name !== 'tokenkit-readonly' && token.src_ips === undefined);
		const targetKey = simulator.keyOfToken(target?.id ?? '') ?? '';
		expect((await call('/api/v1/self', {key: targetKey})).status).toBe(200);

		const path = `${tokensPath(orgId)}/${target?.id ?? ''}`;
		const answer = await call(path, {method: 'DELETE', key});
		expect(answer.status).toBe(200);
		expect(answer.text).toBe('');
		expect((await call(path, {key})).status).toBe(404);
		expect((await call(path, {method: 'DELETE', key})).status).toBe(404);
		expect(simulator.tokens('mist-org-1').some(token => token.id === target?.id)).toBe(false);
		const refused = await call('/api/v1/self', {key: targetKey});
		expect(refused.status).toBe(401);
		expect(refused.body).toEqual({detail: 'Invalid token.'});
		expect(simulator.keyOfToken(target?.id ?? '')).toBeUndefined();
		expect(simulator.allSecrets()).toContain(targetKey);
	});
});

describe('Mist simulator: who may do what with org tokens', () => {
	it('lets a read-only key list and get but answers 403 {detail} to create, update and delete', async () => {
		const {simulator, call} = await start();
		const orgId = simulator.orgId('mist-org-1');
		const before = simulator.tokens('mist-org-1');
		const target = before[4]?.id ?? '';
		for (const readKey of [simulator.keyFor('mist-org-1', 'org-read'), simulator.keyFor('mist-org-1', 'self-read')]) {
			expect((await call(tokensPath(orgId), {key: readKey})).status).toBe(200);
			expect((await call(`${tokensPath(orgId)}/${target}`, {key: readKey})).status).toBe(200);
			const attempts = [
				await call(tokensPath(orgId), {method: 'POST', key: readKey, json: {name: 'x', privileges: [{role: 'read', scope: 'org'}]}}),
				await call(`${tokensPath(orgId)}/${target}`, {method: 'PUT', key: readKey, json: {name: 'x'}}),
				await call(`${tokensPath(orgId)}/${target}`, {method: 'DELETE', key: readKey}),
			];
			for (const attempt of attempts) {
				expect(attempt.status).toBe(403);
				expect(valid(MistErrorSchema, attempt.body)).toEqual({detail: 'You do not have permission to perform this action.'});
			}
		}

		const withoutUse = (tokens: typeof before) => tokens.map(token => ({...token, last_used: null}));
		expect(withoutUse(simulator.tokens('mist-org-1'))).toEqual(withoutUse(before));
	});

	it('answers 403 to a key of one org on another org\'s paths, and on an org that does not exist', async () => {
		const {simulator, call} = await start();
		const otherOrg = simulator.orgId('mist-org-2');
		const otherToken = simulator.tokens('mist-org-2')[2]?.id ?? '';
		for (const key of [simulator.keyFor('mist-org-1'), simulator.keyFor('mist-org-1', 'self-admin')]) {
			const answers = [
				await call(tokensPath(otherOrg), {key}),
				await call(tokensPath(otherOrg), {method: 'POST', key, json: {name: 'x', privileges: [{role: 'admin', scope: 'org'}]}}),
				await call(`${tokensPath(otherOrg)}/${otherToken}`, {key}),
				await call(`${tokensPath(otherOrg)}/${otherToken}`, {method: 'DELETE', key}),
				await call(tokensPath('0b7a9d2e-3c4f-4a5b-8c6d-7e8f9a0b1c2d'), {key}),
			];
			expect(answers.map(answer => answer.status)).toEqual([403, 403, 403, 403, 403]);
			expect(answers[0]?.body).toEqual({detail: 'You do not have permission to perform this action.'});
		}

		expect(simulator.tokens('mist-org-2').some(token => token.id === otherToken)).toBe(true);
	});

	it('answers 403 to a token whose privileges are on sites only', async () => {
		const {simulator, call} = await start({tokens: 30});
		const siteOnly = simulator.tokens('mist-org-1').find(token => token.src_ips === undefined && token.privileges?.every(privilege => privilege.scope !== 'org'));
		expect(siteOnly).toBeDefined();
		const answer = await call(tokensPath(simulator.orgId('mist-org-1')), {key: simulator.keyOfToken(siteOnly?.id ?? '') ?? ''});
		expect(answer.status).toBe(403);
	});
});
