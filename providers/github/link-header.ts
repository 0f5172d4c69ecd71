import {PaginationError, type ErrorContext} from '../../src/errors/index.js';

/**
The `rel="next"` URL of a `Link` header (RFC 8288), which GitHub sends on every page but the last
(docs/vendors/github.md, pagination [D]), as a path relative to `base`: the next request goes where the vendor says,
but only on the same origin and under the same API root. A link anywhere else is a PaginationError, never followed:
the credential would go with it. Null when there is no next page.
*/
export function nextPagePath(link: string | null, base: URL, context: ErrorContext): string | null {
	if (link === null) {
		return null;
	}

	const target = /<([^>]*)>\s*;[^,]*?\brel="?([^",]*\bnext\b[^",]*)"?/i.exec(link)?.[1];
	if (target === undefined) {
		return null;
	}

	let url: URL;
	try {
		url = new URL(target, base);
	} catch {
		throw new PaginationError('the next-page link in the Link header is not a URL; the listing cannot continue', context);
	}

	const root = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
	if (url.origin !== base.origin || !`${url.pathname}/`.startsWith(root)) {
		throw new PaginationError(`the next-page link points outside the API (${url.origin}${url.pathname.slice(0, 80)}); tokenkit does not follow it`, context);
	}

	return `${url.pathname.slice(root.length)}${url.search}`;
}
