import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {shapeCheck} from '../src/shape-check.js';
import {
	earliestPlausibleTime,
	epochMilliseconds,
	epochMillisecondsOrZero,
	epochSeconds,
	epochSecondsOrZero,
	isoDateTime,
	latestPlausibleTime,
} from '../src/time-schema.js';
import {isoString} from '../src/iso-date.js';

const earliest = earliestPlausibleTime;
const latest = latestPlausibleTime;

/** Schema, value, whether it is a plausible time. */
const cases: ReadonlyArray<readonly [string, v.GenericSchema, unknown, boolean]> = [
	['ms', epochMilliseconds, 1_628_001_602_644, true],
	['ms', epochMilliseconds, earliest, true],
	['ms', epochMilliseconds, earliest - 1, false],
	['ms', epochMilliseconds, latest - 1, true],
	['ms', epochMilliseconds, latest, false],
	['ms', epochMilliseconds, 0, false],
	['ms', epochMilliseconds, 1e300, false],
	['ms', epochMilliseconds, -1e300, false],
	['ms', epochMilliseconds, 8.64e15 + 1, false],
	['ms', epochMilliseconds, 1_628_001_602_644.5, false],
	['ms', epochMilliseconds, Number.POSITIVE_INFINITY, false],
	['ms', epochMilliseconds, '1628001602644', false],
	['ms or 0', epochMillisecondsOrZero, 0, true],
	['ms or 0', epochMillisecondsOrZero, 1_628_001_602_644, true],
	['ms or 0', epochMillisecondsOrZero, -1, false],
	['ms or 0', epochMillisecondsOrZero, -1e300, false],
	['ms or 0', epochMillisecondsOrZero, 1e300, false],
	['ms or 0', epochMillisecondsOrZero, 1, false],
	['s', epochSeconds, 1_760_778_621.349, true],
	['s', epochSeconds, earliest / 1000, true],
	['s', epochSeconds, (earliest / 1000) - 0.001, false],
	['s', epochSeconds, (latest / 1000) - 0.001, true],
	['s', epochSeconds, latest / 1000, false],
	['s', epochSeconds, 0, false],
	['s', epochSeconds, 1e300, false],
	['s', epochSeconds, Number.NaN, false],
	['s or 0', epochSecondsOrZero, 0, true],
	['s or 0', epochSecondsOrZero, 1_795_423_464, true],
	['s or 0', epochSecondsOrZero, -1, false],
	['s or 0', epochSecondsOrZero, 1e300, false],
	['iso', isoDateTime, '2022-01-23T04:56:07Z', true],
	['iso', isoDateTime, '2026-11-01T10:00:00.123+01:00', true],
	['iso', isoDateTime, '2022-01-23T04:56:07.123456789Z', true],
	['iso', isoDateTime, '2000-01-01T00:00:00Z', true],
	['iso', isoDateTime, '1999-12-31T23:59:59.999Z', false],
	['iso', isoDateTime, '2199-12-31T23:59:59.999Z', true],
	['iso', isoDateTime, '2200-01-01T00:00:00Z', false],
	['iso', isoDateTime, '1970-01-01T00:00:00Z', false],
	['iso', isoDateTime, '0000-01-01T00:00:00Z', false],
	['iso', isoDateTime, '9999-12-31T23:59:59Z', false],
	['iso', isoDateTime, '+275760-09-13T00:00:00.001Z', false],
	['iso', isoDateTime, '9999999-01-01', false],
	// valibot's ISO check takes these, but Date cannot read them: they would become an Invalid Date.
	['iso', isoDateTime, '2022-01-23T04:56:07+01', false],
	['iso', isoDateTime, '2022-01-23T04:56:07 +01:00', false],
	['iso', isoDateTime, 'yesterday', false],
	['iso', isoDateTime, 1_642_913_767_000, false],
];

describe('the time schemas', () => {
	it.each(cases)('%s: %s is plausible: %s', (_name, schema, value, plausible) => {
		expect(v.is(schema, value)).toBe(plausible);
	});

	it.each(cases)('%s: %s is checked without copying, to the same verdict', (_name, schema, value, plausible) => {
		const check = shapeCheck(schema);
		expect(check).toBeDefined();
		expect(check?.(value)).toBe(plausible);
	});

	it('gives every plausible time a Date that writes as ISO 8601, as the mappings build them', () => {
		for (const [name, schema, value, plausible] of cases) {
			if (!plausible || (typeof value === 'number' && value === 0 && name.endsWith('or 0'))) {
				continue;
			}

			const ms = typeof value === 'string' ? Date.parse(value) : name.startsWith('s') ? Number(value) * 1000 : Number(value);
			expect(v.is(schema, value)).toBe(true);
			expect(isoString(new Date(Math.round(ms)))).toMatch(/^2[01]\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		}
	});

	it('says what it expected, and never the value it got', () => {
		const result = v.safeParse(epochMilliseconds, 1e300);
		expect(result.issues?.map(issue => issue.expected)).toEqual(['a time from 2000-01-01 to 2200-01-01']);
		expect(v.safeParse(epochMillisecondsOrZero, -5).issues?.[0]?.expected).toBe('0 or a time from 2000-01-01 to 2200-01-01');
	});
});
