import * as v from 'valibot';
import {isCutShortJson} from './cut-short.js';
import {parseRef, type TokenRef} from './ref.js';

/*
What a secret file holds (the lines secret-record.ts writes), read back to check it before a run adds to it:
which tokens have their key in a whole record, and which lines cannot be read.
*/

const RecordSchema = v.object({ref: v.string(), rotated: v.string(), name: v.string(), key: v.string()});

/** A line of a secret file that holds no readable record. */
export interface UnreadableLine {
	/** 1-based. */
	readonly line: number;
	/** True when it is a record cut short (a full disk, a crash), rather than something else. */
	readonly cutShort: boolean;
	/** The REF rotated, and the REF of the token that holds the new key, as far as the line still says them. */
	readonly rotated: TokenRef | null;
	readonly ref: TokenRef | null;
}

export interface SecretFileContents {
	/** The REFs (`ref`) of every token whose key is in a whole record. */
	readonly stored: ReadonlySet<string>;
	readonly unreadable: readonly UnreadableLine[];
}

/** Reads a secret file's text. Never returns or says a key: only REFs and line numbers. */
export function readSecretFile(text: string): SecretFileContents {
	const stored = new Set<string>();
	const unreadable: UnreadableLine[] = [];
	for (const [index, line] of text.split('\n').entries()) {
		if (line === '') {
			continue;
		}

		const record = v.safeParse(RecordSchema, parseJson(line));
		if (record.success) {
			stored.add(record.output.ref);
		} else {
			unreadable.push({line: index + 1, cutShort: isCutShortJson(line), rotated: field(line, 'rotated'), ref: field(line, 'ref')});
		}
	}

	return {stored, unreadable};
}

/** A REF-valued field of a line that does not parse whole: found at the line's start, where a record has it. */
function field(line: string, name: 'ref' | 'rotated'): TokenRef | null {
	// `ref` comes first, `rotated` second; only a whole JSON string counts, and only if it is a valid REF.
	const match = /^\{"ref":("(?:[^"\\]|\\.)*")(?:,"rotated":("(?:[^"\\]|\\.)*"))?/.exec(line);
	const literal = name === 'ref' ? match?.[1] : match?.[2];
	if (literal === undefined) {
		return null;
	}

	try {
		const value: unknown = JSON.parse(literal);
		return typeof value === 'string' ? parseRef(value) : null;
	} catch {
		return null;
	}
}

function parseJson(line: string): unknown {
	try {
		const value: unknown = JSON.parse(line);
		return value;
	} catch {
		return undefined;
	}
}
