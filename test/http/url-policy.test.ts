import {describe, expect, it} from 'vitest';
import {ConfigError} from '../../src/errors/index.js';
import {createHttpClient, type HttpClientOptions} from '../../src/http/client.js';
import {checkBaseUrl, isLoopbackHost} from '../../src/http/url-policy.js';
import {Secret} from '../../src/secret.js';
import {useLoopbackServers} from '../support/loopback-server.js';

const context = {provider: 'testvendor', account: 'acme'};

function options(baseUrl: string, extra: Partial<HttpClientOptions> = {}): HttpClientOptions {
	return {provider: 'testvendor', account: 'acme', baseUrl, credential: new Secret('tk-SEEDED-secret-0001'), authorization: key => `Bearer ${key}`, ...extra};
}

describe('checkBaseUrl', () => {
	it.each([
		'https://api.mist.com/api/v1',
		'http://127.0.0.1:8080/',
		'http://127.5.6.7/',
		'http://localhost:3000',
		'http://sim.localhost/',
		'http://[::1]:9000/',
	])('accepts %s', url => {
		expect(checkBaseUrl(url, false, context)).toBeInstanceOf(URL);
	});

	it('ends the base path in a slash and drops query and fragment, so paths join under it', () => {
		const base = checkBaseUrl('https://app.launchdarkly.com/api/v2?x=1#top', false, context);

		expect(base.href).toBe('https://app.launchdarkly.com/api/v2/');
		expect(new URL('tokens', base).pathname).toBe('/api/v2/tokens');
	});

	it.each([
		['http://api.mist.com/', /plain HTTP to a host that is not loopback/],
		['http://127.0.0.1.nip.io/', /plain HTTP to a host that is not loopback/],
		['http://10.0.0.5/', /plain HTTP to a host that is not loopback/],
		['api.mist.com', /is not an absolute URL/],
		['not a url', /is not an absolute URL/],
		['ftp://files.example.com/', /must use https \(got ftp:\)/],
		['https://user:pw@api.example.com/', /must not carry credentials/],
	])('refuses %s with a ConfigError', (url, message) => {
		expect(() => checkBaseUrl(url, false, context)).toThrow(ConfigError);
		expect(() => checkBaseUrl(url, false, context)).toThrow(message);
	});

	it('does not repeat credentials found in a URL', () => {
		let message = '';
		try {
			checkBaseUrl('https://user:tk-SEEDED-secret-0001@api.example.com/', false, context);
		} catch (error) {
			message = error instanceof Error ? error.message : '';
		}

		expect(message).toContain('must not carry credentials');
		expect(message).not.toContain('tk-SEEDED');
	});

	it('allows plain HTTP to another host only when the caller opts in', () => {
		expect(checkBaseUrl('http://api.internal:8080/', true, context).origin).toBe('http://api.internal:8080');
	});

	it.each([
		['localhost', true],
		['LOCALHOST', true],
		['127.0.0.1', true],
		['[::1]', true],
		['::1', true],
		['128.0.0.1', false],
		['localhost.example.com', false],
		['0.0.0.0', false],
	])('isLoopbackHost(%s) is %s', (host, expected) => {
		expect(isLoopbackHost(host)).toBe(expected);
	});
});

describe('createHttpClient', () => {
	const start = useLoopbackServers();

	it('refuses plain HTTP to another host at construction, before any request', () => {
		expect(() => createHttpClient(options('http://api.mist.com/'))).toThrow(ConfigError);
	});

	it('builds a client for plain HTTP to another host when allowInsecureHttp is set', () => {
		expect(createHttpClient(options('http://api.internal/', {allowInsecureHttp: true})).context).toEqual(context);
	});

	it('names the provider and account in the ConfigError', () => {
		expect(() => createHttpClient(options('nope'))).toThrow(/^\[tokenkit:testvendor\] account "acme": baseUrl is not an absolute URL \(expected https:\/\/host\[\/path\]\)$/);
	});

	it.each([
		[{retry: {attempts: 0}}, /attempts must be a whole number of at least 1; got 0/],
		[{retry: {attempts: 2.5}}, /attempts must be a whole number/],
		[{retry: {maxWait: -1}}, /maxWait must be a finite number/],
		[{timeout: Number.NaN}, /timeout must be a finite number/],
	])('refuses bad numbers %j at construction', (extra, message) => {
		expect(() => createHttpClient(options('https://api.example.com/', extra))).toThrow(message);
	});

	it('sends nothing when the options are refused', async () => {
		const server = await start((_request, response) => {
			response.end('{}');
		});

		expect(() => createHttpClient(options(server.url, {retry: {attempts: 0}}))).toThrow(ConfigError);
		expect(server.requests).toHaveLength(0);
	});
});
