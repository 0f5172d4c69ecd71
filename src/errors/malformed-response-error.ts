import {TokenkitError, type ErrorContext} from './tokenkit-error.js';

export interface MalformedResponseDetails extends ErrorContext {
	readonly method: string;
	readonly path: string;
	readonly status: number;
	/** What was wrong with the body: `not valid JSON`, `empty body`, `content type text/html`. */
	readonly reason: string;
}

/** A vendor response body that could not be read as JSON at all (as opposed to JSON of the wrong shape). */
export class MalformedResponseError extends TokenkitError {
	override name = 'MalformedResponseError' as const;
	readonly method: string;
	readonly path: string;
	readonly status: number;
	readonly reason: string;

	constructor(details: MalformedResponseDetails, options?: ErrorOptions) {
		super(`${details.method} ${details.path} returned HTTP ${details.status} with a body that is ${details.reason}`, details, options);
		this.method = details.method;
		this.path = details.path;
		this.status = details.status;
		this.reason = details.reason;
	}
}
