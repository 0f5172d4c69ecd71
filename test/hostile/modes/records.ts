import {isObject, rewriteJson, type HostileMode, type HostileRequest} from '../vendor.js';

/*
Modes that bend single records of a token list, or the list's own account of itself: a time no calendar
holds, a field nested far deeper than any stack, a total lower than the list, ids that come round again.
Each bends the answers of one account only (the one whose key the request carries), so a test can check
that the vendor's other accounts, and every other vendor's, still list whole.
*/

/** Where each vendor's list answer keeps its records, and what names one. */
interface ListShape {
	/** Whether the request is the token list. */
	readonly isList: (request: HostileRequest) => boolean;
	/** The records of a list answer; the same array, so a mode can change them in place. */
	readonly records: (body: unknown) => unknown[] | undefined;
	readonly idKey: string;
}

const listShapes: Readonly<Record<string, ListShape>> = {
	mist: {
		isList: request => request.method === 'GET' && /^\/api\/v1\/(?:orgs\/[^/]+|self)\/apitokens$/.test(request.pathname),
		records: body => (Array.isArray(body) ? body : undefined),
		idKey: 'id',
	},
	opal: {
		isList: request => request.method === 'GET' && request.pathname.endsWith('/tokens'),
		records: body => (isObject(body) && Array.isArray(body.results) ? body.results : undefined),
		idKey: 'token_id',
	},
	launchdarkly: {
		isList: request => request.method === 'GET' && request.pathname === '/api/v2/tokens',
		records: body => (isObject(body) && Array.isArray(body.items) ? body.items : undefined),
		idKey: '_id',
	},
};

export function listShape(vendor: string): ListShape {
	const shape = listShapes[vendor];
	if (shape === undefined) {
		throw new Error(`no list shape for ${vendor}`);
	}

	return shape;
}

/** Whether a request was sent with this key (each vendor's Authorization scheme ends with the key). */
function sentWith(request: HostileRequest, key: string): boolean {
	const authorization = request.headers.authorization;
	return typeof authorization === 'string' && authorization.endsWith(key);
}

export interface RecordTarget {
	/** The key of the one account whose answers are bent; read at each request, so it may be set once the vendor runs. */
	readonly key: string;
	/** Which record of the first list answer to bend. @default 1 */
	readonly index?: number;
}

/**
Sets `field` of one record of the account's list answers to `value` (a time of 1e300, a string no calendar
holds), leaving every other record and account as the simulator sent it.
*/
export function recordField(vendor: string, target: RecordTarget, field: string, value: unknown): HostileMode {
	const shape = listShape(vendor);
	return rewriteJson((body, request) => {
		const record = sentWith(request, target.key) && shape.isList(request) ? shape.records(body)?.[target.index ?? 1] : undefined;
		if (isObject(record)) {
			record[field] = value;
		}

		return body;
	});
}

/** A placeholder the deep-nesting mode writes as a field's value and then swaps for the nesting itself. */
const deepPlaceholder = '\u0000deep\u0000';

/**
Adds a field `field` to one record that holds arrays nested `depth` levels deep (`[[[…]]]`). The body is
written by hand around the nesting: JSON.stringify would overflow the stack on it, just as the client must not.
*/
export function deeplyNestedField(vendor: string, target: RecordTarget, field: string, depth: number): HostileMode {
	const shape = listShape(vendor);
	return async exchange => {
		const answer = await exchange.forward();
		const {request} = exchange;
		if (!sentWith(request, target.key) || !shape.isList(request) || answer.body === '') {
			return answer;
		}

		const body: unknown = JSON.parse(answer.body);
		const record = shape.records(body)?.[target.index ?? 1];
		if (!isObject(record)) {
			return answer;
		}

		record[field] = deepPlaceholder;
		const nesting = `${'['.repeat(depth)}${']'.repeat(depth)}`;
		return {...answer, body: JSON.stringify(body).replace(JSON.stringify(deepPlaceholder), nesting)};
	};
}

/**
Gives record `copy` the id of record `original` in the account's first list answer: one token listed twice
in the same answer.
*/
export function repeatedIdInAnswer(vendor: string, target: RecordTarget, indexes: {readonly original: number; readonly copy: number}): HostileMode {
	const shape = listShape(vendor);
	return rewriteJson((body, request) => {
		const records = sentWith(request, target.key) && shape.isList(request) ? shape.records(body) : undefined;
		const original = records?.[indexes.original];
		const copy = records?.[indexes.copy];
		if (isObject(original) && isObject(copy)) {
			copy[shape.idKey] = original[shape.idKey];
		}

		return body;
	});
}

/** The `offset` of a LaunchDarkly list request; 0 when absent. */
function offsetOf(request: HostileRequest): number {
	return Number(new URL(request.url, 'http://x').searchParams.get('offset') ?? '0');
}

export interface LaunchDarklyPaging {
	/** Tokens per answer at most, as a server that clamps `limit`; `_links.next` points to the real next page. */
	readonly served: number;
	/** What every answer's `totalCount` claims instead of the truth. */
	readonly claimedTotal?: number;
	/**
	Give the records only this many ids, in turn, fixed by the record's position in the list: pages that meet
	agree where they overlap and the total stays true, but the same ids come round again.
	*/
	readonly distinctIds?: number;
}

/** LaunchDarkly list answers of one account, paged small, with a total that lies or ids that repeat. */
export function launchDarklyPaging(target: RecordTarget, paging: LaunchDarklyPaging): HostileMode {
	const shape = listShape('launchdarkly');
	return rewriteJson((body, request) => {
		if (!sentWith(request, target.key) || !shape.isList(request) || !isObject(body) || !Array.isArray(body.items) || typeof body.totalCount !== 'number') {
			return body;
		}

		const offset = offsetOf(request);
		const total = body.totalCount;
		const items = body.items.slice(0, paging.served);
		body.items = items;
		const links = isObject(body._links) ? body._links : {};
		if (offset + paging.served < total) {
			links.next = {href: `/api/v2/tokens?limit=${paging.served}&offset=${offset + paging.served}`, type: 'application/json'};
		} else {
			delete links.next;
		}

		body._links = links;
		body.totalCount = paging.claimedTotal ?? total;
		const {distinctIds} = paging;
		if (distinctIds !== undefined) {
			for (const [index, record] of items.entries()) {
				if (isObject(record)) {
					record._id = `repeat${String((offset + index) % distinctIds).padStart(18, '0')}`;
				}
			}
		}

		return body;
	});
}
