/**
`items.map(map)`, but each item mapped only when it is read. A listing hands its caller one token at a time;
mapping a whole page up front makes every token of it at once, and a page of thousands (a Mist org answers
with all its tokens in one array) then outlives the garbage collector's young generation and is copied into
the old one, only to die there. Mapped on reading, a token lives about as long as the caller's loop body.
*/
export function* mapEach<T, U>(items: Iterable<T>, map: (item: T) => U): Generator<U, void, undefined> {
	for (const item of items) {
		yield map(item);
	}
}
