import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {datadogTokenCapabilities, twinRefusal} from '../../../providers/datadog/capabilities.js';
import {accessTokenAddress, accessTokenToToken, apiKeyToToken, applicationKeyToToken, unresolvedPerson, type DatadogPerson} from '../../../providers/datadog/map.js';
import {twinLifetime} from '../../../providers/datadog/minting.js';
import {personOf} from '../../../providers/datadog/people.js';
import {DatadogAccessTokenSchema, DatadogApiKeySchema, DatadogApplicationKeySchema, DatadogUserResponseSchema} from '../../../providers/datadog/schema.js';
import {readDatadogSite} from '../../../providers/datadog/sites.js';
import {formatTokenId, parseTokenId} from '../../../providers/datadog/token-id.js';
import {ConfigError} from '../../../src/errors/index.js';

const context = {provider: 'datadog', account: 'dd'};

/** A Full API key as a single key's answer carries it (docs/vendors/datadog.md, schemas [S][D cassette]). */
const apiKey = v.parse(DatadogApiKeySchema, {
	id: '4fe9b4d4-5c5f-4b0b-9bb5-0fd8a9d8d2c1',
	type: 'api_keys',
	attributes: {
		category: 'default',
		created_at: '2025-09-08T09:24:43.558793+00:00',
		date_last_used: '2025-10-01T12:00:00.000001+00:00',
		key: '0123456789abcdef0123456789abcdef',
		last4: 'cdef',
		last_used_date: {timestamp: null, description: 'Timestamp of when this key was last used in the past ninety (90) days, null if no recent usage'},
		modified_at: '2025-09-08T09:24:43.558793+00:00',
		name: 'ci-metrics',
		remote_config_read_enabled: true,
		used_in_last_24_hours: false,
	},
	relationships: {created_by: {data: {id: 'u-creator', type: 'users'}}, modified_by: {data: null}, leak_information: {data: null}},
});

const person = (fields: Partial<DatadogPerson> & {readonly status?: 'present' | 'gone' | 'unknown'}): DatadogPerson => ({
	owner: {id: 'u-owner', email: 'ada@example.com', status: fields.status ?? 'present'},
	serviceAccount: fields.serviceAccount ?? false,
	roles: fields.roles === undefined ? ['Datadog Standard Role'] : fields.roles,
});

const applicationKey = (scopes: readonly string[] | null, extra: Record<string, unknown> = {}) => v.parse(DatadogApplicationKeySchema, {
	id: '9f2f0c7e-9c55-4d2b-9c5c-2f5a3b2f8e10',
	type: 'application_keys',
	attributes: {created_at: '2024-01-02T03:04:05.000000+00:00', last4: 'a1b2', last_used_at: null, name: 'grafana', scopes, ...extra},
	relationships: {owned_by: {data: {id: 'u-owner', type: 'users'}}, leak_information: {data: null}},
});

const accessToken = (type: string, owner: {id: string; type: string}, extra: Record<string, unknown> = {}) => v.parse(DatadogAccessTokenSchema, {
	id: '7d0b2a3c-0f6a-4a0b-8b9e-0a1b2c3d4e5f',
	type,
	attributes: {
		created_at: '2026-04-08T16:45:36.006189123Z',
		expires_at: '2026-05-08T16:45:36.006189Z',
		last_used_at: null,
		modified_at: null,
		name: 'deploy',
		public_portion: 'ddpat_3ek6Sznp1LswenIQzJ44yl',
		scopes: ['dashboards_read'],
		...extra,
	},
	relationships: {owned_by: {data: owner}},
});

