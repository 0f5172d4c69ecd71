/** The method by which {@link readInPages} takes a flattened listing's items a page at a time. */
const takePage = Symbol('takePage');

interface PageTaker<T> {
	readonly [takePage]: () => Promise<IteratorResult<readonly T[], void>>;
}

/**
The items of an async sequence of pages, one by one: where a listing's pages become the `for await` loop its
caller writes. Pages travel whole between the layers of a listing (HTTP, validation, paging); only here are
they taken apart, once. A page is any iterable: an array, or records mapped as they are read (map-each.ts).

An async generator costs a promise and a round through its request queue per item, for every layer it is
stacked on. This iterator answers each `next()` from the page in hand with one settled promise, and only
waits when a page runs out. It behaves as a generator towards its caller: calls made before the previous
one settled are answered in order, `return()` closes the pages (which stops their requests) and later calls
answer done.
*/
export function flattenPages<T>(pages: AsyncIterator<Iterable<T>, void, undefined>): AsyncGenerator<T, void, undefined> {
	let items: Iterator<T> = noItems();
	let finished = false;
	let pending: Promise<IteratorResult<T, void>> | undefined;

	const done = (): IteratorResult<T, void> => ({done: true, value: undefined});

	async function nextPage(): Promise<IteratorResult<T, void>> {
		for (;;) {
			const item = items.next();
			if (item.done !== true) {
				return item;
			}

			if (finished) {
				return done();
			}

			const page = await pages.next();
			if (page.done === true) {
				finished = true;
				return done();
			}

			items = page.value[Symbol.iterator]();
		}
	}

	function next(): Promise<IteratorResult<T, void>> {
		if (pending !== undefined) {
			// Called again before the last call settled: answer after it, in order.
			return pending.then(next, next);
		}

		const item = items.next();
		if (item.done !== true) {
			return Promise.resolve(item);
		}

		const waiting = nextPage();
		pending = waiting;
		const settled = (): void => {
			if (pending === waiting) {
				pending = undefined;
			}
		};

		waiting.then(settled, settled);
		return waiting;
	}

	/** What is left of the page in hand, else the next page whole: for a reader that wants pages back. */
	function nextItems(): Promise<IteratorResult<readonly T[], void>> {
		if (pending !== undefined) {
			return pending.then(async () => nextItems(), async () => nextItems());
		}

		const rest = restOf(items);
		if (rest.length > 0) {
			return Promise.resolve({done: false, value: rest});
		}

		// The next page's first item, which `next` waits for, and then the rest of that page.
		return next().then((first): IteratorResult<readonly T[], void> => (first.done === true ? {done: true, value: undefined} : {done: false, value: [first.value, ...restOf(items)]}));
	}

	async function close(): Promise<void> {
		finished = true;
		items = noItems();
		await pages.return?.();
	}

	const iterator: AsyncGenerator<T, void, undefined> & PageTaker<T> = {
		next,
		[takePage]: nextItems,
		async return() {
			await close();
			return done();
		},
		async throw(error: unknown) {
			await close();
			throw error;
		},
		[Symbol.asyncIterator]() {
			return iterator;
		},
	};
	return iterator;
}

function restOf<T>(items: Iterator<T>): T[] {
	const rest: T[] = [];
	for (let item = items.next(); item.done !== true; item = items.next()) {
		rest.push(item.value);
	}

	return rest;
}

function noItems<T>(): Iterator<T> {
	const none: readonly T[] = [];
	return none[Symbol.iterator]();
}

/**
A listing read a page at a time: the pages a flattened listing (`provider.list()`) was made from, else each item
as a page of its own. A reader that handles every item of a page alike saves the promise each item costs.
*/
export function readInPages<T>(listing: AsyncIterable<T>): AsyncIterable<readonly T[]> {
	return {
		[Symbol.asyncIterator]() {
			const items = listing[Symbol.asyncIterator]();
			const take = isPageTaker<T>(items) ? items[takePage] : async () => {
				const item = await items.next();
				return item.done === true ? {done: true as const, value: undefined} : {done: false as const, value: [item.value]};
			};
			return {
				next: take,
				async return() {
					await items.return?.();
					return {done: true, value: undefined};
				},
			};
		},
	};
}

function isPageTaker<T>(iterator: AsyncIterator<T>): iterator is AsyncIterator<T> & PageTaker<T> {
	return takePage in iterator;
}
