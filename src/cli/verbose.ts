import type {AttemptEvent, HttpEvent} from '../http/options.js';
import type {Redactor} from '../redaction/redactor.js';
import {inert, lineLength} from '../text/inert.js';

/** With --verbose, writes one line about what the run does on stderr; null without it. */
export type Verbose = ((message: string) => void) | null;

/**
The --verbose voice: `tokenkit: <message>` on stderr, one line each, scrubbed of every secret the run knows and made
inert (a path may carry an id or a cursor a vendor chose).
*/
export function createVerbose(enabled: boolean, stderr: NodeJS.WritableStream, redactor: Redactor): Verbose {
	return enabled ? message => stderr.write(`tokenkit: ${inert(redactor.scrub(message), lineLength)}\n`) : null;
}

/**
The request log of one account: one line per attempt, once its outcome is known: method, path and query, status
(or why no answer came), time, how long the limiter held it, and when the retry follows. A header value or a body
never reaches an HTTP event, so it cannot reach this line.
*/
export function requestLog(verbose: (message: string) => void, provider: string, account: string): (event: HttpEvent) => void {
	return event => {
		if (event.type === 'attempt') {
			verbose(`${provider}:${account} ${describeAttempt(event)}`);
		}
	};
}

/** Below this many milliseconds, time in the limiter is the event loop's own scheduling, not a wait worth a word. */
const heldWorthSaying = 10;

/** `GET /api/v2/tokens?limit=20&offset=0 (attempt 2) -> 429 in 4 ms, held 0.4 s before sending; retry in 1.5 s` */
export function describeAttempt(event: AttemptEvent): string {
	const which = event.attempt > 1 ? ` (attempt ${event.attempt})` : '';
	const answer = event.status === null
		? `no answer (${event.problem ?? 'no reason given'}) after ${duration(event.ms)}`
		: `${event.status} in ${duration(event.ms)}${event.problem === null ? '' : ` (${event.problem})`}`;
	const held = event.queuedMs >= heldWorthSaying ? `, held ${duration(event.queuedMs)} before sending` : '';
	const next = event.retryIn === null ? '' : `; retry in ${duration(event.retryIn)}`;
	return `${event.method} ${event.path}${which} -> ${answer}${held}${next}`;
}

function duration(ms: number): string {
	return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
