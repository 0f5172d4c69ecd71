/**
Okta's own Node client (`@okta/okta-sdk-nodejs`) runs against the simulator unchanged, as a user's script would:
only `orgUrl` and `token` are configured. What the test keeps out of the way, and why:
- the client's GET cache (`cacheMiddleware: null`): it keeps single-resource answers forever, so a token revoked
  between two reads would still read as present (docs/vendors/okta.md, gotchas);
- its config files and variables: it reads `~/.okta/okta.yaml`, `./okta.yaml` and `OKTA_CLIENT_*` before the
  constructor's options, so HOME points at an empty directory, the working directory is reported as that
  directory while the client is built, and the variables are cleared;
- its own 429 retries (`maxRetries: 0`): a rate limit must show here, not be waited out.
*/
import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {ApiTokenNetwork, ApiTokenUpdate, Client, DefaultRequestExecutor, OAuth2ClientSecretRequestBody, OktaApiError, type ApiToken, type OAuth2ClientSecret} from '@okta/okta-sdk-nodejs';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {createOktaSimulator, type OktaSimulatorOptions} from '../../../providers/okta/simulator.js';
import {useSimulatorServers} from '../../support/simulator-servers.js';

const serve = useSimulatorServers();
afterEach(() => {
	vi.unstubAllEnvs();
	vi.restoreAllMocks();
});

const org = 'okta-org-1';

async function setup(options: OktaSimulatorOptions = {}) {
	const simulator = createOktaSimulator({accounts: 1, tokens: 30, ...options});
	const {server, seen} = await serve(simulator);
	const clientFor = async (token: string): Promise<Client> => {
		const empty = await mkdtemp(join(tmpdir(), 'tokenkit-okta-sdk-'));
		vi.stubEnv('HOME', empty);
		for (const name of ['OKTA_CLIENT_ORGURL', 'OKTA_CLIENT_TOKEN', 'OKTA_CLIENT_AUTHORIZATIONMODE', 'OKTA_CLIENT_CLIENTID', 'OKTA_CLIENT_SCOPES', 'OKTA_CLIENT_PRIVATEKEY']) {
			vi.stubEnv(name, undefined);
		}

		const cwd = vi.spyOn(process, 'cwd').mockReturnValue(empty);
		try {
			return new Client({orgUrl: server.baseUrl, token, cacheMiddleware: null, requestExecutor: new DefaultRequestExecutor({maxRetries: 0, requestTimeout: 0})});
		} finally {
			cwd.mockRestore();
		}
	};

	return {simulator, seen, server, clientFor, admin: await clientFor(simulator.keyFor(org))};
}

/** Every item of one of the client's Collections, which yields null past its end. */
async function all<T>(collection: AsyncIterable<T | null>): Promise<T[]> {
	const items: T[] = [];
	for await (const item of collection) {
		if (item !== null) {
			items.push(item);
		}
	}

	return items;
}