describe('Datadog API key mapping', () => {
	it('an API key belongs to the org: no scopes, no expiry, its creator recorded, its key never kept', () => {
		const creator = person({status: 'gone'});
		const token = apiKeyToToken(apiKey, creator, 'dd');
		expect(token).toMatchObject({
			provider: 'datadog',
			account: 'dd',
			id: 'api_keys/4fe9b4d4-5c5f-4b0b-9bb5-0fd8a9d8d2c1',
			name: 'ci-metrics',
			kind: 'org',
			status: 'active',
			owner: {id: null, email: null, status: 'present'},
			createdBy: creator.owner,
			createdAt: new Date('2025-09-08T09:24:43.558Z'),
			lastUsedAt: new Date('2025-10-01T12:00:00.000Z'),
			expiresAt: null,
			privileges: [],
			admin: false,
			allowedIps: null,
			secretHint: '…cdef',
		});
		expect(JSON.stringify(token.raw)).not.toContain('0123456789abcdef');
		// What Datadog sent beyond the spec stays in raw.
		expect(JSON.stringify(token.raw)).toContain('used_in_last_24_hours');
	});

	it.each([
		['never used', {date_last_used: null}, null],
		['no field at all', {date_last_used: undefined}, null],
		['a Z time', {date_last_used: '2026-01-02T03:04:05Z'}, new Date('2026-01-02T03:04:05Z')],
	])('date_last_used: %s', (_name, change, expected) => {
		const record = v.parse(DatadogApiKeySchema, {...apiKey, attributes: {...apiKey.attributes, ...change}});
		expect(apiKeyToToken(record, null, 'dd').lastUsedAt).toEqual(expected);
	});

	it('refuses a time Datadog could not have meant, naming the field', () => {
		expect(v.safeParse(DatadogApiKeySchema, {...apiKey, attributes: {...apiKey.attributes, created_at: '9999-01-01T00:00:00+00:00'}}).success).toBe(false);
	});
});

describe('Datadog application key mapping', () => {
	it.each([
		['scoped, ordinary', ['dashboards_read', 'metrics_read'], person({}), false, ['dashboards_read', 'metrics_read']],
		['scoped to a management permission', ['api_keys_write'], person({}), true, ['api_keys_write']],
		['unscoped, owner an admin', null, person({roles: ['Datadog Admin Role']}), true, ['Datadog Admin Role']],
		['unscoped, owner standard and read-only', null, person({roles: ['Datadog Standard Role', 'Datadog Read Only Role']}), false, ['Datadog Standard Role', 'Datadog Read Only Role']],
		['unscoped, owner in a custom role', null, person({roles: ['Incident Responders']}), null, ['Incident Responders']],
		['unscoped, roles unread', null, person({roles: null}), null, []],
		['unscoped, owner unknown', null, null, null, []],
	] as const)('%s', (_name, scopes, owner, admin, roles) => {
		const token = applicationKeyToToken(applicationKey(scopes), null, owner, 'dd');
		expect(token.admin).toBe(admin);
		expect(token.privileges.map(privilege => privilege.role)).toEqual(roles);
		expect(token.privileges.every(privilege => privilege.scope === 'org' && privilege.resource === null)).toBe(true);
	});

	it('a disabled owner is gone and the key stops working (disabled); a service account\'s key is a service key', () => {
		const gone = applicationKeyToToken(applicationKey(null), null, person({status: 'gone'}), 'dd');
		expect(gone).toMatchObject({kind: 'personal', status: 'disabled', owner: {status: 'gone'}, expiresAt: null, secretHint: '…a1b2', id: 'application_keys/9f2f0c7e-9c55-4d2b-9c5c-2f5a3b2f8e10'});
		expect(applicationKeyToToken(applicationKey(null), null, person({serviceAccount: true}), 'dd').kind).toBe('service');
		expect(applicationKeyToToken(applicationKey(null), null, unresolvedPerson('u-owner'), 'dd').kind).toBe('unknown');
		const listedUnder = applicationKeyToToken(applicationKey(['dashboards_read']), 'sa-1', null, 'dd');
		expect(listedUnder).toMatchObject({kind: 'service', id: 'service_accounts/sa-1/application_keys/9f2f0c7e-9c55-4d2b-9c5c-2f5a3b2f8e10'});
	});

	it('never keeps the key a caller\'s own key answer carries', () => {
		const token = applicationKeyToToken(applicationKey(null, {key: 'f'.repeat(40)}), null, person({}), 'dd');
		expect(JSON.stringify(token)).not.toContain('f'.repeat(12));
	});
});

