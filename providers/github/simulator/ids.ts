import type {Random} from '../../../src/simulate/random.js';

/**
Numeric ids of one kind, drawn at random from a range so they look like GitHub's, yet never given out twice: at
twenty thousand draws from a few million numbers some draws repeat, and a list that shows an id twice is one a client
rightly refuses. Every id ever given out stays taken, so a grant made after another was revoked never reuses its id.
*/
export interface UniqueIds {
	/** A new id, from one draw of `random`. */
	take(random: Random): number;
}

export function uniqueIds(min: number, max: number): UniqueIds {
	const taken = new Set<number>();
	const size = max - min + 1;
	return {
		take(random) {
			if (taken.size >= size) {
				throw new RangeError(`every id from ${min} to ${max} is taken`);
			}

			// A draw already taken moves on to the next free number, wrapping at the top, rather than drawing again:
			// one draw per id whatever happens, so the seeded stream (and every record drawn after) stays where the
			// seed puts it, and the search ends even in a nearly full range.
			let id = random.int(min, max);
			while (taken.has(id)) {
				id = id === max ? min : id + 1;
			}

			taken.add(id);
			return id;
		},
	};
}

/**
Names of one kind, each given out once, as GitHub's logins are: seeded people are drawn from a few thousand names, and
a departed owner sharing a member's login would be found a member still. A name already taken gets `-2`, `-3`…
*/
export interface UniqueNames {
	/** `wanted`, or the first of its numbered forms no one holds yet. */
	claim(wanted: string): string;
}

export function uniqueNames(): UniqueNames {
	const taken = new Set<string>();
	return {
		claim(wanted) {
			let name = wanted;
			for (let suffix = 2; taken.has(name.toLowerCase()); suffix++) {
				name = `${wanted}-${suffix}`;
			}

			taken.add(name.toLowerCase());
			return name;
		},
	};
}
