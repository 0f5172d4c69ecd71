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

/** The vendors whose chain follows from an account's token count alone. */
export type CountedVendor = Extract<VendorName, 'mist' | 'opal' | 'launchdarkly'>;

/**
The shortest possible chain of one account's requests, with the largest pages and unbounded parallelism where
the vendor allows it: Mist answers with one bare array; an Opal cursor is only known from the previous page;
LaunchDarkly offsets can all be asked for at once, but only after the first page has told `totalCount`.
*/
export function shortestChain(vendor: CountedVendor, account: string, tokens: number): Chain {
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
The chain of a walked vendor (fleet-vendors.ts) is that of tokenkit's own plan, in round trips, as an
untimed walk of the account in that plan counted it (baselines/page-walk.ts): it depends on how the tokens fall into
groups, projects and pages, on their owners, the zones and repositories they name, which no token count tells.
- GitLab: who the key is; the group list, then each group's token pages; the same for projects; then the personal
  token pages, with the owners of each page looked up 8 at a time. Pages follow one another: each names the next,
  and the total that would let them go side by side is missing past 10,000 rows (docs/vendors/gitlab.md).
- GitHub: the installation-token mint; then the `Link` pages, one after another (no total at all); each page's
  owners looked up 4 at a time, then the repositories of grants limited to chosen ones read 4 at a time.
- Cloudflare: for user tokens, who the user is; then pages of 50 until an empty one. The pages announce a total,
  but tokenkit, like Cloudflare's own SDK, goes on until the empty page, one page after another.
- Okta: API tokens in `Link` pages (no total), each page's new owners and their roles, then its new zones, read 8
  at a time; client secrets: the apps in `Link` pages, each page's OpenID Connect apps' secrets read 8 at a time.
- Datadog: API keys, application keys and access tokens, one list after another; each list's first page tells the
  total, then the other pages go four at a time, each page's new owners looked up 6 at a time.
- OpenAI: the admin keys' cursor pages (no total), each page's new owners looked up; then the projects' pages, and
  each project's key pages, four projects at a time.
In each, the next page is asked for while the work on a page runs, so that work is on the chain only where it
takes longer than a round trip. `why` says what the round trips are (fleet-vendors.ts).
*/
export function walkedChain(vendor: Exclude<VendorName, CountedVendor>, account: string, roundTrips: number, why: string): Chain {
	return {vendor, account, requests: roundTrips, why: `${roundTrips} round trips in tokenkit's plan: ${why}`};
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
