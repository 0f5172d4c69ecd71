/*
Text that tokenkit did not write itself (a vendor's error message, a token's name, an owner's email, an
account name from the config) is shown to people in tables, Markdown, CSV and on stderr. Left as it is, such a
text can drive the terminal that shows it (ESC and C1 control sequences set the window title, move the cursor,
clear the screen, or rewrite a line after a carriage return), split one table row into two with a line break,
or reorder and hide what is shown with bidirectional overrides and zero-width characters (the "Trojan Source"
trick, CVE-2021-42574). `inert` shows every such character as a visible escape, so the text reads the same
on any terminal and says what it really holds, and cuts it to a length that fits a line.

Made visible: every control character (Unicode category Cc: C0, DEL and C1), every format character (Cf:
the bidi embeddings, overrides and isolates, LRM/RLM, the zero-width space, joiners and word joiner, the
byte-order mark, the soft hyphen, the invisible tag characters), the line and paragraph separators U+2028 and
U+2029, and lone surrogates (which no encoder can write). A backslash stays as it is: a text that spells
`\x1b` out reads like the escape, but it is harmless either way, and names with backslashes stay readable.
Because the result holds none of these characters, `inert` of an inert text is the same text.

Machine formats (JSON, NDJSON) do not use this: they carry the vendor's data faithfully, and JSON's own
escaping keeps them valid.
*/

/** How long one line of an error or a warning may grow: its vendor parts are clipped shorter on their own. */
export const lineLength = 2000;

const hidden = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

const shortEscapes: Readonly<Record<string, string>> = {'\t': '\\t', '\n': '\\n', '\r': '\\r'};

/** The visible form of one hidden character: `\n`, `\x1b`, `\u202e`, `\u{e0041}`. */
function escapeOf(character: string): string {
	const short = shortEscapes[character];
	if (short !== undefined) {
		return short;
	}

	const code = character.codePointAt(0) ?? 0;
	if (code <= 0xff) {
		return `\\x${code.toString(16).padStart(2, '0')}`;
	}

	return code <= 0xff_ff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u{${code.toString(16)}}`;
}

/**
The text with every control, format, separator and lone surrogate character shown as an escape, cut after
`maxLength` UTF-16 code units (counted after escaping, so the output is bounded whatever came in) with `…` to
show the cut. A cut never falls inside an escape or between the halves of a surrogate pair.

@example inert('deploy\u001b]0;pwned\u0007', 80) // 'deploy\\x1b]0;pwned\\x07'
*/
export function inert(text: string, maxLength: number): string {
	let result = '';
	// Iterating a string walks code points, so an astral character (emoji, tag) is one step, never split.
	for (const character of text) {
		const shown = hidden.test(character) ? escapeOf(character) : character;
		if (result.length + shown.length > maxLength) {
			return `${result}…`;
		}

		result += shown;
	}

	return result;
}
