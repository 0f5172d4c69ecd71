/**
Runs one request with a signal of its own that follows the scenario's long-lived one. fetch keeps its abort
listener on the signal it is given until the request object is garbage collected, so thousands of requests on
one shared signal pile up listeners (Node warns past 1500); this listener goes as soon as the request is done.
*/
export async function withRequestSignal<T>(signal: AbortSignal, request: (own: AbortSignal) => Promise<T>): Promise<T> {
	signal.throwIfAborted();
	const controller = new AbortController();
	const abort = (): void => {
		controller.abort(signal.reason);
	};

	signal.addEventListener('abort', abort, {once: true});
	try {
		return await request(controller.signal);
	} finally {
		signal.removeEventListener('abort', abort);
	}
}
