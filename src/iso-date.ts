/**
`date.toISOString()`, written out with integer arithmetic. Every token carries up to three times and every
JSON line writes them, and V8's `toISOString` costs about a microsecond each, several times this.

Only years 1970 to 9999 take the fast path, where the format is always `YYYY-MM-DDTHH:mm:ss.sssZ`; earlier
and later years (which toISOString writes as `-000001` or `+010000`) and invalid dates (which it refuses with
a RangeError) are left to toISOString itself.
*/
export function isoString(date: Date): string {
	const ms = date.getTime();
	if (!(ms >= 0 && ms < endOfYear9999)) {
		return date.toISOString();
	}

	const days = Math.floor(ms / dayMs);
	let rest = ms - days * dayMs;
	const hours = Math.floor(rest / hourMs);
	rest -= hours * hourMs;
	const minutes = Math.floor(rest / minuteMs);
	rest -= minutes * minuteMs;
	const seconds = Math.floor(rest / 1000);
	return `${civilDate(days)}T${two(hours)}:${two(minutes)}:${two(seconds)}.${threeDigits[rest - seconds * 1000] ?? ''}Z`;
}

const dayMs = 86_400_000;
const hourMs = 3_600_000;
const minuteMs = 60_000;
/** 10000-01-01T00:00:00Z: from here on toISOString writes a six-digit year. */
const endOfYear9999 = 253_402_300_800_000;

const twoDigits: readonly string[] = Array.from({length: 100}, (_, value) => String(value).padStart(2, '0'));
const threeDigits: readonly string[] = Array.from({length: 1000}, (_, value) => String(value).padStart(3, '0'));

/** 0 to 99 as two digits (every caller stays in range; the fallback only satisfies the index type). */
function two(value: number): string {
	return twoDigits[value] ?? '';
}

/**
`YYYY-MM-DD` of a day counted from 1970-01-01, by the proleptic Gregorian calendar that Date uses
(Howard Hinnant's `civil_from_days`, for days on or after the epoch).
*/
function civilDate(days: number): string {
	const shifted = days + 719_468;
	const era = Math.floor(shifted / 146_097);
	const dayOfEra = shifted - era * 146_097;
	const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
	const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
	const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
	const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
	const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
	const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
	return `${year}-${two(month)}-${two(day)}`;
}
