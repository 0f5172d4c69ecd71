/**
A piece of vendor text (an id, a key of a path) made fit to quote in an error message: characters that could
move a terminal's cursor, reorder the line (bidirectional controls) or hide themselves are written as `\uXXXX`
escapes, and a long text is cut, so a hostile value can neither rewrite the line it is quoted in nor flood it.
*/
export function quotableVendorText(text: string, max = 80): string {
	const cut = text.length > max ? `${text.slice(0, max)}…` : text;
	return cut.replaceAll(unquotable, character => `\\u${(character.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}

/** C0 and C1 controls, DEL, bidi controls and marks, zero-width characters, line and paragraph separators, the BOM, a backslash (so escapes stay unambiguous) and a double quote (so a quoted text stays one). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const unquotable = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\\"]/g;
