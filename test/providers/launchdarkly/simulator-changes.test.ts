import {describe, expect, it} from 'vitest';
import {TokenSchema, TokensSchema, type Token} from '../../../providers/launchdarkly/schema.js';
import {account1, expectError, start, useSimulator, valid, type Running} from './support.js';

const startSimulator = useSimulator();
const keyPattern = /^api-[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/;

async function create(sim: Running, body: unknown, key = sim.simulator.keyFor(account1)): Promise<Token> {
	const answer = await sim.request('POST', '/api/v2/tokens', {key, body});
	expect(answer.status, answer.text).toBe(201);
	return valid(TokenSchema, answer.body);
}

async function patch(sim: Running, id: string, operations: unknown, headers: Record<string, string> = {}) {
	return sim.admin('PATCH', `/api/v2/tokens/${id}`, {body: operations, headers});
}

describe('create', () => {
	it('answers 201 with the full secret once; reads show only its last four characters', async () => {
		const sim = await startSimulator();
		sim.clock.advance(60_000);
		const admin = sim.simulator.tokens(account1).find(token => token._id === sim.simulator.tokenIdFor(account1));

		const token = await create(sim, {name: 'ci-reader', description: 'for CI', role: 'reader'});

		expect(token.token).toMatch(keyPattern);
		expect(token).toMatchObject({
			name: 'ci-reader',
			description: 'for CI',
			role: 'reader',
			customRoleIds: [],
			inlineRole: [],
			serviceToken: false,
			defaultApiVersion: 20_240_415,
			creationDate: start + 60_000,
			lastModified: start + 60_000,
			lastUsed: 0,
			ownerId: sim.simulator.accounts()[0]?.id,
			memberId: admin?.memberId,
			_links: {parent: {href: '/api/v2/tokens', type: 'application/json'}, self: {href: `/api/v2/tokens/${token._id}`, type: 'application/json'}},
		});
		expect(token._id).toMatch(/^[\da-f]{24}$/);
		expect(token._member?._id).toBe(admin?.memberId);

		const read = valid(TokenSchema, (await sim.admin('GET', `/api/v2/tokens/${token._id}`)).body);
		expect(read.token).toBe(token.token?.slice(-4));
		const listed = valid(TokensSchema, (await sim.admin('GET', '/api/v2/tokens?limit=1000&showAll=true')).body);
		expect(listed.items?.find(item => item._id === token._id)?.token).toBe(token.token?.slice(-4));
		expect((await sim.request('GET', `/api/v2/tokens/${token._id}`, {key: token.token})).status).toBe(200);
	});

	it('takes custom roles by id or key (stored as ids) and inline policies', async () => {
		const sim = await startSimulator();
		const manager = await create(sim, {name: 'by-key', customRoleIds: ['token-manager']});
		const byId = await create(sim, {name: 'by-id', customRoleIds: manager.customRoleIds});
		const inline = await create(sim, {name: 'inline', inlineRole: [{effect: 'deny', notResources: ['proj/*'], actions: ['*']}]});

		expect(manager.customRoleIds).toHaveLength(1);
		expect(manager.customRoleIds?.[0]).toMatch(/^[\da-f]{24}$/);
		expect(manager.role).toBeUndefined();
		expect(byId.customRoleIds).toEqual(manager.customRoleIds);
		expect(inline.inlineRole).toEqual([{effect: 'deny', notResources: ['proj/*'], actions: ['*']}]);
	});

	const badBodies: Array<[string, unknown]> = [
		['an unknown role', {role: 'superuser'}],
		['the owner role', {role: 'owner'}],
		['no role, custom role or policy', {name: 'nothing'}],
		['a role and custom roles', {role: 'reader', customRoleIds: ['flag-editor']}],
		['an unknown custom role', {customRoleIds: ['no-such-role']}],
		['a name that is not a string', {role: 'reader', name: 42}],
		['an array', [{role: 'reader'}]],
		['an unknown API version', {role: 'reader', defaultApiVersion: 20_230_101}],
		['a statement without effect', {inlineRole: [{resources: ['*'], actions: ['*']}]}],
		['a statement with resources and notResources', {inlineRole: [{effect: 'allow', resources: ['*'], notResources: ['proj/x'], actions: ['*']}]}],
		['serviceToken as a string', {role: 'reader', serviceToken: 'yes'}],
	];

	it.each(badBodies)('refuses %s with 400 invalid_request', async (_label, body) => {
		const sim = await startSimulator();
		const before = sim.simulator.tokens(account1).length;

		expectError(await sim.admin('POST', '/api/v2/tokens', {body}), 400, 'invalid_request');
		expect(sim.simulator.tokens(account1)).toHaveLength(before);
	});

	it('refuses a body that is not JSON, or none, with 400', async () => {
		const sim = await startSimulator();
		const key = sim.simulator.keyFor(account1);

		expectError(await sim.request('POST', '/api/v2/tokens', {key, rawBody: '{"role": ', headers: {'Content-Type': 'application/json'}}), 400, 'invalid_request');
		expectError(await sim.request('POST', '/api/v2/tokens', {key}), 400, 'invalid_request');
	});

	it('stops at the account\'s cap on service tokens, and at a per-member cap on personal tokens when set', async () => {
		const probe = await startSimulator();
		const services = probe.simulator.tokens(account1).filter(token => token.serviceToken === true).length;
		const sim = await startSimulator({tokenCap: {serviceTokens: services + 1, personalTokensPerMember: 3}});

		await create(sim, {role: 'reader', serviceToken: true});
		const refused = await sim.admin('POST', '/api/v2/tokens', {body: {role: 'reader', serviceToken: true}});
		expectError(refused, 400, 'invalid_request');
		expect(refused.text).toContain(`limit of ${services + 1} service tokens`);

		const ownerKey = sim.simulator.keyFor(account1, 'owner');
		const ownerMember = sim.simulator.tokens(account1).find(token => token._id === sim.simulator.tokenIdFor(account1, 'owner'))?.memberId;
		const personal = sim.simulator.tokens(account1).filter(token => token.serviceToken === false && token.memberId === ownerMember).length;
		for (let made = personal; made < 3; made++) {
			await create(sim, {role: 'reader'}, ownerKey);
		}

		expectError(await sim.request('POST', '/api/v2/tokens', {key: ownerKey, body: {role: 'reader'}}), 400, 'invalid_request');
	});
});

describe('who may change tokens', () => {
	it('refuses create, patch, delete and reset to reader and writer keys with 403, and changes nothing', async () => {
		const sim = await startSimulator();
		const target = sim.simulator.tokenIdFor(account1, 'reader');
		const before = JSON.stringify(sim.simulator.tokens(account1).map(token => ({...token, lastUsed: 0})));

		for (const role of ['reader', 'writer'] as const) {
			const key = sim.simulator.keyFor(account1, role);
			expectError(await sim.request('POST', '/api/v2/tokens', {key, body: {role: 'reader'}}), 403, 'forbidden');
			expectError(await sim.request('PATCH', `/api/v2/tokens/${sim.simulator.tokenIdFor(account1, role)}`, {key, body: [{op: 'replace', path: '/name', value: 'x'}]}), 403, 'forbidden');
			expectError(await sim.request('POST', `/api/v2/tokens/${sim.simulator.tokenIdFor(account1, role)}/reset`, {key}), 403, 'forbidden');
			expectError(await sim.request('DELETE', `/api/v2/tokens/${target}`, {key: sim.simulator.keyFor(account1, 'reader')}), 403, 'forbidden');
		}

		expect(JSON.stringify(sim.simulator.tokens(account1).map(token => ({...token, lastUsed: 0})))).toBe(before);
	});

	it('lets a token whose custom role grants it manage tokens, without seeing other members\' personal tokens', async () => {
		const sim = await startSimulator({tokens: 40});
		const manager = await create(sim, {customRoleIds: ['token-manager']});
		const key = manager.token ?? '';

		const made = await create(sim, {role: 'reader', serviceToken: true}, key);
		expect((await sim.request('DELETE', `/api/v2/tokens/${made._id}`, {key})).status).toBe(204);
		const visible = valid(TokensSchema, (await sim.request('GET', '/api/v2/tokens?limit=1000&showAll=true', {key})).body);
		expect(visible.totalCount).toBeLessThan(sim.simulator.tokens(account1).length);

		const flagEditor = await create(sim, {customRoleIds: ['flag-editor']});
		expectError(await sim.request('POST', '/api/v2/tokens', {key: flagEditor.token, body: {role: 'reader'}}), 403, 'forbidden');
	});

	it('counts an inline policy allowing * on * as Admin', async () => {
		const sim = await startSimulator();
		const full = await create(sim, {serviceToken: true, inlineRole: [{effect: 'allow', resources: ['*'], actions: ['*']}]});

		const all = valid(TokensSchema, (await sim.request('GET', '/api/v2/tokens?limit=1000&showAll=true', {key: full.token})).body);
		expect(all.totalCount).toBe(sim.simulator.tokens(account1).length);
		expect((await sim.request('POST', '/api/v2/tokens', {key: full.token, body: {role: 'reader'}})).status).toBe(201);
	});
});

describe('patch (RFC 6902)', () => {
	it('applies replace, add, remove and test on the editable fields and moves lastModified', async () => {
		const sim = await startSimulator();
		const token = await create(sim, {name: 'before', description: 'old', role: 'reader'});
		sim.clock.advance(1000);

		const answer = await patch(sim, token._id, [
			{op: 'test', path: '/name', value: 'before'},
			{op: 'replace', path: '/name', value: 'after'},
			{op: 'remove', path: '/description'},
			{op: 'replace', path: '/role', value: 'writer'},
		]);

		expect(answer.status, answer.text).toBe(200);
		const patched = valid(TokenSchema, answer.body);
		expect(patched).toMatchObject({name: 'after', role: 'writer', lastModified: token.creationDate + 1000, creationDate: token.creationDate});
		expect(patched.description).toBeUndefined();
		expect(patched.token).toBe(token.token?.slice(-4));

		const again = valid(TokenSchema, (await patch(sim, token._id, [{op: 'add', path: '/description', value: 'new'}])).body);
		expect(again.description).toBe('new');
	});

	it('switches a token from a base role to custom roles the way the Terraform provider does: by id', async () => {
		const sim = await startSimulator();
		const token = await create(sim, {role: 'reader'});
		const roleId = (key: string): string => sim.simulator.customRoles(account1).find(role => role.key === key)?._id ?? '';

		const toCustom = valid(TokenSchema, (await patch(sim, token._id, [{op: 'remove', path: '/role'}, {op: 'replace', path: '/customRoleIds', value: [roleId('flag-editor')]}])).body);
		expect(toCustom.role).toBeUndefined();
		expect(toCustom.customRoleIds).toEqual([roleId('flag-editor')]);

		const added = valid(TokenSchema, (await patch(sim, token._id, [{op: 'add', path: '/customRoleIds/-', value: roleId('release-auditor')}])).body);
		expect(added.customRoleIds).toHaveLength(2);

		// A key is not an id: the patch is refused and nothing changes.
		const byKey = await patch(sim, token._id, [{op: 'replace', path: '/customRoleIds', value: ['token-manager']}]);
		expectError(byKey, 400, 'invalid_request');
		expect(byKey.text).toContain('takes role ids, not keys');
		expect(sim.simulator.tokens(account1).find(candidate => candidate._id === token._id)?.customRoleIds).toEqual(added.customRoleIds);

		const back = valid(TokenSchema, (await patch(sim, token._id, [{op: 'replace', path: '/role', value: 'writer'}, {op: 'remove', path: '/customRoleIds'}])).body);
		expect(back.role).toBe('writer');
		expect(back.customRoleIds).toEqual([]);
	});

	it('applies copy and move between editable fields', async () => {
		const sim = await startSimulator();
		const token = await create(sim, {name: 'original', role: 'reader'});

		const copied = valid(TokenSchema, (await patch(sim, token._id, [{op: 'copy', from: '/name', path: '/description'}])).body);
		expect(copied).toMatchObject({name: 'original', description: 'original'});
		const moved = valid(TokenSchema, (await patch(sim, token._id, [{op: 'replace', path: '/description', value: 'moved'}, {op: 'move', from: '/description', path: '/name'}])).body);
		expect(moved.name).toBe('moved');
		expect(moved.description).toBeUndefined();
		expectError(await patch(sim, token._id, [{op: 'move', from: '/_id', path: '/name'}]), 422, 'patch_failed');
	});

	it('accepts a patch wrapped with a comment', async () => {
		const sim = await startSimulator();
		const token = await create(sim, {role: 'reader'});

		const answer = await patch(sim, token._id, {comment: 'rename for the audit', patch: [{op: 'replace', path: '/name', value: 'commented'}]});

		expect(valid(TokenSchema, answer.body).name).toBe('commented');
	});

	const unprocessable: Array<[string, unknown[]]> = [
		['a failing test', [{op: 'test', path: '/name', value: 'not-the-name'}, {op: 'replace', path: '/name', value: 'x'}]],
		['a change to _id', [{op: 'replace', path: '/_id', value: '0'.repeat(24)}]],
		['a change under _links', [{op: 'replace', path: '/_links/self/href', value: '/elsewhere'}]],
		['a change to _member', [{op: 'remove', path: '/_member'}]],
		['a change to serviceToken', [{op: 'replace', path: '/serviceToken', value: true}]],
		['a change to memberId', [{op: 'replace', path: '/memberId', value: '0'.repeat(24)}]],
		['a change to the secret', [{op: 'replace', path: '/token', value: 'api-mine'}]],
		['an unknown field', [{op: 'add', path: '/expiresAt', value: 1}]],
		['a remove of what is not there', [{op: 'remove', path: '/customRoleIds/3'}]],
	];

	it.each(unprocessable)('refuses %s with 422 patch_failed and changes nothing', async (_label, operations) => {
		const sim = await startSimulator();
		const token = await create(sim, {name: 'fixed', role: 'reader'});

		expectError(await patch(sim, token._id, [{op: 'replace', path: '/description', value: 'first op'}, ...operations]), 422, 'patch_failed');
		const after = valid(TokenSchema, (await sim.admin('GET', `/api/v2/tokens/${token._id}`)).body);
		expect(after.description).toBeUndefined();
		expect(after.name).toBe('fixed');
		expect(after.lastModified).toBe(token.lastModified);
	});

	const invalid: Array<[string, unknown]> = [
		['a body that is not an array', {op: 'replace', path: '/name', value: 'x'}],
		['an unknown op', [{op: 'rename', path: '/name', value: 'x'}]],
		['an op without path', [{op: 'replace', value: 'x'}]],
		['a replace without value', [{op: 'replace', path: '/name'}]],
		['a path that is not a pointer', [{op: 'replace', path: 'name', value: 'x'}]],
		['a role that is no base role', [{op: 'replace', path: '/role', value: 'superuser'}]],
		['both a role and custom roles', [{op: 'add', path: '/customRoleIds', value: ['flag-editor']}]],
		['no access left', [{op: 'remove', path: '/role'}]],
		['a name that is not a string', [{op: 'replace', path: '/name', value: 7}]],
	];

	it.each(invalid)('refuses %s with 400 invalid_request', async (_label, body) => {
		const sim = await startSimulator();
		const token = await create(sim, {name: 'fixed', role: 'reader'});

		expectError(await patch(sim, token._id, body), 400, 'invalid_request');
		expect(valid(TokenSchema, (await sim.admin('GET', `/api/v2/tokens/${token._id}`)).body)).toMatchObject({name: 'fixed', role: 'reader'});
	});

	it('refuses a semantic patch with 400: tokens take JSON Patch only', async () => {
		const sim = await startSimulator();
		const token = await create(sim, {role: 'reader'});

		const answer = await patch(sim, token._id, {instructions: [{kind: 'updateName', value: 'x'}]}, {'Content-Type': 'application/json; domain-model=launchdarkly.semanticpatch'});

		expectError(answer, 400, 'invalid_request');
	});
});

describe('delete', () => {
	it('answers 204, forgets the token and its key, and 404s a second delete', async () => {
		const sim = await startSimulator();
		const token = await create(sim, {role: 'admin', serviceToken: true});

		expect((await sim.admin('DELETE', `/api/v2/tokens/${token._id}`)).status).toBe(204);

		expectError(await sim.admin('GET', `/api/v2/tokens/${token._id}`), 404, 'not_found');
		expectError(await sim.admin('DELETE', `/api/v2/tokens/${token._id}`), 404, 'not_found');
		expectError(await sim.request('GET', '/api/v2/tokens', {key: token.token}), 401, 'unauthorized');
	});

	it('lets a token delete itself, after which it is refused', async () => {
		const sim = await startSimulator();
		const token = await create(sim, {role: 'admin', serviceToken: true});

		expect((await sim.request('DELETE', `/api/v2/tokens/${token._id}`, {key: token.token})).status).toBe(204);
		expectError(await sim.request('GET', '/api/v2/tokens', {key: token.token}), 401, 'unauthorized');
	});
});

describe('reset', () => {
	it('keeps the id, returns a new full secret, and lets the old one work until expiry (exclusive), then 401', async () => {
		const sim = await startSimulator();
		const token = await create(sim, {name: 'rotating', role: 'admin', serviceToken: true});
		const oldKey = token.token ?? '';
		const expiry = sim.clock.now() + 3_600_000;
		sim.clock.advance(10);

		const answer = await sim.admin('POST', `/api/v2/tokens/${token._id}/reset?expiry=${expiry}`);

		expect(answer.status).toBe(200);
		const reset = valid(TokenSchema, answer.body);
		expect(reset).toMatchObject({_id: token._id, name: 'rotating', role: 'admin', creationDate: token.creationDate, lastModified: token.creationDate + 10});
		expect(reset.token).toMatch(keyPattern);
		expect(reset.token).not.toBe(oldKey);
		const newKey = reset.token ?? '';
		expect(valid(TokenSchema, (await sim.admin('GET', `/api/v2/tokens/${token._id}`)).body).token).toBe(newKey.slice(-4));

		expect((await sim.request('GET', '/api/v2/tokens', {key: oldKey})).status).toBe(200);
		expect((await sim.request('GET', '/api/v2/tokens', {key: newKey})).status).toBe(200);
		sim.clock.set(expiry - 1);
		expect((await sim.request('GET', '/api/v2/tokens', {key: oldKey})).status).toBe(200);
		sim.clock.set(expiry);
		expectError(await sim.request('GET', '/api/v2/tokens', {key: oldKey}), 401, 'unauthorized');
		expect((await sim.request('GET', '/api/v2/tokens', {key: newKey})).status).toBe(200);
	});

	it.each([['no expiry', ''], ['an expiry in the past', `?expiry=${start - 1}`], ['a negative expiry', '?expiry=-1']])('ends the old secret at once with %s', async (_label, query) => {
		const sim = await startSimulator();
		const token = await create(sim, {role: 'admin', serviceToken: true});

		const reset = valid(TokenSchema, (await sim.admin('POST', `/api/v2/tokens/${token._id}/reset${query}`)).body);

		expectError(await sim.request('GET', '/api/v2/tokens', {key: token.token}), 401, 'unauthorized');
		expect((await sim.request('GET', '/api/v2/tokens', {key: reset.token})).status).toBe(200);
	});

	it('gives each replaced secret its own expiry across two resets', async () => {
		const sim = await startSimulator();
		const token = await create(sim, {role: 'admin', serviceToken: true});
		const first = valid(TokenSchema, (await sim.admin('POST', `/api/v2/tokens/${token._id}/reset?expiry=${start + 2000}`)).body);
		const second = valid(TokenSchema, (await sim.admin('POST', `/api/v2/tokens/${token._id}/reset?expiry=${start + 5000}`)).body);

		sim.clock.set(start + 3000);
		expectError(await sim.request('GET', '/api/v2/tokens', {key: token.token}), 401, 'unauthorized');
		expect((await sim.request('GET', '/api/v2/tokens', {key: first.token})).status).toBe(200);
		expect((await sim.request('GET', '/api/v2/tokens', {key: second.token})).status).toBe(200);
		sim.clock.set(start + 5000);
		expectError(await sim.request('GET', '/api/v2/tokens', {key: first.token}), 401, 'unauthorized');
	});

	it('ends the caller\'s own secret when it resets itself without expiry', async () => {
		const sim = await startSimulator();
		const token = await create(sim, {role: 'admin', serviceToken: true});

		const answer = await sim.request('POST', `/api/v2/tokens/${token._id}/reset`, {key: token.token});

		expect(answer.status).toBe(200);
		expectError(await sim.request('GET', '/api/v2/tokens', {key: token.token}), 401, 'unauthorized');
	});

	it('refuses an expiry that is not epoch milliseconds with 400', async () => {
		const sim = await startSimulator();
		const token = await create(sim, {role: 'reader'});

		expectError(await sim.admin('POST', `/api/v2/tokens/${token._id}/reset?expiry=tomorrow`), 400, 'invalid_request');
		expect((await sim.request('GET', '/api/v2/tokens', {key: token.token})).status).toBe(200);
	});
});

describe('where secrets appear', () => {
	it('never puts a full secret in a list or single read, only in create and reset answers', async () => {
		const sim = await startSimulator({tokens: 30});
		const made = await create(sim, {role: 'admin', serviceToken: true});
		const reset = await sim.admin('POST', `/api/v2/tokens/${made._id}/reset?expiry=${start + 60_000}`);
		const secrets = sim.simulator.allSecrets();
		expect(secrets).toContain(made.token);
		expect(secrets).toContain(valid(TokenSchema, reset.body).token);
		expect(secrets).toContain(sim.simulator.keyFor(account1, 'reader'));

		const texts: string[] = [];
		for (const query of ['', '?showAll=true&limit=1000']) {
			texts.push((await sim.admin('GET', `/api/v2/tokens${query}`)).text);
			texts.push((await sim.request('GET', `/api/v2/tokens${query}`, {key: sim.simulator.keyFor(account1, 'owner'), headers: {'LD-API-Version': '20220603'}})).text);
		}

		for (const token of sim.simulator.tokens(account1)) {
			texts.push((await sim.admin('GET', `/api/v2/tokens/${token._id}`)).text);
			texts.push((await sim.admin('PATCH', `/api/v2/tokens/${token._id}`, {body: [{op: 'test', path: '/_id', value: token._id}]})).text);
		}

		for (const secret of secrets) {
			for (const text of texts) {
				expect(text.includes(secret)).toBe(false);
			}
		}

		expect(secrets.length).toBeGreaterThanOrEqual(2 * (30 + 4) + 2);
	});
});
