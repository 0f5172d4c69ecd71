import {isScalar, visit, type Document} from 'yaml';

/** A key written twice in one mapping: its text and where the second one starts. */
export interface DuplicateKey {
	readonly key: string;
	readonly offset: number;
}

/**
The first key that appears twice in one mapping. yaml's own check (`uniqueKeys`) compares every key with
every other, so one mapping of many thousand keys takes minutes; a set per mapping takes one pass. Keys
compare by their value, as yaml's check does for scalars; a key that is itself a collection, which no
config field is, is left to the schema.
*/
export function firstDuplicateKey(document: Document): DuplicateKey | undefined {
	let found: DuplicateKey | undefined;
	visit(document, {
		Map(_key, map) {
			const seen = new Set<unknown>();
			for (const {key} of map.items) {
				if (!isScalar(key)) {
					continue;
				}

				if (seen.has(key.value)) {
					found = {key: String(key.value), offset: key.range?.[0] ?? 0};
					return visit.BREAK;
				}

				seen.add(key.value);
			}

			return undefined;
		},
	});
	return found;
}
