import {inspect} from 'node:util';
import {describe, expect, it} from 'vitest';
import {createRedactor, minimumRun} from '../../src/redaction/redactor.js';
import {scrubToken} from '../../src/redaction/scrub-token.js';
import {Secret} from '../../src/secret.js';
import type {Token} from '../../src/token.js';
import {findLeaks} from '../support/leak-scan.js';

const key = 'tk_live+Qx9/Lm3=Rt7&Vb2~Nc5!Wd8*Ze4(Hy6)';
const other = 'api-4f1c9e2a-77b0-4d3e-9a51-0c6f2b8d1e47';
const base64 = (text: string): string => Buffer.from(text).toString('base64');
const base64url = (text: string): string => Buffer.from(text).toString('base64url');

describe('the redactor', () => {
	const redactor = createRedactor([new Secret(key), other]);

	it.each([
		['whole', key],
		['a prefix of 12', key.slice(0, minimumRun)],
		['a suffix', key.slice(-15)],
		['a middle piece', key.slice(9, 9 + minimumRun)],
		['URL-encoded', encodeURIComponent(key)],
		['a URL-encoded piece', encodeURIComponent(key).slice(5, 25)],
		['base64 (Bearer)', `Bearer ${base64(key)}`],
		['base64 after one byte (Basic ops:key)', `Basic ${base64(`ops:${key}`)}`],
		['base64 after two bytes (Basic user:key)', `Basic ${base64(`user:${key}`)}`],
		['base64 after three bytes (Basic adm:key)', `Basic ${base64(`adm:${key}`)}`],
		['base64url', base64url(`x${key}`)],
		['the other secret, whole', other],
		['the other secret in JSON', JSON.stringify({token: other})],
	])('scrubs it %s', (_name, echo) => {
		const text = `vendor says: ${echo} (request 42)`;
		const scrubbed = redactor.scrub(text);
		expect(scrubbed).toContain('[redacted]');
		expect(scrubbed).toMatch(/^vendor says: /);
		expect(scrubbed).toMatch(/ \(request 42\)$/);
		expect(findLeaks([{where: 'scrubbed', text: scrubbed}], [key, other])).toEqual([]);
	});

	it('leaves alone a piece shorter than 12, a vendor mask, and text without a secret', () => {
		for (const text of [key.slice(0, minimumRun - 1), `${other.slice(0, 4)}...${other.slice(-4)}`, `…${other.slice(-4)}`, 'no secret here at all, only words and numbers 1234567890']) {
			expect(redactor.scrub(text)).toBe(text);
		}
	});

	it('cuts every echo of a text, overlapping pieces as one', () => {
		expect(redactor.scrub(`a ${key} b ${key.slice(3)}${other} c ${other}`)).toBe('a [redacted] b [redacted] c [redacted]');
	});

	it('scrubs a key registered later from everything after', () => {
		const later = createRedactor();
		const minted = 'q8WnR2xLk5VzT0pGh3JcY7bMf1Ds6Ea9';
		expect(later.scrub(minted)).toBe(minted);
		later.add(minted);
		later.add(minted);
		expect(later.scrub(`new key ${minted}`)).toBe('new key [redacted]');
	});

	it('replaces a secret shorter than 12 where it appears whole, and ignores one shorter than 4', () => {
		const short = createRedactor(['abcd1234', 'ab']);
		expect(short.scrub('key abcd1234, and abcd123')).toBe('key [redacted], and abcd123');
		expect(short.scrub('abc')).toBe('abc');
	});

	it('shows no secret when it is logged itself', () => {
		expect(inspect(redactor, {showHidden: true, depth: null})).not.toContain(key.slice(0, minimumRun));
		expect(JSON.stringify(redactor)).not.toContain(key.slice(0, minimumRun));
	});

	it('scrubs every string of a JSON value, keys included, and copies only what changed', () => {
		const clean = {a: 'x', list: [1, 'y', {b: null}]};
		expect(redactor.scrubJson(clean)).toBe(clean);
		const dirty = {a: 'x', nested: {echo: `Bearer ${key}`, [key]: true}, list: ['ok', other], clean};
		const scrubbed = redactor.scrubJson(dirty);
		expect(scrubbed).toEqual({a: 'x', nested: {echo: 'Bearer [redacted]', '[redacted]': true}, list: ['ok', '[redacted]'], clean});
		expect(JSON.stringify(scrubbed)).not.toContain(key.slice(0, minimumRun));
		expect(dirty.nested.echo).toBe(`Bearer ${key}`);
	});

	it('keeps a __proto__ key of vendor JSON a plain field', () => {
		const parsed: unknown = JSON.parse(`{"__proto__": {"polluted": "${other}"}}`);
		const scrubbed = redactor.scrubJson(parsed);
		expect(JSON.stringify(scrubbed)).toBe('{"__proto__":{"polluted":"[redacted]"}}');
		expect(Object.getPrototypeOf(scrubbed)).toBe(Object.prototype);
	});
});

describe('scrubToken', () => {
	const token: Token = {
		provider: 'mist',
		account: 'hq',
		id: 'id-1',
		name: 'ci',
		description: null,
		kind: 'org',
		status: 'active',
		ownCredential: false,
		owner: {id: null, email: 'ana@example.com', status: 'present'},
		createdBy: null,
		createdAt: new Date(0),
		lastUsedAt: null,
		expiresAt: null,
		privileges: [{role: 'admin', scope: 'org', resource: 'org-1'}],
		admin: true,
		allowedIps: [],
		secretHint: '…QQCL',
		raw: {id: 'id-1', key: 'abcd...QQCL'},
	};
	const redactor = createRedactor([key]);

	it('returns the very token when it holds no secret', () => {
		expect(scrubToken(token, redactor)).toBe(token);
	});

	it('scrubs a secret from any field and from raw', () => {
		const dirty: Token = {...token, name: `ci ${key}`, owner: {id: key, email: null, status: 'present'}, createdBy: {id: key, email: null, status: 'gone'}, privileges: [{role: 'admin', scope: 'org', resource: key}], raw: {id: 'id-1', extra: key}};
		const scrubbed = scrubToken(dirty, redactor);
		expect(findLeaks([{where: 'token', text: JSON.stringify(scrubbed)}], [key])).toEqual([]);
		expect(scrubbed).toMatchObject({name: 'ci [redacted]', owner: {id: '[redacted]', status: 'present'}, createdBy: {id: '[redacted]', status: 'gone'}, privileges: [{resource: '[redacted]'}], raw: {extra: '[redacted]'}});
	});

	it('drops a hint longer than a mask: it would be most of a key', () => {
		expect(scrubToken({...token, secretHint: '…0123456789'}, redactor).secretHint).toBeNull();
		expect(scrubToken({...token, secretHint: 'ab123…'}, redactor).secretHint).toBe('ab123…');
	});
});
