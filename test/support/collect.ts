import {expect} from 'vitest';

/** Reads an async iterable (a provider's list) to the end. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
	const all: T[] = [];
	for await (const item of items) {
		all.push(item);
	}

	return all;
}

/** The rejection of `promise`, or a failed test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
	return promise.then(
		() => expect.fail('expected a rejection'),
		(error: unknown) => error,
	);
}
