import {describe, expect, it} from 'vitest';
import {MistErrorSchema, MistUserApiTokenListSchema, MistUserApiTokenSchema} from '../../../providers/mist/schema.js';
import {fixedClock, fullKey, maskedKey, useMist, uuid, valid} from './support.js';

const start = useMist();
const day = 86_400_000;

describe('Mist simulator: user ("self") tokens', () => {
	it('lists the calling admin\'s own tokens as a bare array with masked keys and whole-second last_used', async () => {
		const {simulator, call} = await start();
		const answer = await call('/api/v1/self/apitokens', {key: simulator.keyFor('mist-org-1', 'self-admin')});
		expect(answer.status).toBe(200);
		const list = valid(MistUserApiTokenListSchema, answer.body);
		expect(list).toEqual(simulator.userTokens('mist-org-1'));
		expect(list.map(token => token.name)).toContain('tokenkit-self');
		expect(list.map(token => token.name)).not.toContain('tokenkit-self-read');
		expect(list.some(token => token.name === undefined)).toBe(true);
		for (const token of list) {
			expect(token.key).toMatch(maskedKey);
			expect(token.last_used === null || Number.isInteger(token.last_used)).toBe(true);
		}

		for (const secret of simulator.allSecrets()) {
			expect(answer.text).not.toContain(secret);
		}
	});

	it('creates one token (an object, not a list) whose whole key is shown once and works at once', async () => {
		const clock = fixedClock();
		const {simulator, call} = await start({now: clock.now});
		const admin = simulator.keyFor('mist-org-1', 'self-admin');
		const answer = await call('/api/v1/self/apitokens', {method: 'POST', key: admin, json: {name: 'my-laptop'}});
		expect(answer.status).toBe(200);
		const created = valid(MistUserApiTokenSchema, answer.body);
		expect(Array.isArray(answer.body)).toBe(false);
		expect(created).toEqual({id: created.id, name: 'my-laptop', key: created.key, created_time: clock.now() / 1000, last_used: null});
		expect(created.id).toMatch(uuid);
		expect(created.key).toMatch(fullKey);

		const self = await call('/api/v1/self', {key: created.key ?? ''});
		expect(self.body).toMatchObject({email: simulator.adminEmail('mist-org-1')});
		const fetched = valid(MistUserApiTokenSchema, (await call(`/api/v1/self/apitokens/${created.id}`, {key: admin})).body);
		expect(fetched.key).toBe(`${created.key?.slice(0, 4) ?? ''}...${created.key?.slice(-4) ?? ''}`);
		expect(fetched.last_used).toBe(clock.now() / 1000);
	});

	it('creates a token without a name, since the spec requires none', async () => {
		const {simulator, call} = await start();
		const answer = await call('/api/v1/self/apitokens', {method: 'POST', key: simulator.keyFor('mist-org-1', 'self-admin')});
		expect(answer.status).toBe(200);
		expect(valid(MistUserApiTokenSchema, answer.body).name).toBeUndefined();
		const bad = await call('/api/v1/self/apitokens', {method: 'POST', key: simulator.keyFor('mist-org-1', 'self-admin'), json: {name: 42}});
		expect(bad.status).toBe(400);
		expect(valid(MistErrorSchema, bad.body)).toEqual({detail: 'name must be a non-empty string'});
	});

	it('renames with PUT, which answers with the token, and deletes with 200 and no body', async () => {
		const {simulator, call} = await start();
		const admin = simulator.keyFor('mist-org-1', 'self-admin');
		const created = valid(MistUserApiTokenSchema, (await call('/api/v1/self/apitokens', {method: 'POST', key: admin, json: {name: 'old'}})).body);
		const path = `/api/v1/self/apitokens/${created.id}`;

		const renamed = await call(path, {method: 'PUT', key: admin, json: {name: 'new'}});
		expect(renamed.status).toBe(200);
		const renamedToken = valid(MistUserApiTokenSchema, renamed.body);
		expect(renamedToken).toMatchObject({id: created.id, name: 'new'});
		expect(renamedToken.key).toMatch(maskedKey);

		const deleted = await call(path, {method: 'DELETE', key: admin});
		expect(deleted.status).toBe(200);
		expect(deleted.text).toBe('');
		expect((await call(path, {key: admin})).status).toBe(404);
		expect((await call('/api/v1/self', {key: created.key ?? ''})).status).toBe(401);
	});

	it('hides another admin\'s tokens (404) and refuses org tokens on these paths (403)', async () => {
		const {simulator, call} = await start();
		const readersToken = simulator.userTokens('mist-org-1', 'read')[0]?.id ?? '';
		const admin = simulator.keyFor('mist-org-1', 'self-admin');
		expect((await call(`/api/v1/self/apitokens/${readersToken}`, {key: admin})).status).toBe(404);
		expect((await call(`/api/v1/self/apitokens/${readersToken}`, {method: 'DELETE', key: admin})).status).toBe(404);

		const orgKey = simulator.keyFor('mist-org-1');
		for (const method of ['GET', 'POST']) {
			const answer = await call('/api/v1/self/apitokens', {method, key: orgKey, ...(method === 'POST' ? {json: {name: 'x'}} : {})});
			expect(answer.status).toBe(403);
			expect(valid(MistErrorSchema, answer.body).detail).toMatch(/^You do not have permission to perform this action/);
		}
	});

	it('lets a read-only admin manage their own user tokens', async () => {
		const {simulator, call} = await start();
		const reader = simulator.keyFor('mist-org-1', 'self-read');
		const created = await call('/api/v1/self/apitokens', {method: 'POST', key: reader, json: {name: 'mine'}});
		expect(created.status).toBe(200);
		expect(simulator.userTokens('mist-org-1', 'read').map(token => token.name)).toContain('mine');
	});

	it('removes a user token unused for more than 90 days, and keeps one used within them', async () => {
		const clock = fixedClock();
		const {simulator, call} = await start({now: clock.now});
		const admin = simulator.keyFor('mist-org-1', 'self-admin');
		const kept = valid(MistUserApiTokenSchema, (await call('/api/v1/self/apitokens', {method: 'POST', key: admin, json: {name: 'kept'}})).body);
		clock.advance(50 * day);
		expect((await call('/api/v1/self', {key: kept.key ?? ''})).status).toBe(200);
		clock.advance(50 * day);
		// The seeded admin key was last used 100 days ago: gone. The new one was used 50 days ago: still there.
		const expired = await call('/api/v1/self', {key: admin});
		expect(expired.status).toBe(401);
		expect(expired.body).toEqual({detail: 'Invalid token.'});
		const list = valid(MistUserApiTokenListSchema, (await call('/api/v1/self/apitokens', {key: kept.key ?? ''})).body);
		expect(list.map(token => token.name)).toEqual(['kept']);
	});
});
