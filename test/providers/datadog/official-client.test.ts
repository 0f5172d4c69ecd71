/**
Datadog's own Node client (`@datadog/datadog-api-client`) runs against the simulator unchanged, as a user's script
would: the keys in `authMethods`, and the simulator named through the client's server configuration (`baseServer`, or
the second server of its list with `setServerVariables`). Its `DD_SITE`, `DD_API_KEY` and `DD_APP_KEY` variables are
cleared, since it reads them when a configuration is made; its own retries stay off (the default), so a rate limit
shows here rather than being waited out.
*/
import {client, v2} from '@datadog/datadog-api-client';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {createDatadogProvider} from '../../../providers/datadog/index.js';
import {createDatadogSimulator, type DatadogKeyRole, type DatadogSimulatorOptions} from '../../../providers/datadog/simulator.js';
import {collect} from '../../support/collect.js';
import {useSimulatorServers} from '../../support/simulator-servers.js';

const serve = useSimulatorServers();
afterEach(() => {
	vi.unstubAllEnvs();
});

const org = 'datadog-org-1';

async function setup(options: DatadogSimulatorOptions = {}) {
	for (const name of ['DD_SITE', 'DD_API_KEY', 'DD_APP_KEY']) {
		vi.stubEnv(name, undefined);
	}

	const simulator = createDatadogSimulator({accounts: 1, tokens: 40, rateLimit: false, ...options});
	const {server, seen} = await serve(simulator);
	const configurationFor = (role: DatadogKeyRole = 'admin'): client.Configuration => {
		const keys = simulator.keysFor(org, role);
		return client.createConfiguration({
			authMethods: {apiKeyAuth: keys.apiKey, appKeyAuth: keys.applicationKey},
			baseServer: new client.BaseServerConfiguration(server.baseUrl, {}),
		});
	};

	const configuration = configurationFor();
	return {simulator, server, seen, configurationFor, keys: new v2.KeyManagementApi(configuration), serviceAccounts: new v2.ServiceAccountsApi(configuration), users: new v2.UsersApi(configuration)};
}

/** A request body of the client's own model classes, filled in as a script fills one. */
function model<T extends object>(Model: new () => T, fields: Partial<T>): T {
	return Object.assign(new Model(), fields);
}

const apiKeyCreate = (name: string): v2.APIKeyCreateRequest => model(v2.APIKeyCreateRequest, {data: model(v2.APIKeyCreateData, {type: 'api_keys', attributes: model(v2.APIKeyCreateAttributes, {name})})});
const applicationKeyCreate = (name: string, scopes?: string[]): v2.ApplicationKeyCreateRequest => model(v2.ApplicationKeyCreateRequest, {data: model(v2.ApplicationKeyCreateData, {type: 'application_keys', attributes: model(v2.ApplicationKeyCreateAttributes, scopes === undefined ? {name} : {name, scopes})})});

/** Every page of a list, as a script pages one: by number, until it holds the total the first page announced. */
async function everyPage<T>(read: (pageNumber: number) => Promise<{data: T[] | undefined; total: number | undefined}>): Promise<T[]> {
	const items: T[] = [];
	for (let pageNumber = 0; ; pageNumber++) {
		const page = await read(pageNumber);
		items.push(...(page.data ?? []));
		if ((page.data ?? []).length === 0 || items.length >= (page.total ?? 0)) {
			return items;
		}
	}
}

