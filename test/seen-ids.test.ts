import {randomUUID} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {createSeenIds} from '../src/seen-ids.js';

describe('createSeenIds', () => {
	it('takes every distinct id once and refuses each that comes again, across its growth', () => {
		const ids = Array.from({length: 100_000}, () => randomUUID());
		const seen = createSeenIds();
		expect(ids.every(id => seen.add(id))).toBe(true);
		expect(seen.size).toBe(ids.length);
		expect(ids.some(id => seen.add(id))).toBe(false);
		expect(seen.size).toBe(ids.length);
	});

	it('tells apart ids that differ in one place, in case, or only in length', () => {
		const seen = createSeenIds();
		for (const id of ['', 'a', 'A', 'aa', 'ab', 'ba', 'tok-001', 'tok-010', 'tok-100', '\u0000', '\u0000\u0000', 'é', 'e\u0301']) {
			expect(seen.add(id), JSON.stringify(id)).toBe(true);
		}

		expect(seen.add('tok-010')).toBe(false);
		expect(seen.add('')).toBe(false);
	});

	it('keeps each listing apart', () => {
		const first = createSeenIds();
		const second = createSeenIds();
		expect(first.add('x')).toBe(true);
		expect(second.add('x')).toBe(true);
	});
});
