import {inspect} from 'node:util';
import {describe, expect, expectTypeOf, it} from 'vitest';
import {
	createLaunchDarklyProvider,
	launchDarklyCapabilities,
	launchDarklyInstances,
	launchDarklyScopes,
	type LaunchDarklyInstance,
	type LaunchDarklyProviderOptions,
} from '../../../providers/launchdarkly/index.js';
import {TokenWithKeySchema} from '../../../providers/launchdarkly/schema.js';
import {
	AuthenticationError,
	BadRequestError,
	ConfigError,
	MalformedResponseError,
	NetworkError,
	NotFoundError,
	PermissionDeniedError,
	ResponseShapeError,
} from '../../../src/errors/index.js';
import type {Capabilities, TokenProvider} from '../../../src/provider.js';
import type {Token} from '../../../src/token.js';
import {collect, expectNoSecrets, loopback, providerFor, rejectionOf, watchedFetch} from './provider-support.js';
import {account1, account2, useSimulator, valid} from './support.js';

const startSimulator = useSimulator();

describe('LaunchDarkly provider: get', () => {
	it('gets one token, the same record the list shows', async () => {
		const sim = await startSimulator({tokens: 10});
		const ld = providerFor(sim);
		const listed = await collect(ld.list());
		for (const token of listed.slice(0, 5)) {
			expect(await ld.get(token.id)).toEqual(token);
		}
	});

	it('says NotFoundError for an id that is not there, or that belongs to another account', async () => {
		const sim = await startSimulator();
		const ld = providerFor(sim);
		await expect(ld.get('000000000000000000000000')).rejects.toBeInstanceOf(NotFoundError);
		const [foreign] = sim.simulator.tokens(account2);
		const error = await rejectionOf(ld.get(foreign?._id ?? ''));
		expect(error).toBeInstanceOf(NotFoundError);
		expect(error).toMatchObject({provider: 'launchdarkly', account: account1, status: 404, vendorCode: 'not_found'});
		expect(String(error)).toMatch(/request id [\da-f-]{36}/);
		expectNoSecrets(sim, error);
	});

	it('refuses an empty id before sending', async () => {
		const sim = await startSimulator();
		await expect(providerFor(sim).get('')).rejects.toBeInstanceOf(ConfigError);
		expect(sim.server.stats.requests).toBe(0);
	});
});

