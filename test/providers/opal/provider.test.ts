import {createServer} from 'node:http';
import {inspect} from 'node:util';
import {describe, expect, it} from 'vitest';
import {createOpalProvider, opalCapabilities, type OpalProviderOptions} from '../../../providers/opal/index.js';
import {
	AuthenticationError,
	ConfigError,
	MalformedResponseError,
	NotFoundError,
	PermissionDeniedError,
	ResponseShapeError,
	UnsupportedOperationError,
} from '../../../src/errors/index.js';
import type {HttpEvent} from '../../../src/http/options.js';
import {collect} from '../../support/collect.js';
import {useOpal, type RunningOpal} from './support.js';

const start = useOpal();
const account = 'opal-org-1';

function provider(opal: RunningOpal, options: Partial<OpalProviderOptions> = {}) {
	return createOpalProvider({
		apiKey: opal.simulator.keyFor(account, 'admin'),
		baseUrl: opal.baseUrl,
		account,
		retry: {baseDelay: 5},
		...options,
	});
}

/**
The simulator's tokens in the order a whole listing gives them: the credential's, told by its `token_preview`,
comes last, once the listing has shown it is the only match.
*/
function ownCredentialLast(opal: RunningOpal): string[] {
	const key = opal.simulator.keyFor(account, 'admin');
	const tokens = opal.simulator.tokens(account);
	const own = (token: (typeof tokens)[number]): boolean => key.startsWith(token.token_preview ?? '\u0000');
	return [...tokens.filter(token => !own(token)), ...tokens.filter(token => own(token))].map(token => token.token_id);
}

describe('Opal provider: list', () => {
	it.each([1, 7, 200, 1000])('returns exactly the seeded tokens with pages of %i', async pageSize => {
		const opal = await start({tokens: 40});
		const listed = await collect(provider(opal).list({pageSize}));
		const expected = ownCredentialLast(opal);
		expect(listed.map(token => token.id)).toEqual(expected);
		expect(new Set(listed.map(token => token.id)).size).toBe(expected.length);
		expect(listed.every(token => token.provider === 'opal' && token.account === account)).toBe(true);
	});

	it('returns every token when the server serves fewer than asked per page', async () => {
		const opal = await start({tokens: 30, maxResultsPerPage: 4});
		const listed = await collect(provider(opal).list());
		expect(listed.map(token => token.id)).toEqual(ownCredentialLast(opal));
		expect(opal.server.stats.requests).toBeGreaterThan(7);
	});

	it('asks for the largest page by default: one request for 40 tokens', async () => {
		const opal = await start({tokens: 40});
		// Owners off: only the token pages are counted here.
		await collect(provider(opal, {resolveOwners: false}).list());
		expect(opal.server.stats.requests).toBe(1);
	});

	it('filters by user and by token ids', async () => {
		const opal = await start({tokens: 30});
		const all = opal.simulator.tokens(account);
		const someone = all[3]?.user_id ?? '';
		const byUser = await collect(provider(opal).list({userId: someone}));
		expect(byUser.map(token => token.id)).toEqual(all.filter(token => token.user_id === someone).map(token => token.token_id));

		const wanted = [all[1]?.token_id ?? '', all[5]?.token_id ?? ''];
		const byIds = await collect(provider(opal).list({tokenIds: wanted}));
		expect(byIds.map(token => token.id).sort()).toEqual([...wanted].sort());
	});

	it('stops sending requests when the caller leaves the loop: the next page, already asked for, is the last', async () => {
		const opal = await start({tokens: 30});
		for await (const token of provider(opal, {resolveOwners: false}).list({pageSize: 2})) {
			expect(token.id).toBeTruthy();
			break;
		}

		const sent = opal.server.stats.requests;
		expect(sent).toBeLessThanOrEqual(2);
		await new Promise(resolve => setTimeout(resolve, 100));
		expect(opal.server.stats.requests).toBe(sent);
	});

	it('rejects a page size Opal does not allow, before sending', async () => {
		const opal = await start();
		await expect(collect(provider(opal).list({pageSize: 1001}))).rejects.toBeInstanceOf(ConfigError);
		expect(opal.server.stats.requests).toBe(0);
	});

	it('completes with exactly the seeded tokens through 500s, 503s, resets and cut bodies', async () => {
		const opal = await start({tokens: 60}, {faults: {'500': 0.1, '503': 0.1, reset: 0.05, truncate: 0.05}, seed: 3});
		const events: HttpEvent[] = [];
		const listed = await collect(provider(opal, {onEvent: event => events.push(event), retry: {attempts: 10, baseDelay: 1}}).list({pageSize: 5}));
		expect(listed.map(token => token.id)).toEqual(ownCredentialLast(opal));
		expect(events.filter(event => event.type === 'retry').length).toBeGreaterThan(0);
	});

	it('backs off and finishes when Opal answers 429 without Retry-After', async () => {
		// The real clock, so the simulator's rate-limit windows move on.
		const opal = await start({tokens: 30, rateLimit: {limit: 3, windowMs: 200}, now: Date.now});
		const events: HttpEvent[] = [];
		const fast = provider(opal, {limiter: {requestsPerSecond: 1000, burst: 1000}, retry: {attempts: 10, baseDelay: 50}, onEvent: event => events.push(event)});
		const listed = await collect(fast.list({pageSize: 3}));
		expect(listed).toHaveLength(opal.simulator.tokens(account).length);
		expect(events.some(event => event.type === 'retry' && event.reason.includes('429'))).toBe(true);
	});
});

