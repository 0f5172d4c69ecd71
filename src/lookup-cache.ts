/** How long a looked-up answer (an owner, a zone) is believed: long enough for one run, short enough for a provider kept for hours. */
export const lookupCacheMs = 600_000;

/** Lookups in flight at once; the limiter paces them, this bounds what waits. */
export const lookupConcurrency = 8;

/** Answers by key, each asked for once while fresh, whatever the number of tokens naming it. */
export interface LookupCache<T> {
	/** Each of `keys` looked up (once while fresh), a few at a time; an aborted lookup rejects and is forgotten. */
	resolve(keys: Iterable<string>, signal: AbortSignal | undefined): Promise<ReadonlyMap<string, T>>;
}

interface Entry<T> {
	readonly at: number;
	readonly value: Promise<T>;
}

/**
A per-provider cache of lookups. `lookUp` must settle with an answer for every key (a failure that says nothing
about the key is an answer too, such as "unknown"); it rejects only when the caller's signal is aborted.
*/
export function createLookupCache<T>(lookUp: (key: string, signal: AbortSignal | undefined) => Promise<T>, now: () => number = Date.now): LookupCache<T> {
	const cache = new Map<string, Entry<T>>();
	const entryFor = (key: string, signal: AbortSignal | undefined): Promise<T> => {
		const cached = cache.get(key);
		if (cached !== undefined && now() - cached.at < lookupCacheMs) {
			return cached.value;
		}

		const value = lookUp(key, signal);
		cache.set(key, {at: now(), value});
		value.catch(() => {
			if (cache.get(key)?.value === value) {
				cache.delete(key);
			}
		});
		return value;
	};

	return {
		async resolve(keys, signal) {
			const pending = [...new Set(keys)];
			const found = new Map<string, T>();
			let next = 0;
			const worker = async (): Promise<void> => {
				while (next < pending.length) {
					const key = pending[next++];
					if (key !== undefined) {
						found.set(key, await entryFor(key, signal));
					}
				}
			};

			await Promise.all(Array.from({length: Math.min(lookupConcurrency, pending.length)}, worker));
			return found;
		},
	};
}
