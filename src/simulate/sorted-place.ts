/**
Where `item` goes in `list`, kept sorted by `compare`: the first index whose element does not sort before it, found
by binary search. The simulators keep their token lists in listing order this way, so a page is a slice rather than
a sort of every token. With a total order (ties broken by id), it is also where `item` itself stands.
*/
export function sortedPlace<T>(list: readonly T[], item: T, compare: (left: T, right: T) => number): number {
	let low = 0;
	let high = list.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		const candidate = list[middle];
		if (candidate !== undefined && compare(candidate, item) < 0) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}

	return low;
}