describe('@okta/okta-sdk-nodejs against the simulator', () => {
	it('lists every API token in one answer, with the fields and times Okta sends', async () => {
		const {simulator, admin, seen} = await setup();
		const tokens: ApiToken[] = await all(await admin.apiTokenApi.listApiTokens());
		const expected = simulator.apiTokens(org);
		expect(tokens.map(token => token.id).sort()).toEqual(expected.map(token => token['id']).sort());
		const listing = seen.filter(request => request.path === '/api/v1/api-tokens');
		expect(listing).toHaveLength(1);
		expect(listing[0]?.headers.authorization).toBe(`SSWS ${simulator.keyFor(org)}`);
		const own = tokens.find(token => token.id === simulator.tokenIdFor(org));
		expect(own?.name).toBe('tokenkit-admin');
		// The client turns Okta's RFC 3339 strings into Dates.
		expect(own?.expiresAt).toBeInstanceOf(Date);
		expect(own?.tokenWindow).toBe('P30D');
		expect(own?.network?.connection).toBe('ANYWHERE');
	});

	it('follows Link: rel="next" page by page when the org pages its list', async () => {
		const {simulator, admin, seen} = await setup({apiTokenPageSize: 7});
		const tokens = await all(await admin.apiTokenApi.listApiTokens());
		expect(new Set(tokens.map(token => token.id)).size).toBe(simulator.apiTokens(org).length);
		const pages = seen.filter(request => request.path === '/api/v1/api-tokens');
		expect(pages.length).toBe(Math.ceil(simulator.apiTokens(org).length / 7));
		expect(pages.slice(1).every(request => request.query.has('after'))).toBe(true);
	});

	it('gets, restricts by network zone, and revokes a token', async () => {
		const {simulator, admin, clientFor} = await setup();
		const target = simulator.tokenIdFor(org, 'read-only');
		const token = await admin.apiTokenApi.getApiToken({apiTokenId: target});
		expect(token.name).toBe('tokenkit-read-only');

		const zoneId = simulator.apiTokens(org).flatMap(record => {
			const network = record['network'];
			const include: unknown = typeof network === 'object' && network !== null ? Reflect.get(network, 'include') : undefined;
			return Array.isArray(include) ? include.filter((id: unknown): id is string => typeof id === 'string') : [];
		})[0] ?? '';
		const update = Object.assign(new ApiTokenUpdate(), {name: token.name, userId: token.userId ?? '', network: Object.assign(new ApiTokenNetwork(), {connection: 'ZONE', include: [zoneId]})});
		const updated = await admin.apiTokenApi.upsertApiToken({apiTokenId: target, apiTokenUpdate: update});
		expect(updated.network).toEqual({connection: 'ZONE', include: [zoneId]});

		await admin.apiTokenApi.revokeApiToken({apiTokenId: target});
		await expect(admin.apiTokenApi.getApiToken({apiTokenId: target})).rejects.toMatchObject({status: 404, errorCode: 'E0000007'});
		// The revoked key no longer authenticates.
		const revoked = await clientFor(simulator.keyFor(org, 'read-only'));
		await expect(all(await revoked.apiTokenApi.listApiTokens())).rejects.toMatchObject({status: 401, errorCode: 'E0000011'});
	});

	it('rotates a client secret the documented way: create a second, deactivate and delete the first', async () => {
		const {simulator, admin} = await setup();
		const [first] = simulator.clientSecrets(org).filter(entry => entry.secret['status'] === 'ACTIVE');
		const appId = first?.appId ?? '';
		const before: OAuth2ClientSecret[] = await all(await admin.applicationSSOPublicKeysApi.listOAuth2ClientSecrets({appId}));
		const old = before.find(secret => secret.status === 'ACTIVE');
		if (old?.id === undefined || before.length !== 1) {
			throw new Error('the first active secret of the seed belongs to a client with one secret');
		}

		const created = await admin.applicationSSOPublicKeysApi.createOAuth2ClientSecret({appId, oAuth2ClientSecretRequestBody: new OAuth2ClientSecretRequestBody()});
		expect(created.status).toBe('ACTIVE');
		expect(simulator.allSecrets()).toContain(created.client_secret);
		// A third is refused, in Okta's words.
		await expect(admin.applicationSSOPublicKeysApi.createOAuth2ClientSecret({appId, oAuth2ClientSecretRequestBody: new OAuth2ClientSecretRequestBody()})).rejects.toMatchObject({status: 400, errorCode: 'E0000001'});
		// The active old one cannot be deleted before it is deactivated.
		await expect(admin.applicationSSOPublicKeysApi.deleteOAuth2ClientSecret({appId, secretId: old.id})).rejects.toMatchObject({status: 400});
		const deactivated = await admin.applicationSSOPublicKeysApi.deactivateOAuth2ClientSecret({appId, secretId: old.id});
		expect(deactivated.status).toBe('INACTIVE');
		await admin.applicationSSOPublicKeysApi.deleteOAuth2ClientSecret({appId, secretId: old.id});
		const after = await all(await admin.applicationSSOPublicKeysApi.listOAuth2ClientSecrets({appId}));
		expect(after.map(secret => secret.id)).toEqual([created.id]);
		// The last active secret cannot be deactivated.
		await expect(admin.applicationSSOPublicKeysApi.deactivateOAuth2ClientSecret({appId, secretId: created.id ?? ''})).rejects.toMatchObject({status: 400});
	});

	it('gets Okta\'s 429 once the bucket is spent', async () => {
		const {simulator, clientFor, seen} = await setup({rateLimit: {perMinute: 4, tokenShare: 1}});
		const admin = await clientFor(simulator.keyFor(org));
		for (let index = 0; index < 4; index++) {
			await admin.apiTokenApi.getApiToken({apiTokenId: simulator.tokenIdFor(org)});
		}

		const refused: unknown = await admin.apiTokenApi.getApiToken({apiTokenId: simulator.tokenIdFor(org)}).catch((error: unknown) => error);
		expect(refused).toBeInstanceOf(OktaApiError);
		expect(refused).toMatchObject({status: 429, errorCode: 'E0000047'});
		// Sent once: the client was told not to wait and retry.
		expect(seen.filter(request => request.path.startsWith('/api/v1/api-tokens/'))).toHaveLength(5);
	});
});
