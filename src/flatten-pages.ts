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

	async function close(): Promise<void> {
		finished = true;
		items = noItems();
		await pages.return?.();
	}

	const iterator: AsyncGenerator<T, void, undefined> = {
		next,
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

function noItems<T>(): Iterator<T> {
	const none: readonly T[] = [];
	return none[Symbol.iterator]();
}
