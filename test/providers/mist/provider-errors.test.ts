import {describe, expect, it} from 'vitest';
import {createMistProvider, type MistProviderOptions} from '../../../providers/mist/index.js';
import {
	AuthenticationError,
	HttpError,
	MalformedResponseError,
	PaginationError,
	PermissionDeniedError,
	RateLimitError,
	ResponseShapeError,
	ServerError,
} from '../../../src/errors/index.js';
import type {HttpEvent} from '../../../src/http/options.js';
import {sendJson, useLoopbackServers, type LoopbackServer} from '../../support/loopback-server.js';
import {account, collect, expectNoSecrets, failure, orgProvider, selfProvider} from './provider-support.js';
import {useMist} from './support.js';

const start = useMist();
const startServer = useLoopbackServers();

const orgId = '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const apiKey = 'LoopbackCredential0123456789abcdefghijklmnopqrstuvwxyz';
const mintedKey = 'MintedKey9876543210zyxwvutsrqponmlkjihgfedcbaMINTED';
const tokensPath = `/api/v1/orgs/${orgId}/apitokens`;

/** A valid org token record, as Mist lists it. */
function record(id: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
	return {id, org_id: orgId, name: `token-${id.slice(0, 4)}`, key: 'abcd...wxyz', created_by: 'ana@example.com', created_time: 1_700_000_000, last_used: null, privileges: [{role: 'read', scope: 'org', org_id: orgId}], ...fields};
}

const ids = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333', '44444444-4444-4444-8444-444444444444', '55555555-5555-4555-8555-555555555555'] as const;

function loopbackProvider(server: LoopbackServer, options: Partial<MistProviderOptions> = {}) {
	return createMistProvider({apiKey, baseUrl: server.url, orgId, account: 'loopback', retry: {attempts: 1}, ...options});
}

