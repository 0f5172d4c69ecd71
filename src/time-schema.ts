import * as v from 'valibot';

/*
The times a token record may carry, as wire schemas for the vendors' three ways of writing them: epoch
seconds (Mist), epoch milliseconds (LaunchDarkly) and RFC 3339 strings (Opal).

A time outside a plausible range is a broken record, not a date to print. Past ±8.64e15 ms a Date is invalid
and `toISOString` throws, which ended whole runs; short of that, a token "created" in the year 9999 or before
any of these vendors existed is still a vendor's mistake, and an audit would reckon ages and expiries from it.
The range is fixed rather than taken from the clock, so a schema means the same whenever it runs:
from 2000-01-01 (before any of these vendors, or their tokens, existed) to 2200-01-01 (well past any
expiry a vendor offers; Opal's `expires_at` is the only future time, and its absence already means "never").
*/

/** 2000-01-01T00:00:00Z in epoch milliseconds: the earliest time a record may carry. */
export const earliestPlausibleTime = Date.UTC(2000, 0, 1);

/** 2200-01-01T00:00:00Z in epoch milliseconds: the first time a record may no longer carry. */
export const latestPlausibleTime = Date.UTC(2200, 0, 1);

const expectation = 'a time from 2000-01-01 to 2200-01-01';

function plausibleMilliseconds(ms: number): boolean {
	return ms >= earliestPlausibleTime && ms < latestPlausibleTime;
}

/**
A `check` whose issue says what was expected in words (valibot's own `check` expects nothing nameable, so its
issue would only say "check"). It stays a `check`, so shape-check.ts compiles it as one.
*/
function plausible<TInput>(requirement: (input: TInput) => boolean, expects: string) {
	return {...v.check(requirement), expects};
}

/** Epoch milliseconds, whole (LaunchDarkly's `creationDate`, `lastModified`). */
export const epochMilliseconds = v.pipe(v.number(), v.integer(), plausible(plausibleMilliseconds, expectation));

/**
Epoch milliseconds, or 0. LaunchDarkly's `lastUsed` is 0 for a token never used (its examples show 0 and the
field is not nullable: docs/vendors/launchdarkly.md, schemas [I]). Any other value outside the range, a negative one
included, is refused rather than read as "never used": it says nothing a person could rely on.
*/
export const epochMillisecondsOrZero = v.pipe(v.number(), v.integer(), plausible((ms: number) => ms === 0 || plausibleMilliseconds(ms), `0 or ${expectation}`));

/** Epoch seconds, whole or fractional (Mist's `created_time`). */
export const epochSeconds = v.pipe(v.number(), v.finite(), plausible((seconds: number) => plausibleMilliseconds(seconds * 1000), expectation));

/**
Epoch seconds, or 0. Mist sends null for a token never used (docs/vendors/mist.md, schemas [I]); tokenkit has always
read 0 the same way, since no use happens at the epoch. Negative values are refused, as above.
*/
export const epochSecondsOrZero = v.pipe(v.number(), v.finite(), plausible((seconds: number) => seconds === 0 || plausibleMilliseconds(seconds * 1000), `0 or ${expectation}`));

/**
An RFC 3339 date-time string (Opal). valibot's ISO check accepts some forms that `Date` cannot read (an offset
of hours only, `+01`, or a space before it); those, and years outside the range, are refused here, since the
mapping turns the string into a Date with the same parser.
*/
export const isoDateTime = v.pipe(v.string(), v.isoTimestamp(), plausible(plausibleIsoTimestamp, expectation));

/**
Whether a string that passed valibot's ISO check (which the pipe above runs first) reads as a time in range.
The usual form, UTC with a `T` (`2022-01-23T04:56:07.123Z`), is one `Date` always reads, and its year is its
first four digits: comparing those is enough, and costs a fraction of parsing it, which the mapping does
anyway. Any other form is parsed.
*/
function plausibleIsoTimestamp(text: string): boolean {
	if (text.charCodeAt(10) === 84 /* T */ && text.endsWith('Z')) {
		return text >= '2000' && text < '2200';
	}

	return plausibleMilliseconds(Date.parse(text));
}
