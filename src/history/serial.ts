/**
Runs tasks one after another on one connection. A transaction awaits between its statements, and a second
transaction started meanwhile on the same connection would otherwise run its statements inside the first.
*/
export function createSerial(): <T>(task: () => Promise<T>) => Promise<T> {
	let tail: Promise<unknown> = Promise.resolve();
	return async <T>(task: () => Promise<T>): Promise<T> => {
		const result = tail.then(task, task);
		// The next task waits for this one to end, however it ends.
		tail = result.catch(() => undefined);
		return result;
	};
}