describe('Mist provider: HTTP errors from the simulator', () => {
	it('reports an unknown key as AuthenticationError, once, without printing the key', async () => {
		const mist = await start();
		const unknownKey = 'f'.repeat(72);
		const error = await failure(collect(orgProvider(mist, {apiKey: unknownKey}).list()));
		expect(error).toBeInstanceOf(AuthenticationError);
		expect(error).toMatchObject({provider: 'mist', account, status: 401, vendorMessage: 'Invalid token.'});
		expect(String(error)).toMatch(/^AuthenticationError: \[tokenkit:mist\] account "mist-org-1": GET \/api\/v1\/orgs\/[\da-f-]{36}\/apitokens answered HTTP 401/);
		expectNoSecrets(error, [unknownKey, ...mist.simulator.allSecrets()]);
		expect(mist.server.stats.requests).toBe(1);
	});

	it('refuses a read-only key every write with PermissionDeniedError, and changes nothing', async () => {
		const mist = await start();
		const readOnly = orgProvider(mist, {apiKey: mist.simulator.keyFor(account, 'org-read')});
		const before = mist.simulator.tokens(account);
		expect((await collect(readOnly.list())).length).toBe(before.length);
		const victim = before.find(token => token.name === 'tokenkit-admin')?.id ?? '';
		const errors = [
			await failure(readOnly.create({name: 'x', privileges: [{role: 'read', scope: 'org', resource: null}]})),
			await failure(readOnly.delete(victim)),
			await failure(readOnly.update(victim, {name: 'renamed', privileges: [{role: 'read', scope: 'org', resource: null}]})),
			await failure(readOnly.rotate(victim)),
		];
		for (const error of errors) {
			expect(error).toBeInstanceOf(PermissionDeniedError);
			expect(error).toMatchObject({status: 403, provider: 'mist', account});
			expectNoSecrets(error, mist.simulator.allSecrets());
		}

		// Only the read-only key's own last use moved.
		const shape = (tokens: typeof before) => tokens.map(({id, name, privileges, src_ips: srcIps}) => ({id, name, privileges, srcIps}));
		expect(shape(mist.simulator.tokens(account))).toEqual(shape(before));
	});

	it('refuses a key of one org on another org\'s tokens', async () => {
		const mist = await start();
		const error = await failure(collect(orgProvider(mist, {orgId: mist.simulator.orgId('mist-org-2')}).list()));
		expect(error).toBeInstanceOf(PermissionDeniedError);
	});

	it('backs off on a 429 without Retry-After (Mist documents none), then finishes', async () => {
		// A tiny limit and the real clock, so the simulator's window moves on while the client backs off.
		const mist = await start({rateLimit: {limit: 2, windowMs: 500}, now: Date.now});
		const events: HttpEvent[] = [];
		const provider = orgProvider(mist, {retry: {attempts: 6, baseDelay: 100}, onEvent: event => events.push(event)});
		const [first] = mist.simulator.tokens(account);
		for (let call = 0; call < 5; call++) {
			expect((await provider.get(first?.id ?? '')).id).toBe(first?.id);
		}

		const retries = events.flatMap(event => (event.type === 'retry' ? [event] : []));
		expect(retries.length).toBeGreaterThan(0);
		expect(retries.every(retry => retry.reason.includes('429'))).toBe(true);
		// No header to follow: the waits are the client's own backoff, which grows.
		expect(retries.some(retry => retry.delay > 0)).toBe(true);
	});

	it('waits out a 429 for as long as Retry-After says, when the simulator is told to send one, then finishes', async () => {
		// A tiny limit and the real clock, so the simulator's window moves on while the client waits.
		const mist = await start({rateLimit: {limit: 2, windowMs: 1000, retryAfter: true}, now: Date.now});
		const events: HttpEvent[] = [];
		const provider = orgProvider(mist, {retry: {attempts: 3, baseDelay: 1}, onEvent: event => events.push(event)});
		const [first] = mist.simulator.tokens(account);
		const retries = () => events.flatMap(event => (event.type === 'retry' ? [event] : []));
		const started = performance.now();
		// Two calls fill a window; five reach past it wherever the window's edge falls. Stop at the first wait.
		for (let call = 0; call < 5 && retries().length === 0; call++) {
			expect((await provider.get(first?.id ?? '')).id).toBe(first?.id);
		}

		const [retry, ...more] = retries();
		expect(more).toEqual([]);
		expect(retry?.reason).toContain('429');
		expect(retry?.delay).toBeGreaterThanOrEqual(1000);
		expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
		expect(mist.server.stats.requests).toBeGreaterThanOrEqual(3);
	});

	it('gives up with a RateLimitError that says when, rather than wait past the cap', async () => {
		const mist = await start({rateLimit: {limit: 1, windowMs: 3_600_000, retryAfter: true}, now: Date.now});
		const provider = orgProvider(mist, {retry: {maxWait: 100}});
		// Not the credential, whose read also lists the org to tell it apart.
		const first = mist.simulator.tokens(account).find(token => !token.name.startsWith('tokenkit-'));
		await provider.get(first?.id ?? '');
		const error = await failure(provider.get(first?.id ?? ''));
		expect(error).toBeInstanceOf(RateLimitError);
		expect(error).toMatchObject({status: 429, provider: 'mist', account});
		expect(error instanceof RateLimitError && error.retryAt !== null && error.retryAt.getTime() > Date.now()).toBe(true);
		expectNoSecrets(error, mist.simulator.allSecrets());
	});

	it('retries 500s and 503s until the answer comes', async () => {
		const mist = await start({}, {faults: {'500': 0.3, '503': 0.3}, retryAfterSeconds: 0, seed: 7});
		const events: HttpEvent[] = [];
		const provider = orgProvider(mist, {retry: {attempts: 12, baseDelay: 1}, onEvent: event => events.push(event)});
		const listed = await collect(provider.list());
		expect(listed.map(token => token.id)).toEqual(mist.simulator.tokens(account).map(token => token.id));
		for (const token of listed.slice(0, 4)) {
			expect((await provider.get(token.id)).id).toBe(token.id);
		}

		expect(mist.server.stats.faults['500'] + mist.server.stats.faults['503']).toBeGreaterThan(0);
		expect(events.filter(event => event.type === 'retry').length).toBe(mist.server.stats.faults['500'] + mist.server.stats.faults['503']);
	});

	it('ends with ServerError once the attempts are spent, and never repeats a create', async () => {
		const mist = await start({}, {faults: {'500': 1}});
		const provider = orgProvider(mist, {retry: {attempts: 3, baseDelay: 1}});
		const error = await failure(collect(provider.list()));
		expect(error).toBeInstanceOf(ServerError);
		expect(mist.server.stats.requests).toBe(3);

		// A POST may have been applied before a 500: sending it again could mint a second token.
		const createError = await failure(provider.create({name: 'x', privileges: [{role: 'read', scope: 'org', resource: null}]}));
		expect(createError).toBeInstanceOf(ServerError);
		expect(mist.server.stats.requests).toBe(4);
		expectNoSecrets(createError, mist.simulator.allSecrets());
	});

	it('counts a DELETE whose answer was lost as done when the repeat finds the token gone', async () => {
		// With this seed the first answer is lost after the delete was applied, and the repeat gets through.
		const mist = await start({}, {faults: {lost: 0.5}, seed: 2});
		const victim = mist.simulator.tokens(account).find(token => token.name !== 'tokenkit-admin');
		await orgProvider(mist, {retry: {attempts: 3, baseDelay: 1}}).delete(victim?.id ?? '');
		expect(mist.server.stats.faults.lost).toBe(1);
		expect(mist.server.stats.requests).toBe(2);
		expect(mist.simulator.tokens(account).map(token => token.id)).not.toContain(victim?.id);
	});

	it('rejects a body that is not JSON with MalformedResponseError, after retrying', async () => {
		const mist = await start({}, {faults: {malformed: 1}});
		const error = await failure(collect(orgProvider(mist, {retry: {attempts: 2, baseDelay: 1}}).list()));
		expect(error).toBeInstanceOf(MalformedResponseError);
		expect(String(error)).toMatch(/GET \/api\/v1\/orgs\/[\da-f-]{36}\/apitokens returned HTTP 200 with a body that is not valid JSON/);
		expect(mist.server.stats.requests).toBe(2);
		expectNoSecrets(error, mist.simulator.allSecrets());
	});
});

