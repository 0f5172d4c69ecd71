import {tokenToJSON, type Token} from '../../token.js';
import type {InventoryWriter, Write} from './types.js';

/*
JSON and NDJSON are data for programs, not text for a terminal: they carry every vendor text exactly as it came
(JSON.stringify escapes the C0 controls, so the document stays valid). They are not made inert: bidi,
zero-width and C1 characters stay as they are, and a program that prints a field to a person makes it inert
then. The table, Markdown and CSV formats, which people read, show such characters as escapes instead.
*/

export interface JsonRecordOptions {
	/**
	Whether each record carries the vendor's own record (`raw`), most of a line's size. Without it a record holds the
	normalized fields only, the same for every vendor.
	@default true
	*/
	readonly raw?: boolean | undefined;
}

/** A token as one line of JSON: `raw` left out when asked (JSON.stringify drops a key whose value is undefined). */
function recordText(token: Token, options: JsonRecordOptions): string {
	const record = tokenToJSON(token);
	return JSON.stringify(options.raw === false ? {...record, raw: undefined} : record);
}

/**
One valid JSON document, written as tokens arrive: `{"tokens": [...], "accounts": [...]}`. `accounts` says
for each account whether its list is complete, and why not when it is not.
*/
export function jsonWriter(write: Write, options: JsonRecordOptions = {}): InventoryWriter {
	let first = true;
	write('{"tokens": [');
	return {
		token(token) {
			// Written in two: joining the separator to the record would copy each record once more.
			write(first ? '\n' : ',\n');
			write(recordText(token, options));
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
export function ndjsonWriter(write: Write, options: JsonRecordOptions = {}): InventoryWriter {
	return {
		token(token) {
			// Written in two: joining the newline to the record would copy each record once more.
			write(recordText(token, options));
			write('\n');
		},
		finish(outcomes) {
			for (const outcome of outcomes) {
				write(`${JSON.stringify({account: outcome})}\n`);
			}
		},
	};
}
