/**
Waits `ms` milliseconds, or rejects with the signal's reason the moment it aborts, so a caller's
AbortSignal stops a retry or rate-limit wait at once instead of after it.
*/
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	signal?.throwIfAborted();
	if (ms <= 0) {
		return;
	}

	await new Promise<void>((resolve, reject) => {
		const onAbort = (): void => {
			clearTimeout(timer);
			reject(abortReason(signal));
		};

		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}

/** The signal's reason as an Error (it is a DOMException AbortError unless the caller gave another). */
export function abortReason(signal: AbortSignal | undefined): Error {
	const reason: unknown = signal?.reason;
	return reason instanceof Error ? reason : new Error('aborted', {cause: reason});
}
