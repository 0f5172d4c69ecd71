import {describe, expect, it} from 'vitest';
import {ipv4RangeToCidrs} from '../../../providers/okta/ip-range.js';
import {nextLink} from '../../../providers/okta/link-header.js';
import {oktaApiTokenToToken, oktaClientSecretToToken, windowMs} from '../../../providers/okta/map.js';
import {allowedIpsOf, zonesToRead, type ZoneView} from '../../../providers/okta/network.js';
import {privilegeOf} from '../../../providers/okta/people.js';
import type {OktaApiToken, OktaNetworkCondition, OktaNetworkZone} from '../../../providers/okta/schema.js';

const record: OktaApiToken = {
	name: 'My API Token',
	userId: '00uabcdefg1234567890',
	tokenWindow: 'P30D',
	network: {connection: 'ANYWHERE'},
	id: '00Tabcdefg1234567890',
	clientName: 'Okta API',
	expiresAt: '2021-12-11T20:38:10.000Z',
	created: '2021-11-09T20:38:10.000Z',
	lastUpdated: '2021-11-11T20:38:10.000Z',
};

const zone = (fields: Partial<OktaNetworkZone> & Pick<OktaNetworkZone, 'id'>): OktaNetworkZone => ({type: 'IP', status: 'ACTIVE', ...fields});

const zones = new Map<string, OktaNetworkZone>([
	['nzoOffice', zone({id: 'nzoOffice', gateways: [{type: 'CIDR', value: '10.2.3.4/24'}, {type: 'RANGE', value: '13.4.5.6-13.4.5.8'}]})],
	['nzoLegacy', zone({id: 'nzoLegacy', gateways: [{type: 'CIDR', value: '10.2.3.4/24'}, {type: 'CIDR', value: '203.0.113.0/24'}]})],
	['nzoDynamic', zone({id: 'nzoDynamic', type: 'DYNAMIC'})],
	['nzoInactive', zone({id: 'nzoInactive', status: 'INACTIVE', gateways: [{type: 'CIDR', value: '192.0.2.0/29'}]})],
	['nzoEmpty', zone({id: 'nzoEmpty', gateways: null})],
]);
const zoneOf = (zoneId: string): ZoneView => {
	const found = zones.get(zoneId);
	return found === undefined ? {kind: 'unreadable'} : {kind: 'zone', zone: found};
};

