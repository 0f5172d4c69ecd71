import {tokenToJSON} from '../../token.js';
import type {InventoryWriter, Write} from './types.js';

/*
JSON and NDJSON are data for programs, not text for a terminal: they carry every vendor text exactly as it came
(JSON.stringify escapes the C0 controls, so the document stays valid). They are not made inert: bidi,
zero-width and C1 characters stay as they are, and a program that prints a field to a person makes it inert
then. The table, Markdown and CSV formats, which people read, show such characters as escapes instead.
*/

/**
One valid JSON document, written as tokens arrive: `{"tokens": [...], "accounts": [...]}`. `accounts` says
for each account whether its list is complete, and why not when it is not.
*/
export function jsonWriter(write: Write): InventoryWriter {
	let first = true;
	write('{"tokens": [');
	return {
		token(token) {
			// Written in two: joining the separator to the record would copy each record once more.
			write(first ? '\n' : ',\n');
			write(JSON.stringify(tokenToJSON(token)));
			first = false;
		},
		finish(outcomes) {
			write(`${first ? '' : '\n'}],\n"accounts": ${JSON.stringify(outcomes, null, 1)}}\n`);
		},
	};
}

/**
One JSON object per line: every token as a line of its own, then one `{"account": …}` line per account
with how its listing ended, so a consumer can tell a complete list from a partial one.
*/
export function ndjsonWriter(write: Write): InventoryWriter {
	return {
		token(token) {
			// Written in two: joining the newline to the record would copy each record once more.
			write(JSON.stringify(tokenToJSON(token)));
			write('\n');
		},
		finish(outcomes) {
			for (const outcome of outcomes) {
				write(`${JSON.stringify({account: outcome})}\n`);
			}
		},
	};
}
