import {TokenkitError, type ErrorContext} from './tokenkit-error.js';

export interface NetworkErrorDetails extends ErrorContext {
	readonly method: string;
	readonly path: string;
	/** Why the exchange failed: `timeout`, `connection refused`, `connection reset`, `body cut short`, … */
	readonly reason: string;
	/** True when the request provably never reached the vendor (so even a POST may be sent again). */
	readonly notSent: boolean;
}

/** The exchange failed below HTTP: no connection, a reset, a timeout, a body cut short. */
export class NetworkError extends TokenkitError {
	override name = 'NetworkError' as const;
	readonly method: string;
	readonly path: string;
	readonly reason: string;
	readonly notSent: boolean;
	/** Network errors have no HTTP status; the field exists so every error can be read the same way. */
	readonly status = null;

	constructor(details: NetworkErrorDetails, options?: ErrorOptions) {
		super(`${details.method} ${details.path} failed: ${details.reason}`, details, options);
		this.method = details.method;
		this.path = details.path;
		this.reason = details.reason;
		this.notSent = details.notSent;
	}
}
