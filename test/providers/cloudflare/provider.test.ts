import {describe, expect, it} from 'vitest';
import {isConfigError, isHttpError, isRateLimitError} from '../../../src/errors/guards.js';
import {account, collect, expectNoSecrets, failure, useCloudflare} from './support.js';

const start = useCloudflare();
const day = 86_400_000;

/** A clock that starts at the beginning of a five-minute window, so a test's requests never straddle two. */
function windowAligned(): () => number {
	const started = Date.now();
	return () => 1_800_000_000_000 + (Date.now() - started);
}

describe('the Cloudflare provider against its simulator', () => {
	it('lists every account token across pages until an empty page, expired ones included, with the envelope checked', async () => {
		const cloudflare = await start({tokens: 120});
		const tokens = await collect(cloudflare.provider({pageSize: 5}).list());
		const stored = cloudflare.simulator.tokens(account);
		expect(tokens.map(token => token.id).sort()).toEqual(stored.map(token => token['id']).sort());
		const lists = cloudflare.seen.filter(request => request.path.endsWith('/tokens'));
		// 123 tokens in pages of 5: 25 pages, and the empty 26th that ends the listing.
		expect(lists).toHaveLength(Math.ceil(stored.length / 5) + 1);
		expect(lists.every(request => request.query.get('include_expired') === 'true' && request.query.get('per_page') === '5')).toBe(true);
		expect(lists.map(request => request.query.get('page'))).toEqual(lists.map((_, index) => String(index + 1)));
		expect(tokens.some(token => token.status === 'expired')).toBe(true);
		expect(tokens.some(token => token.status === 'disabled')).toBe(true);
	});

	it('asks for 50 a page by default, the most Cloudflare serves', async () => {
		const cloudflare = await start({tokens: 60});
		await collect(cloudflare.provider().list());
		const pages = cloudflare.seen.filter(request => request.path.endsWith('/tokens'));
		// 63 tokens (60 seeded, the simulator's three keys): 50, 13, and the empty page.
		expect(pages.map(request => request.query.get('per_page'))).toEqual(['50', '50', '50']);
	});

	it('marks the token it authenticates with, in each scope, through the verify endpoints', async () => {
		const cloudflare = await start({tokens: 6});
		const accountTokens = await collect(cloudflare.provider().list());
		expect(accountTokens.filter(token => token.ownCredential).map(token => token.id)).toEqual([cloudflare.simulator.tokenIdFor(account, 'admin')]);
		const userTokens = await collect(cloudflare.provider({scope: 'user'}).list());
		expect(userTokens.filter(token => token.ownCredential).map(token => token.id)).toEqual([cloudflare.simulator.tokenIdFor(account, 'user-admin')]);
		// A user token listing the account's tokens is none of them: nothing is marked.
		const byUserKey = await collect(cloudflare.provider({role: 'user-admin', account: 'by-user'}).list());
		expect(byUserKey.length).toBe(accountTokens.length);
		expect(byUserKey.some(token => token.ownCredential)).toBe(false);
		expect(cloudflare.seen.filter(request => request.path.endsWith('/verify')).map(request => request.path)).toEqual([
			`/client/v4/accounts/${cloudflare.simulator.accountId(account)}/tokens/verify`,
			'/client/v4/user/tokens/verify',
			`/client/v4/accounts/${cloudflare.simulator.accountId(account)}/tokens/verify`,
		]);
	});

	it('maps each kind with its fields and units: service tokens by creator, personal tokens by the calling user', async () => {
		const cloudflare = await start({tokens: 30});
		const [service] = await collect(cloudflare.provider().list());
		const stored = cloudflare.simulator.tokens(account).find(record => record['id'] === service?.id);
		expect(service?.kind).toBe('service');
		expect(service?.createdAt?.toISOString().replace('.000Z', 'Z')).toBe(stored?.['issued_on']);
		const personal = await collect(cloudflare.provider({scope: 'user'}).list());
		expect(personal.length).toBe(cloudflare.simulator.tokens('cloudflare-user-1').length);
		expect(personal.every(token => token.kind === 'personal' && token.owner?.status === 'present' && token.owner.email?.endsWith('@example-1.com') === true)).toBe(true);
		// The seeded variety: a token issued ahead of its use, an exclude-only IP rule (no allow-list), an admin.
		const all = await collect(cloudflare.provider().list());
		expect(all.some(token => token.notBefore !== null && token.notBefore !== undefined && token.notBefore.getTime() > Date.now())).toBe(true);
		expect(all.some(token => token.allowedIps?.length === 0 && JSON.stringify(token.raw).includes('not_in'))).toBe(true);
		expect(all.some(token => token.admin === true)).toBe(true);
	});

	it('gets one token, and says which vendor and account a missing one is missing from', async () => {
		const cloudflare = await start({tokens: 3});
		const provider = cloudflare.provider();
		const id = cloudflare.simulator.tokenIdFor(account, 'read');
		expect((await provider.get(id)).name).toBe('tokenkit-read');
		const missing = await failure(provider.get('0'.repeat(32)));
		expect(isHttpError(missing) && missing.status === 404).toBe(true);
		expect(String(missing)).toMatch(/^HttpError|\[tokenkit:cloudflare\] account "cloudflare-account-1"/);
		expect(String(missing)).toContain('vendor says: Could not route');
	});

	it('creates, updates in place and deletes, keeping the secret only in the minted Secret', async () => {
		const cloudflare = await start({tokens: 3});
		const provider = cloudflare.provider();
		const zone = cloudflare.simulator.zones(account)[1]?.id ?? '';
		const {token, secret} = await provider.create({name: 'purge-bot', privileges: [{role: 'Cache Purge', scope: 'zone', resource: `com.cloudflare.api.account.zone.${zone}`}], allowedIps: ['192.0.2.0/24']});
		expect(secret.reveal()).toMatch(/^cfat_[A-Za-z\d]{48}$/);
		expect(JSON.stringify(token)).not.toContain(secret.reveal());
		expect([token.name, token.kind, token.allowedIps, token.privileges]).toEqual(['purge-bot', 'service', ['192.0.2.0/24'], [{role: 'Cache Purge', scope: 'zone', resource: `com.cloudflare.api.account.zone.${zone}`}]]);
		const expiresAt = new Date(Date.now() + 30 * day);
		const updated = await provider.update(token.id, {name: 'purge-bot-2', expiresAt, status: 'disabled'});
		// A full replace that keeps what the change left out: the policies and the allow-list.
		expect([updated.name, updated.status, updated.allowedIps, updated.privileges]).toEqual(['purge-bot-2', 'disabled', ['192.0.2.0/24'], token.privileges]);
		expect(updated.expiresAt?.getTime()).toBe(Math.floor(expiresAt.getTime() / 1000) * 1000);
		const narrowed = await provider.update(token.id, {allowedIps: [], privileges: [{role: 'Zone Read', scope: 'zone', resource: 'com.cloudflare.api.account.zone.*'}]});
		expect([narrowed.allowedIps, narrowed.privileges.map(privilege => privilege.role), narrowed.status]).toEqual([[], ['Zone Read'], 'disabled']);
		await provider.delete(token.id);
		expect(isHttpError(await failure(provider.get(token.id)))).toBe(true);
		const put = cloudflare.seen.find(request => request.method === 'PUT');
		expect(put?.body).toMatchObject({name: 'purge-bot-2', status: 'disabled', condition: {request_ip: {in: ['192.0.2.0/24']}}});
	});

	it('rolls a token: same id, new secret, the old one dead at once; sent once with a body the spec asks for', async () => {
		const cloudflare = await start({tokens: 3});
		const provider = cloudflare.provider();
		const id = cloudflare.simulator.tokenIdFor(account, 'read');
		const old = cloudflare.simulator.keyFor(account, 'read');
		const stored: string[] = [];
		const result = await provider.rotate(id, {onMinted: async minted => {
			stored.push(minted.secret.reveal());
			return Promise.resolve();
		}});
		expect([result.token.id, result.previousId, result.style, result.previous]).toEqual([id, id, 'roll', {state: 'revoked'}]);
		expect(stored).toEqual([result.secret.reveal()]);
		expect(cloudflare.simulator.secretOf(id)).toBe(result.secret.reveal());
		const withOld = cloudflare.provider({apiKey: old, retry: {attempts: 1}});
		expect(isHttpError(await failure(withOld.get(id)))).toBe(true);
		const rolls = cloudflare.seen.filter(request => request.path.endsWith('/value'));
		expect(rolls.map(request => [request.method, request.body])).toEqual([['PUT', {}]]);
	});

	it('refuses a grace period before sending anything, saying why', async () => {
		const cloudflare = await start({tokens: 1});
		const error = await failure(cloudflare.provider().rotate(cloudflare.simulator.tokenIdFor(account, 'read'), {gracePeriod: 60_000}));
		expect(isConfigError(error)).toBe(true);
		expect(String(error)).toContain('Cloudflare\'s roll invalidates the current secret at once and takes no grace period');
		expect(cloudflare.seen).toHaveLength(0);
	});

	it('honours the Ratelimit header: with nothing left, it waits for the window before the next request', async () => {
		const cloudflare = await start({tokens: 10, rateLimit: {limit: 4, windowMs: 1500, blockMs: 300_000}});
		const provider = cloudflare.provider({pageSize: 5});
		const started = Date.now();
		// Verify, three pages (10 tokens and the 3 keys: 5, 5, 3) and the empty one: the fifth request waits for the
		// next window, as the fourth answer's `Ratelimit: "default";r=0;t=…` says, and is never refused.
		const tokens = await collect(provider.list());
		expect(tokens).toHaveLength(13);
		expect(cloudflare.seen).toHaveLength(5);
		expect(Date.now() - started).toBeGreaterThanOrEqual(200);
	});

	it('stops on a 429 and its five-minute block: one attempt, a RateLimitError that says when, no key in it', async () => {
		const cloudflare = await start({tokens: 2, rateLimit: {limit: 3, windowMs: 300_000, blockMs: 300_000}, now: windowAligned()});
		const key = cloudflare.simulator.keyFor(account);
		// The dashboard and other scripts spend the same token's budget.
		for (let request = 0; request < 3; request++) {
			await fetch(`${cloudflare.server.baseUrl}/user/tokens/verify`, {headers: {authorization: `Bearer ${key}`}});
		}

		const provider = cloudflare.provider();
		const error = await failure(collect(provider.list()));
		expect(isRateLimitError(error)).toBe(true);
		const retryAt = isRateLimitError(error) ? error.retryAt?.getTime() ?? 0 : 0;
		expect(retryAt).toBeGreaterThan(Date.now() + 290_000);
		expect(retryAt).toBeLessThan(Date.now() + 302_000);
		expect(cloudflare.seen).toHaveLength(4);
		// Held until the block ends: the account's next request is not sent at all.
		expect(isRateLimitError(await failure(provider.get('x')))).toBe(true);
		expect(cloudflare.seen).toHaveLength(4);
		expectNoSecrets(error, cloudflare.simulator.allSecrets());
	});

	it('stops before the vendor refuses when the Ratelimit header says the budget is spent for longer than it waits', async () => {
		const cloudflare = await start({tokens: 2, rateLimit: {limit: 1, windowMs: 300_000, blockMs: 300_000}, now: windowAligned()});
		const error = await failure(collect(cloudflare.provider().list()));
		expect(isRateLimitError(error)).toBe(true);
		// Only the first request went: its answer said nothing was left for five minutes, so no 429 was provoked.
		expect(cloudflare.seen).toHaveLength(1);
	});

	it('names vendor, account and field for what it refuses before any request', async () => {
		const cloudflare = await start({tokens: 1});
		const cases: Array<[() => unknown, RegExp]> = [
			[() => cloudflare.provider({accountId: 'not-an-account'}), /\[tokenkit:cloudflare\].*"accountId" must be 32 lowercase hexadecimal digits/],
			[() => cloudflare.provider({accountId: undefined}), /"accountId" is required for scope 'account'/],
			[() => cloudflare.provider({scope: 'user', accountId: 'a'.repeat(32)}), /"accountId" is for scope 'account'/],
			[() => cloudflare.provider({pageSize: 100}), /"pageSize" must be a whole number from 5 to 50/],
		];
		for (const [make, message] of cases) {
			let thrown: unknown;
			try {
				make();
			} catch (error) {
				thrown = error;
			}

			expect(isConfigError(thrown), String(message)).toBe(true);
			expect(String(thrown)).toMatch(message);
		}

		const provider = cloudflare.provider();
		const bad = [
			[{name: 'x', privileges: [{role: 'DNS Write', scope: 'zone', resource: 'com.cloudflare.api.account.zone.not-a-zone'}]}, /privileges\[0\]\.resource: "not-a-zone" is not a zone id/],
			[{name: 'x', privileges: [{role: 'DNS Write', scope: 'zone', resource: null}]}, /privileges\[0\]\.resource: Cloudflare policies always name a resource/],
			[{name: 'x', description: 'why'}, /description: Cloudflare tokens have no description/],
			[{name: 'x', kind: 'personal' as const, privileges: []}, /kind: a provider of scope 'account' makes service tokens/],
		] as const;
		for (const [input, message] of bad) {
			const error = await failure(provider.create(input));
			expect(isConfigError(error)).toBe(true);
			expect(String(error)).toMatch(message);
		}

		expect(cloudflare.seen).toHaveLength(0);
	});

	it('names the account for an unknown account id, and the field for a zone the credential cannot read', async () => {
		const cloudflare = await start({tokens: 1, accounts: 2});
		const stranger = cloudflare.provider({accountId: 'f'.repeat(32)});
		const unknown = await failure(collect(stranger.list()));
		expect(isHttpError(unknown) && unknown.status === 403).toBe(true);
		expect(String(unknown)).toContain('[tokenkit:cloudflare] account "cloudflare-account-1"');
		expect(String(unknown)).toContain('Unauthorized to access requested resource');

		const otherZone = cloudflare.simulator.zones('cloudflare-account-2')[0]?.id ?? '';
		const refused = await failure(cloudflare.provider().create({name: 'x', privileges: [{role: 'DNS Read', scope: 'zone', resource: `com.cloudflare.api.account.zone.${otherZone}`}]}));
		expect(isHttpError(refused) && refused.status === 403).toBe(true);
		expect(String(refused)).toContain('privileges[].resource');
		const unknownGroup = await failure(cloudflare.provider().create({name: 'x', privileges: [{role: 'DNS Writ', scope: 'zone', resource: 'com.cloudflare.api.account.zone.*'}]}));
		expect(String(unknownGroup)).toMatch(/privileges\[0\]\.role: Cloudflare has no permission group "DNS Writ"; did you mean "DNS Write"\?/);
	});

	it('says when the token quota is reached', async () => {
		const cloudflare = await start({tokens: 0, quota: {account: 3}});
		const error = await failure(cloudflare.provider().create({name: 'one-too-many', privileges: [{role: 'Zone Read', scope: 'zone', resource: 'com.cloudflare.api.account.zone.*'}]}));
		expect(isHttpError(error) && error.status === 400).toBe(true);
		expect(String(error)).toContain('maximum number of API tokens (3)');
	});
});
