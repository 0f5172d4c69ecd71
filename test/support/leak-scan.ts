import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';

/*
The one leak search of the suite: a secret counts as leaked where any 12 characters of it appear, or any 12
characters of its URL-encoded form, or 16 characters of its base64 form (at each of the three alignments a
key can take inside a longer base64 text). The vendors' masks are shorter than a piece, so a mask is no leak.
*/

/** The length of a piece of a key that counts as a leak. */
export const pieceLength = 12;

/** Longer in base64: 12 characters of base64 carry 9 bytes, which a short mask could produce by chance. */
const base64PieceLength = 16;

export interface Captured {
	/** The command and stream, or the file. */
	readonly where: string;
	readonly text: string;
}

export interface Leak {
	readonly where: string;
	/** The first piece found there. */
	readonly piece: string;
	/** How the piece was written: `plain`, `url` or `base64`. */
	readonly form: 'plain' | 'url' | 'base64';
}

function piecesOf(text: string, length: number): string[] {
	const pieces: string[] = [];
	for (let start = 0; start + length <= text.length; start++) {
		pieces.push(text.slice(start, start + length));
	}

	return pieces;
}

/** The base64 texts in which `secret` can appear inside a longer encoded text: one for each alignment, padding cut off. */
function base64Forms(secret: string): string[] {
	return ['', 'a', 'aa'].map(prefix => {
		const encoded = Buffer.from(`${prefix}${secret}`).toString('base64').replace(/=+$/, '');
		// The first characters mix the prefix's bits in, and the last ones the padding's.
		const skip = Math.ceil((prefix.length * 4) / 3);
		return encoded.slice(skip, -2);
	});
}

/** Every place where a piece of a secret appears, at most one per text. */
export function findLeaks(texts: readonly Captured[], secrets: readonly string[]): Leak[] {
	const pieces = new Map<string, Leak['form']>();
	for (const secret of secrets) {
		for (const piece of piecesOf(secret, pieceLength)) {
			pieces.set(piece, 'plain');
		}

		const urlEncoded = encodeURIComponent(secret);
		if (urlEncoded !== secret) {
			for (const piece of piecesOf(urlEncoded, pieceLength)) {
				if (!pieces.has(piece)) {
					pieces.set(piece, 'url');
				}
			}
		}

		for (const form of base64Forms(secret)) {
			for (const piece of piecesOf(form, base64PieceLength)) {
				pieces.set(piece, 'base64');
			}
		}
	}

	const leaks: Leak[] = [];
	for (const {where, text} of texts) {
		const found = findIn(text, pieces);
		if (found !== undefined) {
			leaks.push({where, ...found});
		}
	}

	return leaks;
}

function findIn(text: string, pieces: ReadonlyMap<string, Leak['form']>): {piece: string; form: Leak['form']} | undefined {
	for (const length of [pieceLength, base64PieceLength]) {
		for (let start = 0; start + length <= text.length; start++) {
			const piece = text.slice(start, start + length);
			const form = pieces.get(piece);
			if (form !== undefined && (length === base64PieceLength) === (form === 'base64')) {
				return {piece, form};
			}
		}
	}

	return undefined;
}

/** Every regular file under `directory` (recursively), except the paths in `exempt`, as texts to search. */
export async function filesUnder(directory: string, exempt: ReadonlySet<string> = new Set()): Promise<Captured[]> {
	const files: Captured[] = [];
	for (const entry of await readdir(directory, {withFileTypes: true, recursive: true})) {
		const path = join(entry.parentPath, entry.name);
		if (entry.isFile() && !exempt.has(path)) {
			files.push({where: path, text: await readFile(path, 'utf8')});
		}
	}

	return files;
}
