import type {HostileMode, HostileRequest, VendorAnswer} from '../vendor.js';

/*
GitLab's page headers bent: a next page that skips ahead, totals that fall, headers a proxy stripped, a Link header
that points at another origin. The records themselves pass as the simulator sent them.
*/

type HeaderBend = (headers: Record<string, string>, request: HostileRequest) => Record<string, string>;

/** Forwards, then rewrites the headers of a list answer of personal tokens. */
function bendPersonalList(bend: HeaderBend): HostileMode {
	return async exchange => {
		const answer: VendorAnswer = await exchange.forward();
		if (exchange.request.method !== 'GET' || exchange.request.pathname !== '/api/v4/personal_access_tokens') {
			return answer;
		}

		return {...answer, headers: bend({...answer.headers}, exchange.request)};
	};
}

function pageOf(request: HostileRequest): number {
	return Number(new URL(request.url, 'http://x').searchParams.get('page') ?? '1');
}

/** Page 1 names page 3 as the next one. */
export const skipsAPage = bendPersonalList((headers, request) => (pageOf(request) === 1 ? {...headers, 'x-next-page': '3'} : headers));

/** Page 2 announces fewer rows than page 1 did, as if tokens were deleted in between. */
export const totalFalls = bendPersonalList((headers, request) => (pageOf(request) === 2 ? {...headers, 'x-total': String(Number(headers['x-total'] ?? '0') - 1)} : headers));

/** Only `Link` is left, its URLs moved to another origin: the page number is what counts, and nothing goes there. */
export const linkElsewhere = bendPersonalList(headers => {
	const {link = ''} = headers;
	return {'content-type': headers['content-type'] ?? 'application/json', link: link.replaceAll(/<http:\/\/[^/]+/g, '<https://elsewhere.invalid')};
});

/** No page header at all, as behind a proxy that strips them. */
export const noPageHeaders = bendPersonalList(headers => ({'content-type': headers['content-type'] ?? 'application/json'}));
