import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {cloudflareTokenToToken} from '../../../providers/cloudflare/map.js';
import {CloudflareTokenSchema, type CloudflareToken} from '../../../providers/cloudflare/schema.js';

const account = 'a'.repeat(32);
const zone = 'b'.repeat(32);
const base = {id: 'ed17574386854bf78a67040be0a770b0', name: 'ci', issued_on: '2025-01-02T03:04:05Z', status: 'active'};
const policy = (groups: string[], resources: Record<string, string | Record<string, string>>, effect = 'allow') => ({
	id: 'p', effect, permission_groups: groups.map((name, index) => ({id: `g${index}`, name})), resources,
});
const parse = (record: unknown): CloudflareToken => v.parse(CloudflareTokenSchema, record);
const map = (record: unknown, context: Partial<Parameters<typeof cloudflareTokenToToken>[1]> = {}) => cloudflareTokenToToken(parse(record), {account: 'cf', scope: 'account', ownTokenId: null, ...context});

describe('cloudflareTokenToToken', () => {
	it.each([
		['RFC 3339 times', {last_used_on: '2025-02-01T00:00:00Z', expires_on: '2026-01-01T00:00:00Z', not_before: '2025-01-03T00:00:00Z'}, {createdAt: '2025-01-02T03:04:05.000Z', lastUsedAt: '2025-02-01T00:00:00.000Z', expiresAt: '2026-01-01T00:00:00.000Z', notBefore: '2025-01-03T00:00:00.000Z'}],
		['absent last use and expiry: never used, never expires', {}, {lastUsedAt: null, expiresAt: null, notBefore: null}],
		['null last use (not in the spec, seen in the wild)', {last_used_on: null, expires_on: null}, {lastUsedAt: null, expiresAt: null}],
		['fractional seconds and an offset', {issued_on: '2025-01-02T04:04:05.250+01:00'}, {createdAt: '2025-01-02T03:04:05.250Z'}],
	])('%s', (_name, fields, expected) => {
		const token = map({...base, ...fields});
		const times = {createdAt: token.createdAt?.toISOString() ?? null, lastUsedAt: token.lastUsedAt?.toISOString() ?? null, expiresAt: token.expiresAt?.toISOString() ?? null, notBefore: token.notBefore?.toISOString() ?? null};
		expect(times).toMatchObject(expected);
	});

	it.each([
		['active', 'active'],
		['disabled', 'disabled'],
		['expired', 'expired'],
		[undefined, 'active'],
		['paused-by-someone', 'active'],
	])('reads status %s as %s', (status, expected) => {
		expect(map({...base, status}).status).toBe(expected);
	});

	it.each([
		['no condition: unrestricted', {}, []],
		['an allow-list under request_ip', {condition: {request_ip: {in: ['192.0.2.0/24', '2001:db8::/32']}}}, ['192.0.2.0/24', '2001:db8::/32']],
		['an allow-list under the older "request.ip"', {condition: {'request.ip': {in: ['198.51.100.7']}}}, ['198.51.100.7']],
		['a deny-list alone is no allow-list', {condition: {request_ip: {not_in: ['203.0.113.0/24']}}}, []],
		['both lists: the allow-list', {condition: {request_ip: {in: ['192.0.2.1'], not_in: ['192.0.2.1/32']}}}, ['192.0.2.1']],
	])('allowedIps: %s', (_name, fields, expected) => {
		const token = map({...base, ...fields});
		expect(token.allowedIps).toEqual(expected);
		// The deny-list stays visible in the record.
		expect(JSON.stringify(token.raw)).toContain(JSON.stringify(fields).slice(1, -1));
	});

	it.each([
		['can mint user tokens', [policy(['API Tokens Write'], {'com.cloudflare.api.user.u1': '*'})], true],
		['can mint account tokens', [policy(['Account API Tokens Write'], {[`com.cloudflare.api.account.${account}`]: '*'})], true],
		['writes account-wide', [policy(['Account Settings Write'], {[`com.cloudflare.api.account.${account}`]: '*'})], true],
		['writes every zone of an account (nested)', [policy(['DNS Write'], {[`com.cloudflare.api.account.${account}`]: {'com.cloudflare.api.account.zone.*': '*'}})], true],
		['edits every account (wildcard)', [policy(['Workers Scripts Edit'], {'com.cloudflare.api.account.*': '*'})], true],
		['writes one zone only', [policy(['DNS Write'], {[`com.cloudflare.api.account.zone.${zone}`]: '*'})], false],
		['reads account-wide', [policy(['Account Settings Read', 'API Tokens Read'], {[`com.cloudflare.api.account.${account}`]: '*'})], false],
		['a deny of a minting group is no grant', [policy(['API Tokens Write'], {'com.cloudflare.api.user.u1': '*'}, 'deny')], false],
		['no policies', [], false],
	])('admin: %s', (_name, policies, expected) => {
		expect(map({...base, policies}).admin).toBe(expected);
	});

	it('cannot tell admin when a group comes without its name, unless another grant decides', () => {
		const nameless = {id: 'p', effect: 'allow', permission_groups: [{id: 'c8fed203ed3043cba015a93ad1616f1f'}], resources: {'com.cloudflare.api.account.*': '*'}};
		expect(map({...base, policies: [nameless]}).admin).toBeNull();
		expect(map({...base, policies: [nameless, policy(['API Tokens Write'], {'com.cloudflare.api.user.u1': '*'})]}).admin).toBe(true);
	});

	it('writes one privilege per group and resource, deny marked, nesting as outer/inner', () => {
		const token = map({...base, policies: [
			policy(['Zone Read', 'DNS Read'], {[`com.cloudflare.api.account.${account}`]: {'com.cloudflare.api.account.zone.*': '*'}}),
			policy(['DNS Write'], {[`com.cloudflare.api.account.zone.${zone}`]: '*', 'com.cloudflare.edge.r2.bucket.x_default_y': '*'}, 'deny'),
			policy(['User Details Read'], {'com.cloudflare.api.user.u1': '*'}),
		]});
		expect(token.privileges).toEqual([
			{role: 'Zone Read', scope: 'zone', resource: `com.cloudflare.api.account.${account}/com.cloudflare.api.account.zone.*`},
			{role: 'DNS Read', scope: 'zone', resource: `com.cloudflare.api.account.${account}/com.cloudflare.api.account.zone.*`},
			{role: 'deny:DNS Write', scope: 'zone', resource: `com.cloudflare.api.account.zone.${zone}`},
			{role: 'deny:DNS Write', scope: 'r2-bucket', resource: 'com.cloudflare.edge.r2.bucket.x_default_y'},
			{role: 'User Details Read', scope: 'user', resource: 'com.cloudflare.api.user.u1'},
		]);
	});

	it('user tokens are personal and belong to the caller; account tokens are service tokens with their recorded creator', () => {
		const user = {id: 'u1', email: 'ada@example.com', status: 'present'} as const;
		const personal = map(base, {scope: 'user', user});
		expect([personal.kind, personal.owner, personal.createdBy]).toEqual(['personal', user, user]);
		const service = map({...base, creator_email_at_creation: 'grace@example.com'});
		expect([service.kind, service.owner]).toEqual(['service', {id: null, email: 'grace@example.com', status: 'unknown'}]);
		// Nobody recorded is not somebody gone: Cloudflare never says a creator left.
		expect(map(base).owner).toEqual({id: null, email: null, status: 'unknown'});
		expect(map(base, {scope: 'user'}).owner).toEqual({id: null, email: null, status: 'unknown'});
	});

	it('marks the token the credential is, and only that one', () => {
		expect(map(base, {ownTokenId: base.id}).ownCredential).toBe(true);
		expect(map(base, {ownTokenId: 'other'}).ownCredential).toBe(false);
		expect(map(base).ownCredential).toBe(false);
	});

	it('has no secret hint and no description; the record is raw', () => {
		const token = map({...base, modified_on: '2025-01-03T00:00:00Z', provisioner_type: 'oauth'});
		expect([token.secretHint, token.description, token.name, token.provider, token.account]).toEqual([null, null, 'ci', 'cloudflare', 'cf']);
		expect(token.raw).toMatchObject({provisioner_type: 'oauth'});
	});

	it('refuses a time no Cloudflare record carries', () => {
		expect(() => parse({...base, issued_on: '9999-01-01T00:00:00Z'})).toThrow();
		expect(() => parse({...base, last_used_on: 1_700_000_000})).toThrow();
	});
});
