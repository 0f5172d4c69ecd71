/**
A small seeded pseudo-random source (mulberry32), so the same seed gives the same accounts, tokens and
faults on every machine. Not for anything secret: simulator keys are fake by design.
*/
export interface Random {
	/** A float in [0, 1). */
	next(): number;
	/** An integer in [min, max], both included. */
	int(min: number, max: number): number;
	/** True with probability `p`. */
	chance(p: number): boolean;
	pick<T>(items: readonly [T, ...T[]]): T;
	/** A random RFC 4122 version-4 UUID. */
	uuid(): string;
	/** `length` lowercase hex digits. */
	hex(length: number): string;
	/** `length` characters of [A-Za-z0-9]. */
	alphanumeric(length: number): string;
	/** An independent stream for another purpose, so adding draws to one does not shift the other. */
	fork(label: string): Random;
}

/** Character codes rather than strings: a key is built in one `String.fromCharCode`, not one concatenation per character. */
const alphabet = codesOf('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');
const hexDigits = codesOf('0123456789abcdef');
const dash = 0x2d;
const version4 = 0x34;
const twoTo32 = 4_294_967_296;

export function createRandom(seed: number): Random {
	let state = seed >>> 0;
	const nextUint32 = (): number => {
		state = (state + 0x6d_2b_79_f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return (t ^ (t >>> 14)) >>> 0;
	};

	const next = (): number => nextUint32() / twoTo32;
	const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
	// A hex digit is the top four bits of one draw: exactly `int(0, 15)`, since dividing a draw by 2^32 and
	// multiplying by 16 loses nothing.
	const hexDigit = (): number => hexDigits[nextUint32() >>> 28] ?? dash;

	return {
		next,
		int,
		chance: p => next() < p,
		pick: items => items[int(0, items.length - 1)] ?? items[0],
		uuid() {
			// 32 draws for the digits in order, then one more for the variant digit. The draws at the places of
			// the version digit (12) and the variant digit (16) are made and discarded, so every later digit stays
			// where the stream puts it.
			const codes = new Array<number>(36);
			let position = 0;
			for (let digit = 0; digit < 32; digit++) {
				if (digit === 8 || digit === 12 || digit === 16 || digit === 20) {
					codes[position++] = dash;
				}

				const code = hexDigit();
				codes[position++] = digit === 12 ? version4 : code;
			}

			codes[19] = hexDigits[((nextUint32() >>> 28) & 0x3) | 0x8] ?? dash;
			return String.fromCharCode(...codes);
		},
		hex(length) {
			const codes = new Array<number>(length);
			for (let index = 0; index < length; index++) {
				codes[index] = hexDigit();
			}

			return String.fromCharCode(...codes);
		},
		alphanumeric(length) {
			const codes = new Array<number>(length);
			for (let index = 0; index < length; index++) {
				codes[index] = alphabet[int(0, alphabet.length - 1)] ?? dash;
			}

			return String.fromCharCode(...codes);
		},
		fork(label) {
			let hash = seed >>> 0;
			for (const char of label) {
				hash = Math.imul(hash ^ char.charCodeAt(0), 0x01_00_01_93) >>> 0;
			}

			return createRandom(hash ^ int(0, 0xff_ff_ff_ff));
		},
	};
}

function codesOf(text: string): readonly number[] {
	return Array.from(text, char => char.charCodeAt(0));
}
