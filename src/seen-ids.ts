import {randomFillSync} from 'node:crypto';

/**
The ids one listing has handed on so far, to tell one that comes again. A listing that repeats a token has
moved while it was read, or the vendor is wrong: either way it cannot be passed off as complete.

A Set of the ids themselves would keep every id string of the account alive until the listing ends, about
80 bytes a token on the heap (measured: 38 MB for 500,000 UUIDs), while the tokens themselves are written out
and collected as they go. This keeps a 64-bit hash of each id instead, in a typed array that at most doubles
past half full: 8 to 16 bytes a token, outside the garbage-collected heap. Two different ids share a hash
with odds of about n² / 2⁶⁵ (one in a hundred million for an account of 500,000 tokens), which would fail
that listing as if it had repeated a token; an id that does come again is always caught. The hash is
seeded afresh for every listing, so a vendor cannot choose ids that collide.
*/
export interface SeenIds {
	/** Remembers `id`; false when it was seen before. */
	add(id: string): boolean;
	/** How many ids are remembered. */
	readonly size: number;
}

export function createSeenIds(): SeenIds {
	// node:crypto's own call: the global `crypto` (Web Crypto) loads a module of its own on first use, about a millisecond
	// before a command's first request.
	const [seed1 = 0, seed2 = 0] = randomFillSync(new Uint32Array(2));
	// Two 32-bit halves per slot, [0, 0] marking an empty one; 1,024 slots to begin with (8 kB).
	let slots = new Uint32Array(2048);
	let mask = 1023;
	let size = 0;

	/** Puts a hash in its slot (linear probing); false when it is there already. */
	const insert = (high: number, low: number): boolean => {
		let slot = high & mask;
		for (;;) {
			const at = slot * 2;
			const storedHigh = slots[at] ?? 0;
			const storedLow = slots[at + 1] ?? 0;
			if (storedHigh === 0 && storedLow === 0) {
				slots[at] = high;
				slots[at + 1] = low;
				size++;
				return true;
			}

			if (storedHigh === high && storedLow === low) {
				return false;
			}

			slot = (slot + 1) & mask;
		}
	};

	const grow = (): void => {
		const old = slots;
		slots = new Uint32Array(old.length * 2);
		mask = (slots.length / 2) - 1;
		size = 0;
		for (let at = 0; at < old.length; at += 2) {
			const high = old[at] ?? 0;
			const low = old[at + 1] ?? 0;
			if (high !== 0 || low !== 0) {
				insert(high, low);
			}
		}
	};

	return {
		add(id) {
			// Two multiplicative hashes of the UTF-16 code units, each mixed with the other at the end (the
			// public-domain cyrb53 construction, kept at 64 bits).
			let h1 = 0xDE_AD_BE_EF ^ seed1;
			let h2 = 0x41_C6_CE_57 ^ seed2;
			for (let index = 0; index < id.length; index++) {
				const unit = id.charCodeAt(index);
				h1 = Math.imul(h1 ^ unit, 2_654_435_761);
				h2 = Math.imul(h2 ^ unit, 1_597_334_677);
			}

			h1 = Math.imul(h1 ^ (h1 >>> 16), 2_246_822_507) ^ Math.imul(h2 ^ (h2 >>> 13), 3_266_489_909);
			h2 = Math.imul(h2 ^ (h2 >>> 16), 2_246_822_507) ^ Math.imul(h1 ^ (h1 >>> 13), 3_266_489_909);
			const high = h1 >>> 0;
			// [0, 0] marks an empty slot; the one id that would hash to it shares a hash with [0, 1] instead.
			const low = high === 0 && h2 === 0 ? 1 : h2 >>> 0;
			if ((size + 1) * 2 > mask + 1) {
				grow();
			}

			return insert(high, low);
		},
		get size() {
			return size;
		},
	};
}
