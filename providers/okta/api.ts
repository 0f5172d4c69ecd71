import type * as v from 'valibot';
import {PaginationError, type ErrorContext} from '../../src/errors/index.js';
import {createBucketClients} from '../../src/http/bucket-clients.js';
import type {HttpClientOptions, HttpRequest, HttpResponse} from '../../src/http/client.js';
import type {Redactor} from '../../src/redaction/redactor.js';
import {parseResponse} from '../../src/validate.js';
import {nextLink} from './link-header.js';

/**
Okta counts requests per endpoint bucket, per org and per minute (docs/vendors/okta.md, rate limits [D]): the
API tokens, users, apps and zones each have their own. One limiter per bucket, so a users bucket running low
holds back owner lookups but not the token listing, and the reverse. A path is in the bucket named by its
first segment after `/api/v1/`.
*/
export type OktaBucket = 'api-tokens' | 'users' | 'apps' | 'zones';

/** One Okta account's HTTP path: a client per rate-limit bucket, one redactor for all of them. */
export interface OktaApi {
	readonly context: ErrorContext;
	readonly redactor: Redactor;
	/** The org's origin and base path, which every next-page link must stay under. */
	readonly base: URL;
	send(request: HttpRequest): Promise<HttpResponse>;
	/** Sends a GET (or any request) and validates its body against `schema`. */
	fetch<const TSchema extends v.GenericSchema>(schema: TSchema, request: HttpRequest): Promise<{readonly data: v.InferOutput<TSchema>; readonly response: HttpResponse}>;
	/** The target of the answer's `Link: rel="next"`, as sent; null when there is none (the last page). */
	nextLink(response: HttpResponse): string | null;
	/**
	The GET for a page a next link names. A link to another origin, or outside the org's API, is a
	PaginationError: tokenkit never sends the credential elsewhere.
	*/
	pageRequest(link: string, signal: AbortSignal): HttpRequest;
}

/** Builds the clients lazily: a listing that never looks up a zone makes no zones client. */
export function createOktaApi(options: HttpClientOptions): OktaApi {
	const context: ErrorContext = {provider: options.provider, account: options.account};
	const {redactor, send} = createBucketClients<OktaBucket>(options, bucketOf, 'api-tokens');
	const base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
	return {
		context,
		redactor,
		base,
		send,
		async fetch(schema, request) {
			const response = await send(request);
			return {data: parseResponse(schema, response, context, {idKey: 'id'}), response};
		},
		nextLink: response => nextLink(response.headers.get('link')),
		pageRequest(link, signal) {
			let url: URL;
			try {
				url = new URL(link, base);
			} catch {
				throw new PaginationError('a next-page link is not a URL; the listing cannot be trusted to be complete', context);
			}

			if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) {
				throw new PaginationError(`a next-page link points to ${url.origin}${url.pathname.slice(0, 80)}, outside ${base.origin}${base.pathname}; it was not followed, and the listing is incomplete`, context);
			}

			return {method: 'GET', path: url.pathname.slice(base.pathname.length), query: Object.fromEntries(url.searchParams), signal};
		},
	};
}

function bucketOf(path: string): OktaBucket {
	const segment = /^\/?api\/v1\/([^/?]+)/.exec(path)?.[1];
	return segment === 'users' || segment === 'apps' || segment === 'zones' ? segment : 'api-tokens';
}
