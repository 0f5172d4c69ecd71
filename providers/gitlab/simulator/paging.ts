import type {SimRequest, SimResponse} from '../../../src/simulate/types.js';
import {invalidParameter} from './errors.js';

/** GitLab's default and largest `per_page` (docs/vendors/gitlab.md, pagination [D]). */
const defaultPerPage = 20;
const maxPerPage = 100;

/** Past this many rows GitLab leaves out `X-Total`, `X-Total-Pages` and `rel="last"` (docs/vendors/gitlab.md, pagination [D]). */
export const countLimit = 10_000;

/**
One page of `items` with GitLab's offset headers: `X-Page`, `X-Per-Page`, `X-Next-Page` and `X-Prev-Page` (empty at
either end), `X-Total` and `X-Total-Pages` up to 10,000 rows, and a `Link` header of absolute URLs built from the
request's own origin and query. `page` past the end answers `[]`; `per_page` above 100 is clamped; a value that is
not a whole number is a 400 naming it. Only the page's items are `represent`ed: the headers need no more than the
count, so a page costs the same however long the list.
*/
export function paginate<T>(request: SimRequest, items: readonly T[], represent: (item: T) => unknown = item => item): SimResponse {
	const page = wholeNumber(request.query.get('page'));
	const perPage = wholeNumber(request.query.get('per_page'));
	if (page === null) {
		return invalidParameter('page is invalid');
	}

	if (perPage === null) {
		return invalidParameter('per_page is invalid');
	}

	const current = Math.max(1, page ?? 1);
	const size = Math.min(maxPerPage, perPage === undefined || perPage < 1 ? defaultPerPage : perPage);
	const start = (current - 1) * size;
	const slice = items.slice(start, start + size).map(item => represent(item));
	const totalPages = Math.max(1, Math.ceil(items.length / size));
	const next = start + size < items.length ? current + 1 : null;
	const previous = current > 1 ? Math.min(current - 1, totalPages) : null;
	const counted = items.length <= countLimit;

	const host = typeof request.headers['host'] === 'string' ? request.headers['host'] : '127.0.0.1';
	const link = (number: number, rel: string): string => {
		const query = new URLSearchParams(request.query);
		query.set('page', String(number));
		query.set('per_page', String(size));
		return `<http://${host}${request.path}?${query.toString()}>; rel="${rel}"`;
	};

	const links = [
		...(previous === null ? [] : [link(previous, 'prev')]),
		...(next === null ? [] : [link(next, 'next')]),
		link(1, 'first'),
		...(counted ? [link(totalPages, 'last')] : []),
	];
	const headers: Record<string, string> = {
		'Content-Type': 'application/json',
		'X-Page': String(current),
		'X-Per-Page': String(size),
		'X-Next-Page': next === null ? '' : String(next),
		'X-Prev-Page': previous === null ? '' : String(previous),
		Link: links.join(', '),
	};
	if (counted) {
		headers['X-Total'] = String(items.length);
		headers['X-Total-Pages'] = String(totalPages);
	}

	return {status: 200, headers, body: slice};
}

/** Undefined when absent, null when not a whole number. */
function wholeNumber(raw: string | null): number | null | undefined {
	if (raw === null || raw === '') {
		return undefined;
	}

	return /^-?\d+$/.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : null;
}
