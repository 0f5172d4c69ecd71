import {describe, expect, it} from 'vitest';
import {isoString} from '../src/iso-date.js';

/** A deterministic spread of instants, so a failure names the same date on every run. */
function instants(count: number, from: number, to: number): number[] {
	let state = 0x9e_37_79_b9;
	return Array.from({length: count}, () => {
		// xorshift32: enough spread for dates, and no dependency.
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		return from + Math.floor(((state >>> 0) / 2 ** 32) * (to - from));
	});
}

describe('isoString', () => {
	it.each([
		['the epoch', 0],
		['a millisecond in', 1],
		['the last leap day of a century that is not a leap year', Date.UTC(2096, 1, 29, 23, 59, 59, 999)],
		['the first of March of a century that is not a leap year', Date.UTC(2100, 2, 1)],
		['a leap day of a leap century', Date.UTC(2000, 1, 29, 12)],
		['the last of December', Date.UTC(2023, 11, 31, 23, 59, 59, 999)],
		['a token\'s creation date', 1_628_001_602_644],
		['the last millisecond before year 10000', Date.UTC(9999, 11, 31, 23, 59, 59, 999)],
	])('writes %s as toISOString does', (_name, ms) => {
		const date = new Date(ms);
		expect(isoString(date)).toBe(date.toISOString());
	});

	it('agrees with toISOString on a hundred thousand instants between 1970 and 9999', () => {
		const differing = instants(100_000, 0, Date.UTC(10_000, 0, 1)).filter(ms => isoString(new Date(ms)) !== new Date(ms).toISOString());
		expect(differing).toEqual([]);
	});

	it.each([
		['before 1970', Date.UTC(1969, 11, 31, 23, 59, 59, 999), '1969-12-31T23:59:59.999Z'],
		['year 0', Date.parse('0000-03-01T00:00:00.000Z'), '0000-03-01T00:00:00.000Z'],
		['year 10000', Date.UTC(10_000, 0, 1), '+010000-01-01T00:00:00.000Z'],
		['a year before 0', Date.parse('0000-01-01T00:00:00.000Z') - 1, '-000001-12-31T23:59:59.999Z'],
	])('leaves %s to toISOString', (_name, ms, expected) => {
		expect(isoString(new Date(ms))).toBe(expected);
	});

	it('refuses an invalid date as toISOString does', () => {
		expect(() => isoString(new Date(Number.NaN))).toThrow(RangeError);
	});
});
