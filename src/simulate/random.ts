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

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function createRandom(seed: number): Random {
	let state = seed >>> 0;
	const next = (): number => {
		state = (state + 0x6d_2b_79_f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};

	const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
	const hex = (length: number): string => Array.from({length}, () => int(0, 15).toString(16)).join('');

	return {
		next,
		int,
		chance: p => next() < p,
		pick: items => items[int(0, items.length - 1)] ?? items[0],
		uuid() {
			const digits = hex(32).split('');
			digits[12] = '4';
			digits[16] = ((int(0, 15) & 0x3) | 0x8).toString(16);
			const joined = digits.join('');
			return `${joined.slice(0, 8)}-${joined.slice(8, 12)}-${joined.slice(12, 16)}-${joined.slice(16, 20)}-${joined.slice(20)}`;
		},
		hex,
		alphanumeric: length => Array.from({length}, () => alphabet[int(0, alphabet.length - 1)] ?? 'x').join(''),
		fork(label) {
			let hash = seed >>> 0;
			for (const char of label) {
				hash = Math.imul(hash ^ char.charCodeAt(0), 0x01_00_01_93) >>> 0;
			}

			return createRandom(hash ^ int(0, 0xff_ff_ff_ff));
		},
	};
}
