/*
An account name is typed back by people: in REFs (`provider:account:id`, split on the first two colons), in
`--account`, and read in every report. A colon makes its REFs unreadable; a control character (C0, DEL, C1), a
line or paragraph separator, or an invisible format character (bidi overrides and isolates, zero-width
spaces and joiners, the byte-order mark) makes two different names look alike or rewrites the terminal line.
*/
const hidden = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

/** `U+202E`: a code point as a message names it. */
function codePoint(character: string): string {
	return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why `name` cannot name an account, as words for a message that does not repeat it, or undefined when it can. */
export function accountNameProblem(name: string): string | undefined {
	if (name.includes(':')) {
		return 'holds ":", which separates the parts of a REF (provider:account:id)';
	}

	const character = hidden.exec(name)?.[0];
	return character === undefined ? undefined : `holds ${codePoint(character)}, a control or invisible character`;
}
