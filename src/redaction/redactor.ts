import type {Secret} from '../secret.js';
import {secretForms} from './secret-forms.js';

/** What a scrubbed secret, or a scrubbed piece of one, is replaced with. */
export const redactedMark = '[redacted]';

/**
The shortest piece of a secret that is scrubbed on its own: a vendor that echoes a key cut short at either end,
or its middle, still hands out the key to anyone who can guess or brute-force the rest. Vendors' masks are
shorter (Mist `abcd...wxyz`, LaunchDarkly's last four, Opal's first five), so they pass.
*/
export const minimumRun = 12;

/** A secret shorter than this is not registered: scrubbing three characters would shred ordinary text. */
const shortestSecret = 4;

/**
The index holds every 3-character piece of every form, wherever it starts. A text is looked up only at every 10th
position: a common run of 12 or more characters between a text and a form starts at most 9 characters before one
of those positions and still covers the 3 characters from it, so each such run is found while only 3 characters
of every 10 are read. Most texts hold no secret, and this runs over every line a report writes.
*/
const pieceLength = 3;
const stride = minimumRun - pieceLength + 1;

/**
Pieces are told apart by 18 bits folded from their three characters. A bit per value says whether any form has
such a piece, so most of a text costs three character reads and one bit test; the map is consulted on a hit only.
With 2^18 bits (32 KiB) false hits stay rare for tens of secrets, and a false hit costs one map lookup.
*/
const pieceBits = 18;
const pieceMask = (1 << pieceBits) - 1;

/**
Scrubs registered secrets from text before it is printed or written. One redactor belongs to a provider, or is
shared by every provider of a run; the credential is registered when the provider is built, and every minted key
the moment the vendor's answer is read, so later errors, records and reports are scrubbed of it too.
*/
export interface Redactor {
	/**
	Registers a secret: from now on it is scrubbed from everything this redactor sees. Registering one twice does
	nothing; a value shorter than 4 characters is ignored.
	*/
	readonly add: (secret: Secret | string) => void;
	/**
	`text` with every registered secret replaced by `[redacted]`: whole, or any run of 12 or more of its characters,
	as it is, URL-encoded, or in base64 (at any alignment, as in `Basic base64(user:key)`). A secret shorter than
	12 characters is replaced where it appears whole. The same string when nothing is found.
	*/
	readonly scrub: (text: string) => string;
	/** A JSON value with every string in it (object keys included) scrubbed; the very same value when nothing was found. */
	readonly scrubJson: (value: unknown) => unknown;
}

/** One place where a 4-character piece occurs: which form, and where in it. */
interface Occurrence {
	readonly form: string;
	readonly offset: number;
}

/**
A new redactor holding `secrets`. It keeps no secret where it could be printed: they live in the closure, not
in fields, so logging the redactor shows none.

@example
const redactor = createRedactor([credential]);
redactor.add(minted.secret);
console.error(redactor.scrub(error.message));
*/
export function createRedactor(secrets: Iterable<Secret | string> = []): Redactor {
	const known = new Set<string>();
	const index: PieceIndex = {occurrences: new Map(), filter: new Uint32Array((1 << pieceBits) / 32)};
	/** Secrets too short for runs, replaced only where they appear whole. */
	const whole: string[] = [];
	let shortestMatch = Number.POSITIVE_INFINITY;

	const add = (secret: Secret | string): void => {
		const value = typeof secret === 'string' ? secret : secret.reveal();
		if (value.length < shortestSecret || known.has(value)) {
			return;
		}

		known.add(value);
		if (value.length < minimumRun) {
			whole.push(...new Set([value, encodeURIComponent(value)]));
			shortestMatch = Math.min(shortestMatch, value.length);
			return;
		}

		for (const form of secretForms(value)) {
			if (form.length >= minimumRun) {
				indexForm(index, form);
			}
		}

		shortestMatch = Math.min(shortestMatch, minimumRun);
	};

	const scrub = (text: string): string => {
		if (text.length < shortestMatch) {
			return text;
		}

		const runs = index.occurrences.size === 0 ? undefined : findRuns(text, index);
		let result = runs === undefined ? text : cutRuns(text, runs);
		if (whole.length > 0) {
			for (const secret of whole) {
				if (result.includes(secret)) {
					result = result.split(secret).join(redactedMark);
				}
			}
		}

		return result;
	};

	const scrubJson = (value: unknown): unknown => scrubJsonValue(value, scrub);

	for (const secret of secrets) {
		add(secret);
	}

	return {add, scrub, scrubJson};
}

/** Where each 3-character piece of the forms occurs, by its folded value, and a bit per value that says whether any does. */
interface PieceIndex {
	readonly occurrences: Map<number, Occurrence[]>;
	readonly filter: Uint32Array;
}

