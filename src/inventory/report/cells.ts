import {isoString} from '../../iso-date.js';
import type {Token} from '../../token.js';

/**
Vendor data is untrusted text: a token name can hold a terminal escape sequence or a line break. Control
characters are replaced before anything is shown to a person.
*/
export function printable(text: string): string {
	// eslint-disable-next-line no-control-regex -- matching control characters is the point
	return text.replaceAll(/[\u0000-\u001f\u007f-\u009f]/g, '�');
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
