import type {HttpEvent} from '../http/options.js';
import type {CliIo} from './io.js';

/** What a run has done so far, for the progress line and the closing summary. */
export interface Progress {
	readonly onEvent: (event: HttpEvent) => void;
	/** An account's listing ended, complete or not. */
	accountDone(complete: boolean): void;
	token(): void;
	/** Clears the progress line (before other stderr output, and at the end). */
	clear(): void;
	/**
	The closing line: accounts whose list is complete out of all, then tokens, requests, retries and waits. Failed
	accounts are not counted as done here; the command says how many failed, once.
	*/
	summary(): string;
}

/**
Progress on stderr, and only on a terminal: accounts done, tokens seen, requests, retries and time spent
waiting for rate limits. Piped or with --quiet it stays silent, so logs and pipes get only results.
*/
export function createProgress(io: CliIo, accounts: number, quiet: boolean): Progress {
	const live = !quiet && 'isTTY' in io.stderr && io.stderr.isTTY === true;
	const counts = {accounts: 0, complete: 0, tokens: 0, requests: 0, retries: 0, waited: 0};
	let lastDraw = 0;
	const traffic = (): string => `tokens ${counts.tokens}, requests ${counts.requests}, retries ${counts.retries}, waited ${(counts.waited / 1000).toFixed(1)} s`;
	// While it runs: how many accounts have ended, either way. At the end: how many are complete.
	const line = (): string => `accounts ${counts.accounts}/${accounts}, ${traffic()}`;
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
		accountDone(complete) {
			counts.accounts++;
			counts.complete += complete ? 1 : 0;
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
		summary: () => `accounts ${counts.complete}/${accounts} complete, ${traffic()}`,
	};
}
