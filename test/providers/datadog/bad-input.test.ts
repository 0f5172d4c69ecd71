import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {createDatadogProvider, type DatadogProviderOptions} from '../../../providers/datadog/index.js';
import {checkDatadogOptions} from '../../../providers/datadog/options.js';
import {datadogVendor} from '../../../providers/datadog/vendor.js';
import type {AccountConfig} from '../../../src/config.js';
import {ConfigError, NotFoundError, PermissionDeniedError} from '../../../src/errors/index.js';
import {collect, rejectionOf} from '../../support/collect.js';
import {org, useDatadog} from './support.js';

const start = useDatadog();

const apiKey = '0123456789abcdef0123456789abcdef';
const applicationKey = '0123456789abcdef0123456789abcdef01234567';

function refusal(options: Partial<DatadogProviderOptions>): string {
	try {
		createDatadogProvider({apiKey, applicationKey, account: 'dd-eu', ...options});
	} catch (error) {
		expect(error).toBeInstanceOf(ConfigError);
		return String(error);
	}

	return expect.fail('expected a ConfigError');
}

describe('Datadog options, refused at construction', () => {
	it.each([
		[{site: 'datadoghq.co'}, /\[tokenkit:datadog\] account "dd-eu": field "site": "datadoghq\.co" is not a Datadog site.*did you mean "datadoghq\.com"/],
		[{site: 'https://app.datadoghq.eu'}, /field "site": .* is a URL or host, not a site: write datadoghq\.eu/],
		[{site: 'eu', baseUrl: 'https://api.datadoghq.eu'}, /give site or baseUrl, not both/],
		[{applicationKey: ''}, /field "applicationKey" is missing or empty/],
		[{applicationKey: ` ${applicationKey}`}, /field "applicationKey" has leading or trailing whitespace/],
		[{apiKey: applicationKey, applicationKey: apiKey}, /look swapped/],
		[{applicationKey: apiKey}, /hold the same key/],
		[{serviceAccounts: ['ci-automation']}, /field "serviceAccounts": item 1 is not a service account id/],
		// As a script in plain JavaScript would pass it.
		[Object.fromEntries([['kinds', ['api-keys', 'app-keys']]]), /field "kinds": unknown kind "app-keys"/],
		[{kinds: []}, /field "kinds" must list one or more/],
		[{pageSize: 101}, /field "pageSize" must be a whole number from 1 to 100/],
	] as const)('%o', (options, message) => {
		const text = refusal(options);
		expect(text).toMatch(message);
		expect(text).not.toContain(apiKey);
		expect(text).not.toContain(applicationKey);
	});

	it('takes a site by domain or short name, and defaults to US1', () => {
		expect(createDatadogProvider({apiKey, applicationKey, site: 'AP2'}).site).toBe('ap2.datadoghq.com');
		expect(createDatadogProvider({apiKey, applicationKey}).site).toBe('datadoghq.com');
		expect(createDatadogProvider({apiKey, applicationKey, baseUrl: 'http://127.0.0.1:9'}).site).toBeNull();
	});

	// Each site's API host as Datadog's spec and endpoint tables give them: `https://api.<site>`.
	it.each([
		[undefined, 'https://api.datadoghq.com'],
		['us1', 'https://api.datadoghq.com'],
		['us3', 'https://api.us3.datadoghq.com'],
		['us5', 'https://api.us5.datadoghq.com'],
		['eu', 'https://api.datadoghq.eu'],
		['ap1', 'https://api.ap1.datadoghq.com'],
		['ap2', 'https://api.ap2.datadoghq.com'],
		['uk1', 'https://api.uk1.datadoghq.com'],
		['gov', 'https://api.ddog-gov.com'],
		['us2-fed', 'https://api.us2.ddog-gov.com'],
	])('site %s is served at %s', (site, host) => {
		expect(checkDatadogOptions({apiKey, applicationKey, site}, {provider: 'datadog', account: 'dd'}).baseUrl).toBe(host);
	});
});

