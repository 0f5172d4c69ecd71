import {PerformanceObserver} from 'node:perf_hooks';
import {getHeapSpaceStatistics, setFlagsFromString} from 'node:v8';

/**
How V8 sizes its heap for the rest of a listing, set once the run knows how many accounts it lists at once. A
listing allocates a page of parsed tokens after another and keeps little of it (about 6 MB live per account listed
at once, whatever its size); V8's defaults answer that with far more memory than the live data needs:

- The young generation: V8 doubles it several times (to 32 MiB under Node 22, 128 MiB under Node 24), and the old
  generation grows after it.
- The old generation: after each full collection V8 lets it grow to up to four times what survived before the
  next one. Capped at 1.75 times, it is collected more often, which costs little because what survives is small.

The young generation is where the time goes: a page of 1,000 parsed tokens (1 MB of objects, more once mapped) is
alive until its last token is written, so every collection of a small young generation copies what is left of
it. One account of 500,000 LaunchDarkly tokens took 17–19 s with the young generation held at its starting size
(2 MiB), and 12.5–15 s with it free to reach 32 MiB, at 126 and 153–158 MB of peak memory. Ten accounts at once are
another matter: eight pages in flight instead of one, and 226–229 MB unless the young generation is held. So:

- **Wide** (three accounts or more at once): both are set before the first request, the young generation held at
  the size it has then.
- **Narrow** (one or two): the old generation is capped, and the young generation may grow to `youngLimitBytes`,
  Node 22's own limit, before it is held (Node 24's V8 would take it to 128 MiB, 280 MB of peak memory).

Changing any V8 flag makes V8 refuse the compiled code Node ships for its built-in modules, and Node's `fetch` is
one of them, loaded by the first request: compiled again from source it takes about 25 ms longer. A narrow run
loads it before it changes a flag, so its first request goes out as soon as if nothing were set; a wide run
needs the young generation held before the loading grows it, and pays those milliseconds once.

V8 reads these factors each time it decides, so setting them after start still takes effect (the size limits
themselves are fixed at start, and a command cannot pass them to its own process). A user who chose either (in
`NODE_OPTIONS` or on node's command line) keeps that choice.
*/

/** From this many accounts listed at once, the young generation is held from the first request on. */
export const wideListing = 3;

/** The most a narrow listing's young generation grows to before it is held. */
export const youngLimitBytes = 32 * 1024 * 1024;

const holdYoung = {flag: '--semi-space-growth-factor=1', userChoice: /semi[-_]space/};
const capOld = {flag: '--heap-growing-percent=75', userChoice: /heap[-_]growing[-_]percent/};

export interface HeapSizing {
	/** The flags set at once. */
	readonly applied: readonly string[];
	/** Whether the young generation is held only once it reaches the narrow listing's limit. */
	readonly youngHeldAtLimit: boolean;
}

/** Sizes the heap for a listing of `accountsAtOnce` accounts at once; see above. `youngLimit` is the narrow listing's, in bytes. */
export function sizeHeapForListing(accountsAtOnce: number, execArgv: readonly string[], nodeOptions: string | undefined, youngLimit = youngLimitBytes): HeapSizing {
	const chosen = [...execArgv, nodeOptions ?? ''].join(' ');
	const free = (setting: {readonly userChoice: RegExp}): boolean => !setting.userChoice.test(chosen);
	if (accountsAtOnce >= wideListing) {
		const applied = [holdYoung, capOld].filter(free).map(setting => setting.flag);
		setFlags(applied);
		return {applied, youngHeldAtLimit: false};
	}

	// The first request is about to need it: loaded now, while V8 still takes the compiled code Node ships.
	loadFetch();
	const applied = free(capOld) ? [capOld.flag] : [];
	setFlags(applied);
	const youngHeldAtLimit = free(holdYoung);
	if (youngHeldAtLimit) {
		holdYoungAt(youngLimit);
	}

	return {applied, youngHeldAtLimit};
}

/** Node loads its fetch implementation (undici) the first time one of its globals is read. */
function loadFetch(): void {
	Reflect.get(globalThis, 'Headers');
}

function setFlags(flags: readonly string[]): void {
	for (const flag of flags) {
		setFlagsFromString(flag);
	}
}

/** Looks at the young generation's size after each collection, when V8 may have grown it (by doubling), and holds it from the limit on. */
function holdYoungAt(limit: number): void {
	const observer = new PerformanceObserver(() => {
		if (youngGenerationBytes() >= limit) {
			setFlagsFromString(holdYoung.flag);
			observer.disconnect();
		}
	});
	observer.observe({type: 'gc'});
}

function youngGenerationBytes(): number {
	return getHeapSpaceStatistics().find(space => space.space_name === 'new_space')?.space_size ?? 0;
}
