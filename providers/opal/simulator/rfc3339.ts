/**
RFC 3339 in UTC without fractions, as Opal's examples show it (`2022-01-23T04:56:07Z`): what
`Date#toISOString` gives with its milliseconds dropped.

A list page formats up to three times for each of a thousand tokens, and `toISOString` was most of the
page's cost, so times in years 1970 to 9999 are formatted here with integer arithmetic. Anything else
(negative or extended years) goes through `toISOString`, whose format for those is its own.
*/
export function rfc3339(epochMs: number): string {
	if (!(epochMs >= 0 && epochMs < endOfYear9999)) {
		return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
	}

	const seconds = Math.floor(epochMs / 1000);
	const days = Math.floor(seconds / 86_400);
	const secondOfDay = seconds - days * 86_400;
	const {year, month, day} = civilFromDays(days);
	const hour = Math.floor(secondOfDay / 3600);
	const minute = Math.floor((secondOfDay % 3600) / 60);
	return `${year}-${twoDigits(month)}-${twoDigits(day)}T${twoDigits(hour)}:${twoDigits(minute)}:${twoDigits(secondOfDay % 60)}Z`;
}

/** 10000-01-01T00:00:00Z: from here on `toISOString` writes a six-digit year with a sign. */
const endOfYear9999 = 253_402_300_800_000;

/** The proleptic Gregorian date of a day count since 1970-01-01 (not negative), after H. Hinnant's `civil_from_days`. */
function civilFromDays(days: number): {readonly year: number; readonly month: number; readonly day: number} {
	const shifted = days + 719_468;
	const era = Math.floor(shifted / 146_097);
	const dayOfEra = shifted - era * 146_097;
	const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
	const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
	const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
	const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
	return {year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day: dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1};
}

function twoDigits(value: number): string {
	return value < 10 ? `0${value}` : String(value);
}