describe('Datadog access token mapping', () => {
	it('a personal access token: its expiry, scopes, the public portion\'s last four as the hint, and neither key nor portion kept', () => {
		const record = accessToken('personal_access_tokens', {id: 'u-owner', type: 'users'}, {key: 'ddpat_3ek6Sznp1LswenIQzJ44yl_secretsecretsecretsecretsecretsecre'});
		const token = accessTokenToToken(record, accessTokenAddress(record), person({}), 'dd');
		expect(token).toMatchObject({
			id: 'personal_access_tokens/7d0b2a3c-0f6a-4a0b-8b9e-0a1b2c3d4e5f',
			kind: 'personal',
			status: 'active',
			createdAt: new Date('2026-04-08T16:45:36.006Z'),
			expiresAt: new Date('2026-05-08T16:45:36.006Z'),
			lastUsedAt: null,
			admin: false,
			secretHint: '…44yl',
		});
		expect(JSON.stringify(token)).not.toContain('3ek6Sznp1Lsw');
	});

	it('a service access token is addressed under its service account, may never expire, and is admin by its scopes', () => {
		const record = accessToken('service_access_tokens', {id: 'sa-9', type: 'service_account'}, {expires_at: null, scopes: ['user_access_manage']});
		expect(accessTokenAddress(record)).toEqual({kind: 'service-access-token', id: record.id, serviceAccount: 'sa-9'});
		const token = accessTokenToToken(record, accessTokenAddress(record), person({serviceAccount: true}), 'dd');
		expect(token).toMatchObject({kind: 'service', expiresAt: null, admin: true, id: `service_accounts/sa-9/access_tokens/${record.id}`});
	});

	it('a service token Datadog lists as personal is addressed as what it says it is', () => {
		const record = accessToken('personal_access_tokens', {id: 'sa-9', type: 'users'});
		expect(accessTokenAddress(record)).toEqual({kind: 'personal-access-token', id: record.id});
	});
});

describe('Datadog users as owners', () => {
	const user = (attributes: Record<string, unknown>, roles: ReadonlyArray<{id: string; name?: string}> = [{id: 'r1', name: 'Datadog Admin Role'}]) => v.parse(DatadogUserResponseSchema, {
		data: {id: 'u1', type: 'users', attributes, relationships: {roles: {data: roles.map(role => ({id: role.id, type: 'roles'}))}}},
		included: roles.filter(role => role.name !== undefined).map(role => ({id: role.id, type: 'roles', attributes: {name: role.name}})),
	});

	it.each([
		['active', {email: 'a@example.com', status: 'Active', disabled: false}, 'present'],
		['pending', {email: 'a@example.com', status: 'Pending', disabled: false}, 'present'],
		['disabled flag', {email: 'a@example.com', status: 'Active', disabled: true}, 'gone'],
		['Disabled status', {email: 'a@example.com', status: 'Disabled'}, 'gone'],
	] as const)('%s', (_name, attributes, status) => {
		expect(personOf(user(attributes), 'u1').owner).toEqual({id: 'u1', email: 'a@example.com', status});
	});

	it('reads role names from included roles; a role named but not included leaves the roles unknown', () => {
		expect(personOf(user({service_account: true}), 'u1')).toMatchObject({serviceAccount: true, roles: ['Datadog Admin Role']});
		expect(personOf(user({}, [{id: 'r1'}]), 'u1').roles).toBeNull();
	});
});

