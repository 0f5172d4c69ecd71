/*
Whether a line is a JSON object cut off before its end: what a write interrupted part-way (a full disk, a
killed process) leaves of one JSON Lines record. Such a line is the start of a valid JSON text with nothing
wrong in it but its end; a line with anything else wrong was not written by an interrupted append, and is
reported rather than skipped.
*/

type Expect = 'value' | 'first-key' | 'key' | 'colon' | 'after-value' | 'first-item';

const literals = ['true', 'false', 'null'];
const wholeNumber = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const startOfNumber = /^-?(?:(?:0|[1-9]\d*)(?:\.(?:\d+(?:[eE][+-]?\d*)?)?|[eE][+-]?\d*)?)?$/;
const hex = /^[\dA-Fa-f]*$/;

/** True when `line` starts a JSON object and ends before the object does, with no other fault. */
export function isCutShortJson(line: string): boolean {
	if (!line.startsWith('{')) {
		return false;
	}

	const open: string[] = [];
	let expect: Expect = 'value';
	let index = 0;
	while (index < line.length) {
		const char = line[index] ?? '';
		if (/\s/.test(char)) {
			index++;
			continue;
		}

		if (expect === 'after-value') {
			if (open.length === 0) {
				return false;
			}

			const top = open.at(-1);
			if (char === ',') {
				expect = top === '{' ? 'key' : 'value';
			} else if ((char === '}' && top === '{') || (char === ']' && top === '[')) {
				open.pop();
			} else {
				return false;
			}

			index++;
			continue;
		}

		if (expect === 'colon') {
			if (char !== ':') {
				return false;
			}

			expect = 'value';
			index++;
			continue;
		}

		if ((expect === 'first-key' && char === '}') || (expect === 'first-item' && char === ']')) {
			open.pop();
			expect = 'after-value';
			index++;
			continue;
		}

		if (char === '"') {
			const end = endOfString(line, index + 1);
			if (end === 'cut') {
				return true;
			}

			if (end === 'bad') {
				return false;
			}

			expect = expect === 'first-key' || expect === 'key' ? 'colon' : 'after-value';
			index = end;
			continue;
		}

		if (expect === 'first-key' || expect === 'key') {
			return false;
		}

		if (char === '{' || char === '[') {
			open.push(char);
			expect = char === '{' ? 'first-key' : 'first-item';
			index++;
			continue;
		}

		const word = /^[-+.\w]+/.exec(line.slice(index))?.[0] ?? '';
		const atEnd = index + word.length === line.length;
		const isNumber = /^[-\d]/.test(word);
		const whole = isNumber ? wholeNumber.test(word) : literals.includes(word);
		// A number or a literal the line ends in may simply be cut short: `1` of `12`, `tr` of `true`.
		if (!(whole || (atEnd && word !== '' && (isNumber ? startOfNumber.test(word) : literals.some(literal => literal.startsWith(word)))))) {
			return false;
		}

		expect = 'after-value';
		index += word.length;
	}

	// It ended with nothing wrong: cut short, unless it was whole (then it is no cut line).
	return open.length > 0 || expect !== 'after-value';
}

/** The index after the string whose contents start at `start`; `cut` when the line ends inside it. */
function endOfString(line: string, start: number): number | 'cut' | 'bad' {
	let index = start;
	while (index < line.length) {
		const char = line[index] ?? '';
		if (char === '"') {
			return index + 1;
		}

		if (char < ' ') {
			return 'bad';
		}

		if (char === '\\') {
			const escape = line[index + 1];
			if (escape === undefined) {
				return 'cut';
			}

			if (escape === 'u') {
				const digits = line.slice(index + 2, index + 6);
				if (!hex.test(digits)) {
					return 'bad';
				}

				if (digits.length < 4) {
					return 'cut';
				}

				index += 6;
				continue;
			}

			if (!'"\\/bfnrt'.includes(escape)) {
				return 'bad';
			}

			index += 2;
			continue;
		}

		index++;
	}

	return 'cut';
}
