import {describe, expect, it} from 'vitest';
import {isCutShortJson} from '../../../src/inventory/rotate/cut-short.js';
import {readSecretFile} from '../../../src/inventory/rotate/secret-file.js';

describe('isCutShortJson', () => {
	const record = '{"ref":"mist:hq:0c2d","rotated":"mist:hq:6f1b","n":-12.5e+3,"ok":true,"x":null,"list":[1,{"a":"\\u00e9\\n"}],"key":"k"}';

	it('is true for every proper prefix of a record, and false for the record itself', () => {
		for (let end = 1; end < record.length; end++) {
			expect(isCutShortJson(record.slice(0, end)), record.slice(0, end)).toBe(true);
		}

		expect(isCutShortJson(record)).toBe(false);
	});

	it.each([
		['not an object', '["a"'],
		['a record cut short with a whole one written onto it', `${record.slice(0, 20)}${record}`],
		['two whole records on one line', `${record}${record}`],
		['a bad escape', '{"a":"\\x'],
		['a bad literal', '{"a":tru,'],
		['a bad number', '{"a":01'],
		['a key without quotes', '{a:1'],
	])('is false for %s', (_what, line) => {
		expect(isCutShortJson(line)).toBe(false);
	});
});

describe('readSecretFile', () => {
	it('counts whole records only, and names the REFs of a line cut short without saying its key', () => {
		const whole = '{"ref":"mist:hq:new1","rotated":"mist:hq:old1","name":"a","key":"KEY-ONE"}';
		const cut = '{"ref":"mist:hq:new2","rotated":"mist:hq:old2","name":"b","key":"KEY-T';
		const contents = readSecretFile(`${whole}\n${cut}\n{"ref":"mist:hq:ne`);
		expect([...contents.stored]).toEqual(['mist:hq:new1']);
		expect(contents.unreadable).toEqual([
			{line: 2, cutShort: true, ref: {provider: 'mist', account: 'hq', id: 'new2'}, rotated: {provider: 'mist', account: 'hq', id: 'old2'}},
			{line: 3, cutShort: true, ref: null, rotated: null},
		]);
		expect(JSON.stringify(contents.unreadable)).not.toContain('KEY');
	});
});