describe('@datadog/datadog-api-client against the Datadog simulator', () => {
	it('lists API keys page by page with their creators, gets one whole, creates, renames and deletes one', async () => {
		const {keys, simulator, seen} = await setup();
		const listed = await everyPage(async pageNumber => {
			const page = await keys.listAPIKeys({pageSize: 4, pageNumber, sort: 'created_at', include: 'created_by'});
			return {data: page.data, total: page.meta?.page?.totalFilteredCount};
		});
		expect(listed.length).toBe(simulator.keys(org).apiKeys.length);
		expect(new Set(listed.map(key => key.id)).size).toBe(listed.length);
		// The client sends the brackets percent-encoded, as the real one does (docs/vendors/datadog.md, pagination [D]).
		expect(seen.find(request => request.path === '/api/v2/api_keys')?.query.get('page[size]')).toBe('4');

		const first = listed[0];
		const read = await keys.getAPIKey({apiKeyId: first?.id ?? ''});
		expect(read.data?.attributes?.key).toBe(simulator.secretOf(first?.id ?? ''));
		expect(read.data?.attributes?.last4).toBe(first?.attributes?.last4);

		const created = await keys.createAPIKey({body: apiKeyCreate('sdk-made')});
		const id = created.data?.id ?? '';
		expect(created.data?.attributes?.key).toHaveLength(32);
		expect(created.data?.attributes?.createdAt).toBeInstanceOf(Date);
		const renamed = await keys.updateAPIKey({apiKeyId: id, body: model(v2.APIKeyUpdateRequest, {data: model(v2.APIKeyUpdateData, {id, type: 'api_keys', attributes: model(v2.APIKeyUpdateAttributes, {name: 'sdk-renamed'})})})});
		expect(renamed.data?.attributes?.name).toBe('sdk-renamed');
		await keys.deleteAPIKey({apiKeyId: id});
		const again = await keys.deleteAPIKey({apiKeyId: id}).then(() => undefined, (error: unknown) => error);
		expect(again).toBeInstanceOf(client.ApiException);
		expect(again).toMatchObject({code: 404, body: {errors: ['API key not found']}});
	});

	it('lists the org\'s application keys with their owners, and makes, reads and deletes its own through current_user', async () => {
		const {keys, simulator} = await setup();
		const listed = await everyPage(async pageNumber => {
			const page = await keys.listApplicationKeys({pageSize: 5, pageNumber, include: 'owned_by'});
			return {data: page.data, total: page.meta?.page?.totalFilteredCount};
		});
		expect(listed.length).toBe(simulator.keys(org).applicationKeys.length);
		expect(listed.every(key => key.relationships?.ownedBy?.data.id !== undefined)).toBe(true);

		const one = await keys.getApplicationKey({appKeyId: listed[0]?.id ?? '', include: 'owned_by'});
		expect(one.data?.id).toBe(listed[0]?.id);

		const created = await keys.createCurrentUserApplicationKey({body: applicationKeyCreate('sdk-key', ['dashboards_read'])});
		const id = created.data?.id ?? '';
		expect(created.data?.attributes?.key).toHaveLength(40);
		// The first org predates One-Time-Read: the caller's own key reads back whole.
		const mine = await keys.getCurrentUserApplicationKey({appKeyId: id});
		expect(mine.data?.attributes?.key).toBe(created.data?.attributes?.key);
		expect(mine.data?.attributes?.scopes).toEqual(['dashboards_read']);
		await keys.updateApplicationKey({appKeyId: id, body: model(v2.ApplicationKeyUpdateRequest, {data: model(v2.ApplicationKeyUpdateData, {id, type: 'application_keys', attributes: model(v2.ApplicationKeyUpdateAttributes, {name: 'sdk-key-2'})})})});
		await keys.deleteCurrentUserApplicationKey({appKeyId: id});
		await expect(keys.getApplicationKey({appKeyId: id})).rejects.toMatchObject({code: 404, body: {errors: ['Application key not found']}});
	});

	it('manages a service account\'s application keys and access tokens through ServiceAccountsApi, and reads the account as a user', async () => {
		const {serviceAccounts, users, simulator} = await setup();
		const [serviceAccount] = simulator.serviceAccounts(org);
		const serviceAccountId = serviceAccount?.id ?? '';
		const made = await serviceAccounts.createServiceAccountApplicationKey({serviceAccountId, body: applicationKeyCreate('sdk-sa-key')});
		const appKeyId = made.data?.id ?? '';
		expect(made.data?.attributes?.key).toHaveLength(40);
		const listed = await serviceAccounts.listServiceAccountApplicationKeys({serviceAccountId, pageSize: 100, pageNumber: 0});
		expect(listed.data?.map(key => key.id)).toContain(appKeyId);
		const read = await serviceAccounts.getServiceAccountApplicationKey({serviceAccountId, appKeyId});
		expect(read.data?.attributes?.name).toBe('sdk-sa-key');
		await serviceAccounts.deleteServiceAccountApplicationKey({serviceAccountId, appKeyId});

		const token = await serviceAccounts.createServiceAccountAccessToken({serviceAccountId, body: model(v2.ServiceAccountAccessTokenCreateRequest, {
			data: model(v2.ServiceAccountAccessTokenCreateData, {type: 'service_access_tokens', attributes: model(v2.ServiceAccountAccessTokenCreateAttributes, {name: 'sdk-sat', scopes: ['dashboards_read'], expiresAt: new Date(Date.now() + 30 * 86_400_000)})}),
		})});
		const tokenId = token.data?.id ?? '';
		expect(token.data?.attributes?.key).toMatch(/^ddsat_\w{22}_\w{36}$/);
		const tokens = await serviceAccounts.listServiceAccountAccessTokens({serviceAccountId, pageSize: 100, pageNumber: 0});
		expect(tokens.data?.map(item => item.id)).toContain(tokenId);
		await serviceAccounts.revokeServiceAccountAccessToken({serviceAccountId, tokenId});
		// A second revoke answers 204 too (docs/vendors/datadog.md, rotation [D cassette]).
		await serviceAccounts.revokeServiceAccountAccessToken({serviceAccountId, tokenId});

		const user = await users.getUser({userId: serviceAccountId});
		expect(user.data?.attributes?.serviceAccount).toBe(true);
		expect(user.data?.attributes?.email).toBe(serviceAccount?.email);
	});

	it('lists every access token of the org, and creates, reads and revokes a personal one', async () => {
		const {keys, simulator} = await setup();
		const listed = await everyPage(async pageNumber => {
			const page = await keys.listPersonalAccessTokens({pageSize: 3, pageNumber, sort: 'created_at'});
			return {data: page.data, total: page.meta?.page?.totalFilteredCount};
		});
		expect(listed.length).toBe(simulator.keys(org).accessTokens.length);
		expect(new Set(listed.map(token => token.type))).toEqual(new Set(['personal_access_tokens', 'service_access_tokens']));

		const created = await keys.createPersonalAccessToken({body: model(v2.PersonalAccessTokenCreateRequest, {
			data: model(v2.PersonalAccessTokenCreateData, {type: 'personal_access_tokens', attributes: model(v2.PersonalAccessTokenCreateAttributes, {name: 'sdk-pat', scopes: ['dashboards_read'], expiresAt: new Date(Date.now() + 7 * 86_400_000)})}),
		})});
		const tokenId = created.data?.id ?? '';
		expect(created.data?.attributes?.key).toMatch(/^ddpat_/);
		const read = await keys.getPersonalAccessToken({tokenId});
		expect(read.data?.attributes?.name).toBe('sdk-pat');
		expect(read.data?.attributes?.publicPortion).toBe(created.data?.attributes?.publicPortion);
		await keys.revokePersonalAccessToken({tokenId});
		await expect(keys.getPersonalAccessToken({tokenId})).rejects.toMatchObject({code: 404});
	});

	it('reaches the simulator through the second server of its list, named with setServerVariables', async () => {
		const {server, simulator} = await setup();
		const keys = simulator.keysFor(org);
		const configuration = client.createConfiguration({authMethods: {apiKeyAuth: keys.apiKey, appKeyAuth: keys.applicationKey}, serverIndex: 1});
		configuration.setServerVariables({name: new URL(server.baseUrl).host, protocol: 'http'});
		const page = await new v2.KeyManagementApi(configuration).listAPIKeys({pageSize: 100});
		expect(page.data?.length).toBe(simulator.keys(org).apiKeys.length);
	});

	it('sees what tokenkit sees: the keys it made are in tokenkit\'s inventory, and a key it deleted is not', async () => {
		const {keys, simulator, server} = await setup();
		const made = await keys.createAPIKey({body: apiKeyCreate('made-by-sdk')});
		const provider = createDatadogProvider({...simulator.keysFor(org), baseUrl: server.baseUrl, account: org});
		const listed = await collect(provider.list());
		expect(listed.find(token => token.id === `api_keys/${made.data?.id ?? ''}`)?.name).toBe('made-by-sdk');
		expect(listed.length).toBe(simulator.accounts()[0]?.tokens);
	});

	it('gets Datadog\'s refusals: 403 for a key without the permission, 429 past the rate limit with its headers', async () => {
		const {configurationFor, simulator} = await setup({rateLimit: {limit: 2}});
		const standard = new v2.KeyManagementApi(configurationFor('standard'));
		await expect(standard.listApplicationKeys({pageSize: 10})).rejects.toMatchObject({code: 403, body: {errors: ['Forbidden']}});
		const admin = new v2.KeyManagementApi(configurationFor('admin'));
		await admin.listAPIKeys({pageSize: 10});
		await admin.listAPIKeys({pageSize: 10});
		await expect(admin.listAPIKeys({pageSize: 10})).rejects.toMatchObject({code: 429, body: {errors: ['Too many requests']}});
		expect(simulator.keysFor(org).apiKey).toHaveLength(32);
	});
});
