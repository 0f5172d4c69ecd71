import {format, inspect} from 'node:util';
import {describe, expect, it} from 'vitest';
import {Secret} from '../src/secret.js';

const key = 'tk-SEEDED-secret-0001';

describe('Secret', () => {
	it('hands the key out through reveal()', () => {
		expect(new Secret(key).reveal()).toBe(key);
	});

	it.each([
		['toString()', (secret: Secret) => secret.toString(), '[redacted]'],
		['String()', (secret: Secret) => String(secret), '[redacted]'],
		// eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- interpolating a Secret is the leak under test
		['a template literal', (secret: Secret) => `minted ${secret}`, 'minted [redacted]'],
		['JSON.stringify', (secret: Secret) => JSON.stringify({secret}), '{"secret":"[redacted]"}'],
		['util.inspect', (secret: Secret) => inspect({secret}, {depth: null, showHidden: true}), '{ secret: Secret [redacted] }'],
		['util.format %s / %o', (secret: Secret) => format('%s %o', secret, secret), '[redacted] Secret [redacted]'],
		// eslint-disable-next-line @typescript-eslint/no-misused-spread -- spreading a Secret is the leak under test
		['spreading', (secret: Secret) => JSON.stringify({...secret}), '{}'],
		['Object.entries', (secret: Secret) => JSON.stringify(Object.entries(secret)), '[]'],
	])('shows no key through %s', (_how, render, expected) => {
		const rendered = render(new Secret(key));

		expect(rendered).toBe(expected);
		expect(rendered).not.toContain(key);
	});

	it('shows no key when concatenated, the way a careless log line would', () => {
		const secret = new Secret(key);
		const line: unknown = ['key: ', secret].join('');

		expect(line).toBe('key: [redacted]');
	});

	it('compares without printing', () => {
		const secret = new Secret(key);

		expect(secret.equals(key)).toBe(true);
		expect(secret.equals('tk-other')).toBe(false);
	});

	it('refuses an empty key', () => {
		expect(() => new Secret('')).toThrow(TypeError);
	});
});
