import type {JsonTransport} from './json-get.js';

/**
How the walked plans (<vendor>-plan.ts) go through a paged list and the requests each page leads to, in one of two
styles, while counting the round trips that must happen one after another (the chain the lower bound is made of):

- `tokenkit`: as tokenkit's pagers go (src/paginate.ts, `cursorPages`): the next page is asked for as soon as a page
  is in, while the work on that page (owner lookups, repository reads) runs, a few requests at a time;
- `sequential`: as a script goes: one request at a time, the next page after the work on this one.

Round trips are counted in the plan, not measured: a page that arrives at round trip `t` is worked on from
`max(t, end of the work on the page before)`, and the page after it arrives one round trip after that.
*/

export type PlanStyle = 'tokenkit' | 'sequential';

export interface PageWalk<TPage, TCursor> {
	readonly first: TCursor;
	readonly fetch: (cursor: TCursor) => Promise<TPage>;
	/** Where the page after this one is; undefined on the last. */
	readonly next: (page: TPage, cursor: TCursor) => TCursor | undefined;
	/** The work on one page, starting at round trip `at`; resolves to the round trip it ends at. */
	readonly work: (page: TPage, at: number) => number | Promise<number>;
	readonly style: PlanStyle;
}

/** Walks every page from round trip `at` (when the first request goes); resolves to the round trip the last work ends at. */
export async function walkPages<TPage, TCursor>(walk: PageWalk<TPage, TCursor>, at: number): Promise<number> {
	let cursor: TCursor | undefined = walk.first;
	let request: Promise<TPage> | undefined = walk.fetch(cursor);
	let arrives = at + 1;
	let workEnds = at;
	while (request !== undefined && cursor !== undefined) {
		const page: TPage = await request;
		const starts = Math.max(arrives, workEnds);
		const next: TCursor | undefined = walk.next(page, cursor);
		request = undefined;
		if (next !== undefined && walk.style === 'tokenkit') {
			request = walk.fetch(next);
			// Its failure is read in turn, after this page's work; until then it must not count as unhandled.
			request.catch(() => undefined);
			arrives = starts + 1;
		}

		workEnds = await walk.work(page, starts);
		if (next !== undefined && walk.style === 'sequential') {
			request = walk.fetch(next);
			arrives = workEnds + 1;
		}

		cursor = next;
	}

	return workEnds;
}

/** A list paged by number, whose first page tells how many pages there are (a total). */
export interface NumberedPageWalk<TPage> {
	/** Page `number`, counting from 0. */
	readonly fetch: (number: number) => Promise<TPage>;
	/** How many pages the list has, as the first page's total and its length tell. */
	readonly pages: (first: TPage) => number;
	/** The work on one page, starting at round trip `at`; resolves to the round trip it ends at. */
	readonly work: (page: TPage, at: number) => number | Promise<number>;
	readonly style: PlanStyle;
	/** Pages in flight at once in tokenkit's style, once the first page's work is done. */
	readonly atOnce: number;
}

/**
Walks a list paged by number from round trip `at`; resolves to the round trip the last work ends at. In tokenkit's
style, as its pager goes (src/paginate.ts, `offsetPages`): the first page and its work, then `atOnce` pages asked for
side by side, each page worked on in turn, and the page `atOnce` further on asked for once the reader has taken a
page in. In the sequential style, one page after another, each after the work on the one before.
*/
export async function walkNumberedPages<TPage>(walk: NumberedPageWalk<TPage>, at: number): Promise<number> {
	const first = await walk.fetch(0);
	let workEnds = await walk.work(first, at + 1);
	const count = walk.pages(first);
	const atOnce = walk.style === 'tokenkit' ? Math.max(1, walk.atOnce) : 1;
	const inFlight = new Map<number, {readonly page: Promise<TPage>; readonly arrives: number}>();
	let asked = 1;
	const ask = (from: number): void => {
		for (; asked < count && inFlight.size < atOnce; asked++) {
			const page = walk.fetch(asked);
			// Its failure is read in turn, when the reader reaches it; until then it must not count as unhandled.
			page.catch(() => undefined);
			inFlight.set(asked, {page, arrives: from + 1});
		}
	};

	ask(workEnds);
	for (let number = 1; number < count; number++) {
		const request = inFlight.get(number);
		if (request === undefined) {
			throw new Error(`page ${number} was never asked for`);
		}

		const page = await request.page;
		inFlight.delete(number);
		const starts = Math.max(request.arrives, workEnds);
		if (walk.style === 'tokenkit') {
			ask(starts);
		}

		workEnds = await walk.work(page, starts);
		if (walk.style === 'sequential') {
			ask(workEnds);
		}
	}

	return workEnds;
}

/**
Runs `run` over `items`, `atOnce` at a time, each batch once the one before has ended, as tokenkit's owner lookups
and repository reads go; resolves to the round trip the last ends at.
*/
export async function inBatches<T>(items: readonly T[], atOnce: number, at: number, run: (item: T, at: number) => Promise<number>): Promise<number> {
	let now = at;
	for (let start = 0; start < items.length; start += atOnce) {
		const batchStarts = now;
		const ends = await Promise.all(items.slice(start, start + atOnce).map(async item => run(item, batchStarts)));
		now = Math.max(now, ...ends);
	}

	return now;
}

/**
Runs `run` over `items` with `atOnce` workers, each taking the next item as soon as it is done with one, as
tokenkit's Okta lookups and client secret reads go (providers/okta/lookup-cache.ts, client-secrets.ts); resolves to
the round trip the last ends at. An item may take more than one round trip (a user, then their roles).
*/
export async function inPool<T>(items: readonly T[], atOnce: number, at: number, run: (item: T, at: number) => Promise<number>): Promise<number> {
	let next = 0;
	const worker = async (): Promise<number> => {
		let now = at;
		while (next < items.length) {
			const item = items[next++];
			if (item !== undefined) {
				now = await run(item, now);
			}
		}

		return now;
	};

	return Math.max(at, ...await Promise.all(Array.from({length: Math.min(Math.max(1, atOnce), items.length)}, worker)));
}

/** The strings among `values` not asked for yet, each once; they are marked asked for (a run's lookup cache). */
export function fresh(values: readonly unknown[], asked: Set<string>): string[] {
	const found = [...new Set(values.filter(value => typeof value === 'string'))].filter(value => !asked.has(value));
	for (const value of found) {
		asked.add(value);
	}

	return found;
}

/** How a plan is walked: the client's transport and style, and which page sizes it asks for. */
export interface PlanOptions {
	readonly transport: JsonTransport;
	readonly style: PlanStyle;
	/** `largest`: the largest page the vendor serves, as tokenkit asks; `vendor-default`: no page size, as a quick script sends. */
	readonly pages: 'largest' | 'vendor-default';
	readonly signal: AbortSignal;
}

/** What walking one account in a plan took. */
export interface PlanWalk {
	readonly tokens: number;
	readonly requests: number;
	/** Round trips one after another, from the first request to the last. */
	readonly roundTrips: number;
}
