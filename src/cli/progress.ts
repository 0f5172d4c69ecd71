import type {HttpEvent} from '../http/options.js';
import type {CliIo} from './io.js';

/** What a run has done so far, for the progress line and the closing summary. */
export interface Progress {
	readonly onEvent: (event: HttpEvent) => void;
	accountDone(): void;
	token(): void;
	/** Clears the progress line (before other stderr output, and at the end). */
	clear(): void;
	summary(): string;
}

/**
Progress on stderr, and only on a terminal: accounts done, tokens seen, requests, retries and time spent
waiting for rate limits. Piped or with --quiet it stays silent, so logs and pipes get only results.
*/
export function createProgress(io: CliIo, accounts: number, quiet: boolean): Progress {
	const live = !quiet && 'isTTY' in io.stderr && io.stderr.isTTY === true;
	const counts = {accounts: 0, tokens: 0, requests: 0, retries: 0, waited: 0};
	let lastDraw = 0;
	const line = (): string =>
		`accounts ${counts.accounts}/${accounts}, tokens ${counts.tokens}, requests ${counts.requests}, retries ${counts.retries}, waited ${(counts.waited / 1000).toFixed(1)} s`;
	const draw = (force = false): void => {
		const now = Date.now();
		if (live && (force || now - lastDraw > 100)) {
			lastDraw = now;
			io.stderr.write(`\r\u001b[2K${line()}`);
		}
	};

	return {
		onEvent(event) {
			if (event.type === 'request') {
				counts.requests++;
			} else if (event.type === 'retry') {
				counts.retries++;
				counts.waited += event.delay;
			} else if (event.type === 'wait') {
				counts.waited += event.ms;
			}

			draw();
		},
		accountDone() {
			counts.accounts++;
			draw(true);
		},
		token() {
			counts.tokens++;
			draw();
		},
		clear() {
			if (live) {
				io.stderr.write('\r\u001b[2K');
			}
		},
		summary: line,
	};
}