describe('Opal provider: get and delete', () => {
	it('gets one token through the token_ids filter', async () => {
		const opal = await start();
		const [first] = opal.simulator.tokens(account);
		const token = await provider(opal).get(first?.token_id ?? '');
		expect(token.id).toBe(first?.token_id);
		expect(token.name).toBe(first?.token_label);
	});

	it('says NotFoundError for an id that is not there', async () => {
		const opal = await start();
		await expect(provider(opal).get('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
	});

	it('deletes a token, which then neither lists nor authenticates', async () => {
		const opal = await start({tokens: 10});
		const victim = opal.simulator.tokens(account).find(token => token.token_id !== '' && opal.simulator.keyOf(account, token.token_id) !== opal.simulator.keyFor(account, 'admin'));
		const id = victim?.token_id ?? '';
		await provider(opal).delete(id);
		const listed = await collect(provider(opal).list());
		expect(listed.map(token => token.id)).not.toContain(id);
		await expect(collect(provider(opal, {apiKey: opal.simulator.keyOf(account, id)}).list())).rejects.toBeInstanceOf(AuthenticationError);
		await expect(provider(opal).delete(id)).rejects.toBeInstanceOf(NotFoundError);
	});
});

describe('Opal provider: errors', () => {
	it('reports an unknown key as AuthenticationError without printing the key', async () => {
		const opal = await start();
		const apiKey = 'f'.repeat(64);
		const error: unknown = await collect(provider(opal, {apiKey}).list()).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(AuthenticationError);
		expect(error).toMatchObject({provider: 'opal', account, status: 401});
		expect(`${String(error)} ${inspect(error)}`).not.toContain(apiKey);
		expect(opal.server.stats.requests).toBe(1);
	});

	it('reports a non-admin key as PermissionDeniedError: listing is admin only', async () => {
		const opal = await start();
		const error: unknown = await collect(provider(opal, {apiKey: opal.simulator.keyFor(account, 'member')}).list()).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(PermissionDeniedError);
		expect(String(error)).toMatch(/^PermissionDeniedError: \[tokenkit:opal\] account "opal-org-1": GET \/v1\/tokens\?page_size=1000 answered HTTP 403/);
	});

	it('rejects a body that is not JSON after retrying, and one of the wrong shape naming the field', async () => {
		const opal = await start({}, {faults: {malformed: 1}});
		await expect(collect(provider(opal, {retry: {attempts: 2, baseDelay: 1}}).list())).rejects.toBeInstanceOf(MalformedResponseError);

		const server = createServer((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(JSON.stringify({results: [{token_id: 'not-a-uuid', token_label: 3}]}));
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		const address = server.address();
		const port = typeof address === 'object' && address !== null ? address.port : 0;
		const error: unknown = await collect(createOpalProvider({apiKey: 'k'.repeat(64), baseUrl: `http://127.0.0.1:${port}/v1`, account}).list())
			.catch((caught: unknown) => caught)
			.finally(() => server.close());
		expect(error).toBeInstanceOf(ResponseShapeError);
		expect(String(error)).toContain('results.0.token_id');
		expect(String(error)).toContain('results.0.token_label: expected string, got a number');
		expect(String(error)).toContain('results.0.created_at: required field is missing');
	});

	it('declares what Opal cannot do, and says what to do instead when asked', async () => {
		const opal = await start();
		const opalProvider = provider(opal);
		expect(opalProvider.capabilities).toEqual(opalCapabilities);
		expect(opalProvider.capabilities.operations).toEqual({list: true, get: true, create: false, update: false, delete: true, rotate: false});
		const [first] = opal.simulator.tokens(account);
		const rotation: unknown = await opalProvider.rotate(first?.token_id ?? '').catch((caught: unknown) => caught);
		expect(rotation).toBeInstanceOf(UnsupportedOperationError);
		// The adapter cannot know how it was called: the command to revoke the old token is the caller's to add.
		expect(String(rotation)).toContain('switch your systems to it, then revoke the old token');
		expect(String(rotation)).not.toContain('tokenkit revoke');
		await expect(opalProvider.create({name: 'x'})).rejects.toThrow(/web UI/);
		await expect(opalProvider.update('x', {name: 'y'})).rejects.toBeInstanceOf(UnsupportedOperationError);
		expect(opal.server.stats.requests).toBe(0);
	});

	it('refuses an empty key, a key with a trailing newline, and plain HTTP to another host, at construction', () => {
		expect(() => createOpalProvider({apiKey: ''})).toThrow(ConfigError);
		expect(() => createOpalProvider({apiKey: 'abc\n'})).toThrow(/trailing whitespace or a line break/);
		expect(() => createOpalProvider({apiKey: 'abc', baseUrl: 'http://opal.example.com/v1'})).toThrow(/plain HTTP/);
	});
});