describe('Mist provider: answers of the wrong shape', () => {
	it('names every broken field of a list', async () => {
		const server = await startServer((_request, response) => {
			sendJson(response, 200, [record(ids[0]), {id: ids[1], org_id: orgId, name: 3, privileges: [{scope: 'org'}]}]);
		});
		const error = await failure(collect(loopbackProvider(server).list()));
		expect(error).toBeInstanceOf(ResponseShapeError);
		expect(error).toMatchObject({provider: 'mist', account: 'loopback', status: 200});
		const text = String(error);
		expect(text).toContain('1.name: expected string, got a number');
		// The spec requires only `name`: a missing creation time is no error (it reads as unknown).
		expect(text).not.toContain('created_time');
		expect(text).toContain('1.privileges.0.role: required field is missing');
		expectNoSecrets(error, [apiKey]);
	});

	it('refuses a create answer without the key, and does not read on', async () => {
		const server = await startServer((_request, response) => {
			sendJson(response, 200, record(ids[0], {key: undefined}));
		});
		const error = await failure(loopbackProvider(server).create({name: 'x', privileges: [{role: 'read', scope: 'org', resource: null}]}));
		expect(error).toBeInstanceOf(ResponseShapeError);
		expect(String(error)).toContain('key: required field is missing');
		expect(server.requests).toHaveLength(1);
	});

	it('refuses to rotate a token whose record shows no privileges, before minting anything', async () => {
		const server = await startServer((_request, response) => {
			sendJson(response, 200, record(ids[0], {privileges: undefined}));
		});
		const error = await failure(loopbackProvider(server).rotate(ids[0]));
		expect(error).toBeInstanceOf(ResponseShapeError);
		expect(String(error)).toContain('privileges: required field is missing');
		expect(server.requests.map(request => request.method)).toEqual(['GET']);
	});

	it('treats a success that carries an "error" field as a failure, and scrubs the key from its text', async () => {
		const server = await startServer((_request, response) => {
			sendJson(response, 200, {error: `token ${apiKey} is protected`});
		});
		const error = await failure(loopbackProvider(server).delete(ids[0]));
		expect(error).toBeInstanceOf(HttpError);
		expect(error).toMatchObject({status: 200, method: 'DELETE', provider: 'mist', account: 'loopback'});
		expect(String(error)).toContain('the body holds an "error" field');
		expect(String(error)).toContain('vendor says: token [redacted] is protected');
		expectNoSecrets(error, [apiKey]);
		await expect(loopbackProvider(server).get(ids[0])).rejects.toBeInstanceOf(HttpError);
	});

	it('keeps the minted key when the read-back after a create fails: the token comes from the create answer', async () => {
		const server = await startServer((request, response) => {
			if (request.method === 'POST') {
				// As the spec warns, the create answer may leave privileges out.
				sendJson(response, 200, record(ids[0], {name: 'ci', key: mintedKey, privileges: undefined, src_ips: ['192.0.2.1']}));
				return;
			}

			sendJson(response, 500, {detail: 'A server error occurred.'});
		});
		const siteId = ids[4];
		const {token, secret} = await loopbackProvider(server).create({
			name: 'ci',
			privileges: [{role: 'write', scope: 'org', resource: null}, {role: 'helpdesk', scope: 'site', resource: siteId}],
			allowedIps: ['192.0.2.1'],
		});
		expect(secret.reveal()).toBe(mintedKey);
		expect(token).toMatchObject({
			id: ids[0],
			name: 'ci',
			privileges: [{role: 'write', scope: 'org', resource: orgId}, {role: 'helpdesk', scope: 'site', resource: siteId}],
			allowedIps: ['192.0.2.1'],
			secretHint: null,
		});
		expect(JSON.stringify(token)).not.toContain(mintedKey);
		expect(token.raw).not.toHaveProperty('key');
		expect(token.raw).not.toHaveProperty('privileges');
		expect(server.requests.map(request => request.method)).toEqual(['POST', 'GET']);
	});

	it('reads a user-token create answer that comes as a one-element array, as the spec has it', async () => {
		const server = await startServer((request, response) => {
			if (request.url === '/api/v1/self') {
				sendJson(response, 200, {email: 'ana@example.com', privileges: [{role: 'write', scope: 'org', org_id: orgId}]});
			} else if (request.method === 'POST') {
				sendJson(response, 200, [{id: ids[0], name: 'mine', key: mintedKey, created_time: 1_700_000_000, last_used: null}]);
			} else {
				sendJson(response, 200, {id: ids[0], name: 'mine', key: 'Mint...INTED', created_time: 1_700_000_000, last_used: null});
			}
		});
		const {token, secret} = await loopbackProvider(server, {scope: 'self', orgId: undefined}).create({name: 'mine'});
		expect(secret.reveal()).toBe(mintedKey);
		expect(token).toMatchObject({id: ids[0], name: 'mine', kind: 'personal', owner: {email: 'ana@example.com'}, secretHint: '…NTED'});
	});
});

