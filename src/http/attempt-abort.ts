import {abortReason} from './sleep.js';

/**
The abort of one attempt: an AbortController of its own that fires when the caller's signal does or when the
attempt's time is up, whichever comes first.

Why not hand a combined signal down and trust it to reach the socket: between a caller's signal and undici's
body stream lie `AbortSignal.any` composites (ky makes one per request) and links undici keeps through
WeakRefs. Nothing holds those composites once the response headers are in, so a garbage collection during
the body can cut the chain, and then neither the timeout nor SIGTERM reaches the read: a slow body ran on
for ever (seen with `node --expose-gc` and `gc()` in a loop; test/hostile/http-bounds.test.ts proves it no
longer does). This controller is held strongly (by its timer, by the listener on the caller's signal, and by
the client for the life of the request), and the attempt races every wait against it with `untilAborted`.
*/
export interface AttemptAbort {
	readonly signal: AbortSignal;
	/** The attempt's time ran out (rather than the caller aborting). */
	readonly timedOut: boolean;
	/** Stops the timer and lets go of the caller's signal. */
	dispose(): void;
}

export function startAttemptAbort(timeout: number, caller: AbortSignal | undefined): AttemptAbort {
	const controller = new AbortController();
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		controller.abort(new Error(`timed out after ${timeout} ms`));
	}, timeout);
	const onCallerAbort = (): void => {
		controller.abort(abortReason(caller));
	};

	if (caller?.aborted === true) {
		onCallerAbort();
	} else {
		caller?.addEventListener('abort', onCallerAbort, {once: true});
	}

	return {
		signal: controller.signal,
		get timedOut() {
			return timedOut;
		},
		dispose() {
			clearTimeout(timer);
			caller?.removeEventListener('abort', onCallerAbort);
		},
	};
}

/**
Settles as `promise` does, or rejects with the signal's reason the moment it aborts, whichever comes first.
Should `promise` fulfil after the abort won, `onLate` gets the value to release it (to cancel a body).
*/
export async function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, onLate?: (value: T) => void): Promise<T> {
	// Attached first, so a promise that loses the race can neither leak its value nor reject unhandled.
	promise.then(value => {
		if (signal.aborted) {
			onLate?.(value);
		}
	}, () => undefined);
	if (signal.aborted) {
		throw abortReason(signal);
	}

	let onAbort = (): void => undefined;
	const aborted = new Promise<never>((_resolve, reject) => {
		onAbort = () => {
			reject(abortReason(signal));
		};

		signal.addEventListener('abort', onAbort, {once: true});
	});
	try {
		return await Promise.race([promise, aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}
