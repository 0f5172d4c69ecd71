import {readInPages} from '../flatten-pages.js';
import type {TokenProvider} from '../provider.js';
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

	// Events from all running accounts meet in one queue; the generator drains it in arrival order.
	let queue: InventoryEvent[] = [];
	let wake: (() => void) | undefined;
	const push = (event: InventoryEvent): void => {
		queue.push(event);
		wake?.();
	};

	let next = 0;
	let running = 0;
	// Back-pressure: an account waits while the consumer has this many events unread.
	const highWater = 1000;
	const drained: Array<() => void> = [];

	async function listAccount(provider: TokenProvider): Promise<void> {
		const started = performance.now();
		let tokens = 0;
		try {
			// A page at a time: its tokens join the queue together, with no promise each.
			for await (const page of readInPages(provider.list({signal}))) {
				for (const token of page) {
					tokens++;
					queue.push({type: 'token', token});
				}

				wake?.();
				if (queue.length >= highWater) {
					await new Promise<void>(resolve => drained.push(resolve));
				}
			}

			push({type: 'account-done', provider: provider.provider, account: provider.account, tokens, ms: performance.now() - started});
		} catch (error) {
			if (signal.aborted) {
				return;
			}

			push({type: 'account-failed', provider: provider.provider, account: provider.account, tokens, error: error instanceof Error ? error : new Error(String(error))});
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
				let batch: InventoryEvent[];
				if (queue.length <= eventsPerTurn) {
					batch = queue;
					queue = [];
				} else {
					batch = queue.slice(0, eventsPerTurn);
					queue = queue.slice(eventsPerTurn);
				}

				if (queue.length < highWater / 2) {
					drained.splice(0).forEach(resolve => {
						resolve();
					});
				}

				yield batch;
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
		drained.splice(0).forEach(resolve => {
			resolve();
		});
	}
}

/**
Tokens handed on between two turns of the event loop. Every token moves through promises, which run before
any network event is looked at, so a page of a thousand tokens would otherwise keep every other account's
answers waiting until all of it has been read. A cursor chain (Opal) cannot send its next request before its
answer is read, so that wait lands on the longest chain of the whole inventory.
*/
const eventsPerTurn = 200;

async function nextTurn(): Promise<void> {
	await new Promise<void>(resolve => {
		setImmediate(resolve);
	});
}