describe('Okta API token mapping', () => {
	it('maps Okta\'s own example: times as sent, lastUsedAt derived from expiresAt and the window', () => {
		const token = oktaApiTokenToToken(record, 'okta-prod', {allowedIps: []});
		expect(token).toMatchObject({
			provider: 'okta',
			account: 'okta-prod',
			id: '00Tabcdefg1234567890',
			name: 'My API Token',
			description: null,
			kind: 'personal',
			status: 'active',
			ownCredential: false,
			owner: {id: '00uabcdefg1234567890', email: null, status: 'unknown'},
			createdAt: new Date('2021-11-09T20:38:10.000Z'),
			expiresAt: new Date('2021-12-11T20:38:10.000Z'),
			admin: null,
			allowedIps: [],
			secretHint: null,
			raw: record,
		});
		// Okta's examples have expiresAt = lastUpdated + tokenWindow; the derived last use is that lastUpdated.
		expect(token.lastUsedAt).toEqual(new Date('2021-11-11T20:38:10.000Z'));
	});

	it.each([
		['P30D', 30 * 86_400_000],
		['PT5M', 300_000],
		['P1W', 7 * 86_400_000],
		['P1DT12H', 36 * 3_600_000],
		['PT90S', 90_000],
		// The spec's own pattern accepts only "P": such a value, and any other that says nothing, is the fixed 30 days.
		['P', 30 * 86_400_000],
		['PT', 30 * 86_400_000],
		['P1M', 30 * 86_400_000],
		['thirty days', 30 * 86_400_000],
		[undefined, 30 * 86_400_000],
	])('reads the idle window %s as %d ms', (duration, ms) => {
		expect(windowMs(duration)).toBe(ms);
	});

	it('derives the last use from Okta\'s second example, whose window is five minutes', () => {
		const token = oktaApiTokenToToken({...record, tokenWindow: 'PT5M', expiresAt: '2021-11-11T20:43:10.000Z'}, 'a', {allowedIps: []});
		expect(token.lastUsedAt).toEqual(new Date('2021-11-11T20:38:10.000Z'));
	});

	it('has no last use and no expiry without expiresAt, and a service kind for another client\'s token', () => {
		const bare: OktaApiToken = {id: '00T1', name: 'agent'};
		expect(oktaApiTokenToToken(bare, 'a', {allowedIps: null})).toMatchObject({lastUsedAt: null, expiresAt: null, createdAt: null, owner: null, createdBy: null, kind: 'personal'});
		expect(oktaApiTokenToToken({...bare, clientName: 'Okta AD Agent'}, 'a', {allowedIps: null}).kind).toBe('service');
	});

	it('takes owner, roles and admin from the person looked up, and marks the own credential', () => {
		const person = {owner: {id: '00u1', email: 'ada@example.com', status: 'gone' as const}, privileges: [{role: 'SUPER_ADMIN', scope: 'org', resource: null}], admin: true};
		const token = oktaApiTokenToToken(record, 'a', {person, allowedIps: ['10.2.3.0/24'], ownCredential: true});
		expect(token).toMatchObject({owner: person.owner, createdBy: person.owner, privileges: person.privileges, admin: true, allowedIps: ['10.2.3.0/24'], ownCredential: true});
	});

	it('names a standard role org-wide and a custom role by its label and resource set', () => {
		expect(privilegeOf({type: 'SUPER_ADMIN', label: 'Super Organization Administrator'})).toEqual({role: 'SUPER_ADMIN', scope: 'org', resource: null});
		expect(privilegeOf({type: 'CUSTOM', label: 'UserCreatorRole', role: 'cr0Yq6IJxGIr0ouum0g3', 'resource-set': 'iamoJDFKaJxGIr0oamd9g'})).toEqual({role: 'UserCreatorRole', scope: 'resource-set', resource: 'iamoJDFKaJxGIr0oamd9g'});
	});
});

describe('Okta network conditions as allow-lists', () => {
	it.each<[string, OktaNetworkCondition | undefined, readonly string[] | null]>([
		['no condition at all (Okta\'s second example)', undefined, []],
		['ANYWHERE', {connection: 'ANYWHERE'}, []],
		['an empty condition', {}, []],
		['one IP zone, its range split into CIDRs', {connection: 'ZONE', include: ['nzoOffice']}, ['10.2.3.4/24', '13.4.5.6/31', '13.4.5.8/32']],
		['the union of two zones, each address once', {connection: 'ZONE', include: ['nzoOffice', 'nzoLegacy']}, ['10.2.3.4/24', '13.4.5.6/31', '13.4.5.8/32', '203.0.113.0/24']],
		['an inclusion with an exclusion: the inclusion, an upper bound', {connection: 'ZONE', include: ['nzoLegacy'], exclude: ['nzoOffice']}, ['10.2.3.4/24', '203.0.113.0/24']],
		['exclude-only ("anywhere but")', {connection: 'ZONE', exclude: ['nzoOffice']}, null],
		['a dynamic zone', {connection: 'ZONE', include: ['nzoDynamic']}, null],
		['an IP zone beside a dynamic one', {connection: 'ZONE', include: ['nzoOffice', 'nzoDynamic']}, null],
		['an inactive zone', {connection: 'ZONE', include: ['nzoInactive']}, null],
		['a zone without gateways', {connection: 'ZONE', include: ['nzoEmpty']}, null],
		['a zone tokenkit cannot read', {connection: 'ZONE', include: ['nzoOffice', 'nzoUnknown']}, null],
		['every zone of the org', {connection: 'ZONE', include: ['ALL_IP_ZONES']}, null],
		['a connection Okta may add later', {connection: 'SOMEWHERE', include: ['nzoOffice']}, null],
		['zones without a connection', {include: ['nzoOffice']}, null],
	])('%s', (_name, network, expected) => {
		expect(allowedIpsOf(network, zoneOf)).toEqual(expected);
	});

	it('reads only the zones an inclusion needs', () => {
		expect(zonesToRead({connection: 'ZONE', include: ['nzoA', 'nzoB', 'nzoA'], exclude: ['nzoC']})).toEqual(['nzoA', 'nzoB']);
		expect(zonesToRead({connection: 'ZONE', exclude: ['nzoC']})).toEqual([]);
		expect(zonesToRead({connection: 'ANYWHERE'})).toEqual([]);
		expect(zonesToRead({connection: 'ZONE', include: ['ALL_IP_ZONES']})).toEqual([]);
	});

	it.each<[string, string[] | undefined]>([
		['13.4.5.6-13.4.5.8', ['13.4.5.6/31', '13.4.5.8/32']],
		['198.51.100.10-198.51.100.20', ['198.51.100.10/31', '198.51.100.12/30', '198.51.100.16/30', '198.51.100.20/32']],
		['10.0.0.0-10.0.255.255', ['10.0.0.0/16']],
		['0.0.0.0-255.255.255.255', ['0.0.0.0/0']],
		['192.0.2.7-192.0.2.7', ['192.0.2.7/32']],
		['192.0.2.9-192.0.2.7', undefined],
		['15.5.6.7/24-15.5.6.9', undefined],
		['2001:db8::1-2001:db8::9', undefined],
		['1.2.3.256-1.2.3.4', undefined],
	])('splits the range %s into CIDRs', (range, cidrs) => {
		expect(ipv4RangeToCidrs(range)).toEqual(cidrs);
	});
});

