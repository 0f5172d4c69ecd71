import {describe, expect, it} from 'vitest';
import {MistOrgApiTokenListSchema, MistOrgApiTokenSchema} from '../../../providers/mist/schema.js';
import {useMist, valid} from './support.js';

const start = useMist();

/*
Mist has no rotate endpoint. A rotation replaces a token: read it fresh, create a twin with the same name,
privileges and allow-list, hand out the twin's key, delete the old token. These tests walk that path over
HTTP, as the adapter will.
*/
describe('Mist simulator: rotation by replacement', () => {
	it('creates a faithful twin of a restricted token, and the old key dies with the old token', async () => {
		const {simulator, call} = await start({tokens: 30});
		const orgId = simulator.orgId('mist-org-1');
		const admin = simulator.keyFor('mist-org-1');
		const base = `/api/v1/orgs/${orgId}/apitokens`;
		const original = simulator.tokens('mist-org-1').find(token => token.src_ips !== undefined && token.privileges?.some(privilege => privilege.scope === 'org'));
		expect(original).toBeDefined();
		const oldKey = simulator.keyOfToken(original?.id ?? '') ?? '';
		const from = {'x-forwarded-for': (original?.src_ips?.[0] ?? '').split('/')[0] ?? ''};
		expect((await call('/api/v1/self', {key: oldKey, headers: from})).status).toBe(200);

		const fresh = valid(MistOrgApiTokenSchema, (await call(`${base}/${original?.id ?? ''}`, {key: admin})).body);
		// The adapter copies privileges as read, org_id included.
		const created = await call(base, {method: 'POST', key: admin, json: {name: fresh.name, privileges: fresh.privileges, src_ips: fresh.src_ips}});
		expect(created.status).toBe(200);
		const twin = valid(MistOrgApiTokenSchema, created.body);
		const newKey = twin.key ?? '';
		expect(newKey).not.toBe(oldKey);

		const twinRead = valid(MistOrgApiTokenSchema, (await call(`${base}/${twin.id}`, {key: admin})).body);
		expect(twinRead.name).toBe(fresh.name);
		expect(twinRead.privileges).toEqual(fresh.privileges);
		expect(twinRead.src_ips).toEqual(fresh.src_ips);
		expect((await call('/api/v1/self', {key: newKey, headers: from})).status).toBe(200);

		expect((await call(`${base}/${fresh.id}`, {method: 'DELETE', key: admin})).status).toBe(200);
		const oldAnswer = await call('/api/v1/self', {key: oldKey, headers: from});
		expect(oldAnswer.status).toBe(401);
		expect(oldAnswer.body).toEqual({detail: 'Invalid token.'});
		expect((await call('/api/v1/self', {key: newKey, headers: from})).status).toBe(200);

		const list = valid(MistOrgApiTokenListSchema, (await call(base, {key: admin})).body);
		expect(list.some(token => token.id === fresh.id)).toBe(false);
		expect(list.filter(token => token.id === twin.id)).toHaveLength(1);
		expect(list).toHaveLength(32);
	});

	it('rotates the admin key it runs with: the twin deletes the original', async () => {
		const {simulator, call} = await start();
		const orgId = simulator.orgId('mist-org-2');
		const oldKey = simulator.keyFor('mist-org-2');
		const base = `/api/v1/orgs/${orgId}/apitokens`;
		const self = valid(MistOrgApiTokenListSchema, (await call(base, {key: oldKey})).body).find(token => token.name === 'tokenkit-admin');
		const twin = valid(MistOrgApiTokenSchema, (await call(base, {method: 'POST', key: oldKey, json: {name: self?.name, privileges: self?.privileges}})).body);
		const newKey = twin.key ?? '';
		expect((await call(`${base}/${self?.id ?? ''}`, {method: 'DELETE', key: newKey})).status).toBe(200);
		expect((await call(base, {key: oldKey})).status).toBe(401);
		const list = valid(MistOrgApiTokenListSchema, (await call(base, {key: newKey})).body);
		expect(list.filter(token => token.name === 'tokenkit-admin').map(token => token.id)).toEqual([twin.id]);
	});
});