describe('Datadog config entries', () => {
	const account = (options: Record<string, unknown>, directory?: string): AccountConfig => ({
		name: 'dd-prod',
		provider: 'datadog',
		apiKey,
		baseUrl: undefined,
		options,
		where: 'tokenkit.yaml:3',
		fieldWhere: {site: 'tokenkit.yaml:5', applicationKey: 'tokenkit.yaml:6', applicationKeyFile: 'tokenkit.yaml:6'},
		...(directory === undefined ? {} : {directory}),
	});

	it.each([
		[{applicationKey, site: 'us4'}, /tokenkit\.yaml:5: account "dd-prod": field "site": "us4" is not a Datadog site.*did you mean/],
		[{}, /tokenkit\.yaml:6: account "dd-prod": field "applicationKey" is missing/],
		[{applicationKey, applicationKeyFile: 'key'}, /tokenkit\.yaml:6: account "dd-prod": give either "applicationKey" or "applicationKeyFile"/],
		[{applicationKey, appKey: 'x'}, /account "dd-prod": unknown field "appKey"/],
		[{applicationKey, kinds: ['tokens']}, /field "kinds\.0"/],
	])('%o', (options, message) => {
		expect(() => datadogVendor.createProvider(account(options), {})).toThrow(message);
	});

	it('reads the application key from a file beside the config, and names a file it cannot read', async () => {
		const directory = await mkdtemp(join(tmpdir(), 'tokenkit-datadog-'));
		await writeFile(join(directory, 'app.key'), `${applicationKey}\n`, {mode: 0o600});
		expect(datadogVendor.createProvider(account({applicationKeyFile: 'app.key'}, directory), {}).provider).toBe('datadog');
		expect(() => datadogVendor.createProvider(account({applicationKeyFile: 'missing.key'}, directory), {})).toThrow(/tokenkit\.yaml:6: account "dd-prod": field "applicationKeyFile": .*missing\.key cannot be read \(no such file\)/);
		expect(() => datadogVendor.createProvider(account({applicationKeyFile: '.'}, directory), {})).toThrow(/a directory, not a regular file/);
	});
});

describe('Datadog refusals, each named', () => {
	it('a credential without the permission to list a kind: 403 naming the permission and what to do', async () => {
		const datadog = await start();
		const error = await rejectionOf(collect(datadog.provider({}, 'standard').list()));
		expect(error).toBeInstanceOf(PermissionDeniedError);
		expect(String(error)).toMatch(/\[tokenkit:datadog\] account "datadog-org-1": GET \/api\/v2\/application_keys\?.* answered HTTP 403.*vendor says: Forbidden; this needs the org_app_keys_read permission: give the application key's owner a role with it, or leave "application-keys" out of field "kinds"/);
		// With that kind left out, the same credential lists the rest.
		const tokens = await collect(datadog.provider({kinds: ['api-keys']}, 'standard').list());
		expect(tokens.length).toBe(datadog.simulator.keys(org).apiKeys.length);
	});

	it('a service account that does not exist: 404 naming the field', async () => {
		const datadog = await start();
		const error = await rejectionOf(collect(datadog.provider({serviceAccounts: ['00000000-0000-1234-0000-000000000000'], kinds: []}).list()));
		expect(error).toBeInstanceOf(NotFoundError);
		expect(String(error)).toMatch(/field "serviceAccounts": service account 00000000-0000-1234-0000-000000000000 does not exist in this org/);
	});

	it('keys Datadog does not know, or of a disabled user: its 403 or 401, and no key printed', async () => {
		const datadog = await start();
		const {apiKey: realApiKey, applicationKey: realApplicationKey} = datadog.simulator.keysFor(org);
		const unknownApiKey = await rejectionOf(collect(datadog.provider({apiKey: 'f'.repeat(32)}).list()));
		expect(unknownApiKey).toBeInstanceOf(PermissionDeniedError);
		const unknownApplicationKey = await rejectionOf(collect(datadog.provider({applicationKey: 'e'.repeat(40)}).list()));
		expect(unknownApplicationKey).toBeInstanceOf(PermissionDeniedError);
		datadog.simulator.setUserDisabled(org, datadog.simulator.userIdFor(org), true);
		expect(await rejectionOf(collect(datadog.provider().list()))).toBeInstanceOf(PermissionDeniedError);
		for (const error of [unknownApiKey, unknownApplicationKey]) {
			expect(String(error)).not.toContain(realApiKey.slice(0, 12));
			expect(String(error)).not.toContain(realApplicationKey.slice(0, 12));
		}

		// Without an application key Datadog answers 401.
		const response = await fetch(`${datadog.server.baseUrl}/api/v2/api_keys`, {headers: {'dd-api-key': realApiKey}});
		expect(response.status).toBe(401);
		expect(await response.json()).toMatchObject({errors: ['Unauthorized']});
	});

	it('an id that is no Datadog token id is refused before any request', async () => {
		const datadog = await start();
		expect(await rejectionOf(datadog.provider().get('4fe9b4d4-5c5f-4b0b-9bb5-0fd8a9d8d2c1'))).toBeInstanceOf(ConfigError);
		expect(await rejectionOf(datadog.provider().delete('users/4fe9b4d4'))).toBeInstanceOf(ConfigError);
		expect(datadog.seen).toEqual([]);
	});
});