describe('Okta Link headers', () => {
	it.each<[string | null, string | null]>([
		[null, null],
		['<https://acme.okta.com/api/v1/api-tokens?limit=20>; rel="self"', null],
		['<https://acme.okta.com/api/v1/api-tokens?limit=20>; rel="self", <https://acme.okta.com/api/v1/api-tokens?after=00T9&limit=20>; rel="next"', 'https://acme.okta.com/api/v1/api-tokens?after=00T9&limit=20'],
		['<https://acme.okta.com/api/v1/apps?after=a,b>; rel=next', 'https://acme.okta.com/api/v1/apps?after=a,b'],
		['<https://x/1>; rel="prev next"', 'https://x/1'],
		['<https://x/1>; title="next"; rel="self"', null],
	])('finds the next link in %s', (header, next) => {
		expect(nextLink(header)).toBe(next);
	});
});

describe('Okta client secret mapping', () => {
	const app = {id: '0oa1nkheCuDn82XVI0g4', label: 'Payroll Sync', credentials: {oauthClient: {client_id: '0oa1nkheCuDn82XVI0g4'}}};

	it('keeps the secret out of raw and shows only its last four characters', () => {
		const secret = {id: 'ocs2f50kZB0cITmYU0g4', status: 'ACTIVE', client_secret: 'DRUFXGF9XbLn......a3x3POBiIxDreBCdZuFs5B', secret_hash: 'FpCwXwSjTRQNtEI11I00-g', created: '2023-04-06T21:32:33.000Z', lastUpdated: '2023-04-06T21:32:33.000Z'};
		const token = oktaClientSecretToToken(secret, app, 'okta-apps');
		expect(token).toMatchObject({
			id: '0oa1nkheCuDn82XVI0g4/ocs2f50kZB0cITmYU0g4',
			name: 'Payroll Sync',
			kind: 'service',
			status: 'active',
			owner: null,
			createdAt: new Date('2023-04-06T21:32:33.000Z'),
			lastUsedAt: null,
			expiresAt: null,
			privileges: [{role: 'oauth-client', scope: 'app', resource: '0oa1nkheCuDn82XVI0g4'}],
			admin: null,
			allowedIps: null,
			secretHint: '…Fs5B',
		});
		expect(token.raw).toEqual({id: 'ocs2f50kZB0cITmYU0g4', status: 'ACTIVE', secret_hash: 'FpCwXwSjTRQNtEI11I00-g', created: '2023-04-06T21:32:33.000Z', lastUpdated: '2023-04-06T21:32:33.000Z'});
		expect(JSON.stringify(token)).not.toContain('a3x3POBiIxDreBCdZuFs5B');
	});

	it('reads INACTIVE as disabled, and gives no hint from a value too short to be a secret', () => {
		expect(oktaClientSecretToToken({id: 'ocs1', status: 'INACTIVE', client_secret: 'short'}, {id: '0oa1'}, 'a')).toMatchObject({status: 'disabled', secretHint: null, name: '0oa1'});
	});
});
