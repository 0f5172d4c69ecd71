import {field} from '../baselines/json-get.js';

/** What an ndjson inventory holds: token lines, and the closing `{"account": …}` lines that say which lists are complete and what they cost. */
export interface LineCount {
	tokens: number;
	/** The token lines' size in UTF-8, each with its newline. */
	tokenBytes: number;
	completeAccounts: number;
	/** Requests the command sent, summed over the accounts' closing lines (`traffic.requests`). */
	requests: number;
}

/**
Counts ndjson lines chunk by chunk, keeping only the unfinished last line, so the counter never holds what the
command streams. Only the few account lines are parsed.
*/
export function createLineCounter(): {readonly count: Readonly<LineCount>; readonly add: (chunk: string) => void} {
	const count: LineCount = {tokens: 0, tokenBytes: 0, completeAccounts: 0, requests: 0};
	let partial = '';
	return {
		count,
		add(chunk) {
			const parts = (partial + chunk).split('\n');
			partial = parts.pop() ?? '';
			for (const line of parts) {
				if (line.startsWith('{"account":')) {
					count.completeAccounts += line.includes('"complete":true') ? 1 : 0;
					count.requests += requestsOf(line);
				} else if (line !== '') {
					count.tokens++;
					count.tokenBytes += Buffer.byteLength(line) + 1;
				}
			}
		},
	};
}

function requestsOf(accountLine: string): number {
	const requests = field(field(field(JSON.parse(accountLine), 'account'), 'traffic'), 'requests');
	return typeof requests === 'number' ? requests : 0;
}
