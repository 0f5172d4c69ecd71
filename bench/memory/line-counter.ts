/** What an ndjson inventory holds: token lines, and the closing `{"account": …}` lines that say which lists are complete. */
export interface LineCount {
	tokens: number;
	/** The token lines' size in UTF-8, each with its newline. */
	tokenBytes: number;
	completeAccounts: number;
}

/**
Counts ndjson lines chunk by chunk, keeping only the unfinished last line, so the counter never holds what the
command streams.
*/
export function createLineCounter(): {readonly count: Readonly<LineCount>; readonly add: (chunk: string) => void} {
	const count: LineCount = {tokens: 0, tokenBytes: 0, completeAccounts: 0};
	let partial = '';
	return {
		count,
		add(chunk) {
			const parts = (partial + chunk).split('\n');
			partial = parts.pop() ?? '';
			for (const line of parts) {
				if (line.startsWith('{"account":')) {
					count.completeAccounts += line.includes('"complete":true') ? 1 : 0;
				} else if (line !== '') {
					count.tokens++;
					count.tokenBytes += Buffer.byteLength(line) + 1;
				}
			}
		},
	};
}
