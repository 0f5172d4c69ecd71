import {isoString} from '../../iso-date.js';
import {inert} from '../../text/inert.js';
import type {Token} from '../../token.js';

/** A name, an owner or an account in a table: long enough to recognize, short enough to keep the columns readable. */
export const cellLength = 80;

/** A sentence in a table (a finding's reason, an account's failure), which quotes names and vendor messages. */
export const sentenceLength = 400;

/**
A REF in a table: whole, since `tokenkit rotate` and `revoke` take it as shown, however long the vendor's ids (Datadog
names a service account's token by both ids); bounded all the same, as every text a vendor sends is.
*/
export const refLength = 400;

/**
A table cell for people. Vendor data is untrusted text: a token name can hold a terminal escape sequence, a
line break that would split the row, or a bidi override that reorders what is shown. The cell is made inert
(every such character shown as an escape) and cut to `max`.
*/
export function cell(text: string, max: number = cellLength): string {
	return inert(text, max);
}

export function isoOrEmpty(date: Date | null): string {
	return date === null ? '' : isoString(date);
}

/** `role@scope[:resource]` for each privilege, joined with `; `. */
export function privilegesText(token: Token): string {
	return token.privileges.map(privilege => `${privilege.role}@${privilege.scope}${privilege.resource === null ? '' : `:${privilege.resource}`}`).join('; ');
}

/** `admin` in words: `yes`, empty for no, and `unknown` for null (the adapter could not tell, which is not "no"). */
export function adminText(token: Token, yes = 'yes', no = ''): string {
	if (token.admin === null) {
		return 'unknown';
	}

	return token.admin ? yes : no;
}

/** The allow-list in words: `unrestricted`, the addresses, or `n/a` where the vendor has none. */
export function allowListText(token: Token): string {
	if (token.allowedIps === null) {
		return 'n/a';
	}

	return token.allowedIps.length === 0 ? 'unrestricted' : token.allowedIps.join(' ');
}

/** The name as tables show it: `(id …)` when the vendor has none, and `*` after the account's own credential. */
export function nameText(token: Token): string {
	const name = token.name === '' ? `(id ${token.id})` : token.name;
	return token.ownCredential ? `${name} *` : name;
}

/** What the `*` after a name means, said under a table that shows one (in Markdown, a `*` that starts no list). */
export function ownCredentialNote(markdown: boolean): string {
	return `${markdown ? '\\' : ''}* the key tokenkit authenticates with for that account: rotate and revoke refuse it unless given --include-own-credential`;
}

export function ownerText(token: Token): string {
	return token.owner?.email ?? token.owner?.id ?? '';
}

const day = 86_400_000;

/** How long ago, for people: `today`, `12d`, `5mo`, `2.3y`; `never` for null. */
export function ago(date: Date | null, now: number): string {
	if (date === null) {
		return 'never';
	}

	const days = Math.floor((now - date.getTime()) / day);
	if (days < 1) {
		return 'today';
	}

	if (days < 60) {
		return `${days}d`;
	}

	return days < 730 ? `${Math.floor(days / 30)}mo` : `${(days / 365).toFixed(1)}y`;
}
