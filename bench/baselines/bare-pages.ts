import {launchDarklyMaxPageSize} from '../../providers/launchdarkly/index.js';
import {opalMaxPageSize} from '../../providers/opal/index.js';
import type {MeasuredVendorName, SimulatedAccount} from '../simulator-process.js';
import {fetchText, field} from './json-get.js';
import {launchDarklyOffsetPage, mistTokenList, opalTokenPage, type PageRequest} from './vendor-pages.js';

export type {PageRequest} from './vendor-pages.js';

/**
The floor under tokenkit's CPU per token: the same pages fetched with bare fetch and read as text (the
transport), and then `JSON.parse` of those texts. What tokenkit spends beyond these is its own work:
validating, normalizing and serializing.

The page addresses are found first, in a pass that is not timed, so the timed passes do nothing but fetch or
parse: Opal's cursors come from the previous page's body, LaunchDarkly's offsets from `totalCount`.
*/
export async function pageRequests(vendor: MeasuredVendorName, account: SimulatedAccount & {readonly baseUrl: string}, signal: AbortSignal): Promise<PageRequest[]> {
	switch (vendor) {
		case 'mist': {
			return [mistTokenList(account)];
		}

		case 'opal': {
			const requests: PageRequest[] = [];
			let cursor: string | undefined;
			do {
				const request = opalTokenPage(account, cursor, opalMaxPageSize);
				requests.push(request);
				const next = field(JSON.parse(await text(request, signal)), 'next');
				cursor = typeof next === 'string' && next !== '' ? next : undefined;
			} while (cursor !== undefined);

			return requests;
		}

		case 'launchdarkly': {
			const total = field(JSON.parse(await text(launchDarklyOffsetPage(account, 0), signal)), 'totalCount');
			const count = typeof total === 'number' ? Math.max(1, Math.ceil(total / launchDarklyMaxPageSize)) : 1;
			return Array.from({length: count}, (_, index) => launchDarklyOffsetPage(account, index * launchDarklyMaxPageSize));
		}
	}
}

/** Fetches every page one after another and keeps the bodies as text. */
export async function fetchTexts(requests: readonly PageRequest[], signal: AbortSignal): Promise<string[]> {
	const texts: string[] = [];
	for (const request of requests) {
		texts.push(await text(request, signal));
	}

	return texts;
}

/** `JSON.parse` of every body, nothing more; returns how many tokens the pages held so the work cannot be skipped. */
export function parseTexts(texts: readonly string[]): number {
	let tokens = 0;
	for (const body of texts) {
		const parsed: unknown = JSON.parse(body);
		const items = Array.isArray(parsed) ? parsed : field(parsed, 'results') ?? field(parsed, 'items');
		tokens += Array.isArray(items) ? items.length : 0;
	}

	return tokens;
}

async function text(request: PageRequest, signal: AbortSignal): Promise<string> {
	return fetchText(request.url, request.headers, signal);
}