describe('LaunchDarkly provider: create', () => {
	it('mints a personal token with a base role and hands its key over only as a Secret', async () => {
		const sim = await startSimulator();
		const ld = providerFor(sim);
		const minted = await ld.create({name: 'ci-reader', description: 'Reads flags in CI', privileges: [{role: 'reader', scope: 'account', resource: null}]});
		expect(minted.token).toMatchObject({
			name: 'ci-reader',
			description: 'Reads flags in CI',
			kind: 'personal',
			privileges: [{role: 'reader', scope: 'account', resource: null}],
			admin: false,
			lastUsedAt: null,
			expiresAt: null,
			allowedIps: null,
		});
		const key = minted.secret.reveal();
		expect(minted.token.secretHint).toBe(`…${key.slice(-4)}`);
		expect(JSON.stringify(minted.token.raw)).not.toContain(key);
		expect(inspect(minted, {depth: 10})).not.toContain(key);
		expect(JSON.stringify(minted)).not.toContain(key);

		const seenByItself = await providerFor(sim, {apiKey: key}).get(minted.token.id);
		expect(seenByItself).toMatchObject({id: minted.token.id, name: 'ci-reader'});
		const {id, name, privileges, secretHint, createdAt, owner} = minted.token;
		expect(await ld.get(minted.token.id)).toMatchObject({id, name, privileges, secretHint, createdAt, owner});
	});

	it('mints a service token with a custom role, and one with an inline policy', async () => {
		const sim = await startSimulator();
		const ld = providerFor(sim);
		const service = await ld.create({name: 'token-bot', kind: 'service', privileges: [{role: 'token-manager', scope: 'custom-role', resource: null}]});
		expect(service.token.kind).toBe('service');
		// Sent and stored as an id; shown by key and name, read from the account's custom roles.
		expect(service.token.privileges).toEqual([{role: 'token-manager', scope: 'custom-role', resource: 'Token manager'}]);
		expect(service.token.raw).toMatchObject({customRoleIds: [expect.stringMatching(/^[\da-f]{24}$/) as unknown]});
		expect(service.token.admin).toBe(false);

		const policy = await ld.create({name: 'everything', privileges: [{role: 'allow:*', scope: 'policy', resource: '*'}]});
		expect(policy.token).toMatchObject({admin: true, privileges: [{role: 'allow:*', scope: 'policy', resource: '*'}]});
		expectNoSecrets(sim, service.token, policy.token);
	});

	it('refuses what LaunchDarkly cannot honour before sending', async () => {
		const sim = await startSimulator();
		const ld = providerFor(sim);
		await expect(ld.create({name: 'x'})).rejects.toThrow(/needs privileges/);
		await expect(ld.create({name: 'x', privileges: [{role: 'reader', scope: 'account', resource: null}], allowedIps: ['10.0.0.0/8']})).rejects.toThrow(/no IP allow-list/);
		await expect(ld.create({name: 'x', privileges: [{role: 'owner', scope: 'account', resource: null}]})).rejects.toBeInstanceOf(ConfigError);
		expect(sim.server.stats.requests).toBe(0);
	});

	it('says PermissionDeniedError when a reader key tries to create', async () => {
		const sim = await startSimulator();
		const error = await rejectionOf(providerFor(sim, {apiKey: sim.simulator.keyFor(account1, 'reader')}).create({name: 'x', privileges: [{role: 'reader', scope: 'account', resource: null}]}));
		expect(error).toBeInstanceOf(PermissionDeniedError);
		expect(error).toMatchObject({status: 403, vendorCode: 'forbidden'});
		expectNoSecrets(sim, error);
	});

	it('does not send a create again when its answer is lost, and says a token may exist', async () => {
		const sim = await startSimulator({tokens: 3}, {faults: {lost: 1}});
		const error = await rejectionOf(providerFor(sim).create({name: 'lost-one', privileges: [{role: 'reader', scope: 'account', resource: null}]}));
		expect(error).toBeInstanceOf(NetworkError);
		expect(String(error)).toMatch(/a token named "lost-one" may have been created/);
		expect(sim.server.stats.requests).toBe(1);
		expect(sim.simulator.tokens(account1).some(token => token.name === 'lost-one')).toBe(true);
		expectNoSecrets(sim, error);
	});
});

