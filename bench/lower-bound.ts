import type {VendorName} from './simulator-process.js';

/** The largest page each vendor serves: Opal's documented maximum, and the 1000 tokenkit asks LaunchDarkly for. */
export const largestPage = {opal: 1000, launchdarkly: 1000} as const satisfies Partial<Record<VendorName, number>>;

/** How many requests of one account must happen one after another, and why. */
export interface Chain {
	readonly vendor: VendorName;
	readonly account: string;
	readonly requests: number;
	readonly why: string;
}

/**
The shortest possible chain of one account's requests, with the largest pages and unbounded parallelism where
the vendor allows it: Mist answers with one bare array; an Opal cursor is only known from the previous page;
LaunchDarkly offsets can all be asked for at once, but only after the first page has told `totalCount`.
*/
export function shortestChain(vendor: VendorName, account: string, tokens: number): Chain {
	switch (vendor) {
		case 'mist': {
			return {vendor, account, requests: 1, why: 'one request returns the whole list'};
		}

		case 'opal': {
			const pages = Math.max(1, Math.ceil(tokens / largestPage.opal));
			return {vendor, account, requests: pages, why: `${pages} cursor pages of ${largestPage.opal}, each needing the previous one's cursor`};
		}

		case 'launchdarkly': {
			const requests = tokens <= largestPage.launchdarkly ? 1 : 2;
			return {vendor, account, requests, why: requests === 1 ? 'one page holds everything' : 'the first page tells totalCount, then every other page at once'};
		}
	}
}

/**
The chain tokenkit's own LaunchDarkly plan makes: pages overlap by one token (to notice a list that moved), so
each brings 999 new tokens, and at most `concurrency` are in flight after the first.
*/
export function tokenkitLaunchDarklyChain(tokens: number, concurrency: number): number {
	const stride = largestPage.launchdarkly - 1;
	if (tokens <= largestPage.launchdarkly) {
		return 1;
	}

	const rest = Math.ceil((tokens - stride) / stride);
	return 1 + Math.ceil(rest / concurrency);
}

/** The longest of the chains: accounts are listed side by side, so it alone sets the bound. */
export function longestChain(chains: readonly Chain[]): Chain | undefined {
	return chains.reduce<Chain | undefined>((longest, chain) => longest === undefined || chain.requests > longest.requests ? chain : longest, undefined);
}
