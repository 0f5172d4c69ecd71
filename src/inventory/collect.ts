import {readInPages} from '../flatten-pages.js';
import type {TokenProvider} from '../provider.js';
import {createReadAheadBudget, defaultReadAheadPages} from '../read-ahead.js';
import type {Token} from '../token.js';

/** What an inventory run reports, in the order it happens. Tokens stream as they arrive. */
export type InventoryEvent =
	| {readonly type: 'token'; readonly token: Token}
	| {readonly type: 'account-done'; readonly provider: string; readonly account: string; readonly tokens: number; readonly ms: number}
	| {readonly type: 'account-failed'; readonly provider: string; readonly account: string; readonly tokens: number; readonly error: Error};

export interface CollectOptions {
	/**
	Accounts listed at once. Each vendor paces its own requests; this bounds how many accounts are open.
	@default 8
	*/
	readonly concurrency?: number | undefined;
	/**
	Pages the accounts' listings may ask for ahead of the report beyond their own two each, shared by all of them
	(src/read-ahead.ts): one account alone reads as far ahead as its vendor allows, eight at once hold about as many
	pages as eight slow readers would.
	@default 6
	*/
	readonly readAheadPages?: number | undefined;
	readonly signal?: AbortSignal | undefined;
}

/**
Lists every token of every provider, several accounts at once, and yields tokens as they arrive. An account
that fails is reported (`account-failed`, with how many tokens it had yielded before the failure, which
are then not a complete list) and the others finish. Leaving the loop early stops every listing.
*/
export async function* collectInventory(providers: readonly TokenProvider[], options: CollectOptions = {}): AsyncGenerator<InventoryEvent, void, undefined> {
	for await (const events of collectInventoryInBatches(providers, options)) {
		yield* events;
	}
}

/**
{@link collectInventory}, the events handed on in batches: what arrived since the last batch, at most
`eventsPerTurn` of them, in arrival order. A consumer that handles every event alike (a report) saves the
promises each event costs through a generator.
*/
export async function* collectInventoryInBatches(providers: readonly TokenProvider[], options: CollectOptions = {}): AsyncGenerator<readonly InventoryEvent[], void, undefined> {
	const concurrency = Math.max(1, options.concurrency ?? 8);
	const controller = new AbortController();
	const signal = options.signal === undefined ? controller.signal : AbortSignal.any([options.signal, controller.signal]);
	const readAhead = createReadAheadBudget(options.readAheadPages ?? defaultReadAheadPages);

	// Pages and outcomes from all running accounts meet in one queue; the generator drains it in arrival order.
	const queue: Array<QueuedPage | InventoryEvent> = [];
	let wake: (() => void) | undefined;
	const push = (entry: QueuedPage | InventoryEvent): void => {
		queue.push(entry);
		wake?.();
	};

	let next = 0;
	let running = 0;

	async function listAccount(provider: TokenProvider): Promise<void> {
		const started = performance.now();
		const tally = {tokens: 0};
		try {
			// A page at a time, each read by the consumer before the next is queued: an account holds one page in
			// the queue at most (besides what its pager reads ahead), and its tokens are made only as they are
			// handed on. A token the page cannot make fails the account here.
			for await (const page of readInPages(provider.list({signal, readAhead}))) {
				await new Promise<void>((consumed, failed) => {
					push({type: 'page', tokens: page[Symbol.iterator](), tally, consumed, failed});
				});
			}

			push({type: 'account-done', provider: provider.provider, account: provider.account, tokens: tally.tokens, ms: performance.now() - started});
		} catch (error) {
			if (signal.aborted) {
				return;
			}

			push({type: 'account-failed', provider: provider.provider, account: provider.account, tokens: tally.tokens, error: error instanceof Error ? error : new Error(String(error))});
		}
	}

	const startMore = (): void => {
		while (running < concurrency && next < providers.length) {
			const provider = providers[next];
			next++;
			if (provider === undefined) {
				continue;
			}

			running++;
			void listAccount(provider).finally(() => {
				running--;
				startMore();
				wake?.();
			});
		}
	};

	try {
		startMore();
		for (;;) {
			if (queue.length > 0) {
				yield takeBatch(queue);
				// Answers of other accounts wait behind the events handed on; let the event loop turn before more.
				await nextTurn();
				continue;
			}

			if (running === 0 && next >= providers.length) {
				return;
			}

			await new Promise<void>(resolve => {
				wake = resolve;
			});
			wake = undefined;
		}
	} finally {
		controller.abort();
		// Listings waiting for their page to be read go on, find the signal aborted and end.
		for (const entry of queue.splice(0)) {
			if (entry.type === 'page') {
				entry.consumed();
			}
		}
	}
}

/** One account's page in the queue, read as it is handed on. */
interface QueuedPage {
	readonly type: 'page';
	readonly tokens: Iterator<Token>;
	/** The account's tokens handed on so far. */
	readonly tally: {tokens: number};
	/** Tells the account its page is read, so it may queue the next. */
	readonly consumed: () => void;
	/** Tells the account its page could not make a token. */
	readonly failed: (error: unknown) => void;
}

/** Up to `eventsPerTurn` events from the head of the queue, pages read as far as the batch needs. */
function takeBatch(queue: Array<QueuedPage | InventoryEvent>): InventoryEvent[] {
	const batch: InventoryEvent[] = [];
	while (batch.length < eventsPerTurn) {
		const head = queue[0];
		if (head === undefined) {
			break;
		}

		if (head.type !== 'page') {
			batch.push(head);
			queue.shift();
			continue;
		}

		try {
			let finished = false;
			while (batch.length < eventsPerTurn) {
				const item = head.tokens.next();
				if (item.done === true) {
					finished = true;
					break;
				}

				head.tally.tokens++;
				batch.push({type: 'token', token: item.value});
			}

			if (finished) {
				queue.shift();
				head.consumed();
			}
		} catch (error) {
			queue.shift();
			head.failed(error);
		}
	}

	return batch;
}

/**
Tokens handed on between two turns of the event loop. A batch is handled (records made, lines written) before
any network event is looked at, so a page of a thousand tokens handed on at once would keep every other
account's answers waiting until all of it has been written. A cursor chain (Opal) cannot send its next request before its
answer is read, so that wait lands on the longest chain of the whole inventory.
*/
const eventsPerTurn = 200;

async function nextTurn(): Promise<void> {
	await new Promise<void>(resolve => {
		setImmediate(resolve);
	});
}