describe('LaunchDarkly provider: update', () => {
	it('renames, describes and changes access through JSON Patch, and the change sticks', async () => {
		const sim = await startSimulator();
		const ld = providerFor(sim);
		const {token} = await ld.create({name: 'changing', privileges: [{role: 'reader', scope: 'account', resource: null}]});

		const renamed = await ld.update(token.id, {name: 'changed', description: 'now described'});
		expect(renamed).toMatchObject({id: token.id, name: 'changed', description: 'now described', privileges: token.privileges});

		const steps: Array<[Token['privileges'], boolean]> = [
			[[{role: 'flag-editor', scope: 'custom-role', resource: null}], false],
			[[{role: 'allow:*', scope: 'policy', resource: '*'}, {role: 'deny:deleteProject', scope: 'policy', resource: 'proj/*'}], true],
			[[{role: 'admin', scope: 'account', resource: null}], true],
			[[{role: 'writer', scope: 'account', resource: null}], false],
		];
		for (const [privileges, admin] of steps) {
			const updated = await ld.update(token.id, {privileges});
			expect(updated.admin).toBe(admin);
			expect(updated.privileges.map(privilege => privilege.scope)).toEqual(privileges.map(privilege => privilege.scope));
			expect(await ld.get(token.id)).toEqual(updated);
		}
	});

	it('sends no patch when nothing is asked, and says NotFoundError for an unknown id', async () => {
		const sim = await startSimulator();
		const ld = providerFor(sim);
		const [first] = sim.simulator.tokens(account1);
		const watched = watchedFetch();
		const same = await providerFor(sim, {fetch: watched.fetch}).update(first?._id ?? '', {});
		expect(same.id).toBe(first?._id);
		expect(watched.requests.map(request => request.method)).toEqual(['GET']);
		await expect(ld.update('000000000000000000000000', {name: 'x'})).rejects.toBeInstanceOf(NotFoundError);
	});

	it('refuses a custom role the account does not have, naming vendor, account and key, before sending the patch', async () => {
		const sim = await startSimulator();
		const ld = providerFor(sim);
		const {token} = await ld.create({name: 'strict', privileges: [{role: 'reader', scope: 'account', resource: null}]});
		const before = sim.server.stats.requests;
		const error = await rejectionOf(ld.update(token.id, {privileges: [{role: 'no-such-role', scope: 'custom-role', resource: null}]}));
		expect(error).toBeInstanceOf(ConfigError);
		expect(String(error)).toContain('[tokenkit:launchdarkly] account "launchdarkly-account-1": unknown custom role "no-such-role"');
		// The roles were listed; nothing was read or patched.
		expect(sim.server.stats.requests - before).toBe(1);
		expectNoSecrets(sim, error);
		expect((await ld.get(token.id)).privileges).toEqual(token.privileges);
	});

	it('passes on the vendor\'s refusal of a custom role id it does not know', async () => {
		const sim = await startSimulator();
		const {token} = await providerFor(sim).create({name: 'strict', kind: 'service', privileges: [{role: 'reader', scope: 'account', resource: null}]});
		// A key that may not list roles sends an id as given, and LaunchDarkly is the judge.
		const made = await sim.admin('POST', '/api/v2/tokens', {body: {name: 'flags-only', serviceToken: true, customRoleIds: ['token-manager']}});
		const rolesBlind = providerFor(sim, {apiKey: valid(TokenWithKeySchema, made.body).token});
		const error = await rejectionOf(rolesBlind.update(token.id, {privileges: [{role: '5f0000000000000000000abc', scope: 'custom-role', resource: null}]}));
		expect(error).toBeInstanceOf(BadRequestError);
		expect(error).toMatchObject({status: 400, vendorCode: 'invalid_request', method: 'PATCH'});
		expectNoSecrets(sim, error);
	});
});

describe('LaunchDarkly provider: delete', () => {
	it('deletes a token, which then neither lists nor authenticates', async () => {
		const sim = await startSimulator({tokens: 10});
		const ld = providerFor(sim);
		const {token, secret} = await ld.create({name: 'doomed', kind: 'service', privileges: [{role: 'reader', scope: 'account', resource: null}]});
		await ld.delete(token.id);
		expect((await collect(ld.list())).map(listed => listed.id)).not.toContain(token.id);
		await expect(providerFor(sim, {apiKey: secret.reveal()}).get(token.id)).rejects.toBeInstanceOf(AuthenticationError);
		await expect(ld.get(token.id)).rejects.toBeInstanceOf(NotFoundError);
		await expect(ld.delete(token.id)).rejects.toBeInstanceOf(NotFoundError);
	});

	it('counts a delete retried after a lost answer as done', async () => {
		const sim = await startSimulator({tokens: 10}, {faults: {lost: 0.5}, seed: 8});
		const ld = providerFor(sim, {retry: {attempts: 5, baseDelay: 1}});
		const [, victim] = sim.simulator.tokens(account1).filter(token => token.name?.startsWith('tokenkit-sim-') !== true);
		await ld.delete(victim?._id ?? '');
		expect(sim.simulator.tokens(account1).map(token => token._id)).not.toContain(victim?._id);
		expect(sim.server.stats.faults.lost).toBeGreaterThan(0);
	});

	it('says PermissionDeniedError when a reader key tries to delete, and deletes nothing', async () => {
		const sim = await startSimulator();
		const [first] = sim.simulator.tokens(account1);
		const error = await rejectionOf(providerFor(sim, {apiKey: sim.simulator.keyFor(account1, 'reader')}).delete(first?._id ?? ''));
		expect(error).toBeInstanceOf(PermissionDeniedError);
		expect(sim.simulator.tokens(account1)).toHaveLength(29);
		expectNoSecrets(sim, error);
	});
});

