/**
The word a misspelt one most likely meant: one that differs only in case, else the nearest within a third of
the word's length in edits (at least one), counting a swap of two neighbours as one edit. Undefined when
nothing is that close: a guess far off would mislead more than the list of known words.
*/
export function closestWord(word: string, candidates: readonly string[]): string | undefined {
	const lower = word.toLowerCase();
	const sameButCase = candidates.find(candidate => candidate.toLowerCase() === lower);
	if (sameButCase !== undefined) {
		return sameButCase;
	}

	const allowed = Math.max(1, Math.floor(word.length / 3));
	let best: {word: string; distance: number} | undefined;
	for (const candidate of candidates) {
		const distance = editDistance(lower, candidate.toLowerCase(), allowed);
		if (distance <= allowed && (best === undefined || distance < best.distance)) {
			best = {word: candidate, distance};
		}
	}

	return best?.word;
}

/** `; did you mean "accounts"?`, or nothing when no known word is close. */
export function didYouMean(word: string, candidates: readonly string[]): string {
	const closest = closestWord(word, candidates);
	return closest === undefined ? '' : `; did you mean "${closest}"?`;
}

/**
Optimal string alignment distance (insertions, deletions, substitutions and swaps of neighbours). Words longer
than a field name are not compared letter by letter: past `allowed` more than the length difference, the answer
is only "too far".
*/
function editDistance(a: string, b: string, allowed: number): number {
	if (Math.abs(a.length - b.length) > allowed || a.length > 64 || b.length > 64) {
		return Number.POSITIVE_INFINITY;
	}

	let beforePrevious: number[] = [];
	let previous = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				value = Math.min(value, (beforePrevious[j - 2] ?? 0) + 1);
			}

			current.push(value);
		}

		beforePrevious = previous;
		previous = current;
	}

	return previous[b.length] ?? Number.POSITIVE_INFINITY;
}

/**
`unknown field "acounts"; did you mean "accounts"?`, or with no close match the fields that are known. `owner`
says whose field it would be (`for provider mist`).
*/
export function unknownFieldMessage(field: string, known: readonly string[], owner?: string): string {
	const hint = didYouMean(field, known);
	const what = `unknown field "${field}"${owner === undefined ? '' : ` ${owner}`}`;
	return `${what}${hint === '' && known.length > 0 ? ` (known: ${known.join(', ')})` : hint}`;
}