function indexForm(index: PieceIndex, form: string): void {
	for (let offset = 0; offset + pieceLength <= form.length; offset++) {
		const piece = pieceAt(form, offset);
		const occurrences = index.occurrences.get(piece);
		if (occurrences === undefined) {
			index.occurrences.set(piece, [{form, offset}]);
		} else {
			occurrences.push({form, offset});
		}

		index.filter[piece >>> 5] = (index.filter[piece >>> 5] ?? 0) | (1 << (piece & 31));
	}
}

/** The 3 characters at `at` folded into 18 bits: a hash, so a hit is always checked character by character. */
function pieceAt(text: string, at: number): number {
	return ((text.charCodeAt(at) << 12) ^ (text.charCodeAt(at + 1) << 6) ^ text.charCodeAt(at + 2)) & pieceMask;
}

/** Every run of `minimumRun` or more characters the text shares with a form, as [start, end) pairs; undefined when there is none (most texts: nothing is allocated for them). */
function findRuns(text: string, index: PieceIndex): Array<[number, number]> | undefined {
	let runs: Array<[number, number]> | undefined;
	for (let at = 0; at + pieceLength <= text.length; at += stride) {
		// `pieceAt`, written out: this loop is the hot one.
		const piece = ((text.charCodeAt(at) << 12) ^ (text.charCodeAt(at + 1) << 6) ^ text.charCodeAt(at + 2)) & pieceMask;
		if (((index.filter[piece >>> 5] ?? 0) & (1 << (piece & 31))) === 0) {
			continue;
		}

		const occurrences = index.occurrences.get(piece);
		if (occurrences === undefined) {
			continue;
		}

		for (const {form, offset} of occurrences) {
			// Grown both ways from the piece; a character past either end is NaN, which equals nothing.
			let after = 0;
			while (text.charCodeAt(at + after) === form.charCodeAt(offset + after)) {
				after++;
			}

			if (after < pieceLength) {
				// Another piece folded to the same value.
				continue;
			}

			let before = 0;
			while (text.charCodeAt(at - before - 1) === form.charCodeAt(offset - before - 1)) {
				before++;
			}

			if (before + after >= minimumRun) {
				runs ??= [];
				runs.push([at - before, at + after]);
			}
		}
	}

	return runs;
}

/** The text with the runs (overlapping or not, in any order) replaced, each stretch of them by one mark. */
function cutRuns(text: string, runs: Array<[number, number]>): string {
	runs.sort((left, right) => left[0] - right[0]);
	let result = '';
	let kept = 0;
	let cutUntil = -1;
	for (const [start, end] of runs) {
		if (start > cutUntil) {
			result += `${text.slice(kept, start)}${redactedMark}`;
		}

		cutUntil = Math.max(cutUntil, end);
		kept = cutUntil;
	}

	return `${result}${text.slice(kept)}`;
}

/** Copies only what changes, so a record without a secret is not allocated again. */
function scrubJsonValue(value: unknown, scrub: (text: string) => string): unknown {
	if (typeof value === 'string') {
		return scrub(value);
	}

	if (typeof value !== 'object' || value === null) {
		return value;
	}

	if (Array.isArray(value)) {
		const items: readonly unknown[] = value;
		let copy: unknown[] | undefined;
		for (const [position, item] of items.entries()) {
			const scrubbed = scrubJsonValue(item, scrub);
			if (scrubbed !== item) {
				copy ??= [...items];
				copy[position] = scrubbed;
			}
		}

		return copy ?? items;
	}

	if (!isPlainRecord(value)) {
		// Not parsed JSON (a Date, a class instance): left as it is.
		return value;
	}

	// `for…in` over a plain record allocates nothing, unlike `Object.keys`: this runs on every record listed.
	for (const key in value) {
		if (Object.hasOwn(value, key) && (scrub(key) !== key || scrubJsonValue(value[key], scrub) !== value[key])) {
			return scrubbedCopy(value, scrub);
		}
	}

	return value;
}

function isPlainRecord(value: object): value is Record<string, unknown> {
	const prototype: unknown = Object.getPrototypeOf(value);
	return prototype === Object.prototype || prototype === null;
}

/** A copy of a record that holds a secret, with every key and value scrubbed, in the same order. */
function scrubbedCopy(value: Record<string, unknown>, scrub: (text: string) => string): Record<string, unknown> {
	const copy: Record<string, unknown> = {};
	for (const [key, item] of Object.entries(value)) {
		defineField(copy, scrub(key), scrubJsonValue(item, scrub));
	}

	return copy;
}

/** Defined, not assigned: a `__proto__` key in a vendor's JSON must stay a plain field. */
function defineField(target: object, key: string, value: unknown): void {
	Object.defineProperty(target, key, {value, enumerable: true, writable: true, configurable: true});
}
