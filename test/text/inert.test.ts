import {describe, expect, it} from 'vitest';
import {inert} from '../../src/text/inert.js';

describe('inert', () => {
	it.each([
		['plain text', 'deploy-bot', 'deploy-bot'],
		['an empty text', '', ''],
		['CSI colour', 'evil\u001b[31mred', String.raw`evil\x1b[31mred`],
		['OSC window title ended by BEL', '\u001b]0;pwned\u0007', String.raw`\x1b]0;pwned\x07`],
		['C1 CSI and NEL', 'a\u009b2Jb\u0085c', String.raw`a\x9b2Jb\x85c`],
		['NUL and DEL', 'a\u0000b\u007f', String.raw`a\x00b\x7f`],
		['CR, LF and TAB', 'ok\rforged\nline\tx', String.raw`ok\rforged\nline\tx`],
		['bidi overrides and isolates', 'a\u202eb\u202ac\u2066d\u2069', String.raw`a\u202eb\u202ac\u2066d\u2069`],
		['LRM, RLM and the Arabic letter mark', '\u200e\u200f\u061c', String.raw`\u200e\u200f\u061c`],
		['zero-width space, joiners, word joiner, BOM', 'a\u200bb\u200cc\u200dd\u2060e\ufeff', String.raw`a\u200bb\u200cc\u200dd\u2060e\ufeff`],
		['soft hyphen', 'adm\u00adin', String.raw`adm\xadin`],
		['line and paragraph separators', 'a\u2028b\u2029c', String.raw`a\u2028b\u2029c`],
		['invisible tag characters', 'hi\u{e0041}\u{e0042}', String.raw`hi\u{e0041}\u{e0042}`],
		['a lone surrogate', 'a\ud800b', String.raw`a\ud800b`],
		['letters of every script, emoji and a backslash', 'Zoë Ünal 日本 👍 DOMAIN\\user', 'Zoë Ünal 日本 👍 DOMAIN\\user'],
		['the no-break space (visible as a space)', 'a\u00a0b', 'a\u00a0b'],
	])('%s', (_case, text, shown) => {
		expect(inert(text, 200)).toBe(shown);
	});

	it.each([
		['a text that fits is not cut', 'abcd', 4, 'abcd'],
		['a longer text is cut and marked', 'abcdef', 4, 'abcd…'],
		['an escape that would not fit is left out whole', 'abc\u001b', 4, 'abc…'],
		['escapes count toward the length', '\u001b\u001b\u001b', 8, String.raw`\x1b\x1b…`],
		['a surrogate pair is never split', 'abc👍', 4, 'abc…'],
		['zero keeps nothing', 'abc', 0, '…'],
	])('%s', (_case, text, max, shown) => {
		expect(inert(text, max)).toBe(shown);
	});

	it('is bounded whatever comes in, and fast on a megabyte', () => {
		const huge = '\u001b[2J'.repeat(250_000);
		const started = performance.now();
		expect(inert(huge, 300).length).toBeLessThanOrEqual(301);
		expect(performance.now() - started).toBeLessThan(500);
	});

	it('changes nothing in a text it made inert already', () => {
		const once = inert('x\u001b\u202e\r\n\u200b\u{e0041}y', 200);
		expect(inert(once, 200)).toBe(once);
	});
});