describe('LaunchDarkly provider: errors', () => {
	it('reports an unknown key as AuthenticationError, once, without printing the key', async () => {
		const sim = await startSimulator();
		const apiKey = 'api-00000000-0000-4000-8000-000000000000';
		const error = await rejectionOf(collect(providerFor(sim, {apiKey}).list()));
		expect(error).toBeInstanceOf(AuthenticationError);
		expect(error).toMatchObject({provider: 'launchdarkly', account: account1, status: 401});
		expect(String(error)).toMatch(/^AuthenticationError: \[tokenkit:launchdarkly\] account "launchdarkly-account-1": GET \/api\/v2\/tokens\?limit=1000&offset=0&showAll=true answered HTTP 401/);
		expect(`${String(error)} ${inspect(error)}`).not.toContain(apiKey);
		// The page and the caller's identity asked beside it, each once.
		expect(sim.server.stats.requests).toBe(2);
	});

	it('rejects a body that is not JSON after retrying', async () => {
		const sim = await startSimulator({}, {faults: {malformed: 1}});
		const error = await rejectionOf(collect(providerFor(sim, {retry: {attempts: 2, baseDelay: 1}}).list()));
		expect(error).toBeInstanceOf(MalformedResponseError);
		// Two attempts at the page, and two at the caller's identity asked beside it.
		expect(sim.server.stats.requests).toBe(4);
		expectNoSecrets(sim, error);
	});

	it('rejects a list of the wrong shape, naming each broken field', async () => {
		const server = await loopback((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(JSON.stringify({items: [{_id: 5, ownerId: 'o', memberId: 'm', _links: {}, lastModified: 1.5}], totalCount: 1}));
		});
		const apiKey = 'api-11111111-1111-4111-8111-111111111111';
		const error = await rejectionOf(collect(createLaunchDarklyProvider({apiKey, baseUrl: server.url, account: account1}).list())).finally(async () => server.close());
		expect(error).toBeInstanceOf(ResponseShapeError);
		expect(error).toMatchObject({provider: 'launchdarkly', account: account1, status: 200});
		expect(String(error)).toContain('items.0._id: expected string, got a number');
		expect(String(error)).toContain('items.0.creationDate: required field is missing');
		expect(String(error)).toContain('items.0.lastModified');
		expect(inspect(error)).not.toContain(apiKey);
	});

	it('rejects a create answer without the new key, without printing what came instead', async () => {
		const server = await loopback((_request, response) => {
			response.writeHead(201, {'content-type': 'application/json'});
			response.end(JSON.stringify({_id: 'a', ownerId: 'o', memberId: 'm', _links: {}, creationDate: 1_700_000_000_000, lastModified: 1_700_000_000_000, token: 42}));
		});
		const error = await rejectionOf(createLaunchDarklyProvider({apiKey: 'k', baseUrl: server.url}).create({name: 'x', privileges: [{role: 'reader', scope: 'account', resource: null}]})).finally(async () => server.close());
		expect(error).toBeInstanceOf(ResponseShapeError);
		expect(String(error)).toContain('token: expected string, got a number');
	});

	it('declares what LaunchDarkly can do', async () => {
		const sim = await startSimulator();
		const ld = providerFor(sim);
		expect(ld.capabilities).toBe(launchDarklyCapabilities);
		const {rotation, ...rest} = ld.capabilities;
		expect(rest).toEqual({
			operations: {list: true, get: true, create: true, update: true, delete: true, rotate: true},
			pagination: 'offset',
			maxPageSize: 1000,
			fields: {expiry: false, lastUsed: true, ipAllowList: false, description: true, owner: true},
		});
		expect(rotation).toMatchObject({name: 'reset', renews: 'same-id', oldKey: 'vendor-expires', retrySafe: false});
		expect(ld.provider).toBe('launchdarkly');
		expect(ld.account).toBe(account1);
		expect(launchDarklyScopes).toEqual({account: 'account', customRole: 'custom-role', policy: 'policy', memberCap: 'member-cap'});
		expectTypeOf(ld).toExtend<TokenProvider>();
		expectTypeOf(launchDarklyCapabilities).toExtend<Capabilities>();
	});
});

