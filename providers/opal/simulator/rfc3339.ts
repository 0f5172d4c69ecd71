import {isoString} from '../../../src/iso-date.js';

/**
RFC 3339 in UTC without fractions, as Opal's examples show it (`2022-01-23T04:56:07Z`): the ISO string with
its milliseconds dropped. `isoString` is the fast formatter a list page of a thousand tokens needs; it always
ends in `.sssZ`, so the cut is by position.
*/
export function rfc3339(epochMs: number): string {
	return `${isoString(new Date(epochMs)).slice(0, -5)}Z`;
}
