import {getHeapSpaceStatistics, setFlagsFromString} from 'node:v8';

/**
How V8 sizes its heap for the rest of a command, set once the command is loaded and again when a listing knows how
many accounts it lists at once. A listing allocates a page of parsed tokens after another and keeps little of it
(about 6 MB live per account listed at once, whatever its size); V8's defaults answer that with far more memory
than the live data needs:

- The young generation: V8 doubles it several times (to 32 MiB under Node 22, 128 MiB under Node 24), and the old
  generation grows after it.
- The old generation: after each full collection V8 lets it grow to up to four times what survived before the
  next one. Capped at 1.75 times, it is collected more often, which costs little because what survives is small.

The young generation is where the time goes: a page of 1,000 parsed tokens (1 MB of objects, more once mapped) is
alive until its last token is written, so every collection of a small young generation copies what is left of
it. One account of 500,000 LaunchDarkly tokens took 17–19 s with the young generation held at its starting size
(2 MiB), and 12.5–15 s with it free to reach 32 MiB, at 126 and 153–158 MB of peak memory. Ten accounts at once are
another matter: eight pages in flight instead of one, and 226–229 MB unless the young generation is held. So:

- **Every command**, once loaded: both set (`sizeHeapForCommand`), the young generation held at the size loading
  left it. Held later (once the config is read and the vendors' modules loaded, it has doubled), ten accounts of
  50,000 tokens peaked at up to 209 MB.
- **A wide listing** (three accounts or more at once) keeps them.
- **A narrow listing** (one or two) keeps the cap, and lets the young generation grow to `youngLimitBytes`, Node
  22's own limit, before it is held (Node 24's V8 would take it to 128 MiB, 280 MB of peak).

Changing any V8 flag makes V8 refuse the compiled code Node ships for its built-in modules; V8 compares the flags'
values when a module is compiled. Node's `fetch` is one of them, and the HTTP client's modules load it: compiled
again from source it takes about 20 ms longer. So a command that sends requests loads `fetch` before the first flag
is set. That grows the young generation from 2 to 4 MiB before it is held, which measured the same peak: ten
accounts of 50,000 tokens at 176–183 MB, against 178–183 MB held at 2 MiB (four runs each, taking turns).

V8 reads these factors each time it decides, so setting them after start still takes effect (the size limits
themselves are fixed at start, and a command cannot pass them to its own process). A user who chose either (in
`NODE_OPTIONS` or on node's command line) keeps that choice.
*/

/** From this many accounts listed at once, the young generation stays held as the command left it. */
export const wideListing = 3;

/** The most a narrow listing's young generation grows to before it is held. */
export const youngLimitBytes = 32 * 1024 * 1024;

const holdYoung = {flag: '--semi-space-growth-factor=1', v8Default: '--semi-space-growth-factor=2', userChoice: /semi[-_]space/};
const capOld = {flag: '--heap-growing-percent=75', v8Default: '--heap-growing-percent=0', userChoice: /heap[-_]growing[-_]percent/};
type Setting = typeof holdYoung;

/** V8's own values of the two settings: a node started with them runs a command without its heap sizing. */
export const v8DefaultFlags: readonly string[] = [holdYoung.v8Default, capOld.v8Default];

export interface HeapSizing {
	/** Whether the young generation is let grow, and held once it reaches the narrow listing's limit. */
	readonly youngHeldAtLimit: boolean;
}

export interface CommandHeap {
	/** The flags set for the command. */
	readonly applied: readonly string[];
	/**
	When a listing starts: a wide listing keeps what the command set; a narrow one keeps the cap and lets the young
	generation grow to `youngLimit` bytes.
	*/
	readonly forListing: (accountsAtOnce: number, youngLimit?: number) => HeapSizing;
}

/**
Once a command is loaded, before it reads its config: both settings the user has not chosen (in `NODE_OPTIONS` or on
node's command line), as a wide listing keeps them. A command that sends requests loads `fetch` first, while V8 still
takes the compiled code Node ships for it. The young generation is held at the size loading left it; reading the
config and loading the vendors' modules would double it again.
*/
export function sizeHeapForCommand(execArgv: readonly string[], nodeOptions: string | undefined, sendsRequests = false): CommandHeap {
	if (sendsRequests) {
		loadFetch();
	}

	const chosen = [...execArgv, nodeOptions ?? ''].join(' ');
	const ours = [holdYoung, capOld].filter(setting => !setting.userChoice.test(chosen));
	const applied = ours.map(setting => setting.flag);
	setFlags(applied);
	return {applied, forListing: (accountsAtOnce, youngLimit = youngLimitBytes) => sizeHeapForListing(ours, accountsAtOnce, youngLimit)};
}

function sizeHeapForListing(ours: readonly Setting[], accountsAtOnce: number, youngLimit: number): HeapSizing {
	if (accountsAtOnce >= wideListing || !ours.includes(holdYoung)) {
		return {youngHeldAtLimit: false};
	}

	// V8's own growth until the limit.
	setFlags([holdYoung.v8Default]);
	holdYoungAt(youngLimit);
	return {youngHeldAtLimit: true};
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
	// Loaded here, not with this module: a command that lists nothing would load it for nothing (fetch loads it anyway).
	const {PerformanceObserver} = process.getBuiltinModule('node:perf_hooks');
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