describe('Mist provider: X-Page-* headers on a token list', () => {
	it('follows them when a list ever announces more than it holds', async () => {
		const server = await startServer((request, response) => {
			const page = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('page') ?? '1');
			const slice = ids.slice((page - 1) * 2, page * 2).map(id => record(id));
			sendJson(response, 200, slice, {'x-page-total': '5', 'x-page-limit': '2', 'x-page-page': String(page)});
		});
		const listed = await collect(loopbackProvider(server).list());
		expect(listed.map(token => token.id)).toEqual([...ids]);
		expect(server.requests.map(request => request.url)).toEqual([tokensPath, `${tokensPath}?page=2&limit=2`, `${tokensPath}?page=3&limit=2`]);
	});

	it('sends one request when the headers say everything is there', async () => {
		const server = await startServer((_request, response) => {
			sendJson(response, 200, ids.map(id => record(id)), {'x-page-total': '5', 'x-page-limit': '100', 'x-page-page': '1'});
		});
		expect(await collect(loopbackProvider(server).list())).toHaveLength(5);
		expect(server.requests).toHaveLength(1);
	});

	it('fails with PaginationError rather than return part of a list whose pages repeat', async () => {
		const server = await startServer((_request, response) => {
			sendJson(response, 200, ids.slice(0, 2).map(id => record(id)), {'x-page-total': '5', 'x-page-limit': '2', 'x-page-page': '1'});
		});
		const error = await failure(collect(loopbackProvider(server).list()));
		expect(error).toBeInstanceOf(PaginationError);
		expect(String(error)).toContain(`token id "${ids[0]}" was listed twice (again on page 2)`);
		expect(server.requests).toHaveLength(2);
	});

	it('fails with PaginationError on an announced page that comes back empty', async () => {
		const server = await startServer((request, response) => {
			const page = new URL(request.url ?? '/', 'http://x').searchParams.get('page');
			sendJson(response, 200, page === null ? ids.slice(0, 2).map(id => record(id)) : [], {'x-page-total': '5', 'x-page-limit': '2', 'x-page-page': '1'});
		});
		const error = await failure(collect(loopbackProvider(server).list()));
		expect(error).toBeInstanceOf(PaginationError);
		expect(String(error)).toContain('Mist announced 5 tokens in pages of 2 (X-Page-* headers), but page 2 added none');
	});

	it('fails with PaginationError on an id listed twice in the one answer, with no paging at all', async () => {
		const server = await startServer((_request, response) => {
			sendJson(response, 200, [ids[0], ids[1], ids[0]].map(id => record(id)));
		});
		const error = await failure(collect(loopbackProvider(server).list()));
		expect(error).toBeInstanceOf(PaginationError);
		expect(String(error)).toContain(`[tokenkit:mist] account "loopback": token id "${ids[0]}" was listed twice (again in the list)`);
	});

	it('works the same for user tokens', async () => {
		const server = await startServer((request, response) => {
			const url = new URL(request.url ?? '/', 'http://x');
			if (url.pathname === '/api/v1/self') {
				sendJson(response, 200, {email: 'ana@example.com', privileges: []});
				return;
			}

			const page = Number(url.searchParams.get('page') ?? '1');
			const slice = ids.slice((page - 1) * 3, page * 3).map(id => ({id, name: 'mine', key: 'abcd...wxyz', created_time: 1_700_000_000, last_used: null}));
			sendJson(response, 200, slice, {'x-page-total': '5', 'x-page-limit': '3'});
		});
		const listed = await collect(loopbackProvider(server, {scope: 'self', orgId: undefined}).list());
		expect(listed.map(token => token.id)).toEqual([...ids]);
	});
});

