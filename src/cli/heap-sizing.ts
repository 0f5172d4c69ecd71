import {setFlagsFromString} from 'node:v8';

/**
How V8 sizes its heap for the rest of the process, set once the command is loaded. A listing allocates a page of
parsed tokens after another and keeps little of it (about 50 MB live for eight accounts at once, whatever their
size); V8's defaults answer that with far more memory than the live data needs:

- The young generation: V8 doubles it several times (to 32 MiB under Node 22, 128 MiB under Node 24), and the old
  generation grows after it. Held at its starting size, the same listing takes no longer. (Node 24's V8 still grows
  it a little now and then, to a few MiB.)
- The old generation: after each full collection V8 lets it grow to up to four times what survived before the
  next one (about 180 MB for 50 MB live). Capped at 1.75 times, it is collected more often, which costs little
  because what survives is small: 500,000 tokens over ten accounts peaked at 186 MB instead of 313 MB, in 1.01
  times the time.

V8 reads both factors each time it decides, so setting them after start still takes effect (the size limits
themselves are fixed at start, and a command cannot pass them to its own process). A user who chose either (in
`NODE_OPTIONS` or on node's command line) keeps that choice. Returns the flags set.
*/
export function sizeHeapForListing(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
	const chosen = [...execArgv, nodeOptions ?? ''].join(' ');
	const settings = [
		{flag: '--semi-space-growth-factor=1', userChoice: /semi[-_]space/},
		{flag: '--heap-growing-percent=75', userChoice: /heap[-_]growing[-_]percent/},
	];
	const applied = settings.filter(setting => !setting.userChoice.test(chosen)).map(setting => setting.flag);
	for (const flag of applied) {
		setFlagsFromString(flag);
	}

	return applied;
}
