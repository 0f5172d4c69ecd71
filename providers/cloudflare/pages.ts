import {PaginationError, type ErrorContext} from '../../src/errors/index.js';
import {cursorPages} from '../../src/paginate.js';
import type {CloudflareApi} from './api.js';
import {CloudflareTokenListSchema, type CloudflareToken} from './schema.js';

export interface TokenPagesOptions {
	readonly api: CloudflareApi;
	/** `user/tokens` or `accounts/{id}/tokens`. */
	readonly path: string;
	readonly pageSize: number;
	readonly signal?: AbortSignal | undefined;
}

/**
Every token of one scope, page by page: `page` from 1 and `per_page` until a page comes back empty, as
Cloudflare's own SDK pages (docs/vendors/cloudflare.md, pagination [D]); `include_expired=true`, since without it
expired tokens are left out [S]. A token listed twice is a PaginationError (paginate.ts). When the pages said how
many tokens there are (`result_info.total_count`) and the empty page came before that many were seen, the list was
cut short: that is a PaginationError too, never a short inventory.
*/
export async function* tokenPages({api, path, pageSize, signal}: TokenPagesOptions): AsyncGenerator<readonly CloudflareToken[], void, undefined> {
	const {context} = api;
	let seen = 0;
	let announced: number | undefined;
	const pages = cursorPages<CloudflareToken>({
		context,
		idOf: token => token.id,
		signal,
		async fetchPage(cursor, pageSignal) {
			const page = cursor === null ? 1 : Number(cursor);
			const answer = await api.call(CloudflareTokenListSchema, {
				method: 'GET',
				path,
				query: {page, per_page: pageSize, include_expired: 'true', direction: 'asc'},
				signal: pageSignal,
			});
			if (answer.result.length > 0 && answer.resultInfo?.total_count !== undefined) {
				announced = answer.resultInfo.total_count;
			}

			// An empty page ends the listing; any other asks for the next.
			return {items: answer.result, next: answer.result.length === 0 ? null : String(page + 1)};
		},
	});
	for await (const page of pages) {
		seen += page.length;
		yield page;
	}

	checkTotal(seen, announced, context);
}

function checkTotal(seen: number, announced: number | undefined, context: ErrorContext): void {
	if (announced !== undefined && seen < announced) {
		throw new PaginationError(`the pages announced ${announced} tokens (result_info.total_count), but an empty page came after ${seen}: the list was cut short; list again`, context);
	}
}
