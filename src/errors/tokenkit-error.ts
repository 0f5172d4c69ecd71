import {inert, lineLength} from '../text/inert.js';

/** Where an error happened: the vendor and the account label the caller gave the provider. */
export interface ErrorContext {
	/** Vendor name, e.g. `mist`. Absent for errors that belong to no vendor (a bad CLI flag). */
	readonly provider?: string | undefined;
	/** The account label the caller chose for this provider instance. */
	readonly account?: string | undefined;
}

/** An account name is the user's own label; longer than this it is cut in messages, not in the `account` field. */
const accountLength = 80;

/**
The key of a brand every tokenkit error carries: the names of its classes, most specific first. `Symbol.for`
gives the same symbol in every realm and to every copy of tokenkit loaded in a process, so the `is…` guards
(errors/guards.ts) recognize an error that `instanceof` would miss: one thrown in a worker or a VM context, or
by a second copy of the package in node_modules.
*/
export const errorKinds: unique symbol = Symbol.for('tokenkit.error.kinds');

/**
The root of every error tokenkit throws, so one `instanceof TokenkitError` catches them all.

Messages start with `[tokenkit:<provider>]` and name the account, so a line in a CI log says where it came
from. No message ever holds a header, a credential or a response body that could carry a secret. Every
message is one line made inert (`inert`): the vendor texts, names and ids it quotes cannot drive the terminal
or the log that shows it.
*/
export class TokenkitError extends Error {
	override name: string = 'TokenkitError';
	readonly provider: string | undefined;
	readonly account: string | undefined;

	constructor(message: string, context: ErrorContext = {}, options?: ErrorOptions) {
		super(inert(formatMessage(message, context), lineLength), options);
		this.provider = context.provider;
		this.account = context.account;
	}

	/** The names of this error's classes, from its own up to `TokenkitError`. */
	get [errorKinds](): readonly string[] {
		const kinds: string[] = [];
		let prototype: unknown = Object.getPrototypeOf(this);
		while (typeof prototype === 'object' && prototype !== null && prototype !== Error.prototype) {
			const {constructor} = prototype;
			if (typeof constructor === 'function') {
				kinds.push(constructor.name);
			}

			prototype = Object.getPrototypeOf(prototype);
		}

		return kinds;
	}
}

function formatMessage(message: string, {provider, account}: ErrorContext): string {
	const tag = provider === undefined ? '[tokenkit]' : `[tokenkit:${provider}]`;
	const where = account === undefined ? '' : ` account "${inert(account, accountLength)}":`;
	return `${tag}${where} ${message}`;
}
