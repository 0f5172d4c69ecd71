/**
The method by which {@link readInPages} takes a flattened listing's items a page at a time. Registered by name, so
that a listing made by another copy of tokenkit (a vendor module imports the library, the command runs from its
bundle) is still read a page at a time; the name carries the protocol's version.
*/
const takePage = Symbol.for('tokenkit.flattenPages.takePage.v1');

interface PageTaker<T> {
	readonly [takePage]: () => Promise<IteratorResult<Iterable<T>, void>>;
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

	/**
	What is left of the page in hand, else the next page, as a page of its own that is read as it goes (its items
	are mapped only then, as with `next`). The page keeps its items to itself: the next call starts after it.
	*/
	function nextItems(): Promise<IteratorResult<Iterable<T>, void>> {
		if (pending !== undefined) {
			return pending.then(async () => nextItems(), async () => nextItems());
		}

		const first = items.next();
		if (first.done !== true) {
			return Promise.resolve({done: false, value: handOverPage(first.value)});
		}

		// The next page's first item, which `next` waits for, and then the rest of that page.
		return next().then((item): IteratorResult<Iterable<T>, void> => (item.done === true ? {done: true, value: undefined} : {done: false, value: handOverPage(item.value)}));
	}

	function handOverPage(first: T): Iterable<T> {
		const rest = items;
		items = noItems();
		return pageOf(first, rest);
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

function* pageOf<T>(first: T, rest: Iterator<T>): Generator<T, void, undefined> {
	yield first;
	for (let item = rest.next(); item.done !== true; item = rest.next()) {
		yield item.value;
	}
}

function noItems<T>(): Iterator<T> {
	const none: readonly T[] = [];
	return none[Symbol.iterator]();
}

/**
A listing read a page at a time: the pages a flattened listing (`provider.list()`) was made from, else each item
as a page of its own. A page is read as it goes, once, and before the next is asked for (its items are made only
as they are read, so a page waiting to be read stays in the vendor's form). A reader that handles every item of
a page alike saves the promise each item costs.
*/
export function readInPages<T>(listing: AsyncIterable<T>): AsyncIterable<Iterable<T>> {
	return {
		[Symbol.asyncIterator]() {
			const items = listing[Symbol.asyncIterator]();
			const take = isPageTaker<T>(items) ? items[takePage] : async (): Promise<IteratorResult<Iterable<T>, void>> => {
				const item = await items.next();
				return item.done === true ? {done: true, value: undefined} : {done: false, value: [item.value]};
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
