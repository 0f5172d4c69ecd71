/** `text` as the inside of a JSON string with every character written as an escape (`\u0061…`): it parses back to `text`, and the JSON never holds `text` as it is. */
export function jsonEscaped(text: string): string {
	return Array.from({length: text.length}, (_, index) => `\\u${text.charCodeAt(index).toString(16).padStart(4, '0')}`).join('');
}