describe('Datadog token ids, sites, and what each token allows', () => {
	it.each([
		[{kind: 'api-key', id: 'a'}, 'api_keys/a'],
		[{kind: 'application-key', id: 'b', serviceAccount: null}, 'application_keys/b'],
		[{kind: 'application-key', id: 'b', serviceAccount: 's'}, 'service_accounts/s/application_keys/b'],
		[{kind: 'personal-access-token', id: 'c'}, 'personal_access_tokens/c'],
		[{kind: 'service-access-token', id: 'd', serviceAccount: 's'}, 'service_accounts/s/access_tokens/d'],
	] as const)('%o is %s and back', (address, id) => {
		expect(formatTokenId(address)).toBe(id);
		expect(parseTokenId(id, context)).toEqual(address);
	});

	it.each(['', 'a', 'api_keys/', 'keys/a', 'service_accounts/s/other/a', 'api_keys/a b', 'api_keys/a/b'])('refuses %j before any request', id => {
		expect(() => parseTokenId(id, context)).toThrow(ConfigError);
	});

	it.each([
		['datadoghq.eu', 'datadoghq.eu'],
		['EU', 'datadoghq.eu'],
		['us5', 'us5.datadoghq.com'],
		['gov', 'ddog-gov.com'],
		['us2.ddog-gov.com', 'us2.ddog-gov.com'],
	])('site %s is %s', (written, site) => {
		expect(readDatadogSite(written)).toEqual({ok: true, site});
	});

	it.each([
		['datadoghq.co', /not a Datadog site.*did you mean "datadoghq\.com"/],
		['us4', /did you mean "us/],
		['https://app.datadoghq.eu/', /URL or host, not a site: write datadoghq\.eu/],
		['api.us3.datadoghq.com', /write us3\.datadoghq\.com/],
	])('site %s is refused: %s', (written, problem) => {
		const reading = readDatadogSite(written);
		expect(reading.ok).toBe(false);
		expect(reading.ok ? '' : reading.problem).toMatch(problem);
	});

	it('Datadog mints application keys and personal tokens only for the caller, or for a service account', () => {
		const key = applicationKeyToToken(applicationKey(null), null, person({}), 'dd');
		expect(twinRefusal(key, 'u-owner')).toBeNull();
		expect(twinRefusal(key, 'someone-else')).toMatch(/only for the calling user or for a service account/);
		expect(twinRefusal(key, null)).toMatch(/could not tell/);
		expect(twinRefusal(applicationKeyToToken(applicationKey(null), null, person({serviceAccount: true}), 'dd'), 'someone-else')).toBeNull();
		const pat = accessToken('personal_access_tokens', {id: 'u-owner', type: 'users'});
		expect(twinRefusal(accessTokenToToken(pat, accessTokenAddress(pat), person({}), 'dd'), 'someone-else')).toMatch(/only for the calling user/);
		expect(twinRefusal(apiKeyToToken(apiKey, null, 'dd'), null)).toBeNull();
	});

	it('only access tokens have an expiry to judge; a key another user owns has no rotate remedy', () => {
		const key = applicationKeyToToken(applicationKey(null), null, person({}), 'dd');
		const other = datadogTokenCapabilities(key, 'someone-else');
		expect(other.fields.expiry).toBe(false);
		expect(other.operations.rotate).toBe(false);
		expect(other.remedies?.rotate).toEqual({remedy: 'none', advice: expect.stringContaining('ask them to create a new key') as unknown});
		const sat = accessToken('service_access_tokens', {id: 'sa-9', type: 'service_account'}, {expires_at: null});
		const satCapabilities = datadogTokenCapabilities(accessTokenToToken(sat, accessTokenAddress(sat), null, 'dd'), null);
		expect(satCapabilities.fields.expiry).toBe(true);
		expect(satCapabilities.remedies?.expire?.remedy).toBe('rotate');
	});

	it('a twin keeps its token\'s lifetime, from a day to a year, and gets a year where there was none', () => {
		const day = 86_400_000;
		const withLife = (createdAt: Date | null, expiresAt: Date | null) => ({...apiKeyToToken(apiKey, null, 'dd'), createdAt, expiresAt});
		expect(twinLifetime(withLife(new Date(0), new Date(30 * day)))).toBe(30 * day);
		expect(twinLifetime(withLife(new Date(0), new Date(3_600_000)))).toBe(25 * 3_600_000);
		expect(twinLifetime(withLife(new Date(0), new Date(900 * day)))).toBe(365 * day);
		expect(twinLifetime(withLife(new Date(0), null))).toBe(365 * day);
	});
});
