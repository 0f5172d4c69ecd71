import {describe, expect, it} from 'vitest';
import {quotableVendorText} from '../src/vendor-text.js';

describe('quotableVendorText', () => {
	it('leaves ordinary ids alone', () => {
		expect(quotableVendorText('61095542756dba551110ae21')).toBe('61095542756dba551110ae21');
		expect(quotableVendorText('jörg’s token')).toBe('jörg’s token');
	});

	it('escapes what could move the cursor, reorder or hide text, or end the quote', () => {
		expect(quotableVendorText('a\u001b[2Jb\r\nc\u202ed\u2066e\u200bf\u0085g"h\\i')).toBe(String.raw`a\u001b[2Jb\u000d\u000ac\u202ed\u2066e\u200bf\u0085g\u0022h\u005ci`);
	});

	it('cuts a long text', () => {
		expect(quotableVendorText('x'.repeat(500))).toBe(`${'x'.repeat(80)}…`);
		expect(quotableVendorText('x'.repeat(50), 10)).toBe(`${'x'.repeat(10)}…`);
	});
});
