import {ConfigError} from '../../errors/index.js';

/** One token named across vendors and accounts: `provider:account:id`, as `tokenkit rotate` and `revoke` take it. */
export interface TokenRef {
	/** Vendor name, e.g. `mist`. */
	readonly provider: string;
	/** The account label from the config (or given to the provider factory). */
	readonly account: string;
	/** The vendor's id of the token. */
	readonly id: string;
}

// Control characters would let a REF rewrite a terminal line or split a journal record.
function hasControlCharacter(text: string): boolean {
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code < 0x20 || code === 0x7F) {
			return true;
		}
	}

	return false;
}

/**
Reads a REF `provider:account:id`. It splits on the first two colons only, so an id may itself contain colons
(an account label may not). Each part must be non-empty, without surrounding spaces or control characters.

@example
parseRef('vendor:prod-account:6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d') // {provider: 'vendor', account: 'prod-account', id: '6f1b…'}
*/
export function parseRef(text: string): TokenRef {
	const first = text.indexOf(':');
	const second = first === -1 ? -1 : text.indexOf(':', first + 1);
	if (second === -1) {
		throw new ConfigError(`"${printable(text)}" is not a token REF; write provider:account:id, e.g. mist:mist-hq:6f1b…`);
	}

	const parts = {provider: text.slice(0, first), account: text.slice(first + 1, second), id: text.slice(second + 1)};
	for (const [part, value] of Object.entries(parts)) {
		if (value === '') {
			throw new ConfigError(`"${printable(text)}" is not a token REF: the ${part} is empty; write provider:account:id`);
		}

		if (value.trim() !== value || hasControlCharacter(value)) {
			throw new ConfigError(`"${printable(text)}" is not a token REF: the ${part} has surrounding spaces or control characters`);
		}
	}

	return parts;
}

/** The text form of a REF, the inverse of {@link parseRef}. */
export function formatRef(ref: TokenRef): string {
	return `${ref.provider}:${ref.account}:${ref.id}`;
}

/** A REF given as text or already parsed. */
export type RefInput = string | TokenRef;

export function toRef(input: RefInput): TokenRef {
	return typeof input === 'string' ? parseRef(input) : input;
}

// What the user typed goes back into the message, but never with characters that could mangle a terminal.
function printable(text: string): string {
	return JSON.stringify(text).slice(1, -1);
}