describe('LaunchDarkly provider: options', () => {
	it.each<[LaunchDarklyInstance | undefined, string]>([
		[undefined, 'https://app.launchdarkly.com'],
		['us', 'https://app.launchdarkly.com'],
		['eu', 'https://app.eu.launchdarkly.com'],
		['federal', 'https://app.launchdarkly.us'],
	])('instance %s talks to %s', async (instance, origin) => {
		const requests: URL[] = [];
		const ld = createLaunchDarklyProvider({
			apiKey: 'api-key',
			...(instance === undefined ? {} : {instance}),
			async fetch(input) {
				requests.push(new URL(new Request(input).url));
				return Promise.resolve(Response.json({items: [], totalCount: 0}));
			},
		});
		expect(await collect(ld.list())).toEqual([]);
		expect(requests.map(url => `${url.origin}${url.pathname}`).sort()).toEqual([`${origin}/api/v2/caller-identity`, `${origin}/api/v2/tokens`]);
		expect(launchDarklyInstances[instance ?? 'us']).toBe(origin);
	});

	it.each<[string, Parameters<typeof createLaunchDarklyProvider>[0], RegExp]>([
		['instance and baseUrl together', {apiKey: 'k', instance: 'eu', baseUrl: 'https://ld.example.com'}, /either instance or baseUrl/],
		['a page size of 0', {apiKey: 'k', pageSize: 0}, /pageSize must be a whole number from 1 to 1000/],
		['a page size over 1000', {apiKey: 'k', pageSize: 1001}, /pageSize/],
		['a concurrency of 0', {apiKey: 'k', concurrency: 0}, /concurrency must be a whole number of at least 1/],
		['an empty key', {apiKey: ''}, /apiKey is missing/],
		['a key with a trailing newline', {apiKey: 'api-x\n'}, /line break/],
		['plain HTTP to another host', {apiKey: 'k', baseUrl: 'http://ld.example.com'}, /plain HTTP/],
	])('refuses %s at construction', (_name, options, message) => {
		expect(() => createLaunchDarklyProvider(options)).toThrow(ConfigError);
		expect(() => createLaunchDarklyProvider(options)).toThrow(message);
	});

	it('refuses an instance it does not know, as a config file might name one', () => {
		const options: LaunchDarklyProviderOptions = {apiKey: 'k'};
		Reflect.set(options, 'instance', 'moon');
		expect(() => createLaunchDarklyProvider(options)).toThrow(/unknown LaunchDarkly instance "moon"; known: us, eu, federal/);
		Reflect.set(options, 'instance', 'toString');
		expect(() => createLaunchDarklyProvider(options)).toThrow(ConfigError);
		const notBoolean: LaunchDarklyProviderOptions = {apiKey: 'k'};
		Reflect.set(notBoolean, 'showAll', 'yes');
		expect(() => createLaunchDarklyProvider(notBoolean)).toThrow(/showAll must be true or false/);
	});
});
