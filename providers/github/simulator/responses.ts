import type {SimRequest, SimResponse} from '../../../src/simulate/types.js';

/** Where GitHub's error bodies point for more (`documentation_url`, docs/vendors/github.md, errors [S]). */
const docs = 'https://docs.github.com/enterprise-cloud@latest/rest';

/**
GitHub's `basic-error` body: `{message, documentation_url, status}`, `status` a string (docs/vendors/github.md, errors [S]).
`headers` carry the rate-limit and request-id headers every answer has.
*/
export function errorResponse(status: number, message: string, headers: Readonly<Record<string, string>>, documentation = docs): SimResponse {
	return {status, headers: {'content-type': 'application/json; charset=utf-8', ...headers}, body: {message, documentation_url: documentation, status: String(status)}};
}

/** A 422 in GitHub's `validation-error` shape: a message, the docs link and the fields at fault. */
export function validationError(message: string, field: string, headers: Readonly<Record<string, string>>): SimResponse {
	return {
		status: 422,
		headers: {'content-type': 'application/json; charset=utf-8', ...headers},
		body: {message, documentation_url: docs, errors: [{resource: 'Request', field, code: 'invalid'}]},
	};
}

export function jsonResponse(status: number, body: unknown, headers: Readonly<Record<string, string>>): SimResponse {
	return {status, headers: {'content-type': 'application/json; charset=utf-8', ...headers}, body};
}

/** The defaults GitHub documents for page-number lists: 30 a page, at most 100, pages from 1 (docs/vendors/github.md, pagination [S]). */
export const defaultPerPage = 30;
export const maxPerPage = 100;

export interface PageRequest {
	readonly perPage: number;
	readonly page: number;
}

/**
`per_page` and `page` as GitHub reads them. The schema has no maximum for `per_page` though its text says 100:
a larger value is served as 100 ([I]); a value that is not a positive whole number falls back to the default ([I]).
*/
export function readPage(query: URLSearchParams): PageRequest {
	const perPage = positive(query.get('per_page')) ?? defaultPerPage;
	return {perPage: Math.min(perPage, maxPerPage), page: positive(query.get('page')) ?? 1};
}

/**
One page of `items`, with the `Link` header GitHub sends: `next`, `last`, `first` and `prev` as they apply, each the
same URL with another `page` and `per_page` carried along, omitted when everything fits on one page
(docs/vendors/github.md, pagination [D]). The URLs use the host the client reached, so a client that follows them
verbatim (Octokit does) comes back here, never to api.github.com.
*/
export function pageOf<T>(items: readonly T[], request: SimRequest, page: PageRequest): {readonly items: readonly T[]; readonly headers: Readonly<Record<string, string>>} {
	const start = (page.page - 1) * page.perPage;
	const slice = items.slice(start, start + page.perPage);
	const lastPage = Math.max(1, Math.ceil(items.length / page.perPage));
	if (lastPage === 1 && page.page === 1) {
		return {items: slice, headers: {}};
	}

	const host = typeof request.headers.host === 'string' ? request.headers.host : '127.0.0.1';
	const link = (target: number, rel: string): string => {
		const query = new URLSearchParams(request.query);
		query.set('per_page', String(page.perPage));
		query.set('page', String(target));
		return `<http://${host}${request.path}?${query.toString()}>; rel="${rel}"`;
	};

	const links: string[] = [];
	if (page.page > 1) {
		links.push(link(Math.min(page.page - 1, lastPage), 'prev'));
	}

	if (page.page < lastPage) {
		links.push(link(page.page + 1, 'next'), link(lastPage, 'last'));
	}

	if (page.page > 1) {
		links.push(link(1, 'first'));
	}

	return {items: slice, headers: {link: links.join(', ')}};
}

function positive(value: string | null): number | undefined {
	if (value === null || !/^\d+$/.test(value.trim())) {
		return undefined;
	}

	const number = Number(value.trim());
	return number >= 1 ? number : undefined;
}
