import type {SimResponse} from '../../../src/simulate/types.js';
import {errorResponse} from './errors.js';

/** What a list request asks for. */
export interface ListQuery {
	readonly size: number;
	readonly number: number;
	/** A sort field, `-` in front for descending. */
	readonly sort: string;
	/** Free text matched against names, case-insensitive. */
	readonly filter: string;
}

/**
`page[size]` defaults to 100, which real answers show with no page given, rather than the spec's 10 [D cassette]; a
larger one is served as 100, the most Datadog's description allows [S] ([I]: the spec sets no maximum, so it is not
refused). `page[number]` counts from 0; a number past the end answers an empty `data` [I]. `sort` is one of the
list's fields, `-` for descending, by default `name` [S]; another is a 400.
*/
export function readListQuery(query: URLSearchParams, sorts: readonly string[]): ListQuery | SimResponse {
	const size = wholeNumber(query.get('page[size]'), 100);
	const number = wholeNumber(query.get('page[number]'), 0);
	if (size === null || size < 1) {
		return errorResponse(400, 'page[size] must be a positive integer');
	}

	if (number === null) {
		return errorResponse(400, 'page[number] must be a non-negative integer');
	}

	const sort = query.get('sort') ?? 'name';
	if (!sorts.includes(sort.replace(/^-/, ''))) {
		return errorResponse(400, `Invalid sort parameter: ${sort.slice(0, 40)}. Valid values are ${sorts.flatMap(field => [field, `-${field}`]).join(', ')}`);
	}

	return {size: Math.min(size, 100), number, sort, filter: (query.get('filter') ?? '').toLowerCase()};
}

/** The page of `items` the query asks for, after filtering and sorting, and how many match in all. */
export function pageOf<T>(items: Iterable<T>, query: ListQuery, fields: Readonly<Record<string, (item: T) => string | number | null>>, name: (item: T) => string): {readonly items: T[]; readonly total: number} {
	const field = fields[query.sort.replace(/^-/, '')] ?? ((item: T) => name(item));
	const direction = query.sort.startsWith('-') ? -1 : 1;
	const matching = [...items].filter(item => query.filter === '' || name(item).toLowerCase().includes(query.filter));
	// The sort is stable: ties keep the collection's order, which is creation order, so pages of an unchanged list hold still.
	matching.sort((left, right) => direction * compare(field(left), field(right)));
	const start = query.number * query.size;
	return {items: matching.slice(start, start + query.size), total: matching.length};
}

function compare(left: string | number | null, right: string | number | null): number {
	if (left === right) {
		return 0;
	}

	if (left === null) {
		return -1;
	}

	if (right === null) {
		return 1;
	}

	return left < right ? -1 : 1;
}

function wholeNumber(text: string | null, fallback: number): number | null {
	if (text === null) {
		return fallback;
	}

	return /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : null;
}
