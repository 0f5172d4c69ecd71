const entities: Readonly<Record<string, string>> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;'};

/** Text as HTML that shows it as it is, in an element or a quoted attribute. */
export function escapeHtml(text: string): string {
	return text.replaceAll(/[&<>"']/g, character => entities[character] ?? character);
}

/**
A value as JSON that can sit inside a `<script type="application/json">` element: every `<`, `>` and `&` is written
as a `\u` escape, so no text in it (`</script>`, `<!--`, `<script`) can end the element or change how the HTML
parser reads it, and U+2028 and U+2029 are escaped as well. `JSON.parse` of the element's text gives the value back.
*/
export function jsonForScript(value: unknown): string {
	return JSON.stringify(value)
		.replaceAll('<', '\\u003c')
		.replaceAll('>', '\\u003e')
		.replaceAll('&', '\\u0026')
		.replaceAll('\u2028', '\\u2028')
		.replaceAll('\u2029', '\\u2029');
}