describe('Mist provider: keys never in errors', () => {
	it('keeps the credential and every minted key out of every error a session produced', async () => {
		const mist = await start();
		const provider = orgProvider(mist);
		const minted = await provider.create({name: 'short-lived', privileges: [{role: 'read', scope: 'org', resource: null}], allowedIps: ['198.51.100.7']});
		const errors = [
			// The minted key used from loopback, which its allow-list does not name.
			await failure(collect(orgProvider(mist, {apiKey: minted.secret.reveal()}).list())),
			await failure(provider.get('00000000-0000-4000-8000-000000000000')),
			await failure(collect(selfProvider(mist, {apiKey: minted.secret.reveal()}).list())),
			await failure(provider.update(minted.token.id, {allowedIps: ['198.51.100.8']})),
		];
		await provider.delete(minted.token.id);
		errors.push(await failure(collect(orgProvider(mist, {apiKey: minted.secret.reveal()}).list())));
		expect(errors.map(error => error instanceof Error ? error.name : 'not an error')).toEqual(['PermissionDeniedError', 'NotFoundError', 'PermissionDeniedError', 'ConfigError', 'AuthenticationError']);
		for (const error of errors) {
			expectNoSecrets(error, [minted.secret.reveal(), ...mist.simulator.allSecrets()]);
		}
	});
});
